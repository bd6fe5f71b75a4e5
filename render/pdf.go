package render

import (
	_ "embed"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"github.com/framekeeper/framekeeper/policy"
)

// DejaVu Sans covers Latin, Greek and Cyrillic with accents, so names such as
// "Zoë Ångström-Nuñez" or "Łukasz" print as written. See fonts/LICENSE.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

const fontFamily = "dejavu"

// Layout, in millimetres and points.
const (
	bodySize    = 10.5
	lineHeight  = 5.4
	headingSize = 13
	titleSize   = 18
	listIndent  = 6
)

var accent = [3]int{0x2f, 0x5d, 0x50} // the HTML page's green, for headings

// PDFOptions are the details of one PDF.
type PDFOptions struct {
	PageSize  string    // "Letter" (the default) or "A4"
	CreatedAt time.Time // fixed creation date, so equal input gives equal bytes; now when zero
	Author    string
}

// PDF builds a PDF page by page. PolicyPDF uses it for the policy; the
// signing feature can go on with the same builder to add a filled-in
// signature block and a certificate page before writing it out.
type PDF struct {
	f      *fpdf.Fpdf
	footer string
}

// NewPDF starts an empty PDF with the embedded fonts loaded.
func NewPDF(o PDFOptions) (*PDF, error) {
	size := o.PageSize
	if size == "" {
		size = "Letter"
	}
	f := fpdf.New("P", "mm", size, "")
	f.SetMargins(22, 20, 22)
	f.SetAutoPageBreak(true, 20)
	f.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	f.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
	f.SetCreator("Framekeeper", true)
	f.SetProducer("Framekeeper", true)
	if o.Author != "" {
		f.SetAuthor(cleanText(o.Author), true)
	}
	if !o.CreatedAt.IsZero() {
		f.SetCreationDate(o.CreatedAt)
		f.SetModificationDate(o.CreatedAt)
	}
	f.SetCatalogSort(true) // deterministic object order for equal input
	f.AliasNbPages("{nb}")
	p := &PDF{f: f}
	f.SetFooterFunc(func() {
		f.SetY(-14)
		f.SetFont(fontFamily, "", 8)
		f.SetTextColor(110, 110, 110)
		text := fmt.Sprintf("Page %d of {nb}", f.PageNo())
		if p.footer != "" {
			text = p.footer + "  ·  " + text
		}
		f.CellFormat(0, 5, text, "", 0, "C", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("render: start PDF: %w", err)
	}
	return p, nil
}

// SetFooter sets the text printed at the foot of every page from the next
// page on (and of the current one, which is finished last).
func (p *PDF) SetFooter(text string) { p.footer = cleanText(text) }

// SetTitle sets the document title in the PDF's properties.
func (p *PDF) SetTitle(title string) { p.f.SetTitle(cleanText(title), true) }

// AddPage starts a new page.
func (p *PDF) AddPage() {
	p.f.AddPage()
	p.body()
}

// Title writes a large title.
func (p *PDF) Title(text string) {
	p.f.SetFont(fontFamily, "B", titleSize)
	p.f.MultiCell(0, 8, cleanText(text), "", "L", false)
	p.body()
}

// Heading writes a section heading, moving to a new page first when too
// little room is left for the heading and a few lines under it.
func (p *PDF) Heading(text string) {
	p.keep(22)
	p.f.Ln(3)
	p.f.SetFont(fontFamily, "B", headingSize)
	p.f.SetTextColor(accent[0], accent[1], accent[2])
	p.f.MultiCell(0, 6.5, cleanText(text), "", "L", false)
	p.f.SetTextColor(0, 0, 0)
	p.f.Ln(1)
	p.body()
}

// Paragraph writes plain text as one paragraph.
func (p *PDF) Paragraph(text string) {
	p.body()
	p.f.MultiCell(0, lineHeight, cleanText(text), "", "L", false)
	p.f.Ln(2)
}

// Small writes a line of small grey text, for contact lines and dates.
func (p *PDF) Small(text string) {
	p.f.SetFont(fontFamily, "", 9)
	p.f.SetTextColor(85, 85, 85)
	p.f.MultiCell(0, 4.5, cleanText(text), "", "L", false)
	p.f.SetTextColor(0, 0, 0)
	p.body()
}

// KeyValues writes label and value pairs in two columns, as a certificate
// page lists signer, time and checksum.
func (p *PDF) KeyValues(rows [][2]string) {
	left, _, right, _ := p.f.GetMargins()
	pw, _ := p.f.GetPageSize()
	labelW := 45.0
	for _, r := range rows {
		y := p.f.GetY()
		p.f.SetFont(fontFamily, "B", bodySize)
		p.f.MultiCell(labelW, lineHeight, cleanText(r[0]), "", "L", false)
		yLabel := p.f.GetY()
		if yLabel < y { // the label broke onto a new page
			y = p.f.GetY() - lineHeight
		}
		p.f.SetXY(left+labelW, y)
		p.f.SetFont(fontFamily, "", bodySize)
		p.f.MultiCell(pw-left-right-labelW, lineHeight, cleanText(r[1]), "", "L", false)
		p.f.SetY(max(p.f.GetY(), yLabel) + 1)
		p.f.SetX(left)
	}
	p.f.Ln(2)
}

// Markdown writes a section body. Its Markdown is untrusted and goes through
// the same sanitiser as the HTML: raw HTML is dropped, unsafe links print as
// their text.
func (p *PDF) Markdown(md string) {
	src := []byte(md)
	p.body()
	p.block(parseMarkdown(src), src)
}

// SignatureBlock writes the statement and one line per signer. Lines that
// carry a name and date (once signed) print them above the rule.
func (p *PDF) SignatureBlock(sb policy.SignatureBlock) {
	p.keep(20 + 16*float64(len(sb.Lines)))
	p.Paragraph(sb.Statement)
	left, _, right, _ := p.f.GetMargins()
	pw, _ := p.f.GetPageSize()
	width := pw - left - right
	labelW, dateLabelW, dateW := 24.0, 12.0, 40.0
	nameW := width - labelW - dateLabelW - dateW - 4
	p.f.SetDrawColor(0, 0, 0)
	p.f.SetLineWidth(0.25)
	for _, l := range sb.Lines {
		p.keep(16)
		p.f.Ln(7)
		y := p.f.GetY()
		p.f.SetFont(fontFamily, "B", bodySize)
		p.f.SetXY(left, y)
		p.f.CellFormat(labelW, lineHeight, cleanText(l.Label), "", 0, "L", false, 0, "")
		p.f.SetFont(fontFamily, "", bodySize)
		p.f.CellFormat(nameW, lineHeight, cleanText(l.Name), "", 0, "L", false, 0, "")
		p.f.CellFormat(4, lineHeight, "", "", 0, "L", false, 0, "")
		p.f.CellFormat(dateLabelW, lineHeight, "Date", "", 0, "L", false, 0, "")
		date := ""
		if !l.SignedAt.IsZero() {
			date = l.SignedAt.Format("January 2, 2006")
		}
		p.f.CellFormat(dateW, lineHeight, date, "", 1, "L", false, 0, "")
		rule := y + lineHeight + 0.5
		p.f.Line(left+labelW, rule, left+labelW+nameW, rule)
		p.f.Line(left+labelW+nameW+4+dateLabelW, rule, left+width, rule)
		p.f.SetY(rule + 2)
	}
	p.f.Ln(4)
}

// Policy writes the whole document from a new page: the practice header,
// title, every section and the signature block.
func (p *PDF) Policy(doc policy.Document) {
	p.SetTitle(doc.Title)
	p.SetFooter(doc.Practice + ": " + doc.Title)
	p.AddPage()
	p.f.SetFont(fontFamily, "B", 14)
	p.f.SetTextColor(accent[0], accent[1], accent[2])
	p.f.MultiCell(0, 7, cleanText(doc.Practice), "", "L", false)
	p.f.SetTextColor(0, 0, 0)
	for _, h := range doc.Header {
		p.Small(h)
	}
	left, _, right, _ := p.f.GetMargins()
	pw, _ := p.f.GetPageSize()
	p.f.Ln(2)
	p.f.SetDrawColor(accent[0], accent[1], accent[2])
	p.f.SetLineWidth(0.6)
	p.f.Line(left, p.f.GetY(), pw-right, p.f.GetY())
	p.f.Ln(5)
	p.Title(doc.Title)
	if v := doc.VersionLine(); v != "" {
		p.Small(v)
	}
	p.f.Ln(2)
	for _, s := range doc.Sections {
		p.Heading(s.Heading)
		p.Markdown(s.Body)
	}
	if doc.Signature != nil {
		p.f.Ln(2)
		p.SignatureBlock(*doc.Signature)
	}
}

// Output writes the finished PDF.
func (p *PDF) Output(w io.Writer) error {
	if err := p.f.Error(); err != nil {
		return fmt.Errorf("render: build PDF: %w", err)
	}
	if err := p.f.Output(w); err != nil {
		return fmt.Errorf("render: write PDF: %w", err)
	}
	return nil
}

// PolicyPDF writes the document as a PDF.
func PolicyPDF(w io.Writer, doc policy.Document, o PDFOptions) error {
	p, err := NewPDF(o)
	if err != nil {
		return err
	}
	p.Policy(doc)
	return p.Output(w)
}

// body resets the font to body text.
func (p *PDF) body() { p.f.SetFont(fontFamily, "", bodySize) }

// keep starts a new page unless h millimetres are left above the bottom margin.
func (p *PDF) keep(h float64) {
	_, ph := p.f.GetPageSize()
	_, bottom := p.f.GetAutoPageBreak()
	if p.f.GetY()+h > ph-bottom {
		p.AddPage()
	}
}

// block writes the children of a block node.
func (p *PDF) block(n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			p.inline(v, src, false)
			p.f.Ln(lineHeight)
			if _, tight := v.(*ast.TextBlock); !tight {
				p.f.Ln(2)
			}
		case *ast.Heading:
			p.f.Ln(1)
			p.inline(v, src, true)
			p.f.Ln(lineHeight + 1)
		case *ast.List:
			p.list(v, src)
			p.f.Ln(2)
		case *ast.Blockquote:
			p.indented(listIndent, func() { p.block(v, src) })
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := v.Lines()
			var b strings.Builder
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(src))
			}
			p.indented(listIndent, func() { p.Paragraph(strings.TrimRight(b.String(), "\n")) })
		case *ast.ThematicBreak:
			left, _, right, _ := p.f.GetMargins()
			pw, _ := p.f.GetPageSize()
			p.f.SetLineWidth(0.2)
			p.f.Line(left, p.f.GetY()+2, pw-right, p.f.GetY()+2)
			p.f.Ln(5)
		default:
			p.block(v, src) // HTML blocks were removed by the sanitiser
		}
	}
}

