package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper/detect"
	"github.com/framekeeper/framekeeper/triage"
)

// lexiconConstructs are the Suicide Risk Lexicon columns detect uses (its
// lexiconRole table): the baseline searches for the same phrases.
var lexiconConstructs = []string{
	"Passive suicidal ideation", "Active suicidal ideation & suicidal planning", "Direct self-injury",
	"Other suicidal language", "Lethal means for suicide", "Loneliness & isolation", "Social withdrawal",
	"Sexual abuse & harassment", "Physical abuse & violence", "Bullying", "Alcohol use", "Other substance use",
	"Defeat & feeling like a failure", "Burdensomeness", "Shame, self-disgust, & worthlessness", "Guilt",
	"Anxiety", "Panic", "Entrapment & desire to escape", "Trauma & PTSD", "Agitation", "Rumination",
	"Depressed mood", "Anhedonia & uninterested", "Emotional pain & psychache", "Grief & bereavement",
	"Existential meaninglessness & purposelessness", "Emptiness", "Hopelessness", "Sleep issues",
	"Psychosis & schizophrenia", "Bipolar Disorder", "Borderline Personality Disorder",
}

// lexiconPhrases reads detect/lexicon/lexicon-validated.csv the way
// detect/lexicon.go does: the used constructs' columns, rows numbered in the
// first cell, the first half of each column (as written, not lemmatised),
// lower case.
func lexiconPhrases(root string) ([]string, error) {
	b, err := os.ReadFile(filepath.Join(root, "detect", "lexicon", "lexicon-validated.csv"))
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for col, name := range rows[0] {
		if !slices.Contains(lexiconConstructs, name) {
			continue
		}
		var ps []string
		for _, row := range rows[1:] {
			if len(row) == 0 || !isDigits(row[0]) || col >= len(row) {
				continue
			}
			if p := strings.TrimSpace(row[col]); p != "" {
				ps = append(ps, p)
			}
		}
		for _, p := range ps[:len(ps)/2] {
			p = strings.ToLower(p)
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// benchDetect classifies a generated corpus message by message and compares
// the rate with ripgrep searching the same file for the lexicon phrases.
func (r *runner) benchDetect(ctx context.Context) error {
	size := 20 << 20
	if r.opt.quick {
		size = 4 << 20
	}
	rng := rand.New(rand.NewPCG(r.opt.seed, 7))
	var msgs []string
	var corpus bytes.Buffer
	kinds := []triage.Kind{triage.SMS, triage.Email, triage.DirectMessage, triage.PublicComment}
	for corpus.Len() < size {
		var parts []string
		for range 1 + rng.IntN(3) {
			t, _ := messageText(rng, kinds[rng.IntN(len(kinds))])
			parts = append(parts, t)
		}
		m := strings.Join(parts, " ")
		msgs = append(msgs, m)
		corpus.WriteString(m)
		corpus.WriteByte('\n')
	}
	mb := float64(corpus.Len()) / (1 << 20)
	d := detect.Default()
	d.Classify("warm up")
	crises := 0
	best := time.Duration(1 << 62)
	for range 3 {
		start := time.Now()
		n := 0
		for _, m := range msgs {
			if d.Classify(m).Crisis {
				n++
			}
		}
		best = min(best, time.Since(start))
		crises = n
	}
	value := mb / best.Seconds()
	detail := fmt.Sprintf("%.1f MB, %d messages, %d crisis (%.1f%%), best of 3", mb, len(msgs), crises, 100*float64(crises)/float64(len(msgs)))

	rg, err := exec.LookPath("rg")
	if err != nil {
		r.logf("ripgrep (rg) is not installed (Debian package ripgrep): the detector figure has no baseline")
		r.report(info("detect", "go", value, "MB/s", detail+"; no baseline: rg not installed"))
		return nil
	}
	phrases, err := lexiconPhrases(r.root)
	if err != nil {
		return err
	}
	pf, cf := filepath.Join(r.dir, "patterns.txt"), filepath.Join(r.dir, "corpus.txt")
	if err := os.WriteFile(pf, []byte(strings.Join(phrases, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(cf, corpus.Bytes(), 0o644); err != nil {
		return err
	}
	rgBest := time.Duration(1 << 62)
	var rgOut []byte
	for range 3 {
		start := time.Now()
		// -j1: one thread, as Classify runs on one.
		out, err := exec.CommandContext(ctx, rg, "-j1", "-F", "-i", "-c", "-f", pf, cf).Output()
		if err != nil {
			return fmt.Errorf("rg: %w", err)
		}
		rgBest, rgOut = min(rgBest, time.Since(start)), out
	}
	base := mb / rgBest.Seconds()
	detail += fmt.Sprintf("; rg -j1 -F -i -c with %d lexicon phrases: %s matching lines", len(phrases), strings.TrimSpace(string(rgOut)))
	r.report(measured("detect", "go", value, "MB/s", base, ">=", 0.25, detail))
	return nil
}
