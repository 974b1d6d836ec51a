package regulations

import (
	"bytes"
	"fmt"
	"os"

	"github.com/breachd/breachd/regulations/deadline"
)

// EmbeddedCatalog returns the catalog YAML built into the binary: the
// starting point of a catalog file of one's own.
func EmbeddedCatalog() []byte { return bytes.Clone(defaultCatalog) }

// LoadFiles returns the catalog of catalogFile with the holiday calendars
// of calendarsFile; an empty path means the embedded one. Errors name the
// file.
func LoadFiles(catalogFile, calendarsFile string) (*Catalog, error) {
	if catalogFile == "" && calendarsFile == "" {
		return Default(), nil
	}
	// The embedded calendars are parsed only when no file replaces them.
	var cals *deadline.Calendars
	if calendarsFile == "" {
		cals = deadline.Default()
	} else {
		data, err := os.ReadFile(calendarsFile)
		if err == nil {
			cals, err = deadline.LoadCalendars(data)
		}
		if err != nil {
			return nil, fmt.Errorf("calendars %s: %w", calendarsFile, err)
		}
	}
	data := defaultCatalog
	if catalogFile != "" {
		var err error
		if data, err = os.ReadFile(catalogFile); err != nil {
			return nil, fmt.Errorf("catalog: %w", err)
		}
	}
	c, err := LoadCatalog(data, cals)
	switch {
	case err == nil:
		return c, nil
	case catalogFile == "":
		// Only the calendars file can break the embedded catalog: it lacks
		// a calendar a regime names.
		return nil, fmt.Errorf("embedded catalog with calendars %s: %w", calendarsFile, err)
	default:
		return nil, fmt.Errorf("catalog %s: %w", catalogFile, err)
	}
}
