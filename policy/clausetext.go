package policy

// clauseText is what the client reads for one clause: the section heading,
// the body for each stance (Markdown, second person, short sentences, each
// saying what the practice does and why), and the one sentence that announces
// a change to that stance in a notice of changes.
type clauseText struct {
	Heading string
	Topic   string // "text messages": completes "the section about …"
	Body    map[Stance]string
	Now     map[Stance]string
}

// clauseTexts is read-only. Bodies are written for a grade 8 reader; the
// tests hold every generated section to grade 9 or below.
var clauseTexts = map[Clause]clauseText{
	PersonalContactDetails: {
		Heading: "Personal phone numbers and email",
		Topic:   "personal phone numbers and email",
		Body: map[Stance]string{
			"not_shared": "Your therapist will not give you a personal cell number or a personal email address. " +
				"This keeps your care in one safe place that the practice looks after. " +
				"Please reach us in the ways listed under \"Reaching us between sessions.\" " +
				"If you come across a personal number or address, please do not use it.",
			"shared": "Your therapist may give you a personal cell number or email address. " +
				"If they do, please use it only in the ways you agree on together. " +
				"Keep in mind that calls, texts and email are not fully private. " +
				"Never use a personal number in an emergency. Follow the steps under \"In an emergency\" instead.",
		},
		Now: map[Stance]string{
			"not_shared": "Our therapists no longer give clients a personal phone number or email address.",
			"shared":     "Your therapist may now give you a personal phone number or email address.",
		},
	},
	Friending: {
		Heading: "Friend and contact requests",
		Topic:   "friend and contact requests",
		Body: map[Stance]string{
			"decline": "We do not accept friend, contact or follow requests from clients on any site. " +
				"This is true while you are in therapy and after it ends. " +
				"If you send one, your therapist will decline it, and you can talk about it at your next session. " +
				"This is not a rejection of you. " +
				"Being linked online could show others that you are in therapy. " +
				"It could also blur the line between therapy and friendship.",
			"ignore": "We do not accept friend, contact or follow requests from clients on any site. " +
				"This is true while you are in therapy and after it ends. " +
				"If you send one, it will not be answered. Please do not take this as a personal slight. " +
				"Being linked online could show others that you are in therapy. " +
				"It could also blur the line between therapy and friendship.",
			"accept": "Your therapist may accept a friend or contact request from you. " +
				"Before you send one, think about who else could see the link. " +
				"Others may guess that you are a client. " +
				"You are welcome to talk it over in session first.",
		},
		Now: map[Stance]string{
			"decline": "We now decline friend and contact requests from clients and talk about them at the next session.",
			"ignore":  "We now leave friend and contact requests from clients unanswered.",
			"accept":  "Your therapist may now accept a friend or contact request from you.",
		},
	},
	AccidentalConnections: {
		Heading: "Links that already exist",
		Topic:   "links online that already exist",
		Body: map[Stance]string{
			"remove": "Sometimes a therapist finds out that they are already linked to a client online. " +
				"This can happen through an old account or a shared group. " +
				"If we find a link like this, we will remove it. " +
				"We do this to protect your privacy, not to push you away.",
			"keep": "Sometimes a therapist finds out that they are already linked to a client online. " +
				"If this happens, the link may stay in place. " +
				"Your therapist will not use it to look into your life. " +
				"You can ask to talk about it at any time.",
		},
		Now: map[Stance]string{
			"remove": "If we find that we are already linked to you online, we will now remove the link.",
			"keep":   "If we find that we are already linked to you online, the link may now stay.",
		},
	},
	PracticePage: {
		Heading: "Our practice page",
		Topic:   "our practice page",
		Body: map[Stance]string{
			"not_accepted": "We keep a page for the practice on social media, where we share articles and news. " +
				"You are welcome to read and share what we post there. " +
				"But we do not accept clients as fans or followers of the page. " +
				"A list of followers is public, and we want no one to find a client's name on it. " +
				"You can still get our news in private ways, such as a news reader app.",
			"allowed": "We keep a page for the practice on social media, where we share articles and news. " +
				"You are welcome to follow it if you wish, but there is no need to. " +
				"We do not reply to likes or comments there. " +
				"Keep in mind that a public follow may show others that you know us.",
			"no_page": "We do not keep a page for the practice on any social media site. " +
				"If you see a page that seems to be ours, we did not make it. " +
				"Please let us know about it.",
		},
		Now: map[Stance]string{
			"not_accepted": "We no longer accept clients as fans or followers of our practice page.",
			"allowed":      "You are now welcome to follow our practice page if you wish.",
			"no_page":      "We no longer keep a practice page on social media.",
		},
	},
	FollowingClients: {
		Heading: "Following clients online",
		Topic:   "following clients online",
		Body: map[Stance]string{
			"never": "Your therapist will not follow you on social media, blogs or any other site. " +
				"This is true even if you follow them first, and after therapy ends. " +
				"Looking at your posts outside of session could mix up our roles. " +
				"You should decide what you share with us, and when. " +
				"If there is something online you want to share, bring it to a session. We can look at it together.",
			"allowed": "Your therapist may follow your public posts or blog. " +
				"If you would rather they did not, just say so. " +
				"You can always talk about it in session. " +
				"If there is something online you want to share, you are welcome to bring it to a session.",
		},
		Now: map[Stance]string{
			"never":   "Our therapists will no longer follow clients online, on any site.",
			"allowed": "Your therapist may now follow your public posts or blog.",
		},
	},
	ClientFollowing: {
		Heading: "Following your therapist",
		Topic:   "following your therapist online",
		Body: map[Stance]string{
			"allowed": "Your therapist may post articles or news on a blog or a public account. " +
				"You are free to follow it, but we do not expect you to. " +
				"If your therapist notices that you follow them, they may bring it up in session. " +
				"Think about your own privacy first. A public follow can link your name to ours. " +
				"A news reader app or a private list lets you follow without a public link.",
			"discouraged": "Your therapist may post on a blog or a public account. " +
				"We ask that you do not follow these accounts. " +
				"A public follow can link your name to your therapist's name. " +
				"That could show others that you are in therapy. " +
				"If you already follow, you may want to stop. You can talk about it in session.",
		},
		Now: map[Stance]string{
			"allowed":     "You are now free to follow your therapist's public posts if you wish.",
			"discouraged": "We now ask that you do not follow your therapist's accounts online.",
		},
	},
	SocialMessaging: {
		Heading: "Messages on social media",
		Topic:   "messages on social media",
		Body: map[Stance]string{
			"not_used": "Please do not send your therapist messages on social media sites or apps. " +
				"These messages are not secure, and we may not see them in time. " +
				"We will not reply there. " +
				"Please use one of the ways listed under \"Reaching us between sessions.\"",
			"allowed": "You may send your therapist messages on social media. " +
				"Please keep them short and about practical things. " +
				"These sites are not secure, so do not share private details there. " +
				"We may not see your message right away, so never use it in an emergency.",
		},
		Now: map[Stance]string{
			"not_used": "We no longer answer messages sent on social media.",
			"allowed":  "You may now send us messages on social media.",
		},
	},
	PublicInteraction: {
		Heading: "Public posts, comments and tags",
		Topic:   "public posts, comments and tags",
		Body: map[Stance]string{
			"not_used": "Please do not post on your therapist's page, reply to them in public, or tag or mention them. " +
				"Anyone could see these posts. They could show that you are in therapy. " +
				"We will not answer public posts, comments or tags.",
			"allowed": "You may comment on or share our public posts. " +
				"Please remember that anyone can see them. " +
				"Do not share anything about your therapy in public. " +
				"If we reply, we will keep it short and general. We will never say that you are a client.",
		},
		Now: map[Stance]string{
			"not_used": "We no longer answer public posts, comments or tags.",
			"allowed":  "You may now comment on or share our public posts.",
		},
	},
	Texting: {
		Heading: "Text messages",
		Topic:   "text messages",
		Body: map[Stance]string{
			"not_used": "We do not use text messages with clients. Please do not text your therapist. " +
				"Texts are not secure, and your therapist will not reply by text. " +
				"Please use one of the ways listed under \"Reaching us between sessions.\"",
			"administrative_only": "You may text us about practical matters only. " +
				"This means things like booking, changing or canceling a visit, or saying you are running late. " +
				"Please do not text about your feelings, your health or what happens in therapy. " +
				"Texts are not secure. Save those topics for your session.",
			"allowed": "You may text your therapist. Texts are handy, but they are not fully secure. " +
				"Others who use your phone may read them. " +
				"Please keep private details for your sessions. " +
				"We may not read a text right away, so never use one in an emergency.",
		},
		Now: map[Stance]string{
			"not_used":            "We no longer use text messages. Please do not text us.",
			"administrative_only": "We now answer texts about practical things only, such as booking a visit.",
			"allowed":             "You may now text your therapist.",
		},
	},
	Email: {
		Heading: "Email",
		Topic:   "email",
		Body: map[Stance]string{
			"not_used": "We do not use email with clients. " +
				"Please do not email your therapist, even if you find an address online. " +
				"Email is not fully secure. Copies are kept on servers that others may be able to read. " +
				"Please use one of the ways listed under \"Reaching us between sessions.\"",
			"administrative_only": "You may email us about practical matters only, such as setting or changing a visit. " +
				"Please do not email about your feelings, your health or what happens in therapy. " +
				"Email is not fully secure. " +
				"Copies stay on the servers of the companies that carry it, where others could read them.",
			"allowed": "You may email your therapist. Email is not fully secure. " +
				"Copies stay on the servers of the companies that carry it, where others could read them. " +
				"Please think before you share private details. " +
				"We may not read email right away, so never use it in an emergency.",
		},
		Now: map[Stance]string{
			"not_used":            "We no longer use email with clients. Please do not email us.",
			"administrative_only": "We now answer email about practical things only, such as booking a visit.",
			"allowed":             "You may now email your therapist.",
		},
	},
	SearchEngines: {
		Heading: "Searching for you online",
		Topic:   "searching for you online",
		Body: map[Stance]string{
			"never": "Your therapist will not search for you on Google, social media or any other site. " +
				"You decide what to share about your life, and when. " +
				"If there is something online you want us to see, bring it to a session.",
			"crisis_only": "Your therapist will not search for you online as part of your care. " +
				"There is one rare exception. " +
				"If we have reason to think you are in danger and we cannot reach you, we may search online to help keep you safe. " +
				"If that ever happens, we will note it in your record. " +
				"We will also talk with you about it at your next session.",
			"with_consent_or_crisis": "Your therapist will not search for you online without your permission. " +
				"Doing so would not respect your privacy. " +
				"There is one rare exception. " +
				"If we have reason to think you are in danger and we cannot reach you, we may search online to help keep you safe. " +
				"If that happens, we will note it in your record and talk with you about it as soon as we can. " +
				"You may search for your therapist, too. Not all you find online is true. " +
				"If something you read about us troubles you, please bring it up in session.",
		},
		Now: map[Stance]string{
			"never":                  "Your therapist will now never search for you online, not even in a crisis.",
			"crisis_only":            "Your therapist will now search for you online only in a crisis, and will tell you about it.",
			"with_consent_or_crisis": "Your therapist will now search for you online only with your permission, or in a crisis.",
		},
	},
	BusinessReviews: {
		Heading: "Review sites",
		Topic:   "review sites",
		Body: map[Stance]string{
			"no_response": "You may find our practice on review sites such as Yelp or Google. " +
				"You have every right to post a review. " +
				"But we will not reply to any review, good or bad. A reply could show that you are our client. " +
				"If you do post, think about your own privacy. You might use a name that is not linked to you. " +
				"If something about your care upsets you, we hope you will tell your therapist.",
			"may_respond": "You may find our practice on review sites such as Yelp or Google. " +
				"You have every right to post a review. " +
				"We may reply to reviews, but only in a general way. " +
				"We will never say or confirm that anyone is our client. " +
				"If you do post, think about your own privacy first.",
		},
		Now: map[Stance]string{
			"no_response": "We no longer reply to reviews on review sites.",
			"may_respond": "We may now reply to reviews on review sites, in a general way.",
		},
	},
	Testimonials: {
		Heading: "Testimonials and ratings",
		Topic:   "testimonials and ratings",
		Body: map[Stance]string{
			"never_solicit": "We will never ask you for a testimonial, a rating or a public review. " +
				"Our code of ethics does not allow it. " +
				"A listing of our practice on any site is not a request for one. " +
				"You are still free to tell anyone that you see us, and how you feel about it.",
			"may_solicit": "We may ask if you would like to give a testimonial or a rating. " +
				"You are always free to say no. " +
				"Saying no will not change your care in any way.",
		},
		Now: map[Stance]string{
			"never_solicit": "We will no longer ask clients for testimonials or ratings.",
			"may_solicit":   "We may now ask if you would like to give a testimonial. You can always say no.",
		},
	},
	LocationServices: {
		Heading: "Check-ins and location sharing",
		Topic:   "check-ins and location sharing",
		Body: map[Stance]string{
			"not_a_checkin_location": "We do not list our office as a place to check in on apps. " +
				"Still, your phone may share where you are. " +
				"If you check in at our office, or an app tracks your location, others may guess that you are in therapy. " +
				"You may want to turn off location sharing before your visits.",
			"checkin_location": "Our office can be found as a check-in place on some apps. " +
				"If you check in here, others may guess that you are in therapy. " +
				"Please think about this before you check in. " +
				"You may also want to turn off location sharing before your visits.",
		},
		Now: map[Stance]string{
			"not_a_checkin_location": "Our office is no longer listed as a check-in place on apps.",
			"checkin_location":       "Our office is now listed as a check-in place on some apps.",
		},
	},
	IncidentalEncounters: {
		Heading: "Meeting by chance online",
		Topic:   "meeting by chance online",
		Body: map[Stance]string{
			"discuss_in_session": "Your therapist may use social media in their personal life. " +
				"So you might come across each other online by chance. " +
				"If that happens, please bring it up at your next session. " +
				"We can talk about what it means for our work together.",
			"no_action": "Your therapist may use social media in their personal life. " +
				"So you might come across each other online by chance. " +
				"This is not a problem, and you do not need to do anything about it. " +
				"You are always welcome to bring it up in session.",
		},
		Now: map[Stance]string{
			"discuss_in_session": "If we meet by chance online, we now ask you to bring it up at your next session.",
			"no_action":          "If we meet by chance online, you no longer need to do anything about it.",
		},
	},
	PolicyUpdates: {
		Heading: "Changes to this policy",
		Topic:   "how we tell you about changes",
		Body: map[Stance]string{
			"notify_in_writing": "Technology keeps changing, so we may update this policy from time to time. " +
				"When we do, we will tell you in writing and give you a copy of the new version.",
			"notify_in_session": "Technology keeps changing, so we may update this policy from time to time. " +
				"When we do, your therapist will go over the changes with you in a session and answer your questions.",
			"post_online": "Technology keeps changing, so we may update this policy from time to time. " +
				"When we do, we will post the new version online. Please check it from time to time.",
		},
		Now: map[Stance]string{
			"notify_in_writing": "We will now tell you in writing about every change to this policy.",
			"notify_in_session": "We will now go over changes to this policy with you in a session.",
			"post_online":       "We will now post changes to this policy online.",
		},
	},
	Records: {
		Heading: "Your clinical record",
		Topic:   "your clinical record",
		Body: map[Stance]string{
			"documented": "If we are in touch online, by text or by email, it may become part of your clinical record. " +
				"Your record is a legal document. " +
				"We may need to note or keep any contact we have outside of sessions. " +
				"This is one more reason to save private matters for your sessions.",
			"not_documented": "We do not add online messages, texts or emails to your clinical record. " +
				"But the sites and services you use may still store them. " +
				"Please save private matters for your sessions.",
		},
		Now: map[Stance]string{
			"documented":     "Contact with us online, by text or by email may now become part of your clinical record.",
			"not_documented": "We no longer add online messages, texts or emails to your clinical record.",
		},
	},
	Acknowledgment: {
		Heading: "Your signature",
		Topic:   "signing this policy",
		Body: map[Stance]string{
			"required": "Please sign below to show that you have read this policy. " +
				"Ask us any questions before you sign. " +
				"You may ask for a printed copy at any time.",
			"not_required": "You do not need to sign this policy. " +
				"It applies while you are in therapy with us. " +
				"You may ask for a printed copy at any time.",
		},
		Now: map[Stance]string{
			"required":     "We now ask you to sign that you have read this policy.",
			"not_required": "You no longer need to sign this policy.",
		},
	},
}
