package importer

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skippedTags never hold policy text: scripts and styles (never run or
// echoed), embedded objects, navigation and form controls.
var skippedTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true, atom.Embed: true,
	atom.Canvas: true, atom.Nav: true, atom.Aside: true, atom.Button: true, atom.Select: true,
	atom.Option: true, atom.Textarea: true, atom.Input: true, atom.Head: true, atom.Link: true,
	atom.Meta: true, atom.Audio: true, atom.Video: true, atom.Picture: true, atom.Img: true,
}

// noiseNames are class or id words of page chrome around the policy.
var noiseNames = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "menubar": true, "breadcrumb": true,
	"breadcrumbs": true, "cookie": true, "cookies": true, "consent-banner": true, "sidebar": true,
	"widget": true, "skip": true, "share": true, "sharing": true, "modal": true, "popup": true,
	"newsletter": true, "subscribe": true, "comments": true, "related": true, "advert": true, "ads": true,
}

var noiseRoles = map[string]bool{"navigation": true, "menu": true, "menubar": true, "search": true, "dialog": true, "alert": true}

// blockTags start and end a block of text.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Header: true, atom.Footer: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Table: true, atom.Blockquote: true,
	atom.Pre: true, atom.Dt: true, atom.Dd: true, atom.Dl: true, atom.Address: true,
	atom.Figure: true, atom.Figcaption: true, atom.Hr: true, atom.Body: true, atom.Form: true,
	atom.Fieldset: true, atom.Legend: true, atom.Label: true, atom.Caption: true, atom.Title: true,
	atom.Details: true, atom.Summary: true,
}

// htmlBlocks extracts the readable text of an HTML document as blocks.
func htmlBlocks(src string) []block {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		// The parser accepts any input; keep a fallback all the same.
		return linesToBlocks(textLines(stripTags(src)))
	}
	w := &htmlWalker{}
	// The title often names the practice; it is read before the head is skipped.
	if t := findTitle(doc); t != "" {
		w.blocks = append(w.blocks, block{kind: heading, text: t})
	}
	w.walk(doc, paragraph, 0)
	w.flush(paragraph)
	return w.blocks
}

type htmlWalker struct {
	blocks []block
	buf    strings.Builder
}

func (w *htmlWalker) flush(kind blockKind) {
	t := strings.Join(strings.Fields(foldChars(w.buf.String())), " ")
	w.buf.Reset()
	if t != "" {
		w.blocks = append(w.blocks, block{kind: kind, text: t})
	}
}

// walk visits n; kind is the kind of the innermost enclosing block. depth
// bounds recursion on pathological nesting.
func (w *htmlWalker) walk(n *html.Node, kind blockKind, depth int) {
	if depth > 512 {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.buf.WriteString(n.Data)
		return
	case html.ElementNode:
		if skippedTags[n.DataAtom] || isNoise(n) {
			return
		}
		if n.DataAtom == atom.Br {
			w.flush(kind)
			return
		}
		if blockTags[n.DataAtom] {
			w.flush(kind)
			inner := kind
			switch n.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Dt, atom.Legend, atom.Caption, atom.Summary:
				inner = heading
			case atom.Li:
				inner = listItem
			case atom.Title:
				return
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				w.walk(c, inner, depth+1)
			}
			w.flush(inner)
			return
		}
	case html.CommentNode, html.DoctypeNode:
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, kind, depth+1)
	}
}

// isNoise reports whether an element is hidden or page chrome.
func isNoise(n *html.Node) bool {
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(a.Val, "true") {
				return true
			}
		case "role":
			if noiseRoles[strings.ToLower(a.Val)] {
				return true
			}
		case "style":
			v := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			if strings.Contains(v, "display:none") || strings.Contains(v, "visibility:hidden") {
				return true
			}
		case "class", "id":
			for _, f := range strings.FieldsFunc(strings.ToLower(a.Val), func(r rune) bool { return r == ' ' || r == '_' || r == '-' }) {
				if noiseNames[f] {
					return true
				}
			}
		}
	}
	return false
}

func findTitle(n *html.Node) string {
	var title string
	var find func(*html.Node, int)
	find = func(n *html.Node, depth int) {
		if title != "" || depth > 64 {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Title {
			var b strings.Builder
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.TextNode {
					b.WriteString(c.Data)
				}
			}
			title = strings.Join(strings.Fields(foldChars(b.String())), " ")
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c, depth+1)
		}
	}
	find(n, 0)
	return title
}

// stripTags is a crude fallback that drops anything between angle brackets.
func stripTags(s string) string {
	return inlineTag.ReplaceAllString(s, " ")
}
