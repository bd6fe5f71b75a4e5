// Package reviews reads reviews of the practice exported from, or copied
// off, review sites (CSV or JSON) into review interactions. Review sites
// offer no webhooks a small practice can use, so reviews come in by import
// or by hand; triage then decides them like any other interaction (under
// business_reviews: no_response they are never answered).
package reviews

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/triage"
)

// MaxReviews bounds one import.
const MaxReviews = 5000

// Review is one review as imported or entered.
type Review struct {
	ID     string    `json:"id,omitempty"` // the site's id, when the export has one
	Site   string    `json:"site"`
	Author string    `json:"author"`
	Date   time.Time `json:"date,omitzero"`
	Rating string    `json:"rating,omitempty"`
	Text   string    `json:"text"`
	URL    string    `json:"url,omitempty"`
}

// Column names accepted for each field (lower case), so exports from
// different sites and hand-made spreadsheets read alike.
var columns = map[string]string{
	"id": "id", "review_id": "id", "reviewid": "id", "review id": "id",
	"site": "site", "source": "site", "platform": "site",
	"author": "author", "reviewer": "author", "name": "author", "user": "author", "reviewer name": "author",
	"date": "date", "created": "date", "created_at": "date", "time": "date", "published": "date", "review date": "date",
	"rating": "rating", "stars": "rating", "score": "rating",
	"text": "text", "review": "text", "body": "text", "comment": "text", "content": "text", "review text": "text",
	"url": "url", "link": "url",
}

// Parse reads a CSV (with a header row) or JSON file (an array of review
// objects, or {"reviews": […]}). site is used where a row names none.
// Every review needs an author and text; the first bad row is an error
// naming its line, and nothing is imported.
func Parse(data []byte, site string) ([]Review, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, framekeeper.Invalid("file", "The file is not UTF-8 text.")
	}
	t := bytes.TrimSpace(data)
	if len(t) == 0 {
		return nil, framekeeper.Invalid("file", "The file is empty.")
	}
	var rows []map[string]string
	var err error
	if t[0] == '[' || t[0] == '{' {
		rows, err = parseJSON(t)
	} else {
		rows, err = parseCSV(data)
	}
	if err != nil {
		return nil, err
	}
	if len(rows) > MaxReviews {
		return nil, framekeeper.Invalid("file", "The file holds %d reviews; import at most %d at a time.", len(rows), MaxReviews)
	}
	out := make([]Review, 0, len(rows))
	for i, row := range rows {
		r, err := fromRow(row, site)
		if err != nil {
			return nil, framekeeper.Invalid("file", "Review %d: %s", i+1, framekeeper.ErrorMessage(err))
		}
		out = append(out, r)
	}
	return out, nil
}

func parseCSV(data []byte) ([]map[string]string, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, framekeeper.Invalid("file", "The CSV file has no header row.")
	}
	fields := make([]string, len(header))
	known := 0
	for i, h := range header {
		if f, ok := columns[strings.ToLower(strings.TrimSpace(h))]; ok {
			fields[i] = f
			known++
		}
	}
	if known == 0 {
		return nil, framekeeper.Invalid("file", "The CSV header names none of the columns author, text, date, rating, site, id.")
	}
	var rows []map[string]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, framekeeper.Invalid("file", "The CSV file is malformed at line %d.", pe.Line)
			}
			return nil, framekeeper.Invalid("file", "The CSV file cannot be read.")
		}
		row := map[string]string{}
		blank := true
		for i, v := range rec {
			if i < len(fields) && fields[i] != "" {
				row[fields[i]] = strings.TrimSpace(v)
				blank = blank && strings.TrimSpace(v) == ""
			}
		}
		if !blank {
			rows = append(rows, row)
		}
		if len(rows) > MaxReviews {
			break
		}
	}
	return rows, nil
}

