package xapi

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper/triage"
)

func mustRead(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Vectors computed independently with
// printf '%s' MSG | openssl dgst -sha256 -hmac consumer_secret_abc -binary | base64
const (
	secret     = "consumer_secret_abc"
	crcToken   = "challenge_token_123"
	crcWant    = "sha256=A8IzbtkUDiSab0CZr9WQ4vZ5R/sG15nKqNIObxWzVCw="
	vectorBody = `{"for_user_id":"1"}`
	vectorSig  = "sha256=xy0Tg0e+tb0kcSxtpiOJhhJN4+0Wd9Sj3wmZYm/anp0="
)

func TestCRCResponse(t *testing.T) {
	if got := CRCResponse(secret, crcToken); got != crcWant {
		t.Errorf("CRCResponse = %q, want %q", got, crcWant)
	}
	var body struct {
		ResponseToken string `json:"response_token"`
	}
	if err := json.Unmarshal(CRCResponseJSON(secret, crcToken), &body); err != nil {
		t.Fatal(err)
	}
	if body.ResponseToken != crcWant {
		t.Errorf("response_token = %q, want %q", body.ResponseToken, crcWant)
	}
	if got := CRCResponse(secret+"x", crcToken); got == crcWant {
		t.Error("another secret gave the same response")
	}
}

func TestVerifySignature(t *testing.T) {
	tests := []struct {
		name, secret, body, header string
		want                       bool
	}{
		{"vector", secret, vectorBody, vectorSig, true},
		{"signed here", secret, "{}", Sign(secret, []byte("{}")), true},
		{"body changed", secret, vectorBody + " ", vectorSig, false},
		{"secret changed", secret + "!", vectorBody, vectorSig, false},
		{"digest changed", secret, vectorBody, strings.Replace(vectorSig, "xy0", "xy1", 1), false},
		{"no prefix", secret, vectorBody, strings.TrimPrefix(vectorSig, "sha256="), false},
		{"not base64", secret, vectorBody, "sha256=!!!", false},
		{"short", secret, vectorBody, "sha256=AAAA", false},
		{"missing", secret, vectorBody, "", false},
		{"no secret", "", vectorBody, Sign("", []byte(vectorBody)), false},
	}
	for _, tt := range tests {
		if got := VerifySignature(tt.secret, []byte(tt.body), tt.header); got != tt.want {
			t.Errorf("%s: VerifySignature = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseFixtures(t *testing.T) {
	ms := func(n int64) time.Time { return time.UnixMilli(n).UTC() }
	tests := []struct {
		file        string
		want        []triage.Interaction
		wantIgnored []Ignored
	}{
		{
			file: "follow_events.json",
			want: []triage.Interaction{{
				ID: "follow:3001969357:1517588749178", Kind: triage.Follow, Channel: triage.ChannelX,
				From: triage.Sender{Name: "Jordan Brinks", Platform: "x", Handle: "furiouscamper"}, To: "2244994945", At: ms(1517588749178),
			}},
			wantIgnored: []Ignored{
				{Type: "follow_events.unfollow", ID: "8888", Reason: "an unfollow is not acted on"},
				{Type: "follow_events.follow", ID: "2244994945", Reason: "the account followed someone"},
			},
		},
		{
			file: "direct_message_events.json",
			want: []triage.Interaction{
				{ID: "954491830116155396", Kind: triage.DirectMessage, Channel: triage.ChannelX,
					From: triage.Sender{Name: "Jordan Brinks", Platform: "x", Handle: "furiouscamper"}, To: "4337869213",
					Text: "Hi, I found you here. Can I ask about my bill?", At: ms(1516403560557)},
				{ID: "954491830116155401", Kind: triage.DirectMessage, Channel: triage.ChannelX,
					From: triage.Sender{Name: "Jordan Brinks", Platform: "x", Handle: "furiouscamper"}, To: "4337869213",
					Text: "https://t.co/abc123\n[attachment: media]", At: ms(1516403700000)},
			},
			wantIgnored: []Ignored{{Type: "direct_message_events.message_create", ID: "954491830116155400", Reason: "sent by the account itself"}},
		},
		{
			file: "tweet_create_events.json",
			want: []triage.Interaction{
				{ID: "1050118621198921728", Kind: triage.PublicComment, Channel: triage.ChannelX,
					From: triage.Sender{Name: "Jordan Brinks", Platform: "x", Handle: "furiouscamper"}, To: "2244994945",
					Text: "@harborcounsel thank you for everything this year, best therapist ever", At: ms(1539202764000)},
				{ID: "1050128800000000000", Kind: triage.PublicComment, Channel: triage.ChannelX,
					From: triage.Sender{Name: "A. Reader", Platform: "x", Handle: "areader"}, To: "2244994945",
					Text: "Long thoughts about anxiety and @harborcounsel's newsletter, which I read every week and which helps me between sessions.",
					At:   time.Date(2018, 10, 10, 21, 0, 0, 0, time.UTC)},
			},
			wantIgnored: []Ignored{
				{Type: "tweet_create_events", ID: "1050130000000000000", Reason: "posted by the account itself"},
				{Type: "tweet_create_events", ID: "1050131000000000000", Reason: "a repost carries no message of its own"},
				{Type: "tweet_create_events", ID: "1050132000000000000", Reason: "does not mention, reply to or quote the account"},
			},
		},
		{
			file:        "favorite_events.json",
			want:        []triage.Interaction{},
			wantIgnored: []Ignored{{Type: "favorite_events", Reason: "a like carries no message"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r, err := Parse(mustRead(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r.Interactions, tt.want) {
				t.Errorf("interactions:\ngot  %+v\nwant %+v", r.Interactions, tt.want)
			}
			if !reflect.DeepEqual(r.Ignored, tt.wantIgnored) {
				t.Errorf("ignored:\ngot  %+v\nwant %+v", r.Ignored, tt.wantIgnored)
			}
		})
	}
}

func TestParseQuote(t *testing.T) {
	body := `{"for_user_id":"10","tweet_create_events":[{"id_str":"99","text":"so true","user":{"id_str":"20","screen_name":"q"},
		"quoted_status":{"id_str":"98","user":{"id_str":"10","screen_name":"practice"}}}]}`
	r, err := Parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Interactions) != 1 || r.Interactions[0].ID != "99" || r.Interactions[0].Kind != triage.PublicComment {
		t.Errorf("a quote of the account's post: got %+v, want one public comment", r.Interactions)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"empty", "", "not a JSON object"},
		{"array", "[1]", "not a JSON object"},
		{"broken", `{"for_user_id":"1",`, "not valid JSON"},
		{"no for_user_id", `{"follow_events":[]}`, "for_user_id"},
		{"events not a list", `{"for_user_id":"1","follow_events":{"type":"follow"}}`, "follow_events"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.body))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"follow_events.json", "direct_message_events.json", "tweet_create_events.json", "favorite_events.json"} {
		f.Add(mustRead(f, name))
	}
	f.Add([]byte(`{"for_user_id":1,"direct_message_events":[{"type":"message_create","id":2,"message_create":{"sender_id":3}}]}`))
	f.Add([]byte(`{"for_user_id":"1","tweet_create_events":[{"id":5,"user":{"id":6},"in_reply_to_user_id_str":"1"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := Parse(body)
		if err != nil {
			return
		}
		if r.ForUserID == "" {
			t.Fatal("accepted a payload without for_user_id")
		}
		for _, in := range r.Interactions {
			if in.ID == "" || in.From.Handle == "" || !in.Kind.Valid() || in.Channel != triage.ChannelX {
				t.Fatalf("incomplete interaction %+v", in)
			}
		}
		for _, ig := range r.Ignored {
			if ig.Type == "" || ig.Reason == "" {
				t.Fatalf("ignored event without type or reason: %+v", ig)
			}
		}
	})
}
