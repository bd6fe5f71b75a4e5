package postcheck

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func rulesOf(fs []Finding) []Rule {
	var out []Rule
	for _, f := range fs {
		if !slices.Contains(out, f.Rule) {
			out = append(out, f.Rule)
		}
	}
	slices.Sort(out)
	return out
}

// The examples named in the lint-post brief, flagged and clean.
func TestCheckExamples(t *testing.T) {
	c := New()
	for _, tc := range []struct {
		text string
		want []Rule
	}{
		{"My clients gave me a rough time today", []Rule{ClientReference}},
		{"A patient told me today that she finally feels safe.", []Rule{ClientReference}},
		{"In session this week someone said the wisest thing.", []Rule{ClientReference}},
		{"One of my teens got her driver's license!", []Rule{ClientReference}},
		{"Leave us a review on Google", []Rule{TestimonialSolicitation}},
		{"Rate us 5 stars", []Rule{TestimonialSolicitation}},
		{"Share your success story with us", []Rule{TestimonialSolicitation}},
		{"Tag us if therapy helped you", []Rule{TestimonialSolicitation}},
		{"Please leave us a review on Yelp!", []Rule{TestimonialSolicitation}},
		{"Hi {{first_name}}, thanks for your visit. Please leave us a review: {{review_url}}", []Rule{TestimonialSolicitation}},
		{"Jane from my Tuesday group has bipolar disorder", []Rule{ClientReference, PHI}},
		{"Call Sam at 555-201-3344, he's off his meds", []Rule{PHI}},
		{"My supervisor is useless", []Rule{Venting}},
		{"So done with this clinic", []Rule{Venting}},
		// Venting about one's own clients also refers to them.
		{"Clients who no-show drive me nuts", []Rule{ClientReference, Venting}},
		{"Coworkers who take my lunch from the fridge: I see you.", []Rule{Venting}},
		// Outbound guard on message templates: every review ask is caught.
		{"Thanks for visiting! Leave a review on Google Maps: {{link}}", []Rule{TestimonialSolicitation}},
		{"We'd be grateful if you rated us on Healthgrades.", []Rule{TestimonialSolicitation}},
		{"If we helped you, we'd love a 5-star review!", []Rule{TestimonialSolicitation}},
		{"Your feedback on Google helps others find us.", []Rule{TestimonialSolicitation}},
		{"Nominate us for Best Therapist in the county!", []Rule{TestimonialSolicitation}},
		// Anecdotes need the person to act towards the therapist or in the room.
		{"A teen I work with said the wisest thing today.", []Rule{ClientReference}},
		{"Had a toddler bite me today during play therapy.", []Rule{ClientReference}},
		{"This morning I read an article about a mom who started a support group.", nil},
		{"Today I'm grateful for the couple who run the coffee shop downstairs.", nil},
		{"Honestly, the best part of this job is the people I work with. Our team is amazing.", nil},
		// Venting about the workplace's payers; calm advocacy is fine.
		{"Spent two hours on hold with Aetna today. Insurance companies are a joke.", []Rule{Venting}},
		{"Mental health parity is the law, yet insurers still make therapy harder to cover. Call your senator.", nil},
		{"Grief is not a disorder. Prolonged grief disorder is a specific diagnosis.", nil},
		{"Like and follow for more mental health content!", nil},
		// Clean: service statements, psychoeducation, crisis lines.
		{"Now accepting new clients for fall", nil},
		{"Our office is closed Monday for the holiday", nil},
		{"5 tips for better sleep", nil},
		{"Therapy is a sign of strength", nil},
		{"I'm presenting on anxiety at the state conference", nil},
		{"New blog post on grief", nil},
		{"Many people find the holidays hard; here are resources", nil},
		{"Depression is common and treatable", nil},
		{"Call 988 if you are in crisis", nil},
		{"I love my work", nil},
		{"We welcome clients of all backgrounds", nil},
		{"Our office: 12 Oak Street, Suite 2. Call (555) 123-4567 to book.", nil},
		{"Meet Dr. Patel, who specializes in OCD.", nil},
		{"Tag a friend who needs this", nil},
	} {
		got := rulesOf(c.Check(tc.text))
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("Check(%q) rules = %v, want %v", tc.text, got, want)
		}
	}
}

