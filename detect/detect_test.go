package detect

import (
	"strings"
	"sync"
	"testing"
)

// TestContextRules pins each context rule with a message that needs it.
func TestContextRules(t *testing.T) {
	d := New()
	tests := []struct {
		name, text       string
		crisis, clinical bool
		admin            bool
		reason           string // a suppression reason that must be reported, if any
	}{
		{"direct ideation", "i want to die", true, true, false, ""},
		{"texting spelling", "i wanna die tbh", true, true, false, ""},
		{"contraction apart", "I do not want to be alive anymore", true, true, false, ""},
		{"curly apostrophe", "I don’t want to be here anymore", true, true, false, ""},
		{"kms", "kms", true, true, false, ""},
		{"unalive", "thinking about unaliving myself", true, true, false, ""},
		{"negated", "I'm not suicidal, just tired", false, true, false, ReasonNegated},
		{"negation in own clause", "no, I want to die", true, true, false, ""},
		{"pseudo negation", "I can't stop thinking about killing myself", true, true, false, ""},
		{"idiom traffic", "this traffic is killing me", false, false, false, ""},
		{"idiom dying to", "dying to see the new film", false, false, false, ""},
		{"idiom kill for", "I could kill for a coffee", false, false, false, ""},
		{"idiom shoot me a text", "shoot me a text later", false, false, false, ""},
		{"media", "In the movie the hero wants to kill himself", false, false, false, ""},
		{"song lyric", `that song goes "I want to die in your arms" lol`, false, false, false, ReasonMedia},
		{"relative reports a current risk", "my sister says she is suicidal", true, true, false, ""},
		{"relative reports a plan", "My son told me last night that he wants to end it", true, true, false, ""},
		{"someone else's finished attempt", "my brother attempted suicide and I keep thinking about it", false, true, false, ReasonThirdPerson},
		{"words said about me", "someone at school said I should kill myself and it hurt", false, true, false, ReasonThirdPerson},
		{"promise not kept", "I can't promise I won't hurt myself tonight", true, true, false, ""},
		{"promise kept", "I promise I won't hurt myself, I just need to talk", false, true, false, ReasonNegated},
		{"never", "I would never kill myself, I'm just tired", false, true, false, ReasonNegated},
		{"said with a negation", "I don't think I'll be around much longer", true, true, false, ""},
		{"idiom inside a longer phrase", "I keep thinking I'll jump in front of a train", true, true, false, ""},
		{"idiom", "we should jump in the pool later", false, false, false, ""},
		{"psychoeducation", "If you're having thoughts of suicide, call or text 988.", false, false, false, ReasonGeneric},
		{"ordinary farewell", "Goodbye and good luck with the retirement, thank you for everything!", false, false, false, ReasonWeakAlone},
		{"day and time alone", "every tuesday at 3 i get so anxious", false, true, false, ""},
		{"day and time asked for", "can we move tuesday to 3pm?", false, false, true, ""},
		{"place alone", "the lobby has a cute new plant", false, false, false, ""},
		{"place asked about", "do you guys have parking?", false, false, true, ""},
		{"cancel out of context", "cancel my netflix already, cant stop watching", false, false, false, ""},
		{"cancel an appointment", "I need to cancel Thursday", false, false, true, ""},
		{"on my way home", "I was on my way home from work", false, false, false, ""},
		{"phrase across sentences", "I did what I can. I think so", false, false, false, ""},
		{"past resolved", "Last year I was suicidal but I'm doing much better now", false, true, false, ReasonPast},
		{"past but back now", "I used to cut myself and I did it again last night", true, true, false, ""},
		{"past clause then present", "I used to cope but I can't do this anymore", true, true, false, ""},
		{"goodbye pair", "thank you for everything. goodbye", true, true, false, ""},
		{"plain bye", "ok bye see you tuesday at 3", false, false, true, ""},
		{"giving away", "giving my guitar to my brother, I won't need it", true, true, false, ""},
		{"burden strong", "everyone would be better off without me", true, true, false, ""},
		{"burden weak alone", "I feel like a burden when I ask for help", false, true, false, ReasonWeakAlone},
		{"threat from other with danger", "he said he'd kill me and he's outside", true, true, false, ""},
		{"threat joke", "my mom is going to kill me when she sees my hair lol", false, false, false, ""},
		{"threat to others", "I'm going to kill him tonight", true, true, false, ""},
		{"took pills", "I took all my pills", true, true, false, ""},
		{"admin only", "running 10 min late, sorry", false, false, true, ""},
		{"both", "need to cancel, having a bad panic day", false, true, true, ""},
		{"billing", "can I pay the copay with my HSA card?", false, false, true, ""},
		{"possessive", "can we move Thursday's appointment", false, false, true, ""},
		{"diacritics", "Je suis très anxieuse, panic attack à l'école", false, true, false, ""},
		{"crisis garage not directions", "sitting in my car with the engine running in the garage", true, true, false, ""},
		{"empty", "", false, false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := d.Classify(tt.text)
			if r.Crisis != tt.crisis || r.Clinical != tt.clinical || r.Administrative != tt.admin {
				t.Errorf("Classify(%q) = crisis %v clinical %v administrative %v, want %v %v %v\nsignals %v\nsuppressed %v",
					tt.text, r.Crisis, r.Clinical, r.Administrative, tt.crisis, tt.clinical, tt.admin,
					Strings(r.Signals), suppressedStrings(r.Suppressed))
			}
			if tt.reason != "" {
				found := false
				for _, s := range r.Suppressed {
					found = found || s.Reason == tt.reason
				}
				if !found {
					t.Errorf("Classify(%q): suppressed %v, want one with reason %q", tt.text, suppressedStrings(r.Suppressed), tt.reason)
				}
			}
			checkSignals(t, tt.text, r)
		})
	}
}

