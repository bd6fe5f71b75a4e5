package intake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/detect"
	"github.com/framekeeper/framekeeper/policy"
	"github.com/framekeeper/framekeeper/triage"
	"github.com/oklog/ulid/v2"
)

// DecisionContext is everything besides the interaction that a decision
// depends on: the policy in force and the practice's settings.
type DecisionContext struct {
	Version  int // 0 when nothing is published yet and the draft stands in
	Policy   policy.Policy
	Settings Settings
	// AlertTo are the email addresses alerted about a crisis: the on-call
	// rota, or the admins and supervisors when no rota is set.
	AlertTo []string
	// PublicURL is the base of links in alerts.
	PublicURL string
	// AlertWebhook, when set, is called for every crisis.
	AlertWebhook string
	// Generation stamps the configuration the context was read from; it
	// moves whenever any of it changes (0: not known).
	Generation int64
}

// Settings are the practice's triage choices.
type Settings struct {
	RedirectReplies bool             `json:"redirect_replies"`
	Templates       triage.Templates `json:"templates"`
}

// ContextSource provides the decision context (storage reads the policy in
// force, settings and rota).
type ContextSource interface {
	DecisionContext(ctx context.Context) (DecisionContext, error)
}

// CachedContextSource is a ContextSource that can also hand out the context
// it read last without asking the database whether it is still current.
// Submit decides with it and lets the Store check, in the write itself,
// that the configuration has not moved since (Outcome.Generation): one
// query fewer for every interaction, and a decision that is current when
// it is committed rather than when it was begun.
type CachedContextSource interface {
	ContextSource
	// CachedDecisionContext returns the last context read, if there is one
	// recent enough to try. One with Generation 0 (not known) is not used.
	CachedDecisionContext() (DecisionContext, bool)
}

// ErrStaleContext is the Store's answer to an outcome decided under a
// configuration generation that is no longer the current one: nothing was
// written, and the interaction must be decided again.
var ErrStaleContext = errors.New("the policy or settings changed while deciding")

// Pipeline stores and decides interactions.
type Pipeline struct {
	Store    Store
	Context  ContextSource
	Resolve  func(ctx context.Context, s triage.Sender) (triage.SenderResult, error)
	Consents func(ctx context.Context, clientID string) (Consents, error) // nil: none on file
	Detector *detect.Detector
	Log      *slog.Logger
	// Workers bounds how many interactions are decided at once.
	Workers int
	// Lease is how long a claim holds before another worker may take it.
	Lease time.Duration
	Now   func() time.Time
	// Observe, when set, is told how long each attempt took and how it
	// ended (metrics).
	Observe func(d time.Duration, err error)

	wg sync.WaitGroup
}

// Consents are what a client agreed to that triage respects.
type Consents struct {
	Texting, Email, Search bool
}

// DefaultConsents apply to a client with no consent on file: signing the
// policy is agreeing to use texts and email as it describes; a search needs
// an explicit consent.
var DefaultConsents = Consents{Texting: true, Email: true}

func (p *Pipeline) lease() time.Duration {
	if p.Lease > 0 {
		return p.Lease
	}
	// Deciding takes milliseconds; a short lease means an interaction a
	// killed process was holding is taken up again soon after a restart.
	return 15 * time.Second
}

func (p *Pipeline) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// Submit validates, decides and stores an interaction. It returns the
// stored interaction (with its decision when made) and whether it was new.
// Once Submit returns without error the interaction is durable: a failure
// to decide leaves it for the workers, never lost.
func (p *Pipeline) Submit(ctx context.Context, in triage.Interaction, raw []byte) (Stored, bool, error) {
	return p.submit(ctx, in, raw, "")
}

// SubmitAnswering is Submit for a channel whose webhook carries the reply
// in its response (Twilio's TwiML). A new interaction's reply of that
// outbox kind is stored already taken for sending, in the same transaction
// as the rest, and returned in Stored.Reply; the caller marks it sent once
// the response is written. For a repeat, or when deciding on arrival
// failed, Reply is nil and the reply (if any) waits in the outbox.
func (p *Pipeline) SubmitAnswering(ctx context.Context, in triage.Interaction, raw []byte, replyKind string) (Stored, bool, error) {
	return p.submit(ctx, in, raw, replyKind)
}

