package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"

	"github.com/klauspost/compress/zstd"
	bolt "go.etcd.io/bbolt"
)

// A change record is the write set of one write transaction: every put,
// delete, bucket creation and deletion and sequence number it made, in
// order, bucket by bucket. The leader publishes it to the replicated state
// log before it commits (Options.Publish); a replica makes the same writes
// (Store.ApplyChange) and ends with the same buckets, keys, values and
// sequence numbers.
//
// Encoding, all integers unsigned varints:
//
//	record = "BDCR" | version (1) | codec (0 none, 1 zstd) | raw length | crc | body
//	crc    = CRC-32C of the raw ops, 4 bytes big endian
//	body   = the raw ops, zstd-compressed when the codec says so
//	op     = 6 | fill | depth | (len | name)*depth    the bucket of the ops after it, from the root
//	       | 1 | len | key | len | value               OpPut
//	       | 2 | len | key                             OpDelete
//	       | 3 | len | name                            OpCreateBucket, in the bucket selected (or the root)
//	       | 4 | len | name                            OpDeleteBucket, likewise
//	       | 5 | sequence                              OpSetSequence
//
// fill is the bucket's bbolt FillPercent in percent, so that a replica packs
// its pages as the leader did.
//
// Size: JSON compresses well, and zstd at its fastest level takes a record
// of a batch to a tenth. A batch of 4096 alerts (the ingest default) over
// 1000 assets makes 2.9 MB raw and 310 KB compressed when it opens the 1000
// incidents, 2.3 MB and 235 KB when it folds into them; a batch of 100,
// 160 KB and 15 KB (TestChangeSize logs the figures). A record goes to the
// log whole: split, a replica would hold half a transaction until the rest
// came, or the log's fencing would have to span several messages. NATS
// refuses a message over the server's max_payload, 1 MB by default, which
// a default batch of alerts like these fits three times over; alerts that
// carry large raw payloads may not. So a cluster that carries the state
// log raises max_payload to 8 MB (the most NATS advises) and sets
// Options.MaxChange to it: a larger record then fails its transaction with
// ErrChangeTooLarge before it is published, and the caller commits its
// work in smaller parts.

// Op is the kind of one write of a change record.
type Op uint8

// The writes a change record holds.
const (
	OpPut Op = iota + 1
	OpDelete
	OpCreateBucket
	OpDeleteBucket
	OpSetSequence
	// opBucket selects the bucket of the ops after it; encoding only.
	opBucket
)

func (op Op) String() string {
	switch op {
	case OpPut:
		return "put"
	case OpDelete:
		return "delete"
	case OpCreateBucket:
		return "create bucket"
	case OpDeleteBucket:
		return "delete bucket"
	case OpSetSequence:
		return "set sequence"
	}
	return fmt.Sprintf("op %d", uint8(op))
}

const (
	changeMagic   = "BDCR"
	changeVersion = 1
	codecNone     = 0
	codecZstd     = 1
	// MaxChangeSize is the most raw bytes one change record holds: a
	// transaction that writes more fails to publish (and rolls back), and
	// a record that claims more is refused unread.
	MaxChangeSize = 64 << 20
	// maxBucketDepth bounds the nesting of a bucket path.
	maxBucketDepth = 16
	// minCompressed is the size below which a record is left raw: zstd's
	// frame would cost more than it saves.
	minCompressed = 128
)

// castagnoli is the CRC-32C table, which CPUs compute in hardware.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrChangeTooLarge: a write transaction whose change record is larger
// than a record may be (MaxChangeSize raw, Options.MaxChange compressed):
// it is rolled back, and the caller commits its work in smaller parts.
var ErrChangeTooLarge = errors.New("change record too large")

// ErrBadChange: a change record that does not decode, or whose writes do
// not apply to this store.
var ErrBadChange = errors.New("bad change record")

// Change is a decoded change record.
type Change struct {
	Writes []Write
}

