package resolve

import (
	"net/mail"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/framekeeper/framekeeper"
)

// IdentityKey returns the form of an identifier that exact matching compares:
// framekeeper.NormaliseIdentity, and further
//   - gmail.com and googlemail.com addresses lose dots and a "+tag" in the
//     local part and use gmail.com, since Gmail delivers all of them to one
//     mailbox (other providers differ, so their addresses are left alone);
//   - handles given as profile URLs lose query strings, fragments and
//     mobile-site prefixes (a Facebook profile.php?id=N keeps its id).
//
// A Source looks identities up by this key.
func IdentityKey(kind framekeeper.IdentityKind, value string) (string, error) {
	id, err := framekeeper.NormaliseIdentity(kind, value)
	if err != nil {
		return "", err
	}
	switch kind {
	case framekeeper.IdentityEmail:
		return gmailMailbox(id.Value), nil
	case framekeeper.IdentityFacebook, framekeeper.IdentityInstagram, framekeeper.IdentityX, framekeeper.IdentityLinkedIn:
		if h := cleanHandle(id.Value); h != "" {
			return h, nil
		}
	}
	return id.Value, nil
}

// IdentityKeysVersion names the way IdentityKey makes keys. A database
// stores it beside the keys, and recomputes them when it changes.
const IdentityKeysVersion = 1

// gmailMailbox canonicalises a lower-case gmail address to its mailbox.
func gmailMailbox(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return addr
	}
	local, domain := addr[:at], addr[at+1:]
	if domain != "gmail.com" && domain != "googlemail.com" {
		return addr
	}
	if i := strings.IndexByte(local, '+'); i >= 0 {
		local = local[:i]
	}
	local = strings.ReplaceAll(local, ".", "")
	if local == "" {
		return addr
	}
	return local + "@gmail.com"
}

// cleanHandle removes what NormaliseHandle leaves of a profile URL beyond the
// handle itself.
func cleanHandle(h string) string {
	for _, p := range []string{"m.facebook.com/", "mobile.twitter.com/", "mobile.x.com/", "fb.com/"} {
		h = strings.TrimPrefix(h, p)
	}
	if strings.HasPrefix(h, "profile.php?") {
		// The numeric id is the handle of a Facebook profile without a
		// username; keep only it so tracking parameters do not matter.
		for _, kv := range strings.Split(h[len("profile.php?"):], "&") {
			if strings.HasPrefix(kv, "id=") && len(kv) > 3 {
				return "profile.php?" + kv
			}
		}
		return h
	}
	if i := strings.IndexAny(h, "?#"); i >= 0 {
		h = h[:i]
	}
	h = strings.TrimSuffix(h, "/")
	return strings.TrimPrefix(h, "@")
}

// platformKind maps a Sender.Platform to the identity kind of its handles.
func platformKind(p string) (framekeeper.IdentityKind, bool) {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "facebook", "fb":
		return framekeeper.IdentityFacebook, true
	case "instagram", "ig":
		return framekeeper.IdentityInstagram, true
	case "x", "twitter":
		return framekeeper.IdentityX, true
	case "linkedin":
		return framekeeper.IdentityLinkedIn, true
	}
	return "", false
}

// platformFromURL recognises a handle written as a profile URL, so a sender
// whose platform is missing still matches on the right platform.
func platformFromURL(h string) (framekeeper.IdentityKind, bool) {
	h = strings.ToLower(strings.TrimSpace(h))
	for _, p := range []string{"https://", "http://", "www.", "m.", "mobile."} {
		h = strings.TrimPrefix(h, p)
	}
	for _, p := range []struct {
		prefix string
		kind   framekeeper.IdentityKind
	}{
		{"facebook.com/", framekeeper.IdentityFacebook}, {"fb.com/", framekeeper.IdentityFacebook},
		{"instagram.com/", framekeeper.IdentityInstagram},
		{"x.com/", framekeeper.IdentityX}, {"twitter.com/", framekeeper.IdentityX},
		{"linkedin.com/in/", framekeeper.IdentityLinkedIn},
	} {
		if strings.HasPrefix(h, p.prefix) {
			return p.kind, true
		}
	}
	return "", false
}

