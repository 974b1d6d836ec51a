package store

import (
	"bytes"
	"sync"

	"github.com/breachd/breachd/incident"
)

// maxCachedIncidents bounds the decode cache; past it the cache starts over.
const maxCachedIncidents = 8192

// decodeCache keeps the last decoded copy of incident records. Under load
// every batch reads the same few thousand incidents; decoding each record
// once instead of once per batch takes a noticeable share off the commit
// path. A copy is used only while the stored bytes are identical to the
// ones it was decoded from, so it can never serve stale state, whoever wrote
// the record and whether or not that transaction committed.
type decodeCache struct {
	mu sync.Mutex
	m  map[string]cachedIncident
}

type cachedIncident struct {
	raw []byte
	inc *incident.Incident
}

// get returns a copy of the incident decoded from raw, if cached.
func (c *decodeCache) get(id string, raw []byte) *incident.Incident {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	if !ok || !bytes.Equal(e.raw, raw) {
		return nil
	}
	return e.inc.Clone()
}

// put remembers that raw decodes to inc. Both are copied: raw may be bbolt's
// memory, valid only inside its transaction, and inc belongs to the caller.
func (c *decodeCache) put(id string, raw []byte, inc *incident.Incident) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedIncidents {
		c.m = make(map[string]cachedIncident)
	}
	c.m[id] = cachedIncident{raw: bytes.Clone(raw), inc: inc.Clone()}
}
