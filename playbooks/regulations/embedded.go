package regulations

import "bytes"

// EmbeddedCatalog returns the catalog YAML built into the binary: the
// starting point of a catalog file of one's own.
func EmbeddedCatalog() []byte { return bytes.Clone(defaultCatalog) }
