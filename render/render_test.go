package render

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper/policy"
)

// hostile is Markdown a practice (or someone who took over its account)
// might put in an override.
const hostile = "Hello <script>alert(1)</script> and [x](javascript:alert(1)).\n\n" +
	"<script>alert(2)</script>\n\n" +
	"[y](JavaScript:alert(3)) [z](  javascript:alert(4)) [w](java&#x73;cript:alert(5)) " +
	"[v](vbscript:msgbox) [d](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(6)>\n\n" +
	"![img](https://tracker.example.com/p.gif) <img src=x onerror=alert(7)> <a href=\"javascript:alert(8)\">a</a>\n\n" +
	"[ok](https://example.com/help) <https://example.org>"

func TestMarkdownHTMLSanitizes(t *testing.T) {
	out, err := MarkdownHTML(hostile)
	if err != nil {
		t.Fatal(err)
	}
	lower := strings.ToLower(out)
	for _, bad := range []string{"<script", "javascript:", "vbscript:", "data:text", "<img", "onerror", "href=\"java"} {
		if strings.Contains(lower, bad) {
			t.Errorf("output contains %q:\n%s", bad, out)
		}
	}
	for _, good := range []string{`<a href="https://example.com/help" rel="nofollow noopener noreferrer">ok</a>`,
		"and x.", "y z w v d", "<p>img ", `<a href="https://example.org">https://example.org</a>`} {
		if !strings.Contains(out, good) {
			t.Errorf("output lacks %q:\n%s", good, out)
		}
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"https://example.com", true}, {"HTTP://example.com", true}, {"mailto:a@example.com", true},
		{"tel:+15550100", true}, {"/p/cedar/policy", true}, {"#emergency", true}, {"policy.pdf", true},
		{"javascript:alert(1)", false}, {"JaVaScRiPt:alert(1)", false}, {"java\tscript:alert(1)", false},
		{"data:text/html,x", false}, {"vbscript:x", false}, {"file:///etc/passwd", false}, {" javascript:x", false},
	}
	for _, tt := range tests {
		if got := SafeURL(tt.url); got != tt.want {
			t.Errorf("SafeURL(%q) = %v, want %v", tt.url, got, tt.want)
		}
	}
}

func testDocument(t testing.TB) policy.Document {
	t.Helper()
	p := policy.DemoPolicy()
	p.Profile.PracticeName = "Zoë Ångström-Nuñez Counseling"
	p.Profile.TherapistNames = []string{"Zoë Ångström-Nuñez", "Łukasz Nowak"}
	p.Overrides = map[policy.Clause]string{policy.Texting: hostile}
	d := policy.NewDocument(p, policy.DocumentOptions{Version: 2, EffectiveAt: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)})
	d.Signature.Lines[0].Name = "Łukasz Nowak"
	d.Signature.Lines[0].SignedAt = time.Date(2025, 6, 3, 0, 0, 0, 0, time.UTC)
	return d
}

