package triage

import "github.com/framekeeper/framekeeper/policy"

// The rules below carry out the promises of the source policies (seeds
// 000–003), one function per kind of interaction, for every stance of its
// clause. Where the policy is silent (unspecified) a rule takes no outward
// step the policy has not promised (no automatic decline, removal or reply),
// keeps the record and brings the matter to the next session, so a person
// decides; the exceptions say why.

// Agenda topics, by clause.
const (
	topicSocial    = "the policy on social media contact"
	topicFollowing = "the policy on following each other online"
	topicPage      = "the policy on the practice's social media page"
	topicReach     = "how to reach the practice between sessions"
	topicPublic    = "the policy on public comments, mentions and tags"
	topicTexting   = "the policy on text messages"
	topicEmail     = "the policy on email"
	topicEncounter = "how chance encounters online are handled"
	topicSearch    = "the reasons for it"
)

func rules(f facts) plan {
	switch f.kind {
	case FriendRequest:
		return friendRequest(f)
	case Follow:
		return follow(f)
	case PageLike:
		return pageLike(f)
	case DirectMessage:
		return directMessage(f)
	case PublicComment:
		return publicComment(f)
	case SMS:
		return sms(f)
	case Email:
		return email(f)
	case Review:
		return review(f)
	case Checkin:
		return checkin(f)
	case AccidentalConnection:
		return accidentalConnection(f)
	case IncidentalEncounter:
		return incidentalEncounter(f)
	case SearchRequest:
		return searchRequest(f)
	}
	var p plan
	p.add(ActIgnore)
	p.doc = true
	p.explain(policy.Records, f.stance(policy.Records), "the kind \""+string(f.kind)+"\" is not one the policy covers; a person reviews it.")
	return p
}

// friendRequest: seeds 000–003 decline requests from current and former
// clients; seed 003 asks for a standard response to clients and to their
// friends and relatives, and a discussion at the next session.
func friendRequest(f facts) plan {
	var p plan
	c, s := policy.Friending, f.stance(policy.Friending)
	p.topic = topicSocial
	if !f.known {
		p.add(ActIgnore)
		p.explain(c, s, "the clause covers clients and their friends and relatives, and the sender is neither as far as the practice knows; the request is left for the therapist, and nothing is sent.")
		return p
	}
	switch s {
	case stDecline:
		p.add(ActDecline)
		p.reply(RespFriendingDecline)
		p.doc, p.agenda = true, true
		if f.client {
			p.explain(c, s, "friend requests from clients are declined with the standard response and discussed at the next session.")
		} else {
			p.explain(c, s, "requests from a client's friends and relatives are declined with the standard response for them, which confirms no one is a client, and discussed at the client's next session.")
		}
	case stIgnore:
		p.add(ActIgnore)
		p.doc = true
		p.explain(c, s, "friend requests are left unanswered; nothing is sent.")
	case stAccept:
		p.add(ActAllow)
		p.doc = true
		p.explain(c, s, "friend requests may be accepted; the therapist decides.")
	default:
		p.add(ActIgnore)
		p.doc, p.agenda = true, true
		p.explain(c, s, "the policy is silent, so nothing is declined or sent automatically; the request is left unanswered and discussed at the next session.")
	}
	return p
}

// follow: the therapist does not follow clients back (seeds 000, 002);
// a client's follow carries no expectation and may be discussed (002).
func follow(f facts) plan {
	var p plan
	c, s := policy.FollowingClients, f.stance(policy.FollowingClients)
	p.topic = topicFollowing
	switch s {
	case stAllowed:
		if f.client {
			p.add(ActAllow)
			p.explain(c, s, "the therapist may follow clients back.")
		} else {
			p.explain(c, s, "the therapist may follow back; the sender is not a recognised client.")
		}
	case stNever:
		// Applies to everyone: an unrecognised follower may be a client.
		p.add(ActDoNotFollowBack)
		p.explain(c, s, "the therapist never follows clients, so no one is followed back who might be one.")
	default:
		p.add(ActDoNotFollowBack)
		p.explain(c, s, "the policy is silent, so the therapist does not follow back.")
	}
	if !f.client {
		return p
	}
	c, s = policy.ClientFollowing, f.stance(policy.ClientFollowing)
	p.doc, p.agenda = true, true
	switch s {
	case stAllowed:
		p.explain(c, s, "clients may follow; there is no expectation, and it may be discussed briefly at the next session.")
	case stDiscouraged:
		p.explain(c, s, "clients are asked not to follow the therapist; it is discussed at the next session.")
	default:
		p.explain(c, s, "the policy is silent; the follow is discussed at the next session.")
	}
	return p
}

