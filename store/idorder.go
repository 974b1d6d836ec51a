package store

import (
	"bytes"
	"strconv"

	"github.com/breachd/breachd/incident"
)

// Buckets keyed by incident id hold them in byte order, which is not the
// ids' order: INC-2026-10000 sorts before INC-2026-9999. Within a year,
// though, every number of n digits is smaller than every number of n+1
// (numbers are padded to four digits and no further), and ids of one
// length are in byte order. So a year is read in one pass per length,
// shortest first, each skipping the other lengths: a few passes over the
// keys, and no list of ids in memory however many incidents there are.

// eachInIDOrder calls fn with each key and value of b whose key is an
// incident id, in id order, starting after the id after ("" from the
// first), until fn returns an error. Keys that are not incident ids are
// skipped.
func eachInIDOrder(b *bucket, after string, fn func(k, v []byte) error) error {
	year, length := 0, 4
	if after != "" {
		y, _, err := incident.ParseID(after)
		if err != nil {
			return err
		}
		year, length = y, idNumberLen(after)
	}
	c := b.Cursor()
	for prefix, ok := firstYearFrom(c, year); ok; prefix, ok = firstYearFrom(c, year+1) {
		if y := yearOf(prefix); y != year {
			year, length, after = y, 4, ""
		}
		for l, longest := length, longestNumber(b.t, c, prefix); l <= longest; l++ {
			if err := passOfLength(c, prefix, l, after, fn); err != nil {
				return err
			}
			after = ""
		}
	}
	return nil
}

// firstYearFrom returns the key prefix ("INC-2026-") of the first year
// from year on that holds an incident id.
func firstYearFrom(c *cursor, year int) ([]byte, bool) {
	if year > 9999 {
		return nil, false
	}
	for k, _ := c.Seek(yearPrefix(year)); k != nil && bytes.HasPrefix(k, []byte("INC-")); k, _ = c.Next() {
		if _, _, err := incident.ParseID(string(k)); err == nil {
			return bytes.Clone(k[:len("INC-2026-")]), true
		}
	}
	return nil, false
}

func yearPrefix(year int) []byte {
	return []byte(incident.FormatID(year, 0)[:len("INC-2026-")])
}

// yearOf is the year of a prefix firstYearFrom returned (a valid id's).
func yearOf(prefix []byte) int {
	y, _ := strconv.Atoi(string(prefix[len("INC-") : len("INC-")+4]))
	return y
}

// idNumberLen is the number of digits of an id's number.
func idNumberLen(id string) int { return len(id) - len("INC-2026-") }

// longestNumber is the number of digits of the longest id of the year of
// prefix: those of the last number the year gave out, or, for a bucket
// of ids the store did not number, found by reading every key of the
// year. (Reading them touches every page of a bucket of large values: a
// register export read in chunks took minutes when each chunk did.)
func longestNumber(t *Tx, c *cursor, prefix []byte) int {
	if ids := t.bucket(bucketIncidentIDs); ids != nil {
		if year := ids.Bucket(prefix[len("INC-") : len("INC-")+4]); year != nil && year.b.Sequence() > 0 {
			return max(4, len(strconv.FormatUint(year.b.Sequence(), 10)))
		}
	}
	longest := 0
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		longest = max(longest, idNumberLen(string(k)))
	}
	return longest
}

// passOfLength calls fn with each id of the year of prefix whose number has
// l digits, after the id after.
func passOfLength(c *cursor, prefix []byte, l int, after string, fn func(k, v []byte) error) error {
	start := prefix
	if after != "" {
		start = []byte(after)
	}
	for k, v := c.Seek(start); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if idNumberLen(string(k)) != l || string(k) == after {
			continue
		}
		if _, _, err := incident.ParseID(string(k)); err != nil {
			continue
		}
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}