func TestPolicyHTML(t *testing.T) {
	d := testDocument(t)
	page, err := PolicyHTML(d, HTMLOptions{PDFURL: "policy.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	lower := strings.ToLower(s)
	for _, bad := range []string{"<script", "javascript:"} {
		if strings.Contains(lower, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	want := []string{"<!doctype html>", `<html lang="en">`, "@media print", `<meta charset="utf-8">`,
		"Zoë Ångström-Nuñez Counseling", "Łukasz Nowak", `href="policy.pdf"`, "Version 2, effective June 1, 2025",
		"June 3, 2025", `<section class="signatures"`}
	for _, sec := range d.Sections {
		want = append(want, `<section id="`+sec.ID+`">`, "<h2>"+sec.Heading+"</h2>")
	}
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if got := strings.Count(s, `<td class="line">`); got != len(d.Signature.Lines) {
		t.Errorf("page has %d signature lines, want %d", got, len(d.Signature.Lines))
	}

	// Profile text is escaped by the template, and an unsafe PDF link is dropped.
	d.Practice = `Bad <script>alert(1)</script>`
	page, _ = PolicyHTML(d, HTMLOptions{PDFURL: "javascript:alert(1)"})
	if s := strings.ToLower(string(page)); strings.Contains(s, "<script") || strings.Contains(s, "javascript:") {
		t.Errorf("practice name or PDF link reached the page unescaped")
	}
}

func TestPolicyFragment(t *testing.T) {
	frag, err := PolicyFragment(testDocument(t), HTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s := string(frag); !strings.HasPrefix(s, `<article class="policy">`) || strings.Contains(s, "<html") {
		t.Errorf("fragment is not a bare article: %.80q", s)
	}
}

// pdfText extracts the text of a PDF with pdftotext, skipping the test when
// poppler-utils is not installed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not on PATH (apt-get install poppler-utils); skipping the PDF text check")
	}
	path := filepath.Join(t.TempDir(), "policy.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// flat folds whitespace, since pdftotext breaks lines where the PDF wraps.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestPolicyPDF(t *testing.T) {
	d := testDocument(t)
	var buf bytes.Buffer
	if err := PolicyPDF(&buf, d, PDFOptions{CreatedAt: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("output is not a PDF: %.20q", buf.Bytes())
	}
	text := flat(pdfText(t, buf.Bytes()))
	want := []string{d.Practice, d.Title, "Zoë Ångström-Nuñez", "Łukasz Nowak", "June 3, 2025",
		flat(policy.DefaultCrisisText), "Therapist", "(555) 010-0123"}
	for _, s := range d.Sections {
		want = append(want, s.Heading)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
	for _, bad := range []string{"<script", "javascript:", `\(`} {
		if strings.Contains(strings.ToLower(text), bad) {
			t.Errorf("PDF text contains %q", bad)
		}
	}
}

func TestPolicyPDFDeterministic(t *testing.T) {
	d := testDocument(t)
	o := PDFOptions{CreatedAt: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}
	var a, b bytes.Buffer
	if err := PolicyPDF(&a, d, o); err != nil {
		t.Fatal(err)
	}
	if err := PolicyPDF(&b, d, o); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("two renderings of the same document differ (%d and %d bytes)", a.Len(), b.Len())
	}
}

// The signing feature appends a certificate page to the policy PDF.
func TestPDFBuilderAppendsPages(t *testing.T) {
	p, err := NewPDF(PDFOptions{PageSize: "A4"})
	if err != nil {
		t.Fatal(err)
	}
	p.Policy(testDocument(t))
	p.SetFooter("Certificate of signing")
	p.AddPage()
	p.Title("Certificate of signing")
	p.KeyValues([][2]string{{"Signer", "Zoë Ångström-Nuñez"}, {"Document SHA-256", strings.Repeat("ab", 32)}})
	p.Paragraph("Signed electronically.")
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	pages := strings.Split(text, "\f")
	last := ""
	for i := len(pages) - 1; i >= 0 && last == ""; i-- {
		last = strings.TrimSpace(pages[i])
	}
	// A long hash wraps inside the word, so compare without spaces.
	for _, w := range []string{"Certificateofsigning", "ZoëÅngström-Nuñez", strings.Repeat("ab", 32)} {
		if !strings.Contains(strings.Join(strings.Fields(last), ""), w) {
			t.Errorf("last page lacks %q:\n%s", w, last)
		}
	}
	if strings.Contains(last, "Your signature") {
		t.Errorf("certificate is not on a page of its own")
	}
}

func TestWriteFormats(t *testing.T) {
	d := testDocument(t)
	tests := []struct {
		format string
		prefix string
	}{{"md", "# Social Media"}, {"markdown", "# Social Media"}, {"HTML", "<!doctype html>"}, {"pdf", "%PDF-"}}
	for _, tt := range tests {
		f, err := ParseFormat(tt.format)
		if err != nil {
			t.Fatalf("ParseFormat(%q): %v", tt.format, err)
		}
		var buf bytes.Buffer
		if err := Write(&buf, f, d, Options{}); err != nil {
			t.Fatalf("Write(%s): %v", f, err)
		}
		if !strings.HasPrefix(buf.String(), tt.prefix) {
			t.Errorf("Write(%s) starts %.20q, want %q", f, buf.String(), tt.prefix)
		}
	}
	if _, err := ParseFormat("docx"); err == nil {
		t.Errorf("ParseFormat(docx) succeeded")
	}
}

func FuzzMarkdownHTML(f *testing.F) {
	for _, s := range []string{hostile, "", "**bold** _em_ `code`", "<SCRIPT>x</SCRIPT>", "<scr<script>ipt>",
		"[a](javascript&colon;alert(1))", "```\n<script>\n```", "> <script>", "- [x](<javascript:a>)",
		"<!-- <script> -->", "&lt;script&gt;", "\\<script>", "[a]: javascript:alert(1)\n\n[a]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		out, err := MarkdownHTML(md)
		if err != nil {
			t.Fatalf("MarkdownHTML(%q): %v", md, err)
		}
		lower := strings.ToLower(out)
		if strings.Contains(lower, "<script") {
			t.Fatalf("MarkdownHTML(%q) emits a script tag:\n%s", md, out)
		}
		if strings.Contains(lower, `href="javascript:`) || strings.Contains(lower, `src="javascript:`) {
			t.Fatalf("MarkdownHTML(%q) emits a javascript: link:\n%s", md, out)
		}
	})
}

// FuzzPDFMarkdown checks that no override can make the PDF writer fail or
// panic.
func FuzzPDFMarkdown(f *testing.F) {
	for _, s := range []string{hostile, "", "- a\n  - b\n    1. c", "> > quote\n\n---", "# h\n###### h6", "a\tb\x00c\u202e", "😀 ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		if len(md) > 4000 {
			return
		}
		p, err := NewPDF(PDFOptions{})
		if err != nil {
			t.Fatal(err)
		}
		p.AddPage()
		p.Markdown(md)
		if err := p.Output(&bytes.Buffer{}); err != nil {
			t.Fatalf("PDF of %q: %v", md, err)
		}
	})
}