// pageLike: seed 002 does not accept clients as fans of the practice page;
// seed 001 welcomes them with no expectation.
func pageLike(f facts) plan {
	var p plan
	c, s := policy.PracticePage, f.stance(policy.PracticePage)
	p.topic = topicPage
	if !f.client {
		p.add(ActIgnore)
		p.explain(c, s, "the clause covers clients, and the sender is not a recognised client; nothing is done.")
		return p
	}
	switch s {
	case stNotAccepted:
		p.add(ActRemoveConnection)
		p.doc, p.agenda = true, true
		p.explain(c, s, "clients are not accepted as fans or followers of the practice page, so the client is removed from it and it is discussed at the next session.")
	case stAllowed:
		p.doc = true
		p.explain(c, s, "clients are welcome to follow the page; there is no engagement and nothing is answered.")
	case stNoPage:
		p.doc = true
		p.explain(c, s, "the practice keeps no page of its own, so there is nothing to remove or answer.")
	default:
		p.doc, p.agenda = true, true
		p.explain(c, s, "the policy is silent, so nothing is removed; it is discussed at the next session.")
	}
	return p
}

// unanswered: a message on a channel the practice does not use is read by
// the system (for a crisis), documented, and either left unanswered or
// answered with a redirect if the practice chose to send one. Therapy
// content sent there is brought to the next session.
func unanswered(f facts, p *plan, r Response) {
	if f.in.RedirectReplies {
		p.reply(r)
		p.note("The practice sends a redirect reply on channels it does not use.")
	} else {
		p.add(ActNoReply)
	}
	p.doc = true
	if f.clinical {
		p.agenda = true
	}
}

// directMessage: seeds 000–002 ask clients not to use social media
// messages; they are not answered.
func directMessage(f facts) plan {
	var p plan
	c, s := policy.SocialMessaging, f.stance(policy.SocialMessaging)
	p.topic = topicReach
	switch s {
	case stNotUsed:
		p.explain(c, s, "direct messages on social media are not answered.")
		unanswered(f, &p, RespMessagingRedirect)
	case stAllowed:
		p.add(ActAllow)
		p.doc = true
		p.explain(c, s, "direct messages may be used; staff answer it by hand.")
	default:
		p.add(ActNoReply)
		p.doc, p.agenda = true, true
		p.explain(c, s, "the policy is silent, so no reply is sent on this channel; the message is documented and how to reach the practice is discussed at the next session.")
	}
	return p
}

// publicComment: wall posts, @replies, mentions and tags are never answered
// in public (seeds 001, 002): an answer could confirm a relationship.
func publicComment(f facts) plan {
	var p plan
	c, s := policy.PublicInteraction, f.stance(policy.PublicInteraction)
	p.topic = topicPublic
	switch s {
	case stAllowed:
		p.add(ActAllow)
		p.doc = true
		p.explain(c, s, "public interaction is allowed; any answer is written by a person and must not confirm that anyone is a client.")
	default:
		p.add(ActNoReply)
		p.doc = true
		p.agenda = f.client
		if s == stNotUsed {
			p.explain(c, s, "public comments, replies, mentions and tags are not answered.")
		} else {
			p.explain(c, s, "the policy is silent; nothing is answered in public, where a reply could confirm a relationship.")
		}
		if f.client {
			p.note("The client's public contact is discussed at the next session.")
		}
	}
	return p
}

