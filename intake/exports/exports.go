// Package exports reads the connection lists people download from their own
// social-media accounts (Facebook friends, Instagram followers and
// following, X followers and following, LinkedIn connections), so a
// therapist can audit existing connections against the client roster.
// Exports change shape over the years; the parsers accept the known shapes
// and say clearly what a file is when it is none of them.
package exports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
)

// Kind is which relation a list records.
type Kind string

// The kinds of lists.
const (
	Friends     Kind = "friends"
	Followers   Kind = "followers"
	Following   Kind = "following"
	Connections Kind = "connections"
)

// Platforms read here.
const (
	Facebook  = "facebook"
	Instagram = "instagram"
	X         = "x"
	LinkedIn  = "linkedin"
)

// Person is one entry of a list. Which fields are set depends on the
// platform: Facebook gives names only, Instagram usernames, X numeric
// account ids (the archive has no screen names), LinkedIn names, profile
// URLs and sometimes an email.
type Person struct {
	Name        string    `json:"name,omitempty"`
	Handle      string    `json:"handle,omitempty"`
	ProfileURL  string    `json:"profile_url,omitempty"`
	Email       string    `json:"email,omitempty"`
	ConnectedAt time.Time `json:"connected_at,omitzero"`
}

// Export is one parsed file.
type Export struct {
	Platform string   `json:"platform"`
	Kind     Kind     `json:"kind"`
	People   []Person `json:"people"`
}