func (p *Pipeline) submit(ctx context.Context, in triage.Interaction, raw []byte, replyKind string) (Stored, bool, error) {
	if err := in.Validate(); err != nil {
		return Stored{}, false, err
	}
	// Decided first, from reads alone, then stored with the decision and
	// its effects in one transaction: one write per interaction, and
	// nothing half-done if the process dies between the two.
	s := Stored{Input: in, Raw: rawOrInput(raw, in), ID: newEventID(), ReceivedAt: p.now().UTC().Truncate(time.Microsecond)}
	start := time.Now()
	created, err := p.decideAndInsert(ctx, &s, replyKind, true)
	if errors.Is(err, ErrStaleContext) {
		// The configuration moved after the cached context was read:
		// decide again under the one now in force.
		created, err = p.decideAndInsert(ctx, &s, replyKind, false)
	}
	if err == nil {
		if p.Observe != nil && created {
			p.Observe(time.Since(start), nil)
		}
		if created || s.Status == StatusDone {
			return s, created, nil
		}
		// A repeat of an interaction still waiting: decide it now.
		return p.claimAndProcess(ctx, s), false, nil
	}
	if ctx.Err() != nil {
		return Stored{}, false, ctx.Err()
	}
	// Deciding or committing the decision failed: store the interaction
	// for the workers, who retry and show it as failed meanwhile.
	p.Log.Warn("Deciding an interaction on arrival failed; storing it for a retry", "channel", in.Channel, "error", err)
	c, created, err := p.Store.InsertClaimed(ctx, &s, p.lease())
	if err != nil {
		return Stored{}, false, err
	}
	if s.Status == StatusDone {
		return s, created, nil
	}
	if created {
		p.processClaim(ctx, c)
		return p.reread(ctx, s), true, nil
	}
	return p.claimAndProcess(ctx, s), false, nil
}

// decideAndInsert decides s and stores it with its outcome in one
// transaction, the reply of replyKind (if any) taken for sending in the
// caller's response. With cached, the decision context may be the cached
// one, which the Store checks is still current (ErrStaleContext if not).
func (p *Pipeline) decideAndInsert(ctx context.Context, s *Stored, replyKind string, cached bool) (bool, error) {
	o, err := p.outcome(ctx, *s, cached)
	if err != nil {
		return false, err
	}
	reply := takeReply(&o, replyKind)
	created, err := p.Store.InsertDecided(ctx, s, &o)
	if err == nil && created && reply >= 0 {
		s.Reply = &o.Outbox[reply]
	}
	return created, err
}

// decisionContext returns the decision context and whether it is the
// cached one, not yet verified (used when cached is set and the source has
// one; the outcome then carries its generation for the Store to check), or
// one read now.
func (p *Pipeline) decisionContext(ctx context.Context, cached bool) (DecisionContext, bool, error) {
	if cs, ok := p.Context.(CachedContextSource); ok && cached {
		if dc, ok := cs.CachedDecisionContext(); ok && dc.Generation != 0 {
			return dc, true, nil
		}
	}
	dc, err := p.Context.DecisionContext(ctx)
	return dc, false, err
}

// claimAndProcess decides a stored interaction that is waiting, unless
// another worker holds it, and returns it as it then stands.
func (p *Pipeline) claimAndProcess(ctx context.Context, s Stored) Stored {
	if c, ok, err := p.Store.ClaimInteraction(ctx, s.ID, p.lease()); err != nil {
		p.Log.Error("Claim after intake", "interaction_id", s.ID, "error", err)
	} else if ok {
		p.processClaim(ctx, c)
	}
	return p.reread(ctx, s)
}

// reread returns the interaction as stored, or s if it cannot be read (it
// is stored; the decision will follow).
func (p *Pipeline) reread(ctx context.Context, s Stored) Stored {
	if got, err := p.Store.FindInteraction(ctx, s.ID); err == nil {
		return got
	}
	return s
}

// newEventID returns an interaction's id: sortable by arrival, with the
// "ev_" prefix the API shows.
func newEventID() string { return "ev_" + strings.ToLower(ulid.Make().String()) }

// processClaim decides one claimed interaction, recording a failure for a
// later retry.
func (p *Pipeline) processClaim(ctx context.Context, c Claim) {
	start := time.Now()
	err := p.process(ctx, c)
	if p.Observe != nil {
		p.Observe(time.Since(start), err)
	}
	if err == nil {
		return
	}
	if framekeeper.ErrorCode(err) == framekeeper.ECONFLICT {
		return // another worker finished it
	}
	retry := p.now().Add(backoff(c.Attempts))
	p.Log.Warn("Deciding an interaction failed; will retry", "interaction_id", c.ID, "attempt", c.Attempts, "retry_at", retry, "error", err)
	// A failure is recorded even if the request that carried it was
	// cancelled, so the interaction shows as failed, not stuck.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if ferr := p.Store.Fail(fctx, c, err.Error(), retry); ferr != nil {
		p.Log.Error("Record failed attempt", "interaction_id", c.ID, "error", ferr)
	}
}

// backoff is the wait after the n-th failed attempt: 5 s doubling, at most
// 30 minutes. Failed interactions are retried for ever and shown in the inbox.
func backoff(attempt int) time.Duration {
	d := 5 * time.Second
	for i := 1; i < attempt && d < 30*time.Minute; i++ {
		d *= 2
	}
	return min(d, 30*time.Minute)
}

