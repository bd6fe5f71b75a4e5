package consent

import (
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
)

var now = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func TestValidate(t *testing.T) {
	ok := Consent{Kind: Search, Granted: true, Scope: "public profiles, to check on welfare"}
	if err := ok.Validate(now); err != nil || !ok.GivenAt.Equal(now) {
		t.Fatalf("valid consent: %v", err)
	}
	exp := now.Add(-time.Hour)
	for name, c := range map[string]Consent{
		"no kind":          {Scope: "x"},
		"unknown kind":     {Kind: "fax", Scope: "x"},
		"no scope":         {Kind: Texting, Scope: "   "},
		"bad channel":      {Kind: PreferredChannel, Scope: "x", Channel: "pigeon"},
		"channel on email": {Kind: Email, Scope: "x", Channel: "sms"},
		"future":           {Kind: Email, Scope: "x", GivenAt: now.Add(72 * time.Hour)},
		"expires first":    {Kind: Email, Scope: "x", GivenAt: now, ExpiresAt: &exp},
	} {
		if err := c.Validate(now); framekeeper.ErrorCode(err) != framekeeper.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestSummarise(t *testing.T) {
	day := func(d int) time.Time { return now.AddDate(0, 0, d) }
	revoked := day(-1)
	expired := day(-2)
	s := Summarise([]Consent{
		{ID: "1", Kind: Texting, Granted: true, GivenAt: day(-30)},
		{ID: "2", Kind: Texting, Granted: false, GivenAt: day(-10)}, // a later refusal wins
		{ID: "3", Kind: Search, Granted: true, GivenAt: day(-5)},
		{ID: "4", Kind: Email, Granted: true, GivenAt: day(-5), RevokedAt: &revoked},
		{ID: "5", Kind: PreferredChannel, Granted: true, Channel: "phone", GivenAt: day(-3)},
	}, now)
	if s.Texting == nil || *s.Texting || s.Search == nil || !*s.Search || s.Email == nil || *s.Email || s.Channel != "phone" {
		t.Fatalf("summary %+v", s)
	}
	// An expired grant is as if nothing were on file: the default applies.
	s = Summarise([]Consent{{ID: "1", Kind: Search, Granted: true, GivenAt: day(-30), ExpiresAt: &expired}}, now)
	if s.Search != nil || Or(s.Search, false) {
		t.Fatalf("expired: %+v", s)
	}
	if Or(nil, true) != true {
		t.Fatal("Or default")
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-03-14", "2025-03-14T10:00:00Z", "", "14/03/2025", "2025-02-30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate("given_at", s)
		if err != nil && framekeeper.ErrorCode(err) != framekeeper.EINVALID {
			t.Fatalf("%q: %v", s, err)
		}
		if err == nil && d.Location() != time.UTC {
			t.Fatalf("%q: not UTC", s)
		}
	})
}
