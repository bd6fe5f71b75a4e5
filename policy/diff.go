package policy

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// ChangeKind says what happened to a section between two versions.
type ChangeKind string

// Kinds of change.
const (
	ChangeAdded    ChangeKind = "added"    // the section is new
	ChangeRemoved  ChangeKind = "removed"  // the section is gone
	ChangeStance   ChangeKind = "stance"   // the clause's stance changed
	ChangeReworded ChangeKind = "reworded" // same stance (or no clause), different text
)

// Change is one changed section.
type Change struct {
	SectionID   string     `json:"section_id"`
	Clause      Clause     `json:"clause,omitempty"` // "" for sections that belong to no clause
	Heading     string     `json:"heading"`
	Kind        ChangeKind `json:"kind"`
	From        Stance     `json:"from,omitempty"` // the clause's stances; empty for other sections
	To          Stance     `json:"to,omitempty"`
	Explanation string     `json:"explanation"` // what changed, in words a client understands
	Edits       []Edit     `json:"edits"`       // the exact change to the section's Markdown, word by word
}

// EditOp is one operation of a word diff.
type EditOp string

// Word diff operations.
const (
	EditEqual  EditOp = "equal"
	EditInsert EditOp = "insert"
	EditDelete EditOp = "delete"
)

// Edit is a run of text kept, inserted or deleted.
type Edit struct {
	Op   EditOp `json:"op"`
	Text string `json:"text"`
}

// Diff is the list of changed sections from one policy to the next, in the
// order of the newer document (removed sections last).
type Diff struct {
	FromVersion, ToVersion int
	EffectiveAt            time.Time
	Changes                []Change
}

// Compare lists what changed between two policies.
func Compare(older, newer Policy) Diff {
	a := NewDocument(older, DocumentOptions{})
	b := NewDocument(newer, DocumentOptions{})
	oldSt, newSt := older.Stances.Complete(), newer.Stances.Complete()

	var d Diff
	if strings.Join(a.Header, "\n") != strings.Join(b.Header, "\n") || a.Practice != b.Practice {
		d.Changes = append(d.Changes, Change{
			SectionID: "header", Heading: "Practice details", Kind: ChangeReworded,
			Explanation: "Our practice name, address or contact details have changed.",
			Edits:       WordDiff(a.Practice+"\n"+strings.Join(a.Header, "\n"), b.Practice+"\n"+strings.Join(b.Header, "\n")),
		})
	}
	for _, nb := range b.Sections {
		ob, had := a.Section(nb.ID)
		switch {
		case !had:
			d.Changes = append(d.Changes, Change{
				SectionID: nb.ID, Clause: nb.Clause, Heading: nb.Heading, Kind: ChangeAdded,
				From: stanceOf(oldSt, nb.Clause), To: stanceOf(newSt, nb.Clause),
				Explanation: addedSentence(nb, newSt),
				Edits:       WordDiff("", nb.Body),
			})
		case ob.Body != nb.Body || ob.Heading != nb.Heading:
			c := Change{
				SectionID: nb.ID, Clause: nb.Clause, Heading: nb.Heading, Kind: ChangeReworded,
				From: stanceOf(oldSt, nb.Clause), To: stanceOf(newSt, nb.Clause),
				Edits: WordDiff(ob.Body, nb.Body),
			}
			if c.Clause != "" && c.From != c.To {
				c.Kind = ChangeStance
				c.Explanation = clauseTexts[c.Clause].Now[c.To]
			} else {
				c.Explanation = rewordedSentence(nb)
			}
			d.Changes = append(d.Changes, c)
		}
	}
	for _, ob := range a.Sections {
		if _, ok := b.Section(ob.ID); !ok {
			d.Changes = append(d.Changes, Change{
				SectionID: ob.ID, Clause: ob.Clause, Heading: ob.Heading, Kind: ChangeRemoved,
				From: stanceOf(oldSt, ob.Clause), To: stanceOf(newSt, ob.Clause),
				Explanation: removedSentence(ob),
				Edits:       WordDiff(ob.Body, ""),
			})
		}
	}
	return d
}

