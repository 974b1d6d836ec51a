package obligations

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/breachd/breachd/store"
)

// exportChunk is how many entries of the register one read transaction
// reads while ExportRegister streams it.
const exportChunk = 500

// errChunkFull ends one chunk's read transaction.
var errChunkFull = errors.New("chunk full")

// ExportRegister writes the breach register to w, as format "json" (what
// json-encoding BuildRegister's Register with an indent of two spaces
// gives) or "csv" (Register.WriteCSV's), while it reads it: entries are read
// in chunks, each chunk in its own read transaction, and written at once.
// Memory stays that of one chunk however big the register, and no read
// transaction is held for the whole export (a long one keeps bbolt from
// growing its map, which would hold the intake up). Each entry is as it
// stood when its chunk was read.
//
// An error after the first bytes are written leaves w with an export cut
// short: JSON that does not parse, CSV without its last rows. It is then
// an ErrCutShort, and a caller serving HTTP aborts the response; before
// them, it can still answer with the error.
func ExportRegister(st *store.Store, all bool, now time.Time, format string, w io.Writer) error {
	sw := &startedWriter{w: w}
	err := exportRegister(st, all, now, format, sw)
	if err != nil && sw.started {
		return fmt.Errorf("%w: %w", ErrCutShort, err)
	}
	return err
}

// ErrCutShort is an export that failed after it began to write.
var ErrCutShort = errors.New("the register export was cut short")

// startedWriter notes whether anything was written.
type startedWriter struct {
	w       io.Writer
	started bool
}

func (sw *startedWriter) Write(p []byte) (int, error) {
	sw.started = true
	return sw.w.Write(p)
}

func exportRegister(st *store.Store, all bool, now time.Time, format string, w io.Writer) error {
	var out entryWriter
	switch format {
	case "json":
		out = &registerJSON{w: w, generatedAt: now.UTC()}
	case "csv":
		rc, err := newRegisterCSV(w)
		if err != nil {
			return err
		}
		out = rc
	default:
		return fmt.Errorf("register format %q (want json or csv)", format)
	}
	for after := ""; ; {
		var chunk []Entry
		err := st.View(func(tx *store.Tx) error {
			return EachRegisterEntry(tx, all, after, func(e Entry) error {
				chunk = append(chunk, e)
				if len(chunk) == exportChunk {
					return errChunkFull
				}
				return nil
			})
		})
		if err != nil && !errors.Is(err, errChunkFull) {
			return err
		}
		for i := range chunk {
			if err := out.write(&chunk[i]); err != nil {
				return err
			}
		}
		if len(chunk) < exportChunk {
			return out.flush()
		}
		after = chunk[len(chunk)-1].Incident
	}
}

// entryWriter writes a register entry by entry.
type entryWriter interface {
	write(*Entry) error
	flush() error
}

// registerJSON writes the register as JSON, entry by entry, byte for byte
// what an encoder with SetIndent("", "  ") and SetEscapeHTML(false) gives
// for a Register.
type registerJSON struct {
	w           io.Writer
	generatedAt time.Time
	entries     int
	buf         bytes.Buffer
	// enc writes to buf. One for the whole register: an encoder keeps
	// the buffer it indents into, which a new one per entry grew again
	// for every entry.
	enc *json.Encoder
}

func (rj *registerJSON) start() error {
	at, err := json.Marshal(rj.generatedAt)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(rj.w, "{\n  \"generated_at\": %s,\n  \"entries\": [", at)
	return err
}

func (rj *registerJSON) write(e *Entry) error {
	if rj.entries == 0 {
		if err := rj.start(); err != nil {
			return err
		}
		rj.buf.WriteString("\n    ")
	} else {
		rj.buf.WriteString(",\n    ")
	}
	rj.entries++
	if rj.enc == nil {
		rj.enc = json.NewEncoder(&rj.buf)
		rj.enc.SetIndent("    ", "  ")
		rj.enc.SetEscapeHTML(false)
	}
	if err := rj.enc.Encode(e); err != nil {
		return fmt.Errorf("encode the register entry of %s: %w", e.Incident, err)
	}
	rj.buf.Truncate(rj.buf.Len() - 1) // the encoder's newline
	_, err := rj.w.Write(rj.buf.Bytes())
	rj.buf.Reset()
	return err
}

func (rj *registerJSON) flush() error {
	if rj.entries == 0 {
		if err := rj.start(); err != nil {
			return err
		}
		_, err := io.WriteString(rj.w, "]\n}\n")
		return err
	}
	_, err := io.WriteString(rj.w, "\n  ]\n}\n")
	return err
}
