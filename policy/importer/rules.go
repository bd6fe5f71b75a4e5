package importer

import (
	"regexp"
	"strings"
	"sync"

	"github.com/framekeeper/framekeeper/policy"
)

// The rules read one sentence at a time (lower case, quotes removed). A
// clause is decided by cues: patterns that name a stance. Patterns use two
// macros: {neg} for a negation ("do not", "will not", "cannot", "never", …)
// and {wN} for a gap of up to N words.

// cue is one pattern that points to a stance.
type cue struct {
	stance policy.Stance
	re     *regexp.Regexp
	// affirm: the match must not itself be negated ("may text" but not "may not text").
	affirm bool
	// own: the clause's topic must be named in the sentence, not only in its heading.
	own bool
	// unless vetoes the cue when found in the match or the rest of its clause
	// ("do not text me about clinical matters" does not mean texting is unused).
	unless *regexp.Regexp
	// unlessSentence vetoes the cue when found anywhere in the sentence.
	unlessSentence *regexp.Regexp
}

// clauseRules is the rule table of one clause.
type clauseRules struct {
	clause policy.Clause
	// topic is what a sentence, or the heading above it, must be about.
	topic *regexp.Regexp
	// need, when set, must also match the sentence itself.
	need *regexp.Regexp
	// carry lets a sentence that names no clause topic inherit the previous
	// sentence's ("…will not search for you. Rare exceptions may be made in a crisis.").
	carry bool
	cues  []cue
	// wins lists compatible stances: when both are found, the first stands
	// ("will not search … except in a crisis" is crisis_only, not never).
	wins [][2]policy.Stance
}

const negWords = `(?:do not|does not|don't|doesn't|did not|will not|won't|would not|wouldn't|cannot|can't|can not|could not|couldn't|shall not|should not|shouldn't|must not|may not|am not|are not|aren't|is not|isn't|never|not)`

var gapRE = regexp.MustCompile(`\{w(\d+)\}`)

// compile expands the macros of a rule pattern.
func compile(p string) *regexp.Regexp {
	p = strings.ReplaceAll(p, "{neg}", negWords)
	p = gapRE.ReplaceAllStringFunc(p, func(m string) string {
		return `(?:[\w'/@.&()-]+,? ){0,` + m[2:len(m)-1] + `}`
	})
	return regexp.MustCompile(p)
}

// is builds a cue whose pattern carries its own polarity (usually {neg}).
func is(stance policy.Stance, pattern string) cue {
	return cue{stance: stance, re: compile(`\b` + pattern)}
}

// affirmed builds a cue that only counts when not negated.
func affirmed(stance policy.Stance, pattern string) cue {
	c := is(stance, pattern)
	c.affirm = true
	return c
}

func (c cue) ownTopic() cue { c.own = true; return c }

func (c cue) except(pattern string) cue { c.unless = compile(pattern); return c }

func (c cue) exceptSentence(pattern string) cue { c.unlessSentence = compile(pattern); return c }

// Words that, after a "do not use texting/email/messaging" cue, turn it into
// a limit on content or timing rather than a refusal of the channel.
const channelLimits = `clinical|therap\w* (?:content|issues|matters|material|topics)|content (?:related|about)|related to (?:your )?(?:therapy|treatment|counseling|sessions)|session content|sensitive|confidential|personal (?:issues|matters|information|details|cell|e-?mail|phone|number)|health information|emergenc|crisis|urgent|after hours|evenings?|weekends?|immediately|right away|timely|within \d|same day|emotional|symptoms|diagnos|medication|feelings|to cancel|cancellations?|after \d|before \d|until|next business day|business hours|outside (?:of )?(?:office|business|working) hours|promptly|quickly|around the clock|24/7|at all times|regularly|right after|during (?:our |your |a |my )?sessions?|while (?:i am|i'm) (?:in session|with)`

// crisisWords make a sentence about crisis routing, not about a channel.
const crisisWords = `crisis|emergenc|urgent|911|988|suicid|harm (?:yourself|others)|danger`

