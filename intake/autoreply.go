package intake

import (
	"slices"

	"github.com/framekeeper/framekeeper/triage"
)

// withoutAutoReply removes the reply from a decision on a message that must
// never be answered automatically (RFC 3834 section 2: mail that is itself
// automatic, a mailing list, a bounce, mail from the practice's own
// addresses). Everything else the policy says (chart note, agenda, crisis
// escalation) stands; the explanation says why nothing was sent, so the
// record shows it. The once-per-sender-per-day limit is enforced where the
// reply is stored (storage), because it depends on what was sent before.
func withoutAutoReply(in triage.Interaction, d triage.Decision) triage.Decision {
	if in.Automatic == "" || d.Reply == nil {
		return d
	}
	d.Reply = nil
	d.Actions = slices.DeleteFunc(slices.Clone(d.Actions), func(a triage.Action) bool { return a == triage.ActReply })
	d.Pending = slices.DeleteFunc(slices.Clone(d.Pending), func(a triage.Action) bool { return a == triage.ActReply })
	if len(d.Pending) == 0 {
		d.Pending = nil
	}
	if !d.Has(triage.ActNoReply) {
		d.Actions = append(d.Actions, triage.ActNoReply)
	}
	if d.Explanation != "" {
		d.Explanation += " "
	}
	d.Explanation += "No automatic reply: the message is itself automatic (" + in.Automatic + "), and answering it could start a loop."
	return d
}
