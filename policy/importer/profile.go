package importer

import (
	"regexp"
	"slices"
	"strings"

	"github.com/framekeeper/framekeeper/policy"
)

var (
	// placeholderRE finds template placeholders ("[Insert your phone number here]"),
	// which give no value.
	placeholderRE = regexp.MustCompile(`\[[^\]]{0,200}\]`)

	phoneRE   = regexp.MustCompile(`(?:\+?1[-. ]?)?(?:\(\d{3}\) ?|\b\d{3}[-. ])\d{3}[-. ]\d{4}\b`)
	emailRE   = regexp.MustCompile(`\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b`)
	urlRE     = regexp.MustCompile(`(?i)\bhttps?://[^\s)<>"',;]+|\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[^\s)<>"',;]*)?`)
	domainRE  = regexp.MustCompile(`(?i)\b[a-z0-9][a-z0-9-]*\.(?:com|org|net|us|health|therapy|co|info|care|life|clinic|counseling)\b(?:/[^\s)<>"',;]*)?`)
	addressRE = regexp.MustCompile(`\b\d{1,6}(?: [A-Z0-9][\w.'-]*){1,5} (?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq|Terrace|Trail|Plaza)\.?(?:,? (?:Suite|Ste\.?|Unit|#|Floor|Fl\.?|Building|Bldg\.?) ?[\w-]+)?[,\n ]+(?:[A-Z][a-z]+ ?){1,3},? (?:[A-Z]{2}|[A-Z][a-z]+) \d{5}(?:-\d{4})?|\bP\.? ?O\.? Box \d+[,\n ]+(?:[A-Z][a-z]+ ?){1,3},? [A-Z]{2} \d{5}(?:-\d{4})?`)
	boardRE   = regexp.MustCompile(`\b(?:(?:[A-Z][a-z]+|of|and|&) )*?(?:[A-Z][a-z]+ )*Board of [A-Z][a-z]+(?: (?:and|of|for|&) [A-Z][a-z]+| [A-Z][a-z]+)*`)
	crisisRE  = regexp.MustCompile(`(?i)\b(?:911|988|emergency room|crisis (?:line|hotline|text line)|lifeline|emergency services|nearest (?:hospital|emergency))\b`)
	crisisDo  = regexp.MustCompile(`(?i)\b(?:call|text|go to|dial|contact|visit|reach out)\b`)
	badSiteRE = regexp.MustCompile(`(?i)facebook\.|twitter\.|x\.com|instagram\.|linkedin\.|google\.|yelp\.|healthgrades\.|apa\.org|988lifeline|suicidepreventionlifeline|psychologytoday\.|youtube\.|tiktok\.|foursquare\.|\.gov\b`)
	officeCtx = regexp.MustCompile(`(?i)\b(?:office|call|phone|contact|reach|telephone|voicemail)\b`)
	notOffice = regexp.MustCompile(`(?i)\b(?:fax|board|crisis|emergency|hotline|lifeline|suicide|911|988)\b`)

	// practiceRE finds names ending in a word practices use for themselves.
	practiceRE = regexp.MustCompile(`\b(?:[A-Z][\w&'.-]*,? ){1,5}(?:Counseling|Counselling|Therapy|Psychotherapy|Psychology|Psychological Services|Wellness|Behavioral Health|Mental Health|Family Services|Center|Centre|Clinic|Group|Associates|Practice|Institute|Studio|Collective|Partners|Healing)(?:,? (?:LLC|PLLC|P\.C\.|PC|Inc\.?|LLP))?\b`)
	// possessiveTitleRE reads "SoCal Counseling Center's Social Media Policy".
	possessiveTitleRE = regexp.MustCompile(`^(.{3,60}?)'s? (?:[A-Z][\w-]* ){0,4}(?:Policy|Policies)\b`)
	credentialRE      = regexp.MustCompile(`\b((?:Dr\. )?[A-Z][a-z]+(?: [A-Z]\.)?(?: [A-Z][a-z'-]+){1,2}),? (?:Ph\.? ?D\.?|Psy\.? ?D\.?|LMFT|LCSW|LPC|LMHC|LPCC|LCPC|LICSW|LMSW|MFT|MSW|Ed\.? ?D\.?|LCMHC|LP|LPC-S|NCC|LCADC|LSW|LAC|LMHCA|LPCA|AMFT|ASW|APCC)\b`)
	titleSepRE        = regexp.MustCompile(` +(?:-|\||:|·) +|: `)
	legalSuffixRE     = regexp.MustCompile(`(?:LLC|PLLC|P\.C\.|PC|Inc\.?|LLP)$`)
	siteCtxRE         = regexp.MustCompile(`(?i)\b(?:website|web site|visit|online at|available at|found at)\b`)
	drRE              = regexp.MustCompile(`\bDr\. ([A-Z][a-z]+(?: [A-Z]\.)?(?: [A-Z][a-z'-]+){1,2})`)
)

