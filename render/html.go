package render

import (
	"bytes"
	"html/template"
	"sync"
	"time"

	"github.com/framekeeper/framekeeper/policy"
)

// HTMLOptions are the details of one HTML rendering.
type HTMLOptions struct {
	PDFURL string // a link to the PDF version, shown when safe and not empty
	Lang   string // the page's language, "en" when empty
}

// htmlSection is a section with its body already rendered to safe HTML.
type htmlSection struct {
	ID      string
	Heading string
	Body    template.HTML
}

type htmlPage struct {
	Doc      policy.Document
	Sections []htmlSection
	PDFURL   string
	Lang     string
	CSS      template.CSS
}

// PolicyFragment renders the document's title, sections and signature block
// as an HTML fragment (an <article>) for embedding in another page.
func PolicyFragment(doc policy.Document, o HTMLOptions) (template.HTML, error) {
	page, err := newPage(doc, o)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := pageTemplate().ExecuteTemplate(&buf, "article", page); err != nil {
		return "", err
	}
	// Safe: the template escapes every text value, and section bodies come
	// from the sanitised Markdown renderer.
	return template.HTML(buf.String()), nil
}

// PolicyHTML renders the document as a standalone, printable HTML page.
func PolicyHTML(doc policy.Document, o HTMLOptions) ([]byte, error) {
	page, err := newPage(doc, o)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := pageTemplate().ExecuteTemplate(&buf, "page", page); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func newPage(doc policy.Document, o HTMLOptions) (htmlPage, error) {
	p := htmlPage{Doc: doc, Lang: o.Lang, CSS: template.CSS(pageCSS)}
	if p.Lang == "" {
		p.Lang = "en"
	}
	if o.PDFURL != "" && SafeURL(o.PDFURL) {
		p.PDFURL = o.PDFURL
	}
	for _, s := range doc.Sections {
		body, err := MarkdownHTML(s.Body)
		if err != nil {
			return htmlPage{}, err
		}
		p.Sections = append(p.Sections, htmlSection{ID: s.ID, Heading: s.Heading, Body: template.HTML(body)})
	}
	return p, nil
}

// pageTemplate is parsed once and only executed afterwards.
var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{
		"date": func(t time.Time) string { return t.Format("January 2, 2006") },
	}).Parse(pageHTML))
})

const pageHTML = `{{define "page"}}<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Doc.Practice}}: {{.Doc.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
{{template "article" .}}
</body>
</html>
{{end}}
{{define "article"}}<article class="policy">
<header>
<p class="practice">{{.Doc.Practice}}</p>
{{range .Doc.Header}}<p class="contact">{{.}}</p>
{{end}}<h1>{{.Doc.Title}}</h1>
{{with .Doc.VersionLine}}<p class="version">{{.}}</p>
{{end}}{{with .PDFURL}}<p class="no-print"><a href="{{.}}">Download this policy as a PDF</a></p>
{{end}}</header>
{{range .Sections}}<section id="{{.ID}}">
<h2>{{.Heading}}</h2>
{{.Body}}</section>
{{end}}{{with .Doc.Signature}}<section class="signatures" id="signatures">
<p>{{.Statement}}</p>
<table>
{{range .Lines}}<tr>
<th scope="row">{{.Label}}</th>
<td class="line">{{if .Name}}{{.Name}}{{end}}</td>
<th scope="row">Date</th>
<td class="line date">{{if not .SignedAt.IsZero}}{{date .SignedAt}}{{end}}</td>
</tr>
{{end}}</table>
</section>
{{end}}</article>
{{end}}`

// PageCSS returns the stylesheet of the standalone page, for pages that
// embed a policy and keep its look.
func PageCSS() string { return pageCSS }

// pageCSS is readable on a screen and prints cleanly: no link decoration or
// download link on paper, sections kept whole where they fit.
const pageCSS = `
:root { color-scheme: light; }
body { margin: 0; background: #f6f5f2; color: #1f2328; font: 17px/1.6 "DejaVu Sans", system-ui, -apple-system, "Segoe UI", sans-serif; }
.policy { max-width: 44rem; margin: 2rem auto; padding: 2.5rem 3rem; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
header { border-bottom: 2px solid #2f5d50; margin-bottom: 1.5rem; padding-bottom: 1rem; }
.practice { font-size: 1.3rem; font-weight: bold; color: #2f5d50; margin: 0; }
.contact { margin: 0; color: #555; font-size: .9rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 1rem 0 .25rem; }
.version { color: #555; margin: 0; }
h2 { font-size: 1.2rem; color: #2f5d50; margin: 1.75rem 0 .5rem; }
h3, h4, h5, h6 { font-size: 1rem; margin: 1rem 0 .25rem; }
a { color: #1d5fa8; }
#emergency { border-left: 4px solid #b3261e; padding-left: 1rem; }
.signatures { margin-top: 2rem; }
.signatures table { width: 100%; border-collapse: separate; border-spacing: .5rem 1.5rem; }
.signatures th { text-align: left; font-weight: normal; white-space: nowrap; width: 1%; }
.signatures td.line { border-bottom: 1px solid #1f2328; min-width: 8rem; }
.signatures td.date { width: 25%; }
@media (max-width: 40rem) { .policy { margin: 0; padding: 1.25rem; box-shadow: none; } }
@media print {
  @page { margin: 2cm; }
  body { background: #fff; font-size: 11pt; }
  .policy { margin: 0; padding: 0; box-shadow: none; max-width: none; }
  .no-print { display: none; }
  a { color: inherit; text-decoration: none; }
  section { break-inside: avoid-page; }
  h2 { break-after: avoid-page; }
  .signatures { break-inside: avoid-page; }
}
`
