package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/policy"
)

// Format is an output format of the policy.
type Format string

// Formats.
const (
	FormatMarkdown Format = "md"
	FormatHTML     Format = "html"
	FormatPDF      Format = "pdf"
)

// Options gather the options of every format.
type Options struct {
	HTML HTMLOptions
	PDF  PDFOptions
}

// ParseFormat accepts md (or markdown), html and pdf.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "md", "markdown":
		return FormatMarkdown, nil
	case "html":
		return FormatHTML, nil
	case "pdf":
		return FormatPDF, nil
	}
	return "", framekeeper.Invalid("format", "unknown format %q (want md, html or pdf)", s)
}

// ContentType is the media type of a format, for HTTP responses.
func (f Format) ContentType() string {
	switch f {
	case FormatHTML:
		return "text/html; charset=utf-8"
	case FormatPDF:
		return "application/pdf"
	}
	return "text/markdown; charset=utf-8"
}

// Write renders the document in the given format to w. The CLI, the public
// policy pages and the notice of changes all go through here.
func Write(w io.Writer, f Format, doc policy.Document, o Options) error {
	switch f {
	case FormatMarkdown:
		_, err := io.WriteString(w, doc.Markdown())
		return err
	case FormatHTML:
		b, err := PolicyHTML(doc, o.HTML)
		if err != nil {
			return fmt.Errorf("render: HTML: %w", err)
		}
		_, err = w.Write(b)
		return err
	case FormatPDF:
		return PolicyPDF(w, doc, o.PDF)
	}
	return framekeeper.Invalid("format", "unknown format %q (want md, html or pdf)", f)
}