// CompareVersions lists what changed from one published version to another.
func CompareVersions(older, newer Version) Diff {
	d := Compare(older.Policy, newer.Policy)
	d.FromVersion, d.ToVersion, d.EffectiveAt = older.Number, newer.Number, newer.EffectiveAt
	return d
}

func stanceOf(s Stances, c Clause) Stance {
	if c == "" {
		return ""
	}
	return s.Get(c)
}

func addedSentence(s Section, st Stances) string {
	if s.Clause == "" {
		return fmt.Sprintf("A new section, %q.", s.Heading)
	}
	ct := clauseTexts[s.Clause]
	return fmt.Sprintf("A new section about %s. %s", ct.Topic, ct.Now[st.Get(s.Clause)])
}

func removedSentence(s Section) string {
	if s.Clause == "" {
		return fmt.Sprintf("We removed the section %q.", s.Heading)
	}
	return fmt.Sprintf("We removed the section about %s. This policy no longer says anything about it.", clauseTexts[s.Clause].Topic)
}

func rewordedSentence(s Section) string {
	switch s.ID {
	case SectionContact:
		return "The ways to reach us between sessions have changed."
	case SectionEmergency:
		return "What to do in an emergency has changed. Please read it again."
	case SectionIntroduction:
		return "Our practice name has changed."
	}
	if s.Clause != "" {
		return fmt.Sprintf("We reworded the section about %s. What we do has not changed.", clauseTexts[s.Clause].Topic)
	}
	return fmt.Sprintf("We reworded the section %q.", s.Heading)
}

// Empty reports whether nothing changed.
func (d Diff) Empty() bool { return len(d.Changes) == 0 }

// Summary is the plain-text notice of changes for clients: one line per
// changed section.
func (d Diff) Summary() string {
	var b strings.Builder
	b.WriteString("Changes to our " + DocumentTitle)
	var when []string
	if d.ToVersion > 0 {
		when = append(when, fmt.Sprintf("version %d", d.ToVersion))
	}
	if !d.EffectiveAt.IsZero() {
		when = append(when, "in effect from "+d.EffectiveAt.Format("January 2, 2006"))
	}
	if len(when) > 0 {
		b.WriteString(" (" + strings.Join(when, ", ") + ")")
	}
	b.WriteString("\n\n")
	if d.Empty() {
		b.WriteString("Nothing in what this policy says has changed.\n")
		return b.String()
	}
	for _, c := range d.Changes {
		b.WriteString("- " + c.Explanation + "\n")
	}
	return b.String()
}

// TextDiff shows the exact change to the section in the style of a word
// diff: [-deleted-]{+inserted+}.
func (c Change) TextDiff() string { return FormatEdits(c.Edits) }

// FormatEdits writes edits as text with [-deleted-] and {+inserted+} marks.
func FormatEdits(edits []Edit) string {
	var b strings.Builder
	for _, e := range edits {
		switch e.Op {
		case EditEqual:
			b.WriteString(e.Text)
		case EditDelete:
			b.WriteString("[-" + e.Text + "-]")
		case EditInsert:
			b.WriteString("{+" + e.Text + "+}")
		}
	}
	return b.String()
}

// maxDiffCells bounds the table of the word diff (about 16 MB). Beyond it the
// changed middle of the two texts is shown as deleted and reinserted whole:
// still exact, only coarser.
const maxDiffCells = 4 << 20

// WordDiff returns the edits that turn a into b, word by word (whitespace runs
// are tokens too, so the edits put back together give a and b exactly). It is
// a longest-common-subsequence diff after trimming the common prefix and
// suffix; sections are short, so the quadratic table is small. The standard
// library has no diff and the domain takes no dependencies, hence our own.
func WordDiff(a, b string) []Edit {
	x, y := tokenize(a), tokenize(b)
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var edits []Edit
	emit := func(op EditOp, s string) {
		if s == "" {
			return
		}
		if n := len(edits); n > 0 && edits[n-1].Op == op {
			edits[n-1].Text += s
			return
		}
		edits = append(edits, Edit{op, s})
	}
	emit(EditEqual, strings.Join(x[:pre], ""))
	mx, my := x[pre:len(x)-suf], y[pre:len(y)-suf]
	for _, e := range cleanup(lcsEdits(mx, my)) {
		emit(e.Op, e.Text)
	}
	emit(EditEqual, strings.Join(x[len(x)-suf:], ""))
	return edits
}