// mayNotWords: "I may not read texts in a timely way" states a delay the
// therapist cannot promise against, not a refusal of the channel.
const mayNotWords = `\b(?:i|we|she|he|they|clinicians?|therapists?|counselors?|staff|the office) (?:may|might) not (?:always )?(?:be able to )?(?:respond|reply|read|see|check|answer|get|receive|return|notice)`

// notUsedVetoes vetoes a "channel not used" cue in the whole sentence.
const notUsedVetoes = crisisWords + `|` + mayNotWords

// channelRules builds the table shared by texting and email: the channel
// pattern ch names the channel as a noun or verb.
func channelRules(clause policy.Clause, ch string) clauseRules {
	admin := `(?:schedul|reschedul|appointment|administrative|logistic|cancel|billing|reminder|confirm|arrang|running late|payment|insurance)`
	return clauseRules{
		clause: clause,
		topic:  compile(`\b` + ch + `\b`),
		cues: []cue{
			// "please do not use text messaging", "will not respond to emails".
			is("not_used", `{neg} {w4}(?:use|send|respond|reply|answer|communicate|correspond|contact|return|read|monitor|accept|check|message)\w* {w6}`+ch+`\b`).
				except(channelLimits).exceptSentence(notUsedVetoes),
			// "please do not text me", "I do not email clients".
			is("not_used", `{neg} {w2}`+ch+`\b`).except(channelLimits).exceptSentence(notUsedVetoes),
			// "texting is not used", "email will not be monitored".
			is("not_used", ch+` (?:is|are|will) (?:not|never) {w2}(?:used|accepted|monitored|answered|read|returned|available|offered|an option|a (?:form|means|way|method))`).
				except(channelLimits).exceptSentence(notUsedVetoes),
			// "text messages should not be used to contact your therapist".
			is("not_used", ch+` {w6}(?:should|must|will|may|can) not (?:be used|be sent|be answered)`).
				except(channelLimits).exceptSentence(notUsedVetoes),
			// "not used for any clinical or administrative communication": both uses refused.
			is("not_used", ch+` {w3}(?:is|are) not used for (?:any )?(?:clinical|administrative|personal) (?:or|and|nor) (?:clinical|administrative|personal|non-?clinical)\b`),
			// A table cell or run-in label: "Text: Not used".
			is("not_used", `^not (?:used|available|offered|accepted|monitored|answered)\b`).except(channelLimits).exceptSentence(notUsedVetoes),
			// "only to arrange or modify appointments", "for scheduling only".
			is("administrative_only", `(?:only|solely|strictly|exclusively|limited to|restricted to|limit \w+ to|limit to) {w5}`+admin).ownTopic(),
			is("administrative_only", admin+`\w* {w3}(?:only|purposes only|matters only)\b`).ownTopic(),
			// "second best for quick, administrative issues".
			is("administrative_only", `(?:for|regarding|about|with) (?:quick,? |brief,? |simple,? )?(?:administrative|scheduling|logistical|non-?clinical|business) (?:issues|matters|purposes|questions|tasks|needs|reasons|communication|items|concerns)`),
			// "texting may be used to schedule or cancel", "you may email me to reschedule".
			affirmed("administrative_only", ch+` (?:may|can|should|will) (?:only )?be used {w2}(?:for|to) {w3}`+admin).ownTopic(),
			affirmed("administrative_only", `(?:may|can|are welcome to|feel free to) `+ch+` {w4}(?:to|for|about|regarding) {w3}`+admin).ownTopic().
				exceptSentence(`any time|anything|any question|any reason|freely|questions between sessions|things you want|or to share`),
			// "texting is fine for scheduling": a use named for administration.
			affirmed("administrative_only", ch+` (?:is|are) (?:\w+ )?(?:fine|ok|okay|acceptable|welcome|good|best|appropriate|useful|great|preferred|convenient) (?:only )?(?:for|to) {w6}`+admin).ownTopic().
				exceptSentence(`any time|anything|any question|any reason|freely|also for|as well as|questions between sessions|or to share`),
			// "email should not be used to discuss clinical matters": a limit to administration.
			is("administrative_only", ch+` {w3}(?:not|never) (?:be )?(?:used )?(?:for|to) (?:discuss|communicat\w*|share|send|address) {w4}(?:clinical|therap|treatment)`),
			// "please email, phone, or text", "you may text me".
			affirmed("allowed", `(?:may|can|could|are welcome to|are free to|feel free to|are encouraged to|please) (?:also |always )?(?:(?:call|phone|email|e-mail|text|message)(?:,| or| and)+ ){0,3}`+ch+`\b`).ownTopic().exceptSentence(crisisWords),
			// "please call the office … or email frontdesk@…".
			affirmed("allowed", `(?:please|you (?:may|can)) (?:call|phone|contact (?:me|us|the office)) {w6}(?:or|and) `+ch+`\b`).ownTopic().exceptSentence(crisisWords),
			// "you can reach me by phone or text".
			affirmed("allowed", `(?:contact|reach) (?:me|us|your therapist|the office|our office|the practice) {w3}(?:by|via|through) {w4}`+ch+`\b`).ownTopic().exceptSentence(crisisWords),
			// "email is a good way to reach me", "I check email daily".
			affirmed("allowed", ch+` (?:is|are) (?:a |an |the |also )?(?:fine|good|great|best|preferred|acceptable|welcome|easiest|convenient|quickest|fastest)\b`).ownTopic().exceptSentence(crisisWords),
			affirmed("allowed", `(?:i|we) (?:use|respond to|answer|check|read|reply to|welcome|accept|communicate (?:by|via|through)) {w2}`+ch+`\b`).ownTopic().exceptSentence(crisisWords),
		},
		wins: [][2]policy.Stance{{"administrative_only", "allowed"}, {"administrative_only", "not_used"}},
	}
}