// process decides one claimed interaction and commits the outcome.
func (p *Pipeline) process(ctx context.Context, c Claim) error {
	o, err := p.outcome(ctx, c.Stored, false)
	if err != nil {
		return err
	}
	return p.Store.Complete(ctx, c, o)
}

// outcome resolves the sender, reads the policy and consents, classifies
// the text and decides: everything but the writes. With cached, the
// decision context may be the cached one (see decisionContext).
func (p *Pipeline) outcome(ctx context.Context, s Stored, cached bool) (o Outcome, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("decision panicked: %v", v)
		}
	}()
	dc, unverified, err := p.decisionContext(ctx, cached)
	if err != nil {
		return o, fmt.Errorf("read policy: %w", err)
	}
	sender, err := p.Resolve(ctx, s.Input.From)
	if err != nil {
		return o, fmt.Errorf("resolve sender: %w", err)
	}
	consents := DefaultConsents
	if p.Consents != nil && sender.ClientID != "" {
		if consents, err = p.Consents(ctx, sender.ClientID); err != nil {
			return o, fmt.Errorf("read consents: %w", err)
		}
	}
	var signals detect.Result
	if strings.TrimSpace(s.Input.Text) != "" {
		signals = p.Detector.Classify(s.Input.Text)
	}
	d := withoutAutoReply(s.Input, decide(s, sender, signals, dc, consents))
	d.EventID = s.ID
	o = buildOutcome(s, d, dc)
	if unverified {
		o.Generation = dc.Generation
	}
	return o, nil
}