// Offsets are code points into the original text, so curly quotes and emoji
// before a finding must not shift it.
func TestCheckOffsets(t *testing.T) {
	c := New()
	for _, tc := range []struct {
		text, want string
		rule       Rule
	}{
		{"Leave us a review on Google", "Leave us a review on Google", TestimonialSolicitation},
		{"🎉🎉 Don’t forget: leave us a review!", "leave us a review", TestimonialSolicitation},
		{"Café “news”: my 3pm cried.", "my 3pm", ClientReference},
		{"Ugh.\nMy supervisor is useless.", "My supervisor is useless.", Venting},
	} {
		fs := c.Only(tc.text, tc.rule)
		if len(fs) != 1 {
			t.Errorf("%q: %d %s findings, want 1: %v", tc.text, len(fs), tc.rule, fs)
			continue
		}
		r := []rune(tc.text)
		if got := string(r[fs[0].Start:fs[0].End]); got != tc.want {
			t.Errorf("%q: flagged %q, want %q", tc.text, got, tc.want)
		}
		if !strings.Contains(fs[0].Message, `"`) {
			t.Errorf("%q: message %q does not quote the fragment", tc.text, fs[0].Message)
		}
	}
}

func TestCheckNeverNil(t *testing.T) {
	c := New()
	for _, s := range []string{"", "   ", "Hello."} {
		if got := c.Check(s); got == nil || len(got) != 0 {
			t.Errorf("Check(%q) = %#v, want an empty non-nil slice", s, got)
		}
	}
}

func TestOnlyFilters(t *testing.T) {
	c := New()
	text := "My 3pm said my supervisor is useless. Leave us a review on Google!"
	got := rulesOf(c.Only(text, TestimonialSolicitation))
	if want := []Rule{TestimonialSolicitation}; !slices.Equal(got, want) {
		t.Errorf("Only(testimonial) rules = %v, want %v", got, want)
	}
	if all := rulesOf(c.Check(text)); len(all) < 3 {
		t.Errorf("Check rules = %v, want client_reference, testimonial_solicitation and venting", all)
	}
}

func TestSplitSentences(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"One. Two! Three?", []string{"One.", "Two!", "Three?"}},
		{"Meet Dr. Patel today. Bye", []string{"Meet Dr. Patel today.", "Bye"}},
		{"Emily R. from group.\nNext line", []string{"Emily R. from group.", "Next line"}},
		{"Wait... why.", []string{"Wait...", "why."}},
		{"3.5 hours at g.page/r/x", []string{"3.5 hours at g.page/r/x"}},
	} {
		var got []string
		for _, s := range splitSentences(tc.in) {
			got = append(got, tc.in[s[0]:s[1]])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("splitSentences(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHasPersonName(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"Jane from my group has bipolar disorder", true},
		{"Please pray for Brian Walsh", true},
		{"Depression is common and treatable", false},
		{"Meet Dr. Patel, who specializes in OCD", false},
		{"Understanding Bipolar Disorder In Teenage Girls", false},
		{"Join us Tuesday in December", false},
		{"Fall is here and so is our group for caregivers of people with dementia.", false},
		{"Grief is not a disorder. Prolonged grief disorder is a specific diagnosis.", false},
		{"Megan has been cutting-free for 100 days", true},
	} {
		if got := hasPersonName(tc.in); got != tc.want {
			t.Errorf("hasPersonName(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// The checker is shared by request handlers; it must be safe to use from
// many goroutines at once (run with -race).
func TestCheckConcurrent(t *testing.T) {
	c := New()
	want := len(c.Check("My supervisor is useless. Leave us a review on Google!"))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := len(c.Check("My supervisor is useless. Leave us a review on Google!")); got != want {
					t.Errorf("got %d findings, want %d", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"", "My clients gave me a rough time today",
		"Leave us a review on Google ⭐⭐⭐⭐⭐",
		"Jane, 34, has bipolar disorder; call 555-222-3333.",
		"Dr. R. ... why.\n\n\n", "caf\xe9 \xff my 3pm",
		"“Café” — my supervisor is useless 🙄",
	} {
		f.Add(s)
	}
	c := New()
	f.Fuzz(func(t *testing.T, text string) {
		n := utf8.RuneCountInString(text)
		prevStart := -1
		for _, fd := range c.Check(text) {
			if fd.Start < 0 || fd.End > n || fd.Start >= fd.End {
				t.Fatalf("finding %+v out of range for %d code points in %q", fd, n, text)
			}
			if fd.Start < prevStart {
				t.Fatalf("findings not ordered by start: %+v", fd)
			}
			prevStart = fd.Start
			if !slices.Contains(Rules(), fd.Rule) || fd.Message == "" {
				t.Fatalf("bad finding %+v", fd)
			}
		}
	})
}
