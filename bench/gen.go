package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/triage"
)

// The synthetic practice. Everything is drawn from a seeded generator, so
// two runs with the same seed and size produce the same rows and messages.

var (
	firstNames = strings.Fields(`James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth
		William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel
		Nancy Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew
		Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa Timothy Deborah
		Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy
		Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott Nicole
		Brandon Helen Benjamin Samantha Samuel Katherine Gregory Christine Alexander Debra Frank Rachel
		Patrick Carolyn Raymond Janet Jack Catherine Dennis Maria Jerry Heather Tyler Diane José Zoë
		Łukasz Søren Chloé Anaïs Björn Jürgen Renée Noémie Iñaki Zoltán Małgorzata Siobhán Aoife
		Priya Rahul Aisha Omar Fatima Yusuf Mei Wei Hiroshi Yuki Jiho Minh Thảo Nguyễn Olusegun Chiamaka
		Kwame Amara Mateo Sofía Valentina Joaquín Camila Ximena Élodie Mathéo Léa Inès François Hélène
		Gökhan Ayşe Dragoš Zuzana Ondřej Agnieszka Paweł Kateřina Eleni Giorgos Dmitri Svetlana`)
	lastNames = strings.Fields(`Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez
		Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson
		White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres
		Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez
		Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook
		Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward
		Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez
		Castillo Sanders Patel Myers Long Ross Foster Jiménez Müller Østergaard Nowak Kowalczyk Dubois
		Lefèvre Çelik Yılmaz Szabó Novák Ångström O'Connor Fitzgerald Kowalski Schröder Peña Núñez
		Okafor Adeyemi Mensah Haddad Khoury Nakamura Tanaka Suzuki Park Choi Trần Phạm Lê Hoàng
		Björklund Lindqvist Håkansson Dvořák Wiśniewski Zieliński Papadopoulos Ivanova Kuznetsov
		Ó'Súilleabháin MacDonald Fernández González Rossi Bianchi Esposito Romano Ferrari Moreau`)
	// Nicknames the resolver's table knows, so senders write them.
	nicknames = map[string][]string{
		"Robert": {"Bob", "Rob", "Bobby"}, "William": {"Bill", "Will", "Liam"}, "Elizabeth": {"Liz", "Beth", "Betsy"},
		"Richard": {"Rick", "Dick", "Rich"}, "Katherine": {"Kate", "Katie", "Kathy"}, "Margaret": {"Maggie", "Peggy", "Meg"},
		"Michael": {"Mike", "Mikey"}, "Christopher": {"Chris", "Kit"}, "Jennifer": {"Jen", "Jenny"}, "Daniel": {"Dan", "Danny"},
		"Joseph": {"Joe", "Joey"}, "Thomas": {"Tom", "Tommy"}, "Anthony": {"Tony"}, "Samantha": {"Sam", "Sammy"},
		"Alexander": {"Alex", "Sasha"}, "Rebecca": {"Becky", "Becca"}, "Edward": {"Ed", "Ted", "Eddie"}, "Patricia": {"Pat", "Trish"},
		"Benjamin": {"Ben", "Benji"}, "Deborah": {"Deb", "Debbie"}, "Matthew": {"Matt"}, "Nicholas": {"Nick"}, "Steven": {"Steve"},
	}
	emailDomains  = []string{"gmail.com", "yahoo.com", "outlook.com", "icloud.com", "proton.me", "hotmail.com", "fastmail.com", "gmx.de", "web.de", "orange.fr"}
	usAreaCodes   = []int{201, 202, 206, 212, 213, 214, 215, 303, 305, 312, 313, 404, 408, 415, 503, 512, 602, 612, 617, 646, 702, 713, 718, 720, 773, 786, 804, 808, 816, 818, 904, 907, 912, 917, 919, 925, 929, 949, 954, 971}
	handleKinds   = []framekeeper.IdentityKind{framekeeper.IdentityInstagram, framekeeper.IdentityFacebook, framekeeper.IdentityX, framekeeper.IdentityLinkedIn}
	relationships = []string{"parent", "spouse", "partner", "sibling", "child", "friend"}
)

// fold strips diacritics and keeps letters and digits, for emails and
// handles.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < 128 {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
			continue
		}
		for base, variants := range foldTable {
			if strings.ContainsRune(variants, r) {
				b.WriteByte(base)
				break
			}
		}
	}
	return b.String()
}

