// Package render turns a policy document into the formats a client reads:
// Markdown, a standalone printable HTML page, and PDF. It is an adapter: it
// may use libraries (goldmark for Markdown, fpdf for PDF) and depends on the
// policy domain, never the reverse.
//
// Section bodies may hold Markdown the practice wrote itself, so nothing in
// them is trusted: raw HTML is dropped, and links and images keep only their
// text unless their address is http, https, mailto, tel or relative.
package render

import (
	"bytes"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown is built once and only read afterwards: goldmark is safe for
// concurrent use. Its HTML renderer is left in its default safe mode, which
// omits raw HTML; the transformer below handles links and images.
var markdown = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(goldmark.WithParserOptions(
		parser.WithASTTransformers(util.Prioritized(sanitizer{}, 100)),
	))
})

// MarkdownHTML renders untrusted Markdown to safe HTML.
func MarkdownHTML(md string) (string, error) {
	var buf bytes.Buffer
	if err := markdown().Convert([]byte(md), &buf); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// parseMarkdown returns the sanitised tree of md, for the PDF writer.
func parseMarkdown(md []byte) ast.Node {
	return markdown().Parser().Parse(text.NewReader(md))
}

// sanitizer rewrites the tree before rendering: links and autolinks to an
// address that is not allowed become their text, images become their alt
// text (a policy has no pictures, and a remote image would tell a third party
// who reads the policy), raw HTML is dropped, and headings inside a section
// are pushed below the section's own heading.
type sanitizer struct{}

func (sanitizer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var unwrap, drop []ast.Node
	var autolinks []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Link:
			if !SafeURL(resolveURL(v.Destination)) {
				unwrap = append(unwrap, v)
			} else if isAbsolute(string(v.Destination)) {
				v.SetAttributeString("rel", []byte("nofollow noopener noreferrer"))
			}
		case *ast.Image:
			unwrap = append(unwrap, v)
		case *ast.AutoLink:
			if !SafeURL(resolveURL(v.URL(src))) {
				autolinks = append(autolinks, v)
			}
		case *ast.RawHTML, *ast.HTMLBlock:
			drop = append(drop, v)
			return ast.WalkSkipChildren, nil
		case *ast.Heading:
			v.Level = min(v.Level+2, 6)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	drop = append(drop, autolinks...) // an autolink is all address: nothing is left to show
	for _, n := range drop {
		if parent := n.Parent(); parent != nil {
			parent.RemoveChild(parent, n)
		}
	}
}

// resolveURL is the address a renderer would write: goldmark resolves
// backslash escapes and character references when it writes a link, so the
// check must see them resolved too ("java&#x73;cript:").
func resolveURL(b []byte) string {
	b = util.UnescapePunctuations(b)
	b = util.ResolveNumericReferences(b)
	b = util.ResolveEntityNames(b)
	return string(b)
}

// SafeURL reports whether an address may be a link in a policy: http, https,
// mailto, tel, or relative. Anything with control characters or spaces is
// refused, since browsers strip some of them before reading the scheme.
func SafeURL(u string) bool {
	u = strings.TrimSpace(u)
	for _, r := range u {
		if r <= ' ' || r == 0x7f || r == '\\' {
			return false
		}
	}
	i := strings.IndexAny(u, ":/?#")
	if i < 0 || u[i] != ':' {
		return true // relative
	}
	switch strings.ToLower(u[:i]) {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}

func isAbsolute(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "http:") || strings.HasPrefix(l, "https:") || strings.HasPrefix(l, "//")
}