// Parse reads one export file. platform is what the user says the file is
// from ("facebook", "instagram", "x", "linkedin"), or "" to detect it; name
// is the file's name, a hint where the content alone is ambiguous (an
// older Instagram followers_1.json is a bare list, like following). A file
// from another platform than the one named is an error, as is a file that
// is none of the known lists.
func Parse(platform, name string, data []byte) (Export, error) {
	switch platform {
	case "", Facebook, Instagram, X, LinkedIn:
	default:
		return Export{}, framekeeper.Invalid("platform", "Unknown platform %q: use facebook, instagram, x or linkedin.", platform)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimSpace(data)
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	var ex Export
	var err error
	switch {
	case len(trimmed) == 0:
		return Export{}, invalid("The file is empty.")
	case bytes.HasPrefix(trimmed, []byte("window.YTD.")):
		ex, err = parseXArchive(trimmed)
	case trimmed[0] == '{' || trimmed[0] == '[':
		ex, err = parseJSON(trimmed, base)
	case trimmed[0] == '<':
		return Export{}, invalid("This is an HTML export; download your information again in JSON format.")
	default:
		ex, err = parseLinkedIn(data)
	}
	if err != nil {
		return Export{}, err
	}
	if platform != "" && platform != ex.Platform {
		return Export{}, invalid("This file looks like a %s export (%s), not a %s one.", title(ex.Platform), ex.Kind, title(platform))
	}
	if ex.People == nil {
		ex.People = []Person{}
	}
	return ex, nil
}

func invalid(format string, args ...any) error {
	return framekeeper.Invalid("file", format, args...)
}

func title(platform string) string {
	switch platform {
	case Facebook:
		return "Facebook"
	case Instagram:
		return "Instagram"
	case X:
		return "X"
	case LinkedIn:
		return "LinkedIn"
	}
	return platform
}

// Keys of other files from the same downloads, named so the error says what
// the file is rather than only what it is not.
var otherFiles = map[string]string{
	"received_requests_v2":                    "Facebook friend requests received",
	"sent_requests_v2":                        "Facebook friend requests sent",
	"rejected_requests_v2":                    "Facebook friend requests declined",
	"deleted_friends_v2":                      "Facebook removed friends",
	"following_v3":                            "Facebook pages and people followed",
	"relationships_follow_requests_received":  "Instagram follow requests received",
	"relationships_follow_requests_sent":      "Instagram follow requests sent",
	"relationships_close_friends":             "Instagram close friends",
	"relationships_blocked_users":             "Instagram blocked accounts",
	"relationships_unfollowed_users":          "Instagram recently unfollowed accounts",
	"relationships_dismissed_suggested_users": "Instagram dismissed suggestions",
	"relationships_hide_stories_from":         "Instagram hidden-story list",
	"relationships_restricted_users":          "Instagram restricted accounts",
	"relationships_permanent_follow_requests": "Instagram pending follow requests",
}

func parseJSON(data []byte, base string) (Export, error) {
	if data[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(data, &items); err != nil {
			return Export{}, invalid("The file is not valid JSON: %s.", jsonMessage(err))
		}
		return parseJSONList(items, base)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return Export{}, invalid("The file is not valid JSON: %s.", jsonMessage(err))
	}
	for _, rel := range []struct {
		key  string
		kind Kind
	}{{"relationships_followers", Followers}, {"relationships_following", Following}} {
		if raw, ok := obj[rel.key]; ok {
			people, err := parseInstagram(raw)
			if err != nil {
				return Export{}, err
			}
			return Export{Platform: Instagram, Kind: rel.kind, People: people}, nil
		}
	}
	for _, key := range []string{"friends_v2", "friends"} {
		if raw, ok := obj[key]; ok {
			people, err := parseFacebook(raw)
			if err != nil {
				return Export{}, err
			}
			return Export{Platform: Facebook, Kind: Friends, People: people}, nil
		}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		if what, ok := otherFiles[k]; ok {
			return Export{}, invalid("This is the %s list, not a list of friends, followers, following or connections.", what)
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 5 {
		keys = append(keys[:5], "…")
	}
	return Export{}, invalid("This JSON file is not a known friends, followers or following export (its keys: %s).", strings.Join(keys, ", "))
}

// parseJSONList reads a file whose top level is a list: an older Instagram
// followers file, a bare Facebook list, or an X archive file with its
// JavaScript prefix already removed.
func parseJSONList(items []json.RawMessage, base string) (Export, error) {
	if len(items) == 0 {
		return Export{}, invalid("The file is an empty list; there is no telling which export it is.")
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(items[0], &probe); err != nil {
		return Export{}, invalid("The list does not hold entries of a known export.")
	}
	raw, _ := json.Marshal(items) // re-marshal of parsed raw values cannot fail
	switch {
	case has(probe, "string_list_data"):
		people, err := parseInstagram(raw)
		if err != nil {
			return Export{}, err
		}
		kind := Followers
		if strings.Contains(base, "following") {
			kind = Following
		}
		return Export{Platform: Instagram, Kind: kind, People: people}, nil
	case has(probe, "follower"):
		return parseXItems(items, "follower")
	case has(probe, "following"):
		return parseXItems(items, "following")
	case has(probe, "name"):
		people, err := parseFacebook(raw)
		if err != nil {
			return Export{}, err
		}
		return Export{Platform: Facebook, Kind: Friends, People: people}, nil
	}
	return Export{}, invalid("The list does not hold entries of a known export.")
}

func has(m map[string]json.RawMessage, k string) bool { _, ok := m[k]; return ok }

type fbFriend struct {
	Name        string `json:"name"`
	Timestamp   unix   `json:"timestamp"`
	ContactInfo string `json:"contact_info"`
}

func parseFacebook(raw json.RawMessage) ([]Person, error) {
	var items []fbFriend
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, invalid("The friends list is not in the expected shape: %s.", jsonMessage(err))
	}
	people := make([]Person, 0, len(items))
	for _, f := range items {
		name := strings.TrimSpace(FixMojibake(f.Name))
		if name == "" {
			continue
		}
		p := Person{Name: name, ConnectedAt: f.Timestamp.t}
		if strings.Contains(f.ContactInfo, "@") {
			p.Email = strings.TrimSpace(f.ContactInfo)
		}
		people = append(people, p)
	}
	return people, nil
}

type igEntry struct {
	Title          string `json:"title"`
	StringListData []struct {
		Href      string `json:"href"`
		Value     string `json:"value"`
		Timestamp unix   `json:"timestamp"`
	} `json:"string_list_data"`
}

func parseInstagram(raw json.RawMessage) ([]Person, error) {
	var items []igEntry
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, invalid("The Instagram list is not in the expected shape: %s.", jsonMessage(err))
	}
	people := make([]Person, 0, len(items))
	for _, it := range items {
		p := Person{Handle: strings.TrimSpace(FixMojibake(it.Title))}
		for _, d := range it.StringListData {
			if v := strings.TrimSpace(FixMojibake(d.Value)); v != "" {
				p.Handle = v
			}
			if p.ProfileURL == "" {
				p.ProfileURL = strings.TrimSpace(FixMojibake(d.Href))
			}
			if p.ConnectedAt.IsZero() {
				p.ConnectedAt = d.Timestamp.t
			}
		}
		if p.Handle == "" {
			p.Handle = instagramUser(p.ProfileURL)
		}
		if p.Handle == "" {
			continue
		}
		people = append(people, p)
	}
	return people, nil
}

// instagramUser takes the username from a profile link:
// https://www.instagram.com/name or, in newer exports, /_u/name.
func instagramUser(href string) string {
	u, err := url.Parse(href)
	if err != nil || !strings.HasSuffix(strings.ToLower(u.Hostname()), "instagram.com") {
		return ""
	}
	parts := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	if len(parts) > 0 && parts[0] == "_u" {
		parts = parts[1:]
	}
	if len(parts) == 0 {
		return ""
	}
	return textOnly(parts[0])
}

// parseXArchive reads window.YTD.<name>.partN = [ … ].
func parseXArchive(data []byte) (Export, error) {
	head, rest, ok := bytes.Cut(data, []byte("="))
	if !ok {
		return Export{}, invalid("The X archive file has no data after its window.YTD name.")
	}
	fields := strings.Split(strings.TrimSpace(string(head)), ".")
	if len(fields) < 3 {
		return Export{}, invalid("The X archive file does not name its data.")
	}
	what := fields[2]
	if what != "follower" && what != "following" {
		return Export{}, invalid("This X archive file holds %q, not follower or following.", what)
	}
	rest = bytes.TrimSpace(rest)
	rest = bytes.TrimSuffix(rest, []byte(";"))
	var items []json.RawMessage
	if err := json.Unmarshal(rest, &items); err != nil {
		return Export{}, invalid("The X archive file is not valid: %s.", jsonMessage(err))
	}
	return parseXItems(items, what)
}

func parseXItems(items []json.RawMessage, what string) (Export, error) {
	kind := Followers
	if what == "following" {
		kind = Following
	}
	people := make([]Person, 0, len(items))
	for _, raw := range items {
		var wrap map[string]struct {
			AccountID string `json:"accountId"`
			UserLink  string `json:"userLink"`
		}
		if err := json.Unmarshal(raw, &wrap); err != nil {
			return Export{}, invalid("The X archive file is not in the expected shape: %s.", jsonMessage(err))
		}
		a, ok := wrap[what]
		if !ok {
			continue
		}
		id := strings.TrimSpace(a.AccountID)
		if id == "" {
			id = xUserID(a.UserLink)
		}
		if id == "" {
			continue
		}
		people = append(people, Person{Handle: id, ProfileURL: strings.TrimSpace(a.UserLink)})
	}
	return Export{Platform: X, Kind: kind, People: people}, nil
}

func xUserID(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	return textOnly(u.Query().Get("user_id"))
}

// LinkedIn's Connections.csv opens with a few lines of notes and a blank
// line before the header; older files start at the header.
func parseLinkedIn(data []byte) (Export, error) {
	lines := bytes.SplitAfter(data, []byte("\n"))
	start := -1
	for i, l := range lines {
		if i > 50 {
			break
		}
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(string(l))), "first name,") {
			start = i
			break
		}
	}
	if start < 0 {
		if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
			return Export{}, invalid("The file is not text; it is none of the known exports.")
		}
		return Export{}, invalid("The file is not a known export: no JSON, no X archive data, and no LinkedIn header (First Name,Last Name,…).")
	}
	body := bytes.Join(lines[start:], nil)
	if !utf8.Valid(body) {
		body = latin1(body) // a file re-saved by a spreadsheet on Windows
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return Export{}, invalid("The LinkedIn header cannot be read: %v.", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	get := func(rec []string, names ...string) string {
		for _, n := range names {
			if i, ok := col[n]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
		}
		return ""
	}
	var people []Person
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Export{}, invalid("LinkedIn row %d cannot be read: %v.", line, err)
		}
		name := strings.TrimSpace(get(rec, "first name") + " " + get(rec, "last name"))
		link := get(rec, "url", "profile url")
		if name == "" && link == "" {
			continue
		}
		people = append(people, Person{
			Name:        name,
			Handle:      linkedInSlug(link),
			ProfileURL:  link,
			Email:       get(rec, "email address", "email"),
			ConnectedAt: parseDate(get(rec, "connected on")),
		})
	}
	return Export{Platform: LinkedIn, Kind: Connections, People: people}, nil
}