func (p *PDF) list(l *ast.List, src []byte) {
	n := l.Start
	if n == 0 {
		n = 1
	}
	left, _, _, _ := p.f.GetMargins()
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "•"
		if l.IsOrdered() {
			marker = fmt.Sprintf("%d.", n)
			n++
		}
		p.body()
		p.f.SetX(left)
		p.f.CellFormat(listIndent, lineHeight, marker, "", 0, "L", false, 0, "")
		p.indented(listIndent, func() {
			p.f.SetX(left + listIndent)
			p.block(item, src)
		})
	}
}

// indented runs fn with the left margin moved right by d.
func (p *PDF) indented(d float64, fn func()) {
	left, top, right, _ := p.f.GetMargins()
	p.f.SetMargins(left+d, top, right)
	fn()
	p.f.SetMargins(left, top, right)
	p.f.SetX(left)
}

// inline writes the inline content of n with fpdf's flowing Write, switching
// to bold for strong emphasis.
func (p *PDF) inline(n ast.Node, src []byte, bold bool) {
	style := func(b bool) {
		if b {
			p.f.SetFont(fontFamily, "B", bodySize)
		} else {
			p.f.SetFont(fontFamily, "", bodySize)
		}
	}
	var walk func(n ast.Node, bold bool)
	walk = func(n ast.Node, bold bool) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch v := c.(type) {
			case *ast.Text:
				style(bold)
				p.f.Write(lineHeight, cleanText(unescapeMarkdown(v.Value(src))))
				switch {
				case v.HardLineBreak():
					p.f.Ln(lineHeight)
				case v.SoftLineBreak():
					p.f.Write(lineHeight, " ")
				}
			case *ast.String:
				style(bold)
				p.f.Write(lineHeight, cleanText(string(v.Value)))
			case *ast.CodeSpan:
				walk(v, bold)
			case *ast.Emphasis:
				walk(v, bold || v.Level >= 2)
			case *ast.Link:
				walk(v, bold)
				dest := string(v.Destination)
				if isAbsolute(dest) || strings.HasPrefix(strings.ToLower(dest), "mailto:") {
					style(false)
					p.f.Write(lineHeight, " ("+cleanText(strings.TrimPrefix(dest, "mailto:"))+")")
				}
			case *ast.AutoLink:
				style(bold)
				p.f.Write(lineHeight, cleanText(string(v.Label(src))))
			default:
				walk(v, bold)
			}
		}
	}
	walk(n, bold)
	style(false)
}

// unescapeMarkdown turns the source of a text node into the text it stands
// for, as goldmark's HTML writer does: backslash escapes and entities.
func unescapeMarkdown(b []byte) string {
	b = util.UnescapePunctuations(b)
	b = util.ResolveNumericReferences(b)
	b = util.ResolveEntityNames(b)
	return string(b)
}

// cleanText removes control characters, which have no glyph and would print
// as boxes, folds tabs and line breaks into spaces, and replaces characters
// outside the Basic Multilingual Plane.
func cleanText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r):
			return -1
		case r > 0xFFFF:
			// fpdf's Unicode fonts cover the Basic Multilingual Plane only
			// (an emoji would make it panic): show the replacement mark.
			return unicode.ReplacementChar
		}
		return r
	}, s)
}