// sms: texts need the sender's agreement to texting; under
// administrative_only, therapy content gets a reminder of the policy
// (never a quotation) and is brought to the next session.
func sms(f facts) plan {
	var p plan
	c, s := policy.Texting, f.stance(policy.Texting)
	p.topic = topicTexting
	consent := f.in.TextingConsent
	switch {
	case s == stNotUsed:
		p.explain(c, s, "text messages are not answered.")
		unanswered(f, &p, RespTextingRedirect)
	case (s == stAdminOnly || s == stAllowed) && !consent:
		p.explain(c, s, "texts are answered only for someone who agreed to texting, and no agreement is on file; the text is not answered by text.")
		unanswered(f, &p, RespTextingRedirect)
	case s == stAdminOnly:
		adminOnly(f, &p, c, s, RespTextingClinical, "texts are")
	case s == stAllowed:
		p.add(ActAllow)
		p.doc = true
		p.explain(c, s, "text messages may be used, and the sender agreed to texting; staff answer it by hand.")
	case consent:
		p.add(ActAllow)
		p.doc = true
		p.agenda = f.clinical
		p.explain(c, s, "the policy is silent, and the sender agreed to texting; staff may answer it by hand, and no automatic reply is sent.")
	default:
		p.add(ActNoReply)
		p.doc = true
		p.agenda = f.clinical
		p.explain(c, s, "the policy is silent and no agreement to texting is on file, so no reply is sent by text.")
	}
	return p
}

// email: seed 002 keeps email for appointments ("please do not email me
// content related to your therapy sessions"); seed 000 does not use it.
func email(f facts) plan {
	var p plan
	c, s := policy.Email, f.stance(policy.Email)
	p.topic = topicEmail
	switch s {
	case stNotUsed:
		p.explain(c, s, "email is not answered.")
		unanswered(f, &p, RespEmailRedirect)
	case stAdminOnly:
		adminOnly(f, &p, c, s, RespEmailClinical, "email is")
	case stAllowed:
		p.add(ActAllow)
		p.doc = true
		if f.clinical && !f.in.EmailConsent {
			p.agenda = true
			p.explain(c, s, "email may be used; staff answer it by hand. It carries therapy content and no agreement to therapy content by email is on file, so it is discussed at the next session.")
		} else {
			p.explain(c, s, "email may be used; staff answer it by hand.")
		}
	default:
		p.add(ActAllow)
		p.doc = true
		p.agenda = f.clinical
		p.explain(c, s, "the policy is silent; staff may answer it by hand, and no automatic reply is sent.")
	}
	return p
}

// adminOnly: administrative messages are answered by staff; therapy content
// gets the standard reminder, is documented and goes on the agenda. A message
// that is both gets both.
func adminOnly(f facts, p *plan, c policy.Clause, s policy.Stance, r Response, what string) { // what: "texts are"
	p.doc = true
	if f.clinical {
		p.reply(r)
		p.agenda = true
		if f.admin {
			p.add(ActAllow)
			p.explain(c, s, what+" for administrative matters only: staff handle the administrative part, and the standard reminder of the policy is sent for the rest, which is discussed at the next session.")
		} else {
			p.explain(c, s, what+" for administrative matters only: the standard reminder of the policy is sent, and the content is discussed at the next session.")
		}
		return
	}
	p.add(ActAllow)
	p.explain(c, s, what+" for administrative matters only, and this one carries no therapy content; staff answer it by hand.")
}

// review: seed 002 never responds to reviews, positive or negative, because
// a response could confirm the reviewer is a client.
func review(f facts) plan {
	var p plan
	c, s := policy.BusinessReviews, f.stance(policy.BusinessReviews)
	p.doc = true
	switch s {
	case stMayRespond:
		p.add(ActAllow)
		p.explain(c, s, "a person may respond in general terms that never confirm the reviewer is or was a client; nothing is sent automatically.")
	case stNoResponse:
		p.add(ActDoNotRespond)
		p.explain(c, s, "reviews are never answered, positive or negative.")
	default:
		p.add(ActDoNotRespond)
		p.explain(c, s, "the policy is silent; a review is not answered, since a response could confirm a relationship.")
	}
	return p
}