// Write is one write of a change record.
type Write struct {
	Op Op
	// Bucket is the path of the bucket written, from the root; empty for
	// the root itself, where OpCreateBucket and OpDeleteBucket create and
	// delete top-level buckets.
	Bucket [][]byte
	// Fill is the bucket's bbolt FillPercent, in percent.
	Fill uint8
	// Key is the key put or deleted, or the name of the bucket created or
	// deleted.
	Key   []byte
	Value []byte
	// Sequence is the bucket's sequence number after OpSetSequence.
	Sequence uint64
}

// writeSet records the writes of one transaction in their encoding, so
// that keys and values are copied out of bbolt's memory as they are made.
type writeSet struct {
	buf []byte
	n   int // writes recorded
	// The bucket the last opBucket selected: sel (nil for the root),
	// with its encoded path and fill.
	sel      *bucket
	selected bool
	path     []byte
	fill     uint8
	scratch  []byte
}

// add records one write.
func (ws *writeSet) add(b *bucket, op Op, key, value []byte, seq uint64) {
	if !ws.selected || ws.sel != b || ws.fill != fillOf(b) {
		ws.scratch = appendBucketPath(ws.scratch[:0], b)
		ws.selectPath(ws.scratch, fillOf(b))
		ws.sel = b
	}
	ws.appendOp(op, key, value, seq)
}

// selectPath makes the encoded path the bucket of the ops that follow,
// unless it is already.
func (ws *writeSet) selectPath(path []byte, fill uint8) {
	if ws.selected && ws.fill == fill && bytes.Equal(ws.path, path) {
		return
	}
	ws.buf = append(ws.buf, byte(opBucket), fill)
	ws.buf = append(ws.buf, path...)
	ws.path = append(ws.path[:0], path...)
	ws.fill, ws.selected = fill, true
}

func (ws *writeSet) appendOp(op Op, key, value []byte, seq uint64) {
	ws.buf = append(ws.buf, byte(op))
	switch op {
	case OpPut:
		ws.buf = appendBytes(appendBytes(ws.buf, key), value)
	case OpSetSequence:
		ws.buf = binary.AppendUvarint(ws.buf, seq)
	default:
		ws.buf = appendBytes(ws.buf, key)
	}
	ws.n++
}

func appendBytes(dst, b []byte) []byte {
	return append(binary.AppendUvarint(dst, uint64(len(b))), b...)
}

// fillOf is b's FillPercent in percent; 0 for the root.
func fillOf(b *bucket) uint8 {
	if b == nil {
		return 0
	}
	return uint8(math.Round(min(max(b.b.FillPercent, 0), 1) * 100))
}

// appendBucketPath appends b's path from the root: depth, then each name.
func appendBucketPath(dst []byte, b *bucket) []byte {
	var names [maxBucketDepth][]byte
	depth := 0
	for p := b; p != nil; p = p.parent {
		if depth == maxBucketDepth {
			// bucket is built by this package only, which nests two deep.
			panic("store: buckets nested deeper than a change record holds")
		}
		names[depth] = p.name
		depth++
	}
	dst = binary.AppendUvarint(dst, uint64(depth))
	for i := depth - 1; i >= 0; i-- {
		dst = appendBytes(dst, names[i])
	}
	return dst
}

// encodePath is appendBucketPath for a decoded path.
func encodePath(dst []byte, path [][]byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(path)))
	for _, name := range path {
		dst = appendBytes(dst, name)
	}
	return dst
}

// codec compresses and decompresses change records. Its encoder and
// decoder are safe for concurrent use.
type codec struct {
	enc *zstd.Encoder
	dec *zstd.Decoder
}

func newCodec() (*codec, error) {
	enc, err := newEncoder()
	if err != nil {
		return nil, err
	}
	dec, err := newDecoder()
	if err != nil {
		return nil, err
	}
	return &codec{enc: enc, dec: dec}, nil
}

func newEncoder() (*zstd.Encoder, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, fmt.Errorf("change record encoder: %w", err)
	}
	return enc, nil
}