func lcsEdits(x, y []string) []Edit {
	n, m := len(x), len(y)
	if n == 0 || m == 0 || n*m > maxDiffCells {
		return []Edit{{EditDelete, strings.Join(x, "")}, {EditInsert, strings.Join(y, "")}}
	}
	// l[i][j] is the LCS length of x[i:] and y[j:].
	w := m + 1
	l := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				l[i*w+j] = l[(i+1)*w+j+1] + 1
			} else {
				l[i*w+j] = max(l[(i+1)*w+j], l[i*w+j+1])
			}
		}
	}
	var out []Edit
	// Deletions are emitted before insertions within a changed run, so the
	// marks read "[-old-]{+new+}".
	var del, ins strings.Builder
	flush := func() {
		if del.Len() > 0 {
			out = append(out, Edit{EditDelete, del.String()})
			del.Reset()
		}
		if ins.Len() > 0 {
			out = append(out, Edit{EditInsert, ins.String()})
			ins.Reset()
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case x[i] == y[j]:
			flush()
			out = append(out, Edit{EditEqual, x[i]})
			i, j = i+1, j+1
		case l[(i+1)*w+j] >= l[i*w+j+1]:
			del.WriteString(x[i])
			i++
		default:
			ins.WriteString(y[j])
			j++
		}
	}
	for ; i < n; i++ {
		del.WriteString(x[i])
	}
	for ; j < m; j++ {
		ins.WriteString(y[j])
	}
	flush()
	return out
}

// region is a run of kept text or a change (deleted and inserted text).
type region struct {
	equal    bool
	del, ins string
}

// cleanup folds short kept runs that sit between two changes into them, so a
// rewritten sentence reads as one change rather than word-by-word confetti
// (the "semantic cleanup" of diff tools).
func cleanup(edits []Edit) []Edit {
	var rs []region
	for _, e := range edits {
		n := len(rs)
		switch {
		case e.Op == EditEqual && n > 0 && rs[n-1].equal:
			rs[n-1].del += e.Text
		case e.Op == EditEqual:
			rs = append(rs, region{equal: true, del: e.Text})
		case n == 0 || rs[n-1].equal:
			rs = append(rs, region{})
			fallthrough
		default:
			r := &rs[len(rs)-1]
			if e.Op == EditDelete {
				r.del += e.Text
			} else {
				r.ins += e.Text
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for i := 1; i+1 < len(rs); i++ {
			if !rs[i].equal || rs[i-1].equal || rs[i+1].equal {
				continue
			}
			eq := len(rs[i].del)
			before := max(len(rs[i-1].del), len(rs[i-1].ins))
			after := max(len(rs[i+1].del), len(rs[i+1].ins))
			if eq > before || eq > after {
				continue
			}
			merged := region{
				del: rs[i-1].del + rs[i].del + rs[i+1].del,
				ins: rs[i-1].ins + rs[i].del + rs[i+1].ins,
			}
			rs = append(rs[:i-1], append([]region{merged}, rs[i+2:]...)...)
			changed = true
			i--
		}
	}
	var out []Edit
	for _, r := range rs {
		if r.equal {
			out = append(out, Edit{EditEqual, r.del})
			continue
		}
		if r.del != "" {
			out = append(out, Edit{EditDelete, r.del})
		}
		if r.ins != "" {
			out = append(out, Edit{EditInsert, r.ins})
		}
	}
	return out
}

// tokenize splits text into runs of non-space and runs of space.
func tokenize(s string) []string {
	var out []string
	start := 0
	prevSpace := false
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if i > start && sp != prevSpace {
			out = append(out, s[start:i])
			start = i
		}
		prevSpace = sp
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// ApplyEdits rebuilds the older (which == EditDelete) or newer
// (which == EditInsert) text from edits.
func ApplyEdits(edits []Edit, which EditOp) string {
	var b strings.Builder
	for _, e := range edits {
		if e.Op == EditEqual || e.Op == which {
			b.WriteString(e.Text)
		}
	}
	return b.String()
}
