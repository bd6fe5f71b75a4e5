package record

import (
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
)

func chain(t *testing.T, texts ...string) ([]framekeeper.RecordEntry, int64, string) {
	t.Helper()
	var out []framekeeper.RecordEntry
	seq, head := int64(0), ""
	at := time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)
	for i, s := range texts {
		e := framekeeper.RecordEntry{ID: "re_" + s, ClientID: "c_1", Kind: framekeeper.RecordNote, Text: s, AuthorID: "st_1", CreatedAt: at.Add(time.Duration(i) * time.Minute)}
		Seal(&e, seq, head)
		seq, head = e.Seq, e.Hash
		out = append(out, e)
	}
	return out, seq, head
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(es []framekeeper.RecordEntry) []framekeeper.RecordEntry
		wantID  string
		wantSeq int64
	}{
		{"intact", func(es []framekeeper.RecordEntry) []framekeeper.RecordEntry { return es }, "", 0},
		{"altered text", func(es []framekeeper.RecordEntry) []framekeeper.RecordEntry { es[1].Text = "b!"; return es }, "re_b", 2},
		{"altered time", func(es []framekeeper.RecordEntry) []framekeeper.RecordEntry {
			es[0].CreatedAt = es[0].CreatedAt.Add(time.Second)
			return es
		}, "re_a", 1},
		{"removed middle", func(es []framekeeper.RecordEntry) []framekeeper.RecordEntry { return append(es[:1:1], es[2:]...) }, "re_c", 2},
		{"removed last", func(es []framekeeper.RecordEntry) []framekeeper.RecordEntry { return es[:2] }, "", 3},
		{"reordered", func(es []framekeeper.RecordEntry) []framekeeper.RecordEntry {
			es[1], es[2] = es[2], es[1]
			return es
		}, "re_c", 2},
		{"reordered with renumbering", func(es []framekeeper.RecordEntry) []framekeeper.RecordEntry {
			es[1], es[2] = es[2], es[1]
			es[1].Seq, es[2].Seq = 2, 3
			return es
		}, "re_c", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, seq, head := chain(t, "a", "b", "c")
			p := Verify("c_1", tt.tamper(es), seq, head)
			if tt.wantSeq == 0 {
				if p != nil {
					t.Fatalf("Verify = %v, want intact", p)
				}
				return
			}
			if p == nil {
				t.Fatalf("Verify = nil, want a problem at seq %d", tt.wantSeq)
			}
			if p.EntryID != tt.wantID || p.Seq != tt.wantSeq {
				t.Errorf("problem at %s seq %d (%s), want %s seq %d", p.EntryID, p.Seq, p.Reason, tt.wantID, tt.wantSeq)
			}
		})
	}
}

func TestHashIgnoresJSONFormatting(t *testing.T) {
	e := framekeeper.RecordEntry{ClientID: "c", Kind: "note", Text: "x", Data: []byte(`{"a": 1,  "b":[1, 2]}`)}
	f := e
	f.Data = []byte(`{"a":1,"b":[1,2]}`)
	if Hash(&e) != Hash(&f) {
		t.Fatal("hash changed with JSON whitespace")
	}
	f.Data = []byte(`{"a":2,"b":[1,2]}`)
	if Hash(&e) == Hash(&f) {
		t.Fatal("hash did not change with data")
	}
}