// genericNameWords cannot make a practice name on their own ("Family Therapy").
var genericNameWords = map[string]bool{
	"counseling": true, "counselling": true, "therapy": true, "psychotherapy": true, "psychology": true,
	"psychological": true, "services": true, "mental": true, "health": true, "behavioral": true,
	"family": true, "couples": true, "child": true, "individual": true, "group": true, "center": true,
	"centre": true, "clinic": true, "practice": true, "wellness": true, "associates": true,
	"private": true, "social": true, "media": true, "online": true, "art": true, "play": true,
	"marriage": true, "the": true, "my": true, "our": true, "your": true, "this": true, "a": true,
	"institute": true, "policy": true, "american": true, "national": true, "state": true, "all": true,
	"if": true, "in": true, "at": true, "of": true, "and": true, "for": true, "use": true, "internet": true,
	"practice's": true, "professional": true, "community": true, "counselor": true, "therapist": true,
}

var leadingStopWords = map[string]bool{"the": true, "my": true, "our": true, "your": true, "this": true,
	"a": true, "at": true, "if": true, "in": true, "all": true, "of": true, "and": true, "for": true, "welcome": true, "to": true}

// extractProfile fills the profile fields the text states plainly.
func extractProfile(bs []block, ss []sentence) policy.Profile {
	var p policy.Profile
	var lines []string
	for _, b := range bs {
		lines = append(lines, placeholderRE.ReplaceAllString(b.text, " "))
	}
	full := strings.Join(lines, "\n")
	p.PracticeName = practiceName(bs, full)
	p.TherapistNames = therapistNames(full)

	var texts []string
	for _, s := range ss {
		texts = append(texts, placeholderRE.ReplaceAllString(s.text, " "))
	}

	// The board first, so its contact details are not taken for the office's.
	boardSentence := -1
	for i, t := range texts {
		if m := boardRE.FindString(t); m != "" {
			p.BoardName = trimLeadingStop(m)
			boardSentence = i
			for _, j := range []int{i, i + 1} {
				if j < len(texts) && p.BoardContact == "" && (j == i || ss[j].block == ss[i].block) {
					p.BoardContact = firstOf(texts[j], urlRE, phoneRE, emailRE)
				}
			}
			break
		}
	}
	skip := func(i int) bool {
		return i == boardSentence || i == boardSentence+1 && boardSentence >= 0 && p.BoardContact != ""
	}

	for i, t := range texts {
		if skip(i) || notOffice.MatchString(t) {
			continue
		}
		if p.OfficePhone == "" && officeCtx.MatchString(t) {
			p.OfficePhone = phoneRE.FindString(t)
		}
		if p.OfficeAddress == "" {
			p.OfficeAddress = normaliseSpace(addressRE.FindString(t))
		}
	}
	if p.OfficePhone == "" {
		// A phone number without context (a contact line) is the office's,
		// unless it belongs to the board or a crisis line.
		for i, t := range texts {
			if !skip(i) && !notOffice.MatchString(t) {
				if p.OfficePhone = phoneRE.FindString(t); p.OfficePhone != "" {
					break
				}
			}
		}
	}
	if p.OfficeAddress == "" {
		// Addresses are often laid out over several lines (an HTML footer).
		if m := addressRE.FindString(full); m != "" && !strings.Contains(strings.ToLower(m), "board") {
			p.OfficeAddress = normaliseSpace(strings.ReplaceAll(m, "\n", ", "))
		}
	}
	for i, t := range texts {
		if skip(i) || crisisRE.MatchString(t) {
			continue
		}
		if p.AdminEmail == "" {
			p.AdminEmail = emailRE.FindString(t)
		}
		if p.Website == "" {
			p.Website = website(t)
		}
	}
	p.CrisisText = crisisText(texts)
	p.Channels = channels(ss, texts)
	return p
}

func normaliseSpace(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, ",,", ",")), " ")
}

func trimLeadingStop(s string) string {
	f := strings.Fields(s)
	for len(f) > 0 && leadingStopWords[strings.ToLower(f[0])] {
		f = f[1:]
	}
	return strings.Join(f, " ")
}

func firstOf(s string, res ...*regexp.Regexp) string {
	for _, re := range res {
		if m := re.FindString(s); m != "" {
			return strings.TrimRight(m, ".")
		}
	}
	return ""
}

// practiceName reads the practice's name from a possessive title or, failing
// that, the practice-like name the text repeats most.
func practiceName(bs []block, full string) string {
	for _, b := range bs {
		if b.kind != heading {
			continue
		}
		if m := possessiveTitleRE.FindStringSubmatch(b.text); m != nil {
			if name := trimLeadingStop(m[1]); distinctive(name) {
				return name
			}
		}
	}
	for _, b := range bs {
		if b.kind != heading || !strings.Contains(strings.ToLower(b.text), "polic") {
			continue
		}
		// "Sunrise Wellness Studio — Social Media Policy", "Policy | Harbor Light".
		for _, part := range titleSepRE.Split(b.text, -1) {
			part = strings.TrimSpace(part)
			if !strings.Contains(strings.ToLower(part), "polic") && titleish(strings.Fields(part)) && distinctive(part) && strings.ToUpper(part) != part {
				return trimLeadingStop(part)
			}
		}
	}
	counts := map[string]int{}
	var order []string
	for _, m := range practiceRE.FindAllString(full, -1) {
		name := strings.TrimSuffix(trimLeadingStop(strings.ReplaceAll(m, "\n", " ")), "'s")
		if !distinctive(name) {
			continue
		}
		if counts[name] == 0 {
			order = append(order, name)
		}
		counts[name]++
	}
	best := ""
	for _, n := range order {
		if counts[n] > counts[best] || best == "" {
			best = n
		}
	}
	if best != "" && (counts[best] >= 2 || legalSuffixRE.MatchString(best)) {
		return best
	}
	return ""
}