func newDecoder() (*zstd.Decoder, error) {
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(MaxChangeSize),
		zstd.WithDecoderMaxWindow(MaxChangeSize))
	if err != nil {
		return nil, fmt.Errorf("change record decoder: %w", err)
	}
	return dec, nil
}

func (c *codec) close() {
	if c.enc != nil {
		c.enc.Close()
	}
	if c.dec != nil {
		c.dec.Close()
	}
}

// record frames and compresses the raw ops.
func (c *codec) record(raw []byte) ([]byte, error) {
	if len(raw) > MaxChangeSize {
		return nil, fmt.Errorf("%w: the transaction writes %d bytes, more than the %d a change record holds", ErrChangeTooLarge, len(raw), MaxChangeSize)
	}
	head := append([]byte(changeMagic), changeVersion, codecNone)
	head = binary.AppendUvarint(head, uint64(len(raw)))
	head = binary.BigEndian.AppendUint32(head, crc32.Checksum(raw, castagnoli))
	if len(raw) >= minCompressed {
		head[len(changeMagic)+1] = codecZstd
		out := c.enc.EncodeAll(raw, head)
		if len(out)-len(head) < len(raw) {
			return out, nil
		}
		head = out[:len(head)]
		head[len(changeMagic)+1] = codecNone
	}
	return append(head, raw...), nil
}

// Encode encodes the change as a record.
func (c *Change) Encode() ([]byte, error) {
	enc, err := newEncoder()
	if err != nil {
		return nil, err
	}
	cd := &codec{enc: enc}
	defer cd.close()
	var ws writeSet
	for _, w := range c.Writes {
		ws.scratch = encodePath(ws.scratch[:0], w.Bucket)
		ws.selectPath(ws.scratch, w.Fill)
		ws.appendOp(w.Op, w.Key, w.Value, w.Sequence)
	}
	return cd.record(ws.buf)
}

// DecodeChange decodes a change record, refusing one that is cut short,
// corrupt or larger than MaxChangeSize with ErrBadChange. The writes refer
// to a copy of rec's bytes.
func DecodeChange(rec []byte) (*Change, error) {
	dec, err := newDecoder()
	if err != nil {
		return nil, err
	}
	cd := &codec{dec: dec}
	defer cd.close()
	return cd.decode(rec)
}

func (c *codec) decode(rec []byte) (*Change, error) {
	if len(rec) < len(changeMagic)+3 || string(rec[:len(changeMagic)]) != changeMagic {
		return nil, fmt.Errorf("%w: not a change record", ErrBadChange)
	}
	if v := rec[len(changeMagic)]; v != changeVersion {
		return nil, fmt.Errorf("%w: version %d, this release reads %d", ErrBadChange, v, changeVersion)
	}
	codec := rec[len(changeMagic)+1]
	d := decoder{b: rec[len(changeMagic)+2:], off: len(changeMagic) + 2}
	size := d.uvarint("raw length")
	sum := d.bytes4("checksum")
	if d.err != nil {
		return nil, d.err
	}
	if size > MaxChangeSize {
		return nil, fmt.Errorf("%w: %d bytes raw, more than the %d a change record holds", ErrBadChange, size, MaxChangeSize)
	}
	var raw []byte
	switch codec {
	case codecNone:
		raw = bytes.Clone(d.b)
	case codecZstd:
		var err error
		// The header's size is a claim: it bounds the output, and
		// only a sane part of it is set aside beforehand.
		if raw, err = c.dec.DecodeAll(d.b, make([]byte, 0, min(size, 4<<20))); err != nil {
			return nil, fmt.Errorf("%w: decompress: %v", ErrBadChange, err)
		}
	default:
		return nil, fmt.Errorf("%w: unknown codec %d", ErrBadChange, codec)
	}
	if uint64(len(raw)) != size {
		return nil, fmt.Errorf("%w: %d bytes raw where the header says %d", ErrBadChange, len(raw), size)
	}
	if crc32.Checksum(raw, castagnoli) != sum {
		return nil, fmt.Errorf("%w: the checksum does not match", ErrBadChange)
	}
	return decodeOps(raw)
}