// Run decides waiting interactions with a bounded pool of workers until
// ctx ends, then waits for those in progress.
func (p *Pipeline) Run(ctx context.Context) {
	workers := max(p.Workers, 1)
	sem := make(chan struct{}, workers)
	idle := 500 * time.Millisecond
	for ctx.Err() == nil {
		cs, err := p.Store.ClaimDue(ctx, workers, p.lease())
		if err != nil {
			if ctx.Err() == nil {
				p.Log.Error("Claim due interactions", "error", err)
			}
			sleep(ctx, idle)
			continue
		}
		if len(cs) == 0 {
			sleep(ctx, idle)
			continue
		}
		for _, c := range cs {
			sem <- struct{}{}
			p.wg.Add(1)
			go func(c Claim) {
				defer func() { <-sem; p.wg.Done() }()
				// Work already claimed finishes even during shutdown.
				wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
				defer cancel()
				p.processClaim(wctx, c)
			}(c)
		}
	}
	p.wg.Wait()
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// buildOutcome turns a decision into its effects. Only an exact sender
// match writes to a client's chart or agenda: a name-based match waits for a
// person, because a note in the wrong client's legal record is a breach.
func buildOutcome(s Stored, d triage.Decision, dc DecisionContext) Outcome {
	o := Outcome{Decision: d}
	exact := d.Sender.Match == triage.MatchExact && d.Sender.ClientID != ""
	if exact {
		o.ClientID = d.Sender.ClientID
	}
	switch {
	case d.Crisis.Detected:
		o.Urgency = 100
	case len(d.Pending) > 0:
		o.Urgency = 50
	case d.Has(triage.ActAgenda):
		o.Urgency = 10
	}
	if exact && d.Has(triage.ActDocument) && d.ChartNote != nil {
		data, _ := json.Marshal(map[string]any{"event_id": s.ID, "kind": s.Input.Kind, "channel": s.Input.Channel,
			"actions": d.Actions, "policy": d.Policy, "received_at": s.ReceivedAt})
		o.Chart = &framekeeper.RecordEntry{ClientID: o.ClientID, Kind: "interaction", Text: *d.ChartNote, Data: data}
	}
	if exact && d.Has(triage.ActAgenda) && d.AgendaItem != nil {
		o.Agenda = &framekeeper.AgendaItem{ClientID: o.ClientID, InteractionID: s.ID, Source: "interaction", Text: *d.AgendaItem}
	}
	if d.Has(triage.ActEscalate) {
		o.Alert = &framekeeper.Alert{InteractionID: s.ID, ClientID: o.ClientID, Summary: alertSummary(s, d)}
		link := strings.TrimSuffix(dc.PublicURL, "/") + "/console/inbox/" + s.ID
		for _, to := range dc.AlertTo {
			o.Outbox = append(o.Outbox, framekeeper.OutboxMessage{Kind: "email", Recipient: to, InteractionID: s.ID,
				Subject: "Crisis alert: please act now", Meta: []byte(`{"auto_submitted":"auto-generated"}`),
				// The email names no one and quotes nothing: mail is not a
				// safe place for who wrote or what they said.
				Body: mailSummary(s) + "\n\nOpen it now: " + link + "\n\nAcknowledge the alert in Framekeeper once someone has it in hand.\n"})
		}
		if dc.AlertWebhook != "" {
			body, _ := json.Marshal(map[string]any{"event": "crisis", "interaction_id": s.ID, "channel": s.Input.Channel,
				"kind": s.Input.Kind, "received_at": s.ReceivedAt, "url": link})
			o.Outbox = append(o.Outbox, framekeeper.OutboxMessage{Kind: "webhook", Recipient: dc.AlertWebhook, Body: string(body), InteractionID: s.ID})
		}
	}
	if d.Reply != nil {
		if m, ok := replyMessage(s, *d.Reply); ok {
			if containsAction(d.Pending, triage.ActReply) {
				m.Status = framekeeper.OutboxHeld
			}
			o.Outbox = append(o.Outbox, m)
		}
	}
	return o
}

// takeReply marks the outcome's pending reply of the given outbox kind as
// being sent, with its first attempt, and returns its index (-1: none).
func takeReply(o *Outcome, kind string) int {
	if kind == "" {
		return -1
	}
	for i, m := range o.Outbox {
		if m.Kind == kind && (m.Status == "" || m.Status == framekeeper.OutboxPending) {
			o.Outbox[i].Status, o.Outbox[i].Attempts = framekeeper.OutboxSending, 1
			return i
		}
	}
	return -1
}

func containsAction(as []triage.Action, a triage.Action) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

// mailSummary is the alert as email carries it: not even whether the
// sender is a client, since mail is not a confidential channel.
func mailSummary(s Stored) string {
	return fmt.Sprintf("A %s received by %s at %s shows signs of a crisis.",
		strings.ReplaceAll(string(s.Input.Kind), "_", " "), s.Input.Channel, s.ReceivedAt.UTC().Format("15:04 MST on 2 Jan"))
}

// alertSummary says what happened without naming or quoting anyone; it is
// shown to signed-in staff only.
func alertSummary(s Stored, d triage.Decision) string {
	who := "someone not on the roster"
	switch d.Sender.Relationship {
	case triage.Current, triage.Former, triage.Prospective:
		who = "a client"
	case triage.Relative:
		who = "a client's relative or friend"
	}
	return fmt.Sprintf("A %s received by %s at %s from %s shows signs of a crisis.",
		strings.ReplaceAll(string(s.Input.Kind), "_", " "), s.Input.Channel, s.ReceivedAt.UTC().Format("15:04 MST on 2 Jan"), who)
}

// replyMessage addresses a reply to the sender on the channel it came by.
func replyMessage(s Stored, r triage.Reply) (framekeeper.OutboxMessage, bool) {
	m := framekeeper.OutboxMessage{Kind: string(r.Channel), Body: r.Text, InteractionID: s.ID}
	from := s.Input.From
	switch r.Channel {
	case triage.ChannelEmail:
		if from.Email == "" {
			return m, false
		}
		m.Recipient, m.Subject = from.Email, "Your message to the practice"
		meta := map[string]string{"auto_submitted": "auto-replied"}
		if s.Input.ID != "" && strings.Contains(s.Input.ID, "@") {
			id := "<" + strings.Trim(s.Input.ID, "<>") + ">"
			meta["in_reply_to"], meta["references"] = id, id
		}
		m.Meta, _ = json.Marshal(meta)
	case triage.ChannelSMS:
		m.Recipient = from.Phone
	default:
		m.Recipient = from.Handle
	}
	return m, m.Recipient != ""
}

// decide runs the decision engine on one stored interaction.
func decide(s Stored, sender triage.SenderResult, signals detect.Result, dc DecisionContext, c Consents) triage.Decision {
	return triage.Decide(triage.Input{
		Interaction: s.Input, Sender: sender, Signals: signals,
		Version: dc.Version, Stances: dc.Policy.Stances, Profile: dc.Policy.Profile,
		Templates: dc.Settings.Templates, RedirectReplies: dc.Settings.RedirectReplies,
		TextingConsent: c.Texting, EmailConsent: c.Email, SearchConsent: c.Search,
	})
}

// DecideOffline decides one interaction without storing anything, for
// `framekeeper triage`: same detector, same engine, same policy reading.
func DecideOffline(in triage.Interaction, sender triage.SenderResult, det *detect.Detector, dc DecisionContext) (triage.Decision, error) {
	if err := in.Validate(); err != nil {
		return triage.Decision{}, err
	}
	var signals detect.Result
	if strings.TrimSpace(in.Text) != "" {
		signals = det.Classify(in.Text)
	}
	return withoutAutoReply(in, decide(Stored{Input: in}, sender, signals, dc, DefaultConsents)), nil
}