// latin1 reads b as ISO-8859-1, where every byte is the code point of the
// same value.
func latin1(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		out = utf8.AppendRune(out, rune(c))
	}
	return out
}

// linkedInSlug takes the public identifier from https://www.linkedin.com/in/slug.
func linkedInSlug(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	parts := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	if len(parts) >= 2 && parts[0] == "in" {
		return textOnly(parts[1])
	}
	return ""
}

// textOnly returns a part of a link as url decoded it, or "" when its
// percent escapes decode to bytes that are not UTF-8 ("%80"): no handle is
// such bytes, and they would be refused by PostgreSQL and garbled in JSON.
func textOnly(s string) string {
	if !utf8.ValidString(s) {
		return ""
	}
	return s
}

// parseDate reads LinkedIn's "02 Jan 2006" and the other layouts seen in
// older or localised files; an unreadable date is left zero.
func parseDate(s string) time.Time {
	for _, layout := range []string{"02 Jan 2006", "2 Jan 2006", "02-Jan-06", "2006-01-02", "01/02/2006", "1/2/2006", "Jan 2, 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// FixMojibake repairs the text of Meta's exports, which write each byte of
// a UTF-8 name as its own \u00XX escape ("Zo\u00c3\u00ab" for "Zoë"): when
// every character fits in a byte and those bytes are valid UTF-8, they are
// read as UTF-8. Text with any character above U+00FF is left alone, and so
// is genuine Latin-1 text, whose bytes are not valid UTF-8.
func FixMojibake(s string) string {
	high := false
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			return s
		}
		if r >= 0x80 {
			high = true
		}
		b = append(b, byte(r))
	}
	if !high || !utf8.Valid(b) {
		return s
	}
	return string(b)
}

// unix is a Unix time in seconds; zero, negative or unreadable values stay
// zero rather than failing the file.
type unix struct{ t time.Time }

func (u *unix) UnmarshalJSON(b []byte) error {
	var n json.Number
	if err := json.Unmarshal(bytes.Trim(b, `"`), &n); err != nil {
		return nil
	}
	if v, err := n.Int64(); err == nil && v > 0 && v < 1e11 {
		u.t = time.Unix(v, 0).UTC()
	}
	return nil
}

func jsonMessage(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d", se.Offset)
	case errors.As(err, &te):
		if te.Field != "" {
			return fmt.Sprintf("%s should be %s, not %s", te.Field, te.Type, te.Value)
		}
		return fmt.Sprintf("expected %s, found %s", te.Type, te.Value)
	}
	return "invalid JSON"
}