// foldTable covers the accented letters the name lists use.
var foldTable = map[byte]string{
	'a': "áàâäãåąạảầấậ", 'c': "çćč", 'e': "éèêëęěễếệề", 'i': "íìîïı", 'l': "ł", 'n': "ñńň", 'o': "óòôöõøőồộơ",
	'r': "ř", 's': "śšş", 'u': "úùûüůư", 'y': "ýÿ", 'z': "źżž", 'g': "ğ", 'd': "đ",
}

// person is one generated client, kept small so a million fit in memory
// without their framekeeper.Client form.
type person struct {
	first, middle, last string
	email, phone        string
	handleKind          framekeeper.IdentityKind
	handle              string
	relative            string // an associate's name, or ""
	relativePhone       string
	status              framekeeper.ClientStatus
}

func (p person) name() string {
	if p.middle != "" {
		return p.first + " " + p.middle + " " + p.last
	}
	return p.first + " " + p.last
}

// clientID is deterministic, so the same run makes the same rows.
func clientID(i int) string { return fmt.Sprintf("c_bench%08d", i) }

// makePerson returns client i of a roster generated with seed.
func makePerson(seed uint64, i int) person {
	rng := rand.New(rand.NewPCG(seed, uint64(i)))
	p := person{first: firstNames[rng.IntN(len(firstNames))], last: lastNames[rng.IntN(len(lastNames))]}
	if rng.IntN(6) == 0 {
		p.middle = string([]rune(firstNames[rng.IntN(len(firstNames))])[:1]) + "."
	}
	if rng.IntN(15) == 0 {
		p.last += "-" + lastNames[rng.IntN(len(lastNames))]
	}
	f, l := fold(p.first), fold(p.last)
	switch rng.IntN(4) {
	case 0:
		p.email = fmt.Sprintf("%s.%s%d@%s", f, l, i, emailDomains[rng.IntN(len(emailDomains))])
	case 1:
		p.email = fmt.Sprintf("%s%s.%d@%s", f[:1], l, i, emailDomains[rng.IntN(len(emailDomains))])
	default:
		p.email = fmt.Sprintf("%s_%s_%d@%s", f, l, i, emailDomains[rng.IntN(len(emailDomains))])
	}
	p.phone = phoneFor(i, 0)
	p.handleKind = handleKinds[rng.IntN(len(handleKinds))]
	p.handle = fmt.Sprintf("%s.%s.%d", f, l, i)
	if rng.IntN(10) == 0 {
		rf := firstNames[rng.IntN(len(firstNames))]
		p.relative = rf + " " + p.last
		p.relativePhone = phoneFor(i, 1)
	}
	switch n := rng.IntN(10); {
	case n < 6:
		p.status = framekeeper.StatusCurrent
	case n < 9:
		p.status = framekeeper.StatusFormer
	default:
		p.status = framekeeper.StatusProspective
	}
	return p
}

// phoneFor gives client i a unique E.164 number: nine in ten in the US,
// the rest UK mobiles. variant 1 is a relative's number.
func phoneFor(i, variant int) string {
	if i%10 == 9 {
		return fmt.Sprintf("+447%d%08d", 5+variant, i)
	}
	q := i / 10000
	area := usAreaCodes[q%len(usAreaCodes)]
	exch := 200 + q/len(usAreaCodes) + 100*variant
	return fmt.Sprintf("+1%03d%03d%04d", area, exch, i%10000)
}

// client is the roster row of a person.
func (p person) client(i int) framekeeper.Client {
	c := framekeeper.Client{ID: clientID(i), Name: p.name(), Status: p.status, Identities: []framekeeper.Identity{
		{Kind: framekeeper.IdentityEmail, Value: p.email},
		{Kind: framekeeper.IdentityPhone, Value: p.phone},
		{Kind: p.handleKind, Value: p.handle},
	}}
	if p.relative != "" {
		c.Associates = []framekeeper.Associate{{Name: p.relative, Relation: relationships[i%len(relationships)],
			Identities: []framekeeper.Identity{{Kind: framekeeper.IdentityPhone, Value: p.relativePhone}}}}
	}
	return c
}