// checkSignals verifies each signal points at its phrase in the text.
func checkSignals(t *testing.T, text string, r Result) {
	t.Helper()
	// Boundaries as Go decodes the text: a stray byte of invalid UTF-8 is
	// a rune of its own.
	boundary := map[int]bool{len(text): true}
	for i := range text {
		boundary[i] = true
	}
	for _, list := range [][]Signal{r.Signals, r.Suppressed} {
		for _, s := range list {
			if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
				t.Fatalf("signal %v has offsets [%d,%d) outside text of %d bytes", s, s.Start, s.End, len(text))
			}
			if !boundary[s.Start] || !boundary[s.End] {
				t.Fatalf("signal %v offsets [%d,%d) are not on rune boundaries in %q", s, s.Start, s.End, text)
			}
			if text[s.Start:s.End] != s.Phrase {
				t.Fatalf("signal phrase %q, want text[%d:%d] = %q", s.Phrase, s.Start, s.End, text[s.Start:s.End])
			}
			if !strings.HasPrefix(s.Rule, s.Label+".") {
				t.Fatalf("signal rule %q does not start with its label %q", s.Rule, s.Label)
			}
		}
	}
	if r.Crisis && !r.Clinical {
		t.Fatalf("crisis without clinical for %q", text)
	}
}

func TestSignalString(t *testing.T) {
	r := New().Classify("I want to die")
	if len(r.Signals) == 0 {
		t.Fatal("no signals")
	}
	if got, want := r.Signals[0].String(), `crisis.passive_ideation:"I want to die"`; got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
}

func TestLexiconLoaded(t *testing.T) {
	d := New()
	byRule := map[string]int{}
	for _, e := range d.entries {
		byRule[e.rule]++
	}
	// The lexicon contributes suicidal language and clinical constructs the
	// curated tables do not have.
	for _, rule := range []string{"crisis.suicidal_language", "clinical.rumination", "clinical.emptiness", "clinical.sleep"} {
		if byRule[rule] == 0 {
			t.Errorf("no entries for %s: lexicon not loaded or mapping broken", rule)
		}
	}
}

func TestConcurrentClassify(t *testing.T) {
	d := New()
	texts := []string{"i want to die", "running late", "my anxiety is bad", "dying to see it lol"}
	want := make([]Result, len(texts))
	for k, s := range texts {
		want[k] = d.Classify(s)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 200; n++ {
				k := n % len(texts)
				got := d.Classify(texts[k])
				if got.Crisis != want[k].Crisis || len(got.Signals) != len(want[k].Signals) {
					t.Errorf("concurrent Classify(%q) differs", texts[k])
					return
				}
			}
		}()
	}
	wg.Wait()
}

// FuzzClassify: never panics; every signal points inside the text, on rune
// boundaries, at the phrase it names.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{
		"i want to die", "I’m not suicidal", "kms lol 😂", "Café naïve résumé", "\xff\xfeinvalid",
		"don't'", "'s", "a'", "2:30pm on the 9th 2019", "wanna gonna idk", "e\u0301", "...!!??\n\n",
		strings.Repeat("kill myself ", 50),
	} {
		f.Add(s)
	}
	d := New()
	f.Fuzz(func(t *testing.T, text string) {
		r := d.Classify(text)
		checkSignals(t, text, r)
	})
}

// BenchmarkClassify measures throughput on the corpus messages, repeated
// into one long mixed text per iteration and as separate messages.
func BenchmarkClassify(b *testing.B) {
	d := New()
	var msgs []string
	for _, l := range loadCorpus(b, "testdata/corpus_train.jsonl") {
		msgs = append(msgs, l.Text)
	}
	size := 0
	for _, m := range msgs {
		size += len(m)
	}
	b.Run("messages", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, m := range msgs {
				d.Classify(m)
			}
		}
	})
	long := strings.Join(msgs, "\n")
	b.Run("one_text", func(b *testing.B) {
		b.SetBytes(int64(len(long)))
		b.ReportAllocs()
		for b.Loop() {
			d.Classify(long)
		}
	})
}
