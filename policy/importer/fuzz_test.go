package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper/policy"
)

func addSeedCorpus(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*")
	for _, file := range files {
		// Small files only: big seeds slow every mutation down.
		if data, err := os.ReadFile(file); err == nil && len(data) < 2500 {
			f.Add(data, filepath.Base(file))
		}
	}
	f.Add([]byte("<p>I do not accept friend requests.</p><script>x</script>"), "a.html")
	f.Add([]byte("# Email\n\nOnly for *scheduling*. [x](y) | a | b |\n|---|---|"), "a.md")
	f.Add([]byte("d i s c u s s  th is  a nd  therapis t"), "")
	f.Add([]byte("\xff\x00"), "b")
	f.Add([]byte("**Can I text you?**\nYes, for scheduling only.\n\nWill you friend me?\n\nNo."), "faq.md")
}

// FuzzAnswerStatement: turning a FAQ answer into a statement never panics
// and, when it does, speaks for the client ("you may") or the therapist ("i will").
func FuzzAnswerStatement(f *testing.F) {
	f.Add("can i text you?", "yes, for scheduling only.")
	f.Add("will you accept my friend request?", "no.")
	f.Add("do you text?", "only to confirm appointments.")
	f.Add("", "no")
	f.Fuzz(func(t *testing.T, q, a string) {
		stmt, ok := answerStatement(q, a)
		if !ok {
			if stmt != "" {
				t.Fatalf("not ok but statement %q", stmt)
			}
			return
		}
		if !strings.HasPrefix(stmt, "you may ") && !strings.HasPrefix(stmt, "i will ") {
			t.Fatalf("answerStatement(%q, %q) = %q", q, a, stmt)
		}
	})
}

// FuzzImport: any input either fails cleanly or yields every clause with a
// valid stance.
func FuzzImport(f *testing.F) {
	addSeedCorpus(f)
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		res, err := Import(bytes.NewReader(data), name)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error spans lines: %q", err)
			}
			return
		}
		for _, c := range policy.Clauses() {
			st, ok := res.Stances[c]
			if !ok || !policy.ValidStance(c, st) {
				t.Fatalf("clause %s: stance %q (present %v)", c, st, ok)
			}
		}
		if len(res.Stances) != len(policy.Clauses()) {
			t.Fatalf("%d stances, want %d", len(res.Stances), len(policy.Clauses()))
		}
	})
}

// FuzzText: extraction of every format terminates, yields valid UTF-8, and
// never echoes a script.
func FuzzText(f *testing.F) {
	addSeedCorpus(f)
	f.Fuzz(func(t *testing.T, data []byte, _ string) {
		if !utf8.Valid(data) {
			return
		}
		for _, format := range []Format{FormatText, FormatMarkdown, FormatHTML} {
			out := Text(format, string(data))
			if !utf8.ValidString(out) {
				t.Fatalf("%s: invalid UTF-8 output", format)
			}
		}
		const marker = "zqxscriptmarker"
		html := Text(FormatHTML, "<p>"+string(data)+"</p><script>"+marker+"</script>")
		if strings.Contains(html, marker) && !strings.Contains(string(data), marker) {
			t.Fatalf("script text echoed: %q", html)
		}
	})
}

func TestTextExtraction(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		in     string
		want   string
	}{
		{"html headings and noise", FormatHTML,
			`<html><head><title>T</title><style>p{}</style></head><body><nav>Home</nav><h2>Email</h2><p>Only for <b>scheduling</b>.</p><ul><li>One</li></ul><script>evil()</script></body></html>`,
			"# T\n# Email\nOnly for scheduling.\n- One\n"},
		{"markdown", FormatMarkdown,
			"Title\n=====\n\n## Texting\n\n* **Never** used. See [site](http://x.y).\n\n| Email | scheduling only |\n|---|---|\n",
			"# Title\n# Texting\n- Never used. See site.\n- Email: scheduling only\n"},
		{"pdf text", FormatText,
			"POLICY\n\nYour therapist will d i s c u s s  i t  with you. Engaging with your\ncounselor/therapis t  in th is manner a nd “more”.\n",
			"# POLICY\nYour therapist will discuss it with you. Engaging with your counselor/therapist in this manner and \"more\".\n"},
		{"wrapped sentence across blank line", FormatText,
			"Messaging (SMS Mobile Phone & Social Network\n\nMessaging): Please do not.\n",
			"# Messaging (SMS Mobile Phone & Social Network Messaging)\nPlease do not.\n"},
		{"run-in label", FormatText,
			"Emailing: Please do not email me.\n",
			"# Emailing\nPlease do not email me.\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Text(tc.format, tc.in); got != tc.want {
				t.Errorf("Text() =\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name, data string
		want       Format
	}{
		{"a.html", "plain", FormatHTML},
		{"a.MD", "plain", FormatMarkdown},
		{"", "<!DOCTYPE html><p>x</p>", FormatHTML},
		{"a.txt", "<html><body><p>x</p></body></html>", FormatHTML},
		{"", "# Title\n\n- item\n", FormatMarkdown},
		{"", "Just a sentence. Another one.", FormatText},
	}
	for _, tc := range tests {
		if got := DetectFormat(tc.name, []byte(tc.data)); got != tc.want {
			t.Errorf("DetectFormat(%q, %q) = %s, want %s", tc.name, tc.data, got, tc.want)
		}
	}
}