// Message texts, put together from parts so the stream is varied. The
// crisis lines are the kind of thing the detector must catch; the rest are
// the everyday traffic it must not alarm on.
var (
	greetings = []string{"Hi", "Hello", "Hey", "Good morning", "Dear Dr. Reyes,", "hi there", "Hello again", ""}
	adminText = []string{
		"Can we move my appointment to Thursday at 3pm?", "I need to cancel tomorrow's session, sorry for the short notice.",
		"Running about 10 minutes late, traffic is terrible.", "Could you send me a receipt for my insurance (superbill)?",
		"Is there parking near the new office?", "What is your late cancellation fee again?", "Can I pay with my HSA card?",
		"My new insurance card arrived, I'll bring it next week.", "Please confirm my appointment on the 14th.",
		"Do you have any evening slots in March?", "The invoice shows two sessions in January but I only came once.",
	}
	clinicalText = []string{
		"I've been feeling really anxious since our last session and the panic attacks are back.",
		"Couldn't sleep again last night, the nightmares about the accident keep coming.",
		"Things with my husband are getting worse, we fought all weekend and I feel so alone.",
		"I drank way more than I meant to at the party and I feel ashamed.",
		"My mom passed away on Sunday and I don't know how to handle the grief.",
		"I keep ruminating about what my boss said, I feel like such a failure.",
		"The new medication makes me feel numb and empty, is that normal?",
		"I haven't left the apartment in a week, I just don't want to see anyone.",
		"I've been bingeing and purging again, I wanted you to know before Tuesday.",
	}
	crisisText = []string{
		"I can't do this anymore, I have the pills and tonight is the night.",
		"I want to kill myself. I've written the notes already.",
		"honestly i just want to die, everyone would be better off without me",
		"I cut myself again last night and it was deeper this time.",
		"I bought a gun yesterday and I keep thinking about using it on myself.",
		"i'm going to end it all this weekend, i just wanted to say thank you for trying",
	}
	casualText = []string{
		"Loved your post about mindfulness, thank you for sharing!", "Happy holidays to you and your team!",
		"Saw you at the farmers market, hope it wasn't weird that I waved.", "Great article on burnout, sharing it with my sister.",
		"Thank you for everything this year.", "Is the practice open on Monday for the holiday?",
		"lol that meme you shared was so accurate", "Congrats on the new office!",
	}
	reviewText = []string{
		"Dr. Reyes was wonderful, really listened. Five stars.", "Front desk never calls back. Two stars.",
		"Helped me through the hardest year of my life. Highly recommend.", "Billing was confusing but the therapy itself was great.",
	}
	signOffs = []string{"Thanks!", "Best,", "Talk soon", "Sent from my iPhone", "", "", "xo", "Regards"}
)

// channelsFor lists where an interaction of a kind can come from.
func channelsFor(k triage.Kind) []triage.Channel {
	switch k {
	case triage.SMS:
		return []triage.Channel{triage.ChannelSMS}
	case triage.Email:
		return []triage.Channel{triage.ChannelEmail}
	case triage.Review:
		return []triage.Channel{triage.ChannelReviewSite, triage.ChannelFacebook}
	case triage.IncidentalEncounter:
		return []triage.Channel{triage.ChannelInPerson}
	case triage.SearchRequest:
		return []triage.Channel{triage.ChannelOther, triage.ChannelEmail}
	case triage.Checkin:
		return []triage.Channel{triage.ChannelFacebook, triage.ChannelInstagram}
	default:
		return []triage.Channel{triage.ChannelFacebook, triage.ChannelInstagram, triage.ChannelX, triage.ChannelLinkedIn}
	}
}

// kindWeights makes messages the bulk of traffic, with every kind present.
var kindWeights = map[triage.Kind]int{
	triage.FriendRequest: 6, triage.Follow: 6, triage.PageLike: 4, triage.DirectMessage: 14, triage.PublicComment: 6,
	triage.SMS: 25, triage.Email: 25, triage.Review: 4, triage.Checkin: 2, triage.AccidentalConnection: 2,
	triage.IncidentalEncounter: 2, triage.SearchRequest: 2,
}