// distinctive reports whether a name has a word of its own besides the
// generic words of the trade, and is not a placeholder in capitals.
func distinctive(name string) bool {
	f := strings.Fields(name)
	if len(f) < 2 || len(f) > 8 {
		return false
	}
	for _, w := range f {
		w = strings.ToLower(strings.Trim(w, ",.'"))
		if !genericNameWords[w] && w != "llc" && w != "pllc" && w != "inc" && w != "pc" {
			return true
		}
	}
	return false
}

func therapistNames(full string) []string {
	var names []string
	add := func(n string) {
		n = strings.TrimPrefix(n, "Dr. ")
		if !slices.Contains(names, n) && !genericNameWords[strings.ToLower(strings.Fields(n)[0])] {
			names = append(names, n)
		}
	}
	for _, m := range credentialRE.FindAllStringSubmatch(full, -1) {
		add(m[1])
	}
	for _, m := range drRE.FindAllStringSubmatch(full, -1) {
		add(m[1])
	}
	return names
}

func website(t string) string {
	for _, m := range urlRE.FindAllString(t, -1) {
		if !badSiteRE.MatchString(m) {
			return strings.TrimRight(m, "./")
		}
	}
	if siteCtxRE.MatchString(t) {
		emails := emailRE.FindAllString(t, -1)
		for _, m := range domainRE.FindAllString(t, -1) {
			inEmail := false
			for _, e := range emails {
				if strings.Contains(e, m) {
					inEmail = true
				}
			}
			if !inEmail && !badSiteRE.MatchString(m) {
				return strings.TrimRight(m, "./")
			}
		}
	}
	return ""
}

// crisisText keeps the sentences that tell a client what to do in a crisis.
func crisisText(texts []string) string {
	var out []string
	for _, t := range texts {
		if crisisRE.MatchString(t) && crisisDo.MatchString(t) && len(out) < 2 {
			out = append(out, t)
		}
	}
	return strings.Join(out, " ")
}

var (
	betweenRE  = regexp.MustCompile(`between sessions|outside (?:of )?(?:our |your |the )?(?:[\w/-]+ )?sessions|best way to (?:reach|contact)|(?:you (?:can|may)|please) (?:reach|contact|call) (?:me|us|your therapist|the office|our office|the practice)\b`)
	rankRE     = regexp.MustCompile(`second best|next best|alternatively|otherwise|you may also|you can also|if you prefer`)
	channelRE  = regexp.MustCompile(`\b(?:phone|call(?:ing)?|telephone|voicemail)\b|\be-?mail\b|\btext(?:ing)?\b|\bsms\b|\bportal\b`)
	channelNeg = regexp.MustCompile(`\b(?:not|never|no)\b|n't\b`)
)

// channels lists the ways to reach the practice between sessions, in the
// order the text gives them.
func channels(ss []sentence, texts []string) []policy.Channel {
	var out []policy.Channel
	seen := map[string]bool{}
	add := func(kind, value string) {
		if !seen[kind] {
			seen[kind] = true
			out = append(out, policy.Channel{Kind: kind, Value: value})
		}
	}
	for i, s := range ss {
		if !betweenRE.MatchString(s.match) || crisisRE.MatchString(s.text) {
			continue
		}
		idx := []int{i}
		if i+1 < len(ss) && ss[i+1].block == s.block && rankRE.MatchString(ss[i+1].match) ||
			i+1 < len(ss) && rankRE.MatchString(ss[i+1].match) {
			idx = append(idx, i+1)
		}
		for _, j := range idx {
			lower := strings.ToLower(texts[j])
			for _, loc := range channelRE.FindAllStringIndex(lower, -1) {
				if channelNeg.MatchString(lastWords(lower[:loc[0]], 3)) {
					continue
				}
				w := lower[loc[0]:loc[1]]
				switch {
				case strings.Contains(w, "mail"):
					add("email", emailRE.FindString(texts[j]))
				case strings.HasPrefix(w, "text") || w == "sms":
					add("text", "")
				case w == "portal":
					add("portal", "")
				default:
					add("phone", phoneRE.FindString(texts[j]))
				}
			}
			if len(channelRE.FindAllString(lower, -1)) == 0 {
				if ph := phoneRE.FindString(texts[j]); ph != "" {
					add("phone", ph)
				}
			}
		}
		if len(out) > 0 {
			break
		}
	}
	return out
}