// foldRunes maps accented Latin letters (lower case) to ASCII, so "Zoë" and
// "Zoe", "Łukasz" and "Lukasz" are the same token. Letters outside the table
// (Greek, Cyrillic, CJK…) are kept as they are.
var foldRunes = func() map[rune]string {
	m := map[rune]string{}
	for _, p := range []struct{ from, to string }{
		{"àáâãäåāăąǎǟǡǻȁȃȧạảấầẩẫậắằẳẵặ", "a"},
		{"çćĉċč", "c"}, {"ďđ", "d"},
		{"èéêëēĕėęěȅȇȩẹẻẽếềểễệ", "e"},
		{"ĝğġģǧǵ", "g"}, {"ĥħ", "h"},
		{"ìíîïĩīĭįıǐȉȋịỉ", "i"}, {"ĵǰ", "j"}, {"ķǩ", "k"}, {"ĺļľŀł", "l"},
		{"ñńņňŉǹ", "n"},
		{"òóôõöøōŏőǒǫǭǿȍȏȫȭȯȱọỏốồổỗộớờởỡợơ", "o"},
		{"ŕŗřȑȓ", "r"}, {"śŝşšș", "s"}, {"ţťŧț", "t"},
		{"ùúûüũūŭůűųǔǖǘǚǜȕȗưụủứừửữự", "u"},
		{"ŵẁẃẅ", "w"}, {"ýÿŷȳỳỵỷỹ", "y"}, {"źżž", "z"},
	} {
		for _, r := range p.from {
			m[r] = p.to
		}
	}
	m['ß'], m['æ'], m['œ'], m['þ'], m['ð'] = "ss", "ae", "oe", "th", "d"
	return m
}()