// recordConditions make documenting depend on content ("only if they
// contain clinical content"): no stance for all online interactions.
const recordConditions = `only (?:if|when)|\bif (?:\w+ )?(?:related|relevant|clinical|pertinent|necessary|appropriate)\b|\bunless\b|\bif (?:they|it|the (?:\w+ )?(?:message|email|text|content)s?) (?:contain|include|relate|concern|are clinical|is clinical)|\bwhen (?:they|it) (?:contain|include|relate|concern)`

// friendExceptions turn a refusal into a mixed stance: accepting former
// clients after a time, or on one network, is not declining.
const friendExceptions = `\bexcept\w* {w6}(?:former clients?|after|once|years?|months?|linkedin|ended|ends|terminat\w*|discharg\w*)|\bunless {w6}(?:former|after|once|ended|years?|months?)`

// rules is the rule table of every clause, built once.
var rules = sync.OnceValue(func() []clauseRules {
	return []clauseRules{
		// Whether therapists give out a personal number or address.
		{
			clause: policy.PersonalContactDetails,
			topic:  compile(`personal (?:cell|mobile|phone|telephone|e-?mail|number|contact)|(?:cell|mobile|home) (?:phone )?numbers?|private (?:phone|number|e-?mail)`),
			cues: []cue{
				is("not_shared", `{neg} {w3}(?:give|provide|share|disclose|hand out|distribute|offer)\w* {w6}(?:personal|private|cell|mobile|home)`).ownTopic(),
				is("not_shared", `(?:personal|private|home|cell|mobile) {w3}(?:numbers?|e-?mail|address(?:es)?|contact (?:details|information)) (?:is|are|will) (?:not|never) (?:be )?(?:given|shared|provided|available|disclosed)`),
				affirmed("shared", `(?:i|we|therapists?|counselors?|your therapist|they|she|he) (?:may|might|will|can|sometimes|do|often|also) {w2}(?:give|provide|share)\w* {w4}(?:personal|cell|mobile|private) {w2}(?:number|phone|e-?mail)`).ownTopic(),
			},
		},
		// Friend and connection requests to a therapist's personal accounts.
		{
			clause: policy.Friending,
			topic:  compile(`\bfriend(?:ing|s|ed)?\b|befriend|(?:contact|connection|friend) requests?|invitations?|connect(?:ion)? (?:with|on)|social network|linkedin|personal (?:social media|accounts?|profiles?|pages?)`),
			cues: []cue{
				// "will not accept friend or contact requests", "do not accept invitations".
				is("decline", `{neg} {w3}(?:accept|approve|add|befriend|confirm)\w* {w6}(?:friends?|contacts?|connections?|invitations?|requests?)\b`).exceptSentence(friendExceptions),
				// "will not be friends with clients", "will not connect with you on social media".
				is("decline", `{neg} {w2}(?:be )?(?:friends?|connect(?:ed)?) (?:with|to) {w3}(?:clients?|you)\b`).ownTopic().exceptSentence(friendExceptions),
				is("decline", `{neg} (?:be )?(?:friend|befriend)(?:ing)? (?:current |former |any |or )*(?:clients?|you)\b`).exceptSentence(friendExceptions),
				is("decline", `declin\w* {w4}(?:friend|contact|connection|invitation|request)`).exceptSentence(friendExceptions),
				is("decline", `(?:friend|contact|connection) requests? {w5}(?:will be|are|is) declined`).exceptSentence(friendExceptions),
				is("decline", `(?:such|these|those|any such|any) requests? (?:will|are|is) (?:be )?(?:declined|refused|rejected|not (?:be )?accepted)`).ownTopic().exceptSentence(friendExceptions),
				// "friend requests will be ignored", "I will not respond to connection requests".
				is("ignore", `(?:ignore|disregard)\w* {w4}(?:friend|contact|connection|invitation|request)`),
				is("ignore", `(?:friend|contact|connection) requests? {w5}(?:ignored|(?:left )?unanswered|not (?:be )?(?:answered|acknowledged|responded to))`),
				is("ignore", `{neg} {w2}(?:respond|reply) to {w3}(?:friend|contact|connection) requests?`),
				// "If you send me a friend request, I will not respond to it."
				is("ignore", `(?:friend|contact|connection) requests?, (?:i|we|they|your (?:therapist|clinician|counselor)) {neg} {w2}(?:respond|reply|answer)\w* (?:to )?(?:it|them)\b`),
				is("ignore", `(?:will|i|we) (?:simply |just )?(?:ignore|disregard) (?:it|them|these|such|any)\b`),
				// "former clients may send me a connection request".
				affirmed("accept", `(?:may|might|will|can|could|happy to|glad to|welcome to|i|we) (?:\w+ )?(?:accept|approve)s? {w4}(?:friend|contact|connection|invitation|request)`),
				affirmed("accept", `(?:may|can|are welcome to|feel free to) {w2}(?:send (?:me |us )?(?:a )?(?:friend|connection) requests?|connect with (?:me|us|your therapist)|friend (?:me|us))`),
			},
			wins: [][2]policy.Stance{{"ignore", "decline"}},
		},
		// A connection with a client that turns out to exist already.
		{
			clause: policy.AccidentalConnections,
			topic:  compile(`accident\w*|inadvertent\w*|unintention\w*|unknowingly|already (?:connected|friends)|(?:existing|prior|pre-?existing) (?:connection|relationship|friendship)|discover\w*|find out|learn that|become aware`),
			need:   compile(`connect|relationship|friend|follow|online|social|network`),
			cues: []cue{
				// "they will cancel that relationship".
				affirmed("remove", `(?:cancel|remove|delete|unfriend|disconnect|sever|terminate|discontinue|block|unfollow)\w* {w4}(?:relationship|connection|friendship|link|you|it|them|contact)`).ownTopic(),
				affirmed("remove", `end (?:the|that|this|our|any) (?:online )?(?:connection|relationship|friendship)`).ownTopic(),
				// "I will keep the connection", "I will not remove the connection".
				affirmed("keep", `(?:keep|maintain|leave|retain)\w* {w4}(?:connection|relationship|friendship|link)`).ownTopic(),
				is("keep", `{neg} {w2}(?:remove|delete|unfriend|disconnect|cancel|sever|unfollow)\w* {w3}(?:connection|relationship|friendship|you|it)`).ownTopic(),
			},
		},
		// Clients liking or following the practice's business page.
		{
			clause: policy.PracticePage,
			topic:  compile(`(?:facebook|business|professional|practice|practice's|our|my|this|the) (?:facebook |instagram )?page|\bfans?\b|fanning|liking|like (?:my|our|the) (?:page|practice)|business (?:account|profile)`),
			cues: []cue{
				// "I do not accept clients as Fans of this Page".
				is("not_accepted", `{neg} {w3}accept {w3}(?:fans?|followers?|likes?)\b`),
				is("not_accepted", `clients? {w3}(?:not|never) (?:be )?(?:accepted|allowed|permitted) {w3}(?:fans?|followers?)`),
				is("not_accepted", `(?:do not|don't|refrain from|avoid) {w2}(?:like|likes|liking|follow|following|fan)\w* {w3}(?:page|practice)`),
				is("not_accepted", `(?:remove|block|delete)\w* {w3}clients? {w3}(?:fans?|followers?|likes?)`),
				// "you are welcome to like or follow our page".
				affirmed("allowed", `(?:welcome|free|invited|encouraged|may|can) {w3}(?:like|follow|fan|subscribe to)\w* {w4}(?:page|account|profile)`).ownTopic(),
				// "we do not maintain a business page".
				is("no_page", `{neg} {w2}(?:have|maintain|keep|operate|run|use) (?:a |an |any )?{w2}(?:business|professional|practice|facebook|social media|public) (?:page|presence|accounts?|profiles?)`).except(`personal`),
				is("no_page", `(?:there is|we have|i have|has) no (?:\w+ )?(?:facebook|business|professional|practice|social media) (?:page|presence|accounts?|profiles?)`).except(`personal`),
			},
		},
		// The therapist following clients' blogs, streams or profiles.
		{
			clause: policy.FollowingClients,
			topic:  compile(`follow\w*|(?:view|look at|monitor|read|check)\w* {w3}(?:your|clients?'?s?)`),
			cues: []cue{
				// "I will not follow you back", "I do not follow current or former clients".
				is("never", `{neg} {w2}follow\w* (?:you|your|clients?|current|former|any (?:current|former|clients?)|patients?)\b`).
					except(`your (?:\w+ )?(?:therapist|counselor|psychologist|clinician|provider|counselor/therapist)`),
				is("never", `{neg} {w3}(?:view|look at|monitor|read|check|visit)\w* {w3}(?:your|clients?'?s?|current or former clients'?) {w3}(?:profiles?|posts?|blogs?|social media|pages?|accounts?|content|streams?)`),
				affirmed("allowed", `(?:i|we|therapists?|they|she|he) (?:may|might|can|could|sometimes|will) {w2}follow (?:you|clients?)\b`),
			},
		},
		// Clients following the therapist's public or professional streams.
		{
			clause: policy.ClientFollowing,
			topic:  compile(`follow\w*`),
			cues: []cue{
				// "I have no expectation that you will follow", "welcome to … follow me".
				is("allowed", `no expectation {w8}follow`).except(`\bpage\b|\bfans?\b`),
				affirmed("allowed", `(?:welcome|free|invited) to {w8}follow`).except(`\bpage\b|\bfans?\b`),
				is("allowed", `(?:your|own) discretion {w6}follow`).except(`\bpage\b|\bfans?\b`),
				affirmed("allowed", `(?:may|can) follow (?:me|my|us|our)\b`).except(`\bpage\b|\bfans?\b`),
				// "please do not follow me on Instagram".
				is("discouraged", `(?:do not|don't|refrain from|avoid|ask that you (?:not|do not|don't)|prefer (?:that )?you (?:not|do not|don't)|discourage\w*) {w3}follow\w* (?:me|my|us|our|your (?:therapist|counselor)|therapists?|counselors?)\b`),
				is("discouraged", `(?:following|to follow) (?:me|my|us|our|your therapist) {w4}(?:is|are) (?:discouraged|not (?:recommended|appropriate|advised))`),
			},
		},
		// Direct messages on social or networking sites.
		{
			clause: policy.SocialMessaging,
			topic:  compile(`direct messag\w*|private messag\w*|\bdms?\b|messenger|inbox|messag\w* {w8}(?:social|facebook|twitter|instagram|linkedin|networking|whatsapp)|(?:social|facebook|twitter|instagram|linkedin|networking) {w6}messag\w*`),
			cues: []cue{
				// "please do not use messaging on social networking sites".
				is("not_used", `{neg} {w4}(?:use|send|respond|reply|answer|message|contact|communicate|read|monitor|check|return|reach out)\w*\b`).except(channelLimits).exceptSentence(notUsedVetoes),
				is("not_used", `messag\w* {w10}(?:will|are|is) not (?:be )?(?:read|answered|monitored|returned|responded to|checked)`).exceptSentence(notUsedVetoes),
				// A table cell or run-in label: "Social media messages: Not answered".
				is("not_used", `^not (?:used|answered|read|monitored|accepted|available)\b`).exceptSentence(channelLimits),
				affirmed("allowed", `(?:may|can|feel free to|welcome to) {w3}(?:message|dm|send (?:me |us )?(?:a )?(?:direct |private )?message)`).ownTopic(),
				affirmed("allowed", `(?:i|we) (?:respond to|answer|reply to|check|read|monitor) {w3}(?:direct |private )?messages`).ownTopic(),
			},
		},
		// Wall posts, replies, comments, mentions and tags.
		{
			clause: policy.PublicInteraction,
			topic:  compile(`\bcomment(?:s|ing)? on\b|(?:anything|what) you post\b|wall (?:post|posting)\w*|@ ?repl\w*|@-?mention|\bmentions?\b|\btag(?:s|ged|ging)?\b|public(?:ly)? {w3}(?:comment|post|online|engag|respond|reply)|comment\w* on (?:my|our|the) (?:posts?|page|blog)|(?:in|on) public online`),
			cues: []cue{
				// "do not use wall postings, @replies …".
				is("not_used", `(?:do not|don't|avoid|refrain from|never) {w3}(?:use|post|comment|tag|mention|engag|write|reply|respond|reach out)\w*`).ownTopic(),
				is("not_used", `{neg} {w3}(?:respond|reply|engage|comment|like|acknowledge)\w*`).ownTopic(),
				affirmed("allowed", `(?:may|can|welcome to|feel free to|are free to) {w3}(?:comment|tag|mention|post|reply|share)\w*`).ownTopic(),
			},
		},
		channelRules(policy.Texting, `(?:text(?:s|ing|ed)?|text messag\w*|sms)`),
		channelRules(policy.Email, `(?:e-?mails?|e-?mailing|e-?mailed)`),
		// The therapist searching for a client online.
		{
			clause: policy.SearchEngines,
			topic:  compile(`\bsearch\w*|googl\w*|look (?:you|me|a client|clients?|them|people) up|internet research|background check`),
			carry:  true,
			cues: []cue{
				// "will not search for you through Google".
				is("never", `{neg} {w4}(?:search|google|look (?:you |clients? )?up|use {w3}search|research)\w*`).ownTopic().
					except(`google (?:reader|docs|drive|calendar|voice|meet|my business|play|plus|\+)`),
				// "extremely rare exceptions may be made during times of crisis".
				is("crisis_only", `(?:exception|except|unless|only)\w* {w10}(?:crisis|emergenc\w*|danger|safety|welfare|at risk|imminent risk)`),
				is("crisis_only", `(?:crisis|emergenc\w*) {w6}(?:exception|only)\b`),
				// "if I am seriously worried about your safety and cannot reach you".
				is("crisis_only", `\b(?:if|when|where) {w6}(?:worried|concerned|fear\w*|afraid|believe|reason to (?:believe|suspect)) {w6}(?:safety|welfare|danger|at risk|harm)`).ownTopic(),
				// "will not use web searches … without your permission", "unless you ask me to".
				is("with_consent_or_crisis", `(?:permission|consent|agreement|at your request|(?:if|unless|when) you (?:ask|request|invite|want) (?:me|us))`).ownTopic().exceptSentence(`even with|even if|even when|even at|regardless`),
			},
			wins: [][2]policy.Stance{{"with_consent_or_crisis", "never"}, {"with_consent_or_crisis", "crisis_only"}, {"crisis_only", "never"}},
		},
		// Reviews on business review sites.
		{
			clause: policy.BusinessReviews,
			carry:  true,
			topic:  compile(`reviews\b|\ba review\b|any review|review sites?|yelp|healthgrades|google my business|zocdoc|rating sites?|online review|reviewers?`),
			cues: []cue{
				// "I cannot respond to any review".
				is("no_response", `{neg} {w3}(?:respond|reply|comment|answer|acknowledge|engage)\w*`),
				affirmed("may_respond", `(?:may|might|will|can|do|sometimes) {w2}(?:respond|reply)\w* {w4}(?:reviews?|reviewers?|them|it|publicly)\b`).ownTopic(),
				// "if you leave us a review, we may respond with a general thank-you".
				affirmed("may_respond", `(?:we|i) (?:may|might|will|can|sometimes) (?:\w+ )?(?:respond|reply) with\b`).ownTopic(),
			},
		},
		// Asking clients for testimonials, ratings or endorsements.
		{
			clause: policy.Testimonials,
			topic:  compile(`testimonial\w*|endorsement\w*|ratings?\b|reviews?\b|recommendations?\b`),
			cues: []cue{
				// "prohibits my soliciting testimonials", "not a request for a testimonial".
				is("never_solicit", `{neg} {w3}(?:solicit|ask|request|seek|invite|encourage|pressure)\w* {w6}(?:testimonial|endorsement|rating|review|recommendation)`),
				is("never_solicit", `prohibits? {w3}(?:solicit|request|ask)\w*`).ownTopic(),
				is("never_solicit", `unethical {w4}(?:solicit|request)`).ownTopic(),
				is("never_solicit", `not (?:a |an )?(?:request|solicitation) for {w2}(?:testimonial|rating|endorsement|review)`),
				// "we invite satisfied clients to leave a review".
				affirmed("may_solicit", `(?:may|might|will|would|can|do) {w2}(?:ask|invite|request|encourage)\w* {w4}(?:testimonial|endorsement|rating|review|feedback)`),
				affirmed("may_solicit", `(?:may|might|will|would|can|do|sometimes) {w2}(?:ask|invite|request|encourage)\w* {w12}(?:testimonial|endorsement)`),
				affirmed("may_solicit", `(?:invite|encourage|welcome|appreciate|love it if|grateful if)\w* {w3}(?:to )?(?:leave|write|share|post|submit|give) {w3}(?:testimonial|review|rating|endorsement)`),
			},
		},
		// The practice as a check-in location.
		{
			clause: policy.LocationServices,
			topic:  compile(`check-?ins?\b|checking in|location-based|location services|foursquare|gowalla|geotag|\bgps\b|geo-?location`),
			cues: []cue{
				// "I do not place my practice as a check-in location".
				is("not_a_checkin_location", `{neg} {w4}(?:place|list|register|set up|create|make|have|offer|designate|add)\w* {w4}(?:check-?in|location)`),
				is("not_a_checkin_location", `(?:is|are) not {w3}check-?in location`),
				affirmed("checkin_location", `(?:is|are) (?:listed|registered|available) as (?:a )?check-?in`),
				affirmed("checkin_location", `(?:may|can|welcome to|free to) check in (?:at|to) (?:our|my|the) (?:office|practice)`),
			},
		},
		// Therapist and client meeting by chance online.
		{
			clause: policy.IncidentalEncounters,
			topic:  compile(`encounter\w*|come across|came across|run into|bump into|by chance|by accident|accidentally (?:see|find|come)|happen to (?:see|notice|come|find)|stumble\w*|incidental\w*|inadvertently (?:see|find|view)`),
			carry:  true,
			cues: []cue{
				// "If that occurs, please discuss it with your therapist during your next session".
				is("discuss_in_session", `(?:discuss|talk about|bring (?:it|this|them) up|raise (?:it|this)|address (?:it|this)|mention (?:it|this))\w* {w8}(?:session|meet|appointment|in person|therapy hour|therapy time)`),
				is("no_action", `no (?:action|response|follow-up) (?:is|will be) (?:needed|required|taken)`),
				is("no_action", `{neg} {w2}(?:(?:mention|raise|discuss|acknowledge|act on)\w* {w4}(?:it|this|encounter)|bring (?:it|this) up)`).ownTopic().exceptSentence(`until`),
			},
			wins: [][2]policy.Stance{{"discuss_in_session", "no_action"}},
		},
		// How clients learn of a new version.
		{
			clause: policy.PolicyUpdates,
			topic:  compile(`(?:updat|chang|revis|modif|amend)\w* {w5}polic\w*|polic\w* {w5}(?:updat|chang|revis|modif|amend)\w*|new version|(?:updated|revised) (?:version|copy)|(?:current|latest|most recent|newest) version|^(?:policy )?(?:changes|updates|revisions|amendments)(?: to (?:this|the|our|my) policy)?$`),
			carry:  true,
			cues: []cue{
				// "Clients will be notified in writing of any policy changes".
				is("notify_in_writing", `(?:notif|inform|tell|told|let you know|advise|alert|provide|give|send|receive)\w* {w8}in writing`),
				is("notify_in_writing", `written (?:notice|notification|copy|copies|version)|(?:copy|copies) of (?:the|any) (?:updated|revised|new|changed) polic\w*|(?:notif|inform|tell|let you know|advise|alert)\w* {w8}by (?:e-?mail|mail|letter|post)\b`),
				is("notify_in_session", `(?:discuss|review|inform|tell|told|notif|let you know|go over|explain|announc|present|talk about)\w* {w8}(?:in session|during (?:a |our |your )?(?:next )?session|when we (?:next )?meet|at (?:our|your) next (?:session|appointment)|in person)`),
				// "The website will also be updated to reflect any changes".
				affirmed("post_online", `(?:post|publish|updat|available|upload)\w* {w6}(?:website|web site|online|our site|portal|web page)`),
				affirmed("post_online", `(?:website|web site|web page) {w4}(?:updated|revised)`),
				// "the latest version will be posted at www.example.com/policies".
				affirmed("post_online", `(?:posted|published|available) (?:at|on) (?:www\.|https?:|[\w-]+\.(?:com|org|net|us|co)\b)`),
			},
			wins: [][2]policy.Stance{{"notify_in_writing", "notify_in_session"}, {"notify_in_writing", "post_online"}, {"notify_in_session", "post_online"}},
		},
		// Whether online interactions become part of the clinical record.
		{
			clause: policy.Records,
			topic:  compile(`records?\b|\bchart\b|\bfile\b|documented|documentation|archived`),
			need:   compile(`e-?mail|\btext|messag|exchange|interaction|communication|online|social|posts?\b|correspondence|these|\bit\b|\bthem\b`),
			cues: []cue{
				// "will become a part of your legal medical record", "documented and archived in your chart".
				affirmed("documented", `(?:become|becomes|be|are|is) {w3}(?:part of|included in|added to|placed in|kept in|stored in|filed in|entered (?:in|into)|recorded in) {w4}(?:records?|chart|file)\b`).ownTopic().exceptSentence(recordConditions),
				affirmed("documented", `(?:documented|archived|noted|recorded|filed)\w* {w6}(?:records?|chart|file)\b`).ownTopic().exceptSentence(recordConditions),
				is("not_documented", `(?:not|never) {w3}(?:be )?(?:part of|included in|added to|placed in|documented|recorded|kept in)\w* {w4}(?:records?|chart|file)\b`).ownTopic().exceptSentence(`unless|except|if (?:they|it) (?:is|are)|, but|\bbut (?:\w+ ){0,3}(?:are|is|will|may)\b|however|\bwhile\b`),
			},
		},
		// Whether the client signs that they read the policy.
		{
			clause: policy.Acknowledgment,
			topic:  compile(`sign\w*|acknowledg\w*|initial\w*|signature`),
			cues: []cue{
				// "By signing below, I am indicating that I have read this document".
				is("required", `by signing|sign(?:ing|ed)? below|please sign (?:below|here|and date|this|the (?:\w+ )?(?:form|policy|document|acknowledg\w*)|where indicated|on the)|signature {w4}(?:indicates|acknowledges|confirms|below)|client signature|(?:client|your) (?:signature|initials)\b`),
				is("required", `(?:sign|initial) {w4}(?:acknowledg|that you have read|indicating|to indicate|to confirm)`),
				is("required", `i (?:have read|acknowledge that i have read|acknowledge receipt)`).ownTopic(),
				is("not_required", `(?:no|not) {w3}(?:signature|sign\w*) {w3}(?:required|needed|necessary)|(?:do not|don't|does not|doesn't) need to sign|(?:not|never) (?:be )?(?:required|needed|necessary|asked|obliged|expected) to sign`),
			},
		},
	}
})
