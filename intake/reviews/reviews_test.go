package reviews

import (
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper/triage"
)

func TestParseCSV(t *testing.T) {
	csv := "\xef\xbb\xbfReviewer,Date,Stars,Review Text\n" +
		"Jordan P.,2025-05-01,5,\"Kind, patient, and on time.\"\n" +
		",,,\n" +
		"A. Smith,06/02/2025,2,Hard to book an appointment.\n"
	got, err := Parse([]byte(csv), "Yelp")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d reviews, want 2", len(got))
	}
	if got[0].Author != "Jordan P." || got[0].Site != "Yelp" || got[0].Rating != "5" || got[0].Text != "Kind, patient, and on time." {
		t.Errorf("first: %+v", got[0])
	}
	if want := time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC); !got[1].Date.Equal(want) {
		t.Errorf("date %v, want %v", got[1].Date, want)
	}
	in := got[0].Interaction()
	if in.Kind != triage.Review || in.Channel != triage.ChannelReviewSite || !strings.HasPrefix(in.ID, "sha256:") {
		t.Errorf("interaction %+v", in)
	}
	if err := in.Validate(); err != nil {
		t.Errorf("interaction invalid: %v", err)
	}
	// The same review imported again has the same id.
	again, _ := Parse([]byte(csv), "yelp")
	if again[0].Interaction().ID != in.ID {
		t.Error("id not stable across imports")
	}
}

func TestParseJSON(t *testing.T) {
	js := `{"reviews": [{"review_id": "abc", "source": "Google", "author": {"name": "Lee"}, "rating": 4, "comment": "Helpful.", "created_at": "2025-04-01T10:00:00Z"}]}`
	got, err := Parse([]byte(js), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Author != "Lee" || got[0].Rating != "4" || got[0].Interaction().ID != "google:abc" {
		t.Errorf("got %+v", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]string{
		"empty":       "",
		"no columns":  "a,b\n1,2\n",
		"no author":   "author,text\n,Great\n",
		"no text":     "author,text\nLee,\n",
		"bad date":    "author,text,date\nLee,Great,yesterday\n",
		"no site":     "author,text\nLee,Great\n",
		"json scalar": `{"reviews": 3}`,
		"binary":      "\xff\xfe",
		"bad quote":   "author,text\nLee,\"Great\n",
	}
	for name, in := range tests {
		if _, err := Parse([]byte(in), ""); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("author,text,date,rating\nLee,Great,2025-01-02,5\n"), "yelp")
	f.Add([]byte(`[{"author":"A","text":"B","date":"2 Jan 2025"}]`), "google")
	f.Add([]byte(`{"reviews":[{"name":{"name":"x"},"body":"y"}]}`), "")
	f.Fuzz(func(t *testing.T, data []byte, site string) {
		rs, err := Parse(data, site)
		if err != nil {
			return
		}
		for _, r := range rs {
			in := r.Interaction()
			if err := in.Validate(); err != nil {
				t.Fatalf("accepted review makes an invalid interaction: %v (%+v)", err, r)
			}
		}
	})
}