func parseJSON(data []byte) ([]map[string]string, error) {
	var items []map[string]any
	if data[0] == '{' {
		var wrap struct {
			Reviews []map[string]any `json:"reviews"`
		}
		if err := json.Unmarshal(data, &wrap); err != nil || wrap.Reviews == nil {
			return nil, framekeeper.Invalid("file", "The JSON file must be an array of reviews or an object with a \"reviews\" array.")
		}
		items = wrap.Reviews
	} else if err := json.Unmarshal(data, &items); err != nil {
		return nil, framekeeper.Invalid("file", "The JSON file must be an array of review objects.")
	}
	rows := make([]map[string]string, 0, len(items))
	for _, it := range items {
		row := map[string]string{}
		for k, v := range it {
			f, ok := columns[strings.ToLower(strings.TrimSpace(k))]
			if !ok {
				continue
			}
			switch v := v.(type) {
			case string:
				row[f] = strings.TrimSpace(v)
			case float64:
				row[f] = strconv.FormatFloat(v, 'f', -1, 64)
			case map[string]any: // {"author": {"name": "…"}} as some sites nest it
				if s, ok := v["name"].(string); ok {
					row[f] = strings.TrimSpace(s)
				}
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

var dateLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", time.DateOnly, "01/02/2006", "2 Jan 2006", "January 2, 2006", "Jan 2, 2006"}

// ParseDate reads the date formats review exports use.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, framekeeper.Invalid("date", "The date %q is not one of 2025-06-02, 2025-06-02T15:04:05Z, 06/02/2025 or 2 Jun 2025.", truncate(s, 40))
}

func fromRow(row map[string]string, site string) (Review, error) {
	r := Review{ID: row["id"], Site: row["site"], Author: row["author"], Rating: row["rating"], Text: row["text"], URL: row["url"]}
	if r.Site == "" {
		r.Site = site
	}
	if row["date"] != "" {
		d, err := ParseDate(row["date"])
		if err != nil {
			return r, err
		}
		r.Date = d
	}
	return r, r.Validate()
}

// Validate checks a review before it becomes an interaction.
func (r Review) Validate() error {
	switch {
	case !utf8.ValidString(r.Site + r.Author + r.Text + r.ID + r.Rating + r.URL):
		return framekeeper.Invalid("file", "The review is not valid UTF-8 text.")
	case strings.TrimSpace(r.Site) == "":
		return framekeeper.Invalid("site", "Say which review site the review is on.")
	case strings.TrimSpace(r.Author) == "":
		return framekeeper.Invalid("author", "The review has no author.")
	case strings.TrimSpace(r.Text) == "":
		return framekeeper.Invalid("text", "The review has no text.")
	case len(r.Text) > triage.MaxTextLen:
		return framekeeper.Invalid("text", "The review text is too long.")
	case len(r.Site) > 100 || len(r.Author) > 500 || len(r.ID) > 200 || len(r.Rating) > 20 || len(r.URL) > 1000:
		return framekeeper.Invalid("file", "A field of the review is too long.")
	}
	return nil
}

// Interaction is the review interaction: its id is the site's own when
// known, else a digest of site, author, date and text, so importing the
// same file twice records each review once.
func (r Review) Interaction() triage.Interaction {
	site := strings.ToLower(strings.TrimSpace(r.Site))
	id := r.ID
	if id == "" {
		h := sha256.Sum256([]byte(site + "\x00" + strings.TrimSpace(r.Author) + "\x00" + r.Date.Format(time.DateOnly) + "\x00" + strings.TrimSpace(r.Text)))
		id = "sha256:" + hex.EncodeToString(h[:16])
	} else {
		id = site + ":" + id
	}
	text := r.Text
	if r.Rating != "" {
		text = fmt.Sprintf("Rating: %s\n\n%s", r.Rating, text)
	}
	return triage.Interaction{
		ID:      id,
		Kind:    triage.Review,
		Channel: triage.ChannelReviewSite,
		From:    triage.Sender{Name: strings.TrimSpace(r.Author)},
		To:      "practice",
		Text:    text,
		At:      r.Date,
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