// isApostrophe covers the straight and typographic apostrophes, which join
// a name ("O'Brien" is "obrien") rather than split it.
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`'
}

// Bounds on the work one name can cause, whatever a sender puts in it.
const (
	maxNameRunes  = 200
	maxNameTokens = 8
)

// tokenKind says how a token of a name counts as evidence.
type tokenKind uint8

const (
	fullToken    tokenKind = iota // a given name or surname
	initialToken                  // one letter: "J." in "Mary J. Blige"
	minorToken                    // a particle such as "van" or "de"
)

// token is one word of a name, folded.
type token struct {
	raw   string
	canon []string // canonical given names (nicknames resolved), or {raw}
	kind  tokenKind
}

// parsedName is a name split into tokens, with the count of full tokens.
type parsedName struct {
	toks []token
	full int
}

// particles join surnames ("van", "de"); they are matched but are weak
// evidence, and a missing one barely counts.
var particles = map[string]bool{
	"van": true, "von": true, "de": true, "da": true, "del": true, "della": true, "der": true,
	"den": true, "di": true, "du": true, "dos": true, "das": true, "bin": true, "ibn": true,
	"ter": true, "ten": true,
}

// honorifics are titles and suffixes that say nothing about who someone is.
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true,
	"rev": true, "sir": true, "jr": true, "sr": true, "ii": true, "iii": true, "iv": true,
	"phd": true, "md": true, "esq": true,
}

// words splits s into folded lower-case words: letters only, apostrophes
// dropped, everything else a separator. With camel set, a lower-to-upper
// change also splits ("ZoeAngstrom"), which handles need and names do not
// ("McDonald" is one word).
func words(s string, camel bool) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	prevLower := false
	n := 0
	for _, r := range s {
		if n++; n > maxNameRunes {
			break
		}
		switch {
		case isApostrophe(r):
			continue
		case unicode.Is(unicode.Mn, r):
			// A combining accent of a decomposed letter ("e" + U+0301).
			continue
		case !unicode.IsLetter(r):
			flush()
			prevLower = false
			continue
		}
		if camel && prevLower && unicode.IsUpper(r) {
			flush()
		}
		prevLower = unicode.IsLower(r)
		lr := unicode.ToLower(r)
		if f, ok := foldRunes[lr]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(lr)
		}
	}
	flush()
	return out
}

// parseName splits a name into classified tokens.
func parseName(s string, camel bool) parsedName {
	var p parsedName
	for _, w := range words(s, camel) {
		if len(p.toks) == maxNameTokens {
			break
		}
		switch {
		case honorifics[w]:
			continue
		case utf8.RuneCountInString(w) == 1:
			p.toks = append(p.toks, token{raw: w, kind: initialToken})
		case particles[w]:
			p.toks = append(p.toks, token{raw: w, kind: minorToken})
		default:
			p.toks = append(p.toks, token{raw: w, canon: canonical(w), kind: fullToken})
			p.full++
		}
	}
	return p
}

// maxEmailLen bounds the address read for a name, as NormaliseIdentity
// bounds identities.
const maxEmailLen = 320

// minTypoKeyLen is the shortest token whose one-letter deletions are keys:
// shorter ones would collide with too many other names.
const minTypoKeyLen = 4

// NameKeysVersion names the way NameKeys makes keys. A database stores it
// beside the keys, and recomputes them when it changes.
const NameKeysVersion = 2

// NameKeys returns the keys under which a name is found by
// Source.ByNameTokens. Each key joins two of the name's given names or
// surnames (initials, particles and titles are left out): the first in its
// folded lower-case form with nicknames replaced by the canonical names
// they stand for ("Bob" → "robert", "Chris" → "christine" and
// "christopher"), the second in that form or, for forms of at least four
// letters, with one letter deleted ("robert nowak", "robert owak", …,
// "nowak rbert", …). The keys are sorted and distinct; a name and its
// reordering have the same keys.
//
// Pairs, because NameScore matches only when two words correspond and one
// of them exactly or as a nickname: every name it can match shares a key
// with the sender's, except one whose only other word is two typos away.
// A key of one word would be shared by every bearer of a common surname,
// and a lookup would have to count them all.
func NameKeys(name string) []string {
	return nameKeys(parseName(name, false))
}

func nameKeys(p parsedName) []string { return pairKeys(p, true) }

// exactNameKeys are the keys without typos: a name matching p word for
// word (or nickname for name) shares one, and they are far fewer rows to
// read than all of nameKeys.
func exactNameKeys(p parsedName) []string { return pairKeys(p, false) }

func pairKeys(p parsedName, typos bool) []string {
	if p.full < 2 {
		return nil // NameScore needs two words
	}
	var forms [][]string // per full token: its canonical forms, then their deletions
	var canon [][]string
	for _, t := range p.toks {
		if t.kind != fullToken {
			continue
		}
		var f []string
		for _, c := range t.canon {
			f = append(f, c)
			if typos {
				f = appendDeletions(f, c)
			}
		}
		forms = append(forms, f)
		canon = append(canon, t.canon)
	}
	var keys []string
	for i := range canon {
		for j := range forms {
			if i == j {
				continue
			}
			for _, c := range canon[i] {
				for _, f := range forms[j] {
					keys = append(keys, c+" "+f)
				}
			}
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// appendDeletions appends s with each one of its letters removed.
func appendDeletions(keys []string, s string) []string {
	if utf8.RuneCountInString(s) < minTypoKeyLen {
		return keys
	}
	for i := 0; i < len(s); {
		_, w := utf8.DecodeRuneInString(s[i:])
		keys = append(keys, s[:i]+s[i+w:])
		i += w
	}
	return keys
}

// emailName returns the display name of an address, or its local part (a
// name written with separators, such as "zoe.angstrom", is name evidence),
// and whether it was a display name.
func emailName(addr string) (string, bool) {
	if len(addr) > maxEmailLen {
		return "", false
	}
	a, err := mail.ParseAddress(addr)
	if err != nil {
		return "", false
	}
	if a.Name != "" {
		return a.Name, true
	}
	local, _, _ := strings.Cut(a.Address, "@")
	local, _, _ = strings.Cut(local, "+")
	return local, false
}
