package governance

import (
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/detect"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/triage"
)

const (
	crisisGrounds = "She told me last week she had a plan to end her life. She missed today's appointment and has not answered three calls or my email."
	dangerOnly    = "He said he has been thinking about suicide."
	reachOnly     = "She missed two appointments and is not answering the phone."
	curious       = "I want to see what she posts about her new job."
	scope         = "the client, the client's recent status updates; where: public Facebook profile"
)

func eval(t *testing.T, stance policy.Stance, consent bool, in SearchInput) (Evaluation, error) {
	t.Helper()
	if in.ClientID == "" {
		in.ClientID = "c_1"
	}
	st := policy.Stances{}
	if stance != "" {
		st[policy.SearchEngines] = stance
	}
	return Evaluate(&in, EvalInput{Version: 3, Stances: st, Client: triage.Current, Consent: consent, Detector: detect.Default()})
}

func TestEvaluate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		stance  policy.Stance
		consent bool
		in      SearchInput
		want    []triage.Action // nil: an error
		field   string          // the field a 422 names
	}{
		{"never refuses whatever the grounds", "never", false, SearchInput{Grounds: crisisGrounds, Scope: scope}, []triage.Action{triage.ActDeny}, ""},
		{"never refuses without grounds", "never", false, SearchInput{}, []triage.Action{triage.ActDeny}, ""},
		{"crisis_only without grounds", "crisis_only", false, SearchInput{Scope: scope}, nil, "grounds"},
		{"crisis_only blank grounds", "crisis_only", false, SearchInput{Grounds: "  \n", Scope: scope}, nil, "grounds"},
		{"crisis_only danger without an attempt to reach is enough", "crisis_only", false, SearchInput{Grounds: dangerOnly, Scope: scope},
			[]triage.Action{triage.ActAllow, triage.ActRequireDocumentation}, ""},
		{"crisis_only danger, attempts apart", "crisis_only", false, SearchInput{Grounds: dangerOnly, ContactAttempts: "Called twice and emailed on Monday, no reply.", Scope: scope},
			[]triage.Action{triage.ActAllow, triage.ActRequireDocumentation}, ""},
		{"crisis_only unreachable but no danger", "crisis_only", false, SearchInput{Grounds: reachOnly, Scope: scope}, nil, "grounds"},
		{"crisis_only curiosity is refused", "crisis_only", false, SearchInput{Grounds: curious, Scope: scope}, []triage.Action{triage.ActDeny}, ""},
		{"crisis_only crisis grounds allow", "crisis_only", false, SearchInput{Grounds: crisisGrounds, Scope: scope}, []triage.Action{triage.ActAllow, triage.ActRequireDocumentation}, ""},
		{"crisis_only crisis grounds need a scope", "crisis_only", false, SearchInput{Grounds: crisisGrounds}, nil, "scope"},
		{"silent policy reads as crisis only", "", false, SearchInput{Scope: scope}, nil, "grounds"},
		{"silent policy crisis allows", "", false, SearchInput{Grounds: crisisGrounds, Scope: scope}, []triage.Action{triage.ActAllow, triage.ActRequireDocumentation}, ""},
		{"consent on file suffices", "with_consent_or_crisis", true, SearchInput{Scope: scope}, []triage.Action{triage.ActAllow, triage.ActRequireDocumentation}, ""},
		{"no consent: grounds required", "with_consent_or_crisis", false, SearchInput{Scope: scope}, nil, "grounds"},
		{"no consent: crisis allows", "with_consent_or_crisis", false, SearchInput{Grounds: crisisGrounds, Scope: scope}, []triage.Action{triage.ActAllow, triage.ActRequireDocumentation}, ""},
		{"consent ignored under crisis_only", "crisis_only", true, SearchInput{Scope: scope}, nil, "grounds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := eval(t, tc.stance, tc.consent, tc.in)
			if tc.want == nil {
				var e *framekeeper.Error
				if err == nil {
					t.Fatalf("no error; decision %v", ev.Decision.Actions)
				}
				e, _ = err.(*framekeeper.Error)
				if e == nil || e.Code != CodeUnprocessable || e.Fields[tc.field] == "" {
					t.Fatalf("error %v, want unprocessable naming %s", err, tc.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range tc.want {
				if !ev.Decision.Has(a) {
					t.Errorf("actions %v lack %s", ev.Decision.Actions, a)
				}
			}
			if ev.Decision.Has(triage.ActAllow) && ev.Decision.Has(triage.ActDeny) {
				t.Errorf("both allow and deny: %v", ev.Decision.Actions)
			}
			if !strings.Contains(ev.Decision.Explanation, "search") {
				t.Errorf("explanation %q says nothing of the search", ev.Decision.Explanation)
			}
		})
	}
}

// A crisis search goes on the agenda; one made with consent is documented
// but, as triage rules, not put on the agenda.
func TestEvaluateAgenda(t *testing.T) {
	ev, err := eval(t, "crisis_only", false, SearchInput{Grounds: crisisGrounds, Scope: scope})
	if err != nil || !ev.Decision.Has(triage.ActAgenda) || !ev.Grounds.Crisis() {
		t.Fatalf("crisis search: %v %v %+v", err, ev.Decision.Actions, ev.Grounds)
	}
	ev, err = eval(t, "with_consent_or_crisis", true, SearchInput{Scope: scope})
	if err != nil || ev.Decision.Has(triage.ActAgenda) {
		t.Fatalf("consent search: %v %v", err, ev.Decision.Actions)
	}
}

func TestReadGrounds(t *testing.T) {
	for _, tc := range []struct {
		text          string
		danger, reach bool
	}{
		{crisisGrounds, true, true},
		{"Her sister told me she may be in danger from her partner; I cannot reach her by phone or email since Monday.", true, true},
		{"He sent a goodbye message at 2am and his phone is off.", true, true},
		{"No-show today, voicemail full. Last session he spoke of self-harm.", true, true},
		{reachOnly, false, true},
		{dangerOnly, true, false},
		{curious, false, false},
		{"", false, false},
	} {
		g := ReadGrounds(tc.text, "", detect.Default())
		if (len(g.Danger) > 0) != tc.danger || (len(g.Unreachable) > 0) != tc.reach {
			t.Errorf("%q: danger %v reach %v, want %v %v", tc.text, g.Danger, g.Unreachable, tc.danger, tc.reach)
		}
	}
}

func TestOutcomeValidate(t *testing.T) {
	start := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	now := start.Add(time.Hour)
	ok := Outcome{LookedAt: "Public Facebook profile", Found: "A post from yesterday evening; she appears safe and with family."}
	if err := ok.Validate(start, now); err != nil || !ok.EndedAt.Equal(now) {
		t.Fatalf("valid outcome: %v %v", err, ok.EndedAt)
	}
	for name, o := range map[string]Outcome{
		"nothing looked at": {Found: "x"},
		"nothing found":     {LookedAt: "x"},
		"copied posts":      {LookedAt: "x", Found: "> I can't do this anymore\n> nobody cares\n> goodbye"},
		"too long":          {LookedAt: "x", Found: strings.Repeat("a", MaxSummary+1)},
		"before request":    {LookedAt: "x", Found: "y", EndedAt: start.Add(-time.Hour)},
		"in the future":     {LookedAt: "x", Found: "y", EndedAt: now.Add(time.Hour)},
	} {
		if err := o.Validate(start, now); framekeeper.ErrorCode(err) != framekeeper.EINVALID {
			t.Errorf("%s: got %v", name, err)
		}
	}
}

func TestGuard(t *testing.T) {
	g := NewGuard()
	for _, bad := range []string{
		"Reminder: your appointment with {practice} is tomorrow. If you enjoyed our sessions, please leave us a review on Google!",
		"Please rate us on Yelp after your visit.",
	} {
		if err := g.CheckTemplate(NoticeAppointmentReminder, bad); framekeeper.ErrorCode(err) != framekeeper.EINVALID {
			t.Errorf("%q passed the guard: %v", bad, err)
		}
	}
	// Every shipped message passes, or the practice could never save them.
	for _, tp := range ListTemplates(triage.Templates{}, Notices{}) {
		if err := g.CheckTemplate(tp.Name, tp.Text); err != nil {
			t.Errorf("default %s refused: %v", tp.Name, err)
		}
	}
	if err := g.CheckTemplate("client.friending_decline", "Thanks, but no. You wrote {message}."); framekeeper.ErrorCode(err) != framekeeper.EINVALID {
		t.Errorf("a quoting template passed: %v", err)
	}
	if err := g.CheckTemplate("crisis", "We have been alerted."); framekeeper.ErrorCode(err) != framekeeper.EINVALID {
		t.Errorf("a crisis template without {crisis} passed: %v", err)
	}
	if err := g.CheckTemplate("nope", "x"); framekeeper.ErrorCode(err) != framekeeper.ENOTFOUND {
		t.Errorf("unknown name: %v", err)
	}
	// The mail the product writes itself passes too.
	s, b := AuditReminder("Tess", time.Now(), "http://x/console/governance/self-audit")
	o1, o2 := OverdueNotice(time.Now(), "http://x/console/governance/searches")
	for _, txt := range []string{s, b, o1, o2} {
		if err := g.Check(txt); err != nil {
			t.Errorf("own mail refused: %v", err)
		}
	}
}

func TestSetTemplate(t *testing.T) {
	var ts triage.Templates
	n := Notices{}
	SetTemplate(&ts, n, "other.email_redirect", "Please {contact}.")
	SetTemplate(&ts, n, NoticeAppointmentReminder, "See you soon at {practice}.")
	list := ListTemplates(ts, n)
	got := map[string]Template{}
	for _, tp := range list {
		got[tp.Name] = tp
	}
	if !got["other.email_redirect"].Custom || got["other.email_redirect"].Text != "Please {contact}." || got["client.email_redirect"].Custom {
		t.Errorf("email redirect: %+v / %+v", got["other.email_redirect"], got["client.email_redirect"])
	}
	if got[NoticeAppointmentReminder].Text != "See you soon at {practice}." {
		t.Errorf("reminder: %+v", got[NoticeAppointmentReminder])
	}
	SetTemplate(&ts, n, NoticeAppointmentReminder, "")
	if tp := ListTemplates(ts, n); tp[len(tp)-2].Custom {
		t.Errorf("reset left %+v", tp[len(tp)-2])
	}
	if len(list) != len(TemplateNames()) {
		t.Errorf("%d templates listed, %d names", len(list), len(TemplateNames()))
	}
}

func TestSelfAudit(t *testing.T) {
	all := map[string]bool{}
	for _, it := range Checklist() {
		all[it.ID] = true
	}
	a := SelfAudit{Items: all}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	partial := SelfAudit{Items: map[string]bool{"privacy_settings": true}}
	if err := partial.Validate(); err == nil || !strings.Contains(err.Error(), "follower") {
		t.Errorf("partial audit: %v", err)
	}
	unknown := SelfAudit{Items: map[string]bool{"x": true}}
	if err := unknown.Validate(); err == nil {
		t.Error("unknown item accepted")
	}
	joined := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s := DefaultSettings()
	if d := NextDue(nil, joined, s); !d.Equal(joined) {
		t.Errorf("never audited: due %v", d)
	}
	last := joined.Add(10 * 24 * time.Hour)
	due := NextDue(&last, joined, s)
	if want := last.Add(91 * 24 * time.Hour); !due.Equal(want) {
		t.Errorf("due %v, want %v", due, want)
	}
	if ReminderDue(due, due.Add(-8*24*time.Hour), s) || !ReminderDue(due, due.Add(-7*24*time.Hour), s) {
		t.Error("reminder window is not a week")
	}
}

func TestSettingsValidate(t *testing.T) {
	if err := DefaultSettings().Validate(); err != nil {
		t.Fatal(err)
	}
	for _, s := range []Settings{{DiscussWithinDays: 0, SelfAuditEveryDays: 91}, {DiscussWithinDays: 14, SelfAuditEveryDays: 1}, {DiscussWithinDays: 14, SelfAuditEveryDays: 30, RemindDaysBefore: 30}} {
		if s.Validate() == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}

// FuzzEvaluate: any request either decides allow or deny, never both, or
// fails with a clear invalid or unprocessable error.
func FuzzEvaluate(f *testing.F) {
	f.Add("crisis_only", crisisGrounds, "", scope, false)
	f.Add("with_consent_or_crisis", "", "", scope, true)
	f.Add("never", curious, "called", "", false)
	f.Add("", "\xff", "", "", false)
	det := detect.Default()
	f.Fuzz(func(t *testing.T, stance, grounds, attempts, sc string, consent bool) {
		in := SearchInput{ClientID: "c_1", Grounds: grounds, ContactAttempts: attempts, Scope: sc}
		ev, err := Evaluate(&in, EvalInput{Stances: policy.Stances{policy.SearchEngines: policy.Stance(stance)}, Client: triage.Current, Consent: consent, Detector: det})
		if err != nil {
			if c := framekeeper.ErrorCode(err); c != framekeeper.EINVALID && c != CodeUnprocessable {
				t.Fatalf("error code %s: %v", c, err)
			}
			return
		}
		if ev.Decision.Has(triage.ActAllow) == ev.Decision.Has(triage.ActDeny) {
			t.Fatalf("actions %v", ev.Decision.Actions)
		}
	})
}