// decodeOps decodes the raw ops of a record.
func decodeOps(raw []byte) (*Change, error) {
	d := decoder{b: raw}
	c := &Change{}
	var (
		path     [][]byte
		fill     uint8
		selected bool
	)
	for len(d.b) > 0 && d.err == nil {
		at := d.off
		op := Op(d.byte("op"))
		if op == opBucket {
			fill = d.byte("fill")
			if fill > 100 {
				return nil, fmt.Errorf("%w: at byte %d: fill of %d percent", ErrBadChange, at, fill)
			}
			depth := d.uvarint("bucket depth")
			if depth > maxBucketDepth {
				return nil, fmt.Errorf("%w: at byte %d: buckets nested %d deep", ErrBadChange, at, depth)
			}
			path = make([][]byte, depth)
			for i := range path {
				path[i] = d.name("bucket name")
			}
			selected = true
			continue
		}
		if !selected && d.err == nil {
			return nil, fmt.Errorf("%w: at byte %d: %s before any bucket", ErrBadChange, at, op)
		}
		w := Write{Op: op, Bucket: path, Fill: fill}
		switch op {
		case OpPut:
			w.Key = d.name("key")
			w.Value = d.bytes("value", math.MaxInt32)
		case OpDelete:
			w.Key = d.name("key")
		case OpCreateBucket, OpDeleteBucket:
			w.Key = d.name("bucket name")
		case OpSetSequence:
			w.Sequence = d.uvarint("sequence")
		default:
			return nil, fmt.Errorf("%w: at byte %d: unknown op %d", ErrBadChange, at, uint8(op))
		}
		if d.err == nil && len(path) == 0 && (op == OpPut || op == OpDelete || op == OpSetSequence) {
			return nil, fmt.Errorf("%w: at byte %d: %s at the root, outside any bucket", ErrBadChange, at, op)
		}
		c.Writes = append(c.Writes, w)
	}
	if d.err != nil {
		return nil, d.err
	}
	return c, nil
}

// decoder reads a record's fields, keeping the first error.
type decoder struct {
	b   []byte
	off int // where b starts in what is decoded, for errors
	err error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: at byte %d: "+format, append([]any{ErrBadChange, d.off}, args...)...)
	}
	d.b = nil
}

// skip moves past n bytes.
func (d *decoder) skip(n int) {
	d.b = d.b[n:]
	d.off += n
}

func (d *decoder) byte(what string) uint8 {
	if len(d.b) == 0 {
		d.fail("cut short in the %s", what)
		return 0
	}
	v := d.b[0]
	d.skip(1)
	return v
}

func (d *decoder) bytes4(what string) uint32 {
	if len(d.b) < 4 {
		d.fail("cut short in the %s", what)
		return 0
	}
	v := binary.BigEndian.Uint32(d.b)
	d.skip(4)
	return v
}

func (d *decoder) uvarint(what string) uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("the %s is cut short or overflows", what)
		return 0
	}
	d.skip(n)
	return v
}

// bytes reads a length and that many bytes, at most limit.
func (d *decoder) bytes(what string, limit int) []byte {
	n := d.uvarint(what + " length")
	switch {
	case d.err != nil:
		return nil
	case n > uint64(limit):
		d.fail("a %s of %d bytes, more than %d", what, n, limit)
		return nil
	case n > uint64(len(d.b)):
		d.fail("a %s of %d bytes where %d remain", what, n, len(d.b))
		return nil
	}
	v := d.b[:n:n]
	d.skip(int(n))
	return v
}

// name reads a key or a bucket name: not empty, at most bbolt's key size.
func (d *decoder) name(what string) []byte {
	v := d.bytes(what, bolt.MaxKeySize)
	if d.err == nil && len(v) == 0 {
		d.fail("an empty %s", what)
	}
	return v
}