// messageText is one message: crisis about 3 in 100, then clinical,
// administrative and casual.
func messageText(rng *rand.Rand, kind triage.Kind) (string, string) {
	var body, class string
	switch n := rng.IntN(100); {
	case kind == triage.Review:
		body, class = reviewText[rng.IntN(len(reviewText))], "review"
	case n < 3:
		body, class = crisisText[rng.IntN(len(crisisText))], "crisis"
	case n < 35:
		body, class = clinicalText[rng.IntN(len(clinicalText))], "clinical"
	case n < 75:
		body, class = adminText[rng.IntN(len(adminText))], "administrative"
	default:
		body, class = casualText[rng.IntN(len(casualText))], "casual"
	}
	parts := []string{greetings[rng.IntN(len(greetings))], body}
	if rng.IntN(3) == 0 {
		parts = append(parts, adminText[rng.IntN(len(adminText))])
	}
	parts = append(parts, signOffs[rng.IntN(len(signOffs))])
	return strings.TrimSpace(strings.Join(parts, " ")), class
}

// makeInteraction returns interaction j of a stream against a roster of n
// clients: six in ten from a client (by identifier or only by name, often a
// nickname or without accents), one in ten from a relative, the rest from
// strangers.
func makeInteraction(seed uint64, j, n int, idPrefix string) triage.Interaction {
	rng := rand.New(rand.NewPCG(seed^0x9e3779b97f4a7c15, uint64(j)))
	kind := pickKind(rng)
	chans := channelsFor(kind)
	ch := chans[rng.IntN(len(chans))]
	in := triage.Interaction{ID: fmt.Sprintf("%s%08d", idPrefix, j), Kind: kind, Channel: ch}
	i := rng.IntN(n)
	p := makePerson(seed, i)
	switch r := rng.IntN(10); {
	case r < 6:
		in.From = senderFor(rng, p, ch)
	case r < 7 && p.relative != "":
		in.From = triage.Sender{Name: p.relative, Phone: p.relativePhone}
	default:
		stranger := makePerson(seed+1, j)
		stranger.email = "stranger." + stranger.email
		stranger.phone = fmt.Sprintf("+1555%07d", j%10_000_000)
		stranger.handle = "stranger." + stranger.handle
		in.From = senderFor(rng, stranger, ch)
	}
	if needsText(kind) || rng.IntN(2) == 0 {
		in.Text, _ = messageText(rng, kind)
	}
	return in
}

func needsText(k triage.Kind) bool {
	switch k {
	case triage.DirectMessage, triage.PublicComment, triage.SMS, triage.Email, triage.Review:
		return true
	}
	return false
}

func pickKind(rng *rand.Rand) triage.Kind {
	total := 0
	for _, k := range triage.Kinds() {
		total += kindWeights[k]
	}
	x := rng.IntN(total)
	for _, k := range triage.Kinds() {
		if x < kindWeights[k] {
			return k
		}
		x -= kindWeights[k]
	}
	return triage.SMS
}

// senderFor is how a channel names a person, written the way people write.
func senderFor(rng *rand.Rand, p person, ch triage.Channel) triage.Sender {
	name := displayName(rng, p)
	switch ch {
	case triage.ChannelSMS:
		s := triage.Sender{Phone: p.phone}
		if strings.HasPrefix(p.phone, "+1") && rng.IntN(2) == 0 {
			d := p.phone[2:]
			s.Phone = fmt.Sprintf("(%s) %s-%s", d[:3], d[3:6], d[6:])
		}
		return s
	case triage.ChannelEmail, triage.ChannelOther:
		e := p.email
		if rng.IntN(3) == 0 {
			e = strings.ToUpper(e[:1]) + e[1:]
		}
		return triage.Sender{Name: name, Email: e}
	case triage.ChannelInPerson, triage.ChannelReviewSite:
		return triage.Sender{Name: name}
	}
	platform := string(ch)
	h := p.handle
	if platform != string(p.handleKind) {
		// Not their platform on the roster: only the name can match.
		h = fold(p.first) + "_" + fmt.Sprint(rng.IntN(1000))
	}
	if rng.IntN(4) == 0 {
		h = "@" + h
	}
	return triage.Sender{Name: name, Platform: platform, Handle: h}
}

// displayName is the name a person shows: a nickname, no accents, or first
// name and initial now and then.
func displayName(rng *rand.Rand, p person) string {
	first, last := p.first, p.last
	if nn := nicknames[first]; len(nn) > 0 && rng.IntN(3) == 0 {
		first = nn[rng.IntN(len(nn))]
	}
	switch rng.IntN(6) {
	case 0:
		return strings.ToLower(fold(first) + " " + fold(last))
	case 1:
		return first + " " + string([]rune(last)[:1]) + "."
	}
	return first + " " + last
}
