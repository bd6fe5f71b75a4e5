// Package record makes a client's chart tamper-evident. Every entry's hash
// covers the previous entry's hash and the entry's own canonical content, so
// changing, removing or reordering any entry breaks every hash after it.
package record

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/framekeeper/framekeeper"
)

// Genesis is the previous hash of a chart's first entry.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// canonical is the hashed content of an entry. Field order is fixed by the
// struct; times are UTC RFC 3339 with microseconds, the precision both
// databases keep.
type canonical struct {
	ClientID  string          `json:"client_id"`
	Seq       int64           `json:"seq"`
	Kind      string          `json:"kind"`
	Text      string          `json:"text"`
	Data      json.RawMessage `json:"data"`
	AuthorID  string          `json:"author_id"`
	Amends    string          `json:"amends"`
	CreatedAt string          `json:"created_at"`
	PrevHash  string          `json:"prev_hash"`
}

// Hash returns the hex SHA-256 of the entry's canonical content, which
// includes its PrevHash.
func Hash(e *framekeeper.RecordEntry) string {
	data := json.RawMessage("null")
	if len(e.Data) > 0 {
		// Compact so that a database that reformats JSON (PostgreSQL jsonb)
		// does not change the hash.
		var buf bytes.Buffer
		if err := json.Compact(&buf, e.Data); err == nil {
			data = buf.Bytes()
		} else {
			data, _ = json.Marshal(string(e.Data))
		}
	}
	b, _ := json.Marshal(canonical{
		ClientID:  e.ClientID,
		Seq:       e.Seq,
		Kind:      string(e.Kind),
		Text:      e.Text,
		Data:      data,
		AuthorID:  e.AuthorID,
		Amends:    e.Amends,
		CreatedAt: e.CreatedAt.UTC().Format(TimeFormat),
		PrevHash:  e.PrevHash,
	})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TimeFormat is how entry times enter the hash.
const TimeFormat = "2006-01-02T15:04:05.000000Z07:00"

// Seal sets the entry's sequence number, previous hash and hash, making it
// the next link after head (seq 0 and Genesis for an empty chart).
func Seal(e *framekeeper.RecordEntry, headSeq int64, headHash string) {
	if headHash == "" {
		headHash = Genesis
	}
	e.Seq = headSeq + 1
	e.PrevHash = headHash
	e.Hash = Hash(e)
}

// Problem describes the first place a chart's chain is broken.
type Problem struct {
	ClientID string
	EntryID  string
	Seq      int64
	Reason   string // altered, removed, reordered
}

func (p *Problem) Error() string {
	if p.EntryID == "" {
		return fmt.Sprintf("client %s: chart entry %d %s", p.ClientID, p.Seq, p.Reason)
	}
	return fmt.Sprintf("client %s: chart entry %s (seq %d) %s", p.ClientID, p.EntryID, p.Seq, p.Reason)
}

// Verify checks one client's entries, given in stored order, against the
// chart head the client row remembers (its last seq and hash). It returns the
// first problem found, or nil when the chain is intact.
func Verify(clientID string, entries []framekeeper.RecordEntry, headSeq int64, headHash string) *Problem {
	prev := Genesis
	for i := range entries {
		e := &entries[i]
		want := int64(i + 1)
		switch {
		case e.Seq > want:
			return &Problem{clientID, e.ID, want, "removed (a gap before this entry)"}
		case e.Seq < want:
			return &Problem{clientID, e.ID, e.Seq, "reordered (sequence repeats)"}
		case e.PrevHash != prev:
			return &Problem{clientID, e.ID, e.Seq, "reordered or removed (does not follow the entry before it)"}
		case Hash(e) != e.Hash:
			return &Problem{clientID, e.ID, e.Seq, "altered (content does not match its hash)"}
		}
		prev = e.Hash
	}
	n := int64(len(entries))
	if n < headSeq {
		return &Problem{ClientID: clientID, Seq: n + 1, Reason: "removed (the chart ends early)"}
	}
	if n > headSeq || (n > 0 && prev != headHash) {
		return &Problem{ClientID: clientID, Seq: n, Reason: "altered (the chart head does not match)"}
	}
	return nil
}

// Now returns the current time at the precision records keep.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