// checkin: the practice notes a client's check-in at its location; nothing
// is ever answered (seed 002 warns clients of the privacy risk).
func checkin(f facts) plan {
	var p plan
	c, s := policy.LocationServices, f.stance(policy.LocationServices)
	p.doc = f.client
	switch s {
	case "not_a_checkin_location":
		p.explain(c, s, "the practice is not listed as a check-in location; the check-in is noted and nothing is answered.")
	case "checkin_location":
		p.explain(c, s, "the practice is a check-in location; the check-in is noted and nothing is answered.")
	default:
		p.explain(c, s, "the policy is silent; the check-in is noted and nothing is answered.")
	}
	return p
}

// accidentalConnection: seed 001 cancels an online relationship found by
// accident.
func accidentalConnection(f facts) plan {
	var p plan
	c, s := policy.AccidentalConnections, f.stance(policy.AccidentalConnections)
	p.topic = topicSocial
	if !f.client {
		p.add(ActIgnore)
		p.explain(c, s, "the clause covers connections with clients, and this one is not with a recognised client; nothing is done.")
		return p
	}
	switch s {
	case stRemove:
		p.add(ActRemoveConnection)
		p.doc, p.agenda = true, true
		p.explain(c, s, "an existing connection with a client is removed once discovered and discussed at the next session.")
	case stKeep:
		p.add(ActAllow)
		p.doc = true
		p.explain(c, s, "an existing connection with a client may stay; it is noted.")
	default:
		p.doc, p.agenda = true, true
		p.explain(c, s, "the policy is silent, so the connection is not removed automatically; it is discussed at the next session.")
	}
	return p
}

// incidentalEncounter: seed 001 asks that a chance encounter online be
// discussed at the next session.
func incidentalEncounter(f facts) plan {
	var p plan
	c, s := policy.IncidentalEncounters, f.stance(policy.IncidentalEncounters)
	p.topic = topicEncounter
	if !f.client {
		p.add(ActIgnore)
		p.explain(c, s, "the clause covers encounters with clients, and this one is not with a recognised client; nothing is done.")
		return p
	}
	switch s {
	case stNoAction:
		p.add(ActIgnore)
		p.explain(c, s, "chance encounters online need no action.")
	case stDiscuss:
		p.doc, p.agenda = true, true
		p.explain(c, s, "chance encounters online are noted and discussed at the next session.")
	default:
		p.doc, p.agenda = true, true
		p.explain(c, s, "the policy is silent; the encounter is noted and discussed at the next session.")
	}
	return p
}

// searchRequest: seeds 000 and 002 search only in a crisis, document it and
// discuss it at the next session; seed 001 also with the client's
// permission. The grounds are the request's text: crisis grounds are what
// the detector finds there. A silent policy is read as crisis only, the
// ground every seed shares.
func searchRequest(f facts) plan {
	var p plan
	c, s := policy.SearchEngines, f.stance(policy.SearchEngines)
	p.topic = topicSearch
	grant := func(why string) {
		p.add(ActAllow, ActRequireDocumentation)
		p.agenda = true
		p.explain(c, s, why)
	}
	switch {
	case s == stNever:
		p.add(ActDeny)
		p.explain(c, s, "the therapist never searches for clients online.")
	case s == stConsentOrCrisi && f.crisis:
		grant("a search is allowed in a crisis; the grounds show one, so it must be documented and discussed at the next session.")
	case s == stConsentOrCrisi && f.in.SearchConsent:
		p.add(ActAllow, ActRequireDocumentation)
		p.explain(c, s, "a search is allowed with the client's permission, which is on file; it must be documented.")
	case s == stConsentOrCrisi:
		p.add(ActDeny)
		p.explain(c, s, "a search needs the client's permission or crisis grounds, and neither is present.")
	case f.crisis && s == stCrisisOnly:
		grant("a search is allowed only in a crisis; the grounds show one, so it must be documented and discussed at the next session.")
	case f.crisis:
		grant("the policy is silent, so the rule every source policy shares applies: a search only in a crisis, documented and discussed at the next session. The grounds show one.")
	case s == stCrisisOnly:
		p.add(ActDeny)
		p.explain(c, s, "a search is allowed only in a crisis, and the grounds show none.")
	default:
		p.add(ActDeny)
		p.explain(c, s, "the policy is silent, so the rule every source policy shares applies: a search only in a crisis, and the grounds show none.")
	}
	return p
}
