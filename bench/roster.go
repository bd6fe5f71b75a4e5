package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/resolve"
	"github.com/framekeeper/framekeeper/triage"
)

// lookup is one sender to resolve and the client it should find.
type lookup struct {
	sender triage.Sender
	want   string
	// kind and value are the stored identity, for the bare SELECT.
	kind  framekeeper.IdentityKind
	value string
}

// rosterQueries makes exact senders (an email with a capital, a phone in
// national format, a handle with "@") and name-only senders (nicknames,
// no accents, an initial).
func rosterQueries(seed, qseed uint64, n, exactN, fuzzyN int) (exact, fuzzy []lookup) {
	rng := rand.New(rand.NewPCG(seed, qseed))
	for range exactN {
		i := rng.IntN(n)
		p := makePerson(seed, i)
		var l lookup
		switch rng.IntN(3) {
		case 0:
			l = lookup{sender: triage.Sender{Email: strings.ToUpper(p.email[:1]) + p.email[1:]}, kind: framekeeper.IdentityEmail, value: p.email}
		case 1:
			s := senderFor(rng, p, triage.ChannelSMS)
			l = lookup{sender: s, kind: framekeeper.IdentityPhone, value: p.phone}
		default:
			l = lookup{sender: triage.Sender{Platform: string(p.handleKind), Handle: "@" + p.handle}, kind: p.handleKind, value: p.handle}
		}
		l.want = clientID(i)
		exact = append(exact, l)
	}
	for range fuzzyN {
		i := rng.IntN(n)
		p := makePerson(seed, i)
		fuzzy = append(fuzzy, lookup{sender: triage.Sender{Name: displayName(rng, p)}, want: clientID(i)})
	}
	return exact, fuzzy
}

// latencies summarises timed calls.
type latencies []time.Duration

func (l latencies) perSecond() float64 {
	var sum time.Duration
	for _, d := range l {
		sum += d
	}
	return float64(len(l)) / sum.Seconds()
}

func (l latencies) pct(p float64) time.Duration {
	s := slices.Clone(l)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// resolveAll times each lookup and counts right answers.
func resolveAll(ctx context.Context, res func(context.Context, triage.Sender) (triage.SenderResult, error), ls []lookup, budget time.Duration) (latencies, int, int, error) {
	var lat latencies
	right, matched := 0, 0
	deadline := time.Now().Add(budget)
	for _, l := range ls {
		start := time.Now()
		got, err := res(ctx, l.sender)
		lat = append(lat, time.Since(start))
		if err != nil {
			return nil, 0, 0, err
		}
		if got.Match != triage.MatchNone {
			matched++
			if got.ClientID == l.want {
				right++
			}
		}
		if time.Now().After(deadline) {
			break
		}
	}
	return lat, right, matched, nil
}

// benchRoster resolves senders against the million-client roster through
// the database (storage.Roster) and through the in-memory resolve.Index,
// against a bare indexed SELECT on the same database.
func (r *runner) benchRoster(ctx context.Context) error {
	exactN, fuzzyN, budget := 20_000, 2_000, 30*time.Second
	if r.opt.quick {
		exactN, fuzzyN, budget = 2_000, 200, 2*time.Second
	}
	exact, fuzzy := rosterQueries(r.opt.seed, 11, r.opt.clients, exactN, fuzzyN)
	for _, e := range r.engines() {
		b, err := r.database(ctx, e)
		if err != nil {
			return err
		}
		raw, err := rawOpen(b.url)
		if err != nil {
			return err
		}
		q := rebind(e, `SELECT client_id FROM client_identities WHERE kind = ? AND value = ?`)
		var base latencies
		deadline := time.Now().Add(budget)
		for _, l := range exact {
			var id string
			start := time.Now()
			if err := raw.QueryRowContext(ctx, q, l.kind, l.value).Scan(&id); err != nil {
				raw.Close()
				return fmt.Errorf("baseline lookup of %s %s: %w", l.kind, l.value, err)
			}
			base = append(base, time.Since(start))
			if time.Now().After(deadline) {
				break
			}
		}
		raw.Close()
		res := resolve.NewResolver(b.db.Roster())
		lat, right, _, err := resolveAll(ctx, res.Resolve, exact, budget)
		if err != nil {
			return err
		}
		r.report(measured("roster_exact", e, lat.perSecond(), "lookups/s", base.perSecond(), ">=", 0.25,
			fmt.Sprintf("p50 %.3f ms, p99 %.3f ms (bare SELECT p99 %.3f ms); %d of %d right; %d clients", ms(lat.pct(.5)), ms(lat.pct(.99)), ms(base.pct(.99)), right, len(lat), r.opt.clients)))
		flat, fright, fmatched, err := resolveAll(ctx, res.Resolve, fuzzy, budget)
		if err != nil {
			return err
		}
		r.report(measured("roster_fuzzy", e, flat.perSecond(), "lookups/s", base.perSecond(), "", 0,
			fmt.Sprintf("p50 %.2f ms, p99 %.2f ms; %d of %d matched, %d of them right (common names tie and stay unknown)", ms(flat.pct(.5)), ms(flat.pct(.99)), fmatched, len(flat), fright)))
	}

	// The in-memory index over the same roster.
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	clients := make([]framekeeper.Client, r.opt.clients)
	for i := range clients {
		clients[i] = makePerson(r.opt.seed, i).client(i)
		if err := clients[i].Validate(); err != nil {
			return err
		}
	}
	ix := resolve.NewIndex(clients)
	build := time.Since(start)
	clients = nil
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
	resIx := func(_ context.Context, s triage.Sender) (triage.SenderResult, error) { return ix.Resolve(s), nil }
	lat, right, _, _ := resolveAll(ctx, resIx, exact, budget)
	r.report(info("roster_exact", "memory", lat.perSecond(), "lookups/s",
		fmt.Sprintf("resolve.Index: p50 %.4f ms, p99 %.4f ms; %d of %d right; index %.0f MB heap, built in %s", ms(lat.pct(.5)), ms(lat.pct(.99)), right, len(lat), heap, build.Round(time.Millisecond))))
	flat, fright, fmatched, _ := resolveAll(ctx, resIx, fuzzy, budget)
	r.report(info("roster_fuzzy", "memory", flat.perSecond(), "lookups/s",
		fmt.Sprintf("resolve.Index: p50 %.3f ms, p99 %.3f ms; %d of %d matched, %d right", ms(flat.pct(.5)), ms(flat.pct(.99)), fmatched, len(flat), fright)))
	runtime.KeepAlive(ix)
	return nil
}

// unanalyzedLookups times a few exact lookups before the planner has
// statistics, as on a database grown through the API (nothing in the
// product runs ANALYZE): SQLite then scans every identity of the kind.
func (r *runner) unanalyzedLookups(ctx context.Context, b *benchDB) error {
	exact, _ := rosterQueries(r.opt.seed, 5, r.opt.clients, 200, 0)
	res := resolve.NewResolver(b.db.Roster())
	lat, right, _, err := resolveAll(ctx, res.Resolve, exact, 5*time.Second)
	if err != nil {
		return err
	}
	r.report(info("roster_exact_unanalyzed", b.engine, lat.perSecond(), "lookups/s",
		fmt.Sprintf("before ANALYZE: p50 %.3f ms, p99 %.3f ms over %d lookups (%d right)", ms(lat.pct(.5)), ms(lat.pct(.99)), len(lat), right)))
	return nil
}
