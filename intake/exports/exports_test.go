package exports

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func mustRead(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestFixMojibake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Zo\u00c3\u00ab", "Zoë"},
		{"Jos\u00c3\u00a9 Garc\u00c3\u00ada", "José García"},
		{"\u00e5\u00b1\u00b1\u00e7\u0094\u00b0", "山田"},
		{"plain ascii", "plain ascii"},
		{"Zoë", "Zoë"},       // genuine Latin-1 range text: ë alone is not valid UTF-8 bytes
		{"Zoë 山", "Zoë 山"},   // already Unicode
		{"\u00c3", "\u00c3"}, // a lone lead byte stays as it was
		{"", ""},
	}
	for _, tt := range tests {
		if got := FixMojibake(tt.in); got != tt.want {
			t.Errorf("FixMojibake(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseFiles(t *testing.T) {
	sec := func(n int64) time.Time { return time.Unix(n, 0).UTC() }
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		platform, file string
		want           Export
	}{
		{"facebook", "your_friends.json", Export{Platform: Facebook, Kind: Friends, People: []Person{
			{Name: "Zoë Martin", ConnectedAt: sec(1609459200)},
			{Name: "José García", ConnectedAt: sec(1577836800)},
			{Name: "Sam Lee", ConnectedAt: sec(1546300800)},
			{Name: "山田 太郎", ConnectedAt: sec(1514764800)},
		}}},
		{"", "friends_old.json", Export{Platform: Facebook, Kind: Friends, People: []Person{
			{Name: "Pat Quinn", Email: "pat@example.org", ConnectedAt: sec(1400000000)},
			{Name: "Renée", ConnectedAt: sec(1410000000)},
		}}},
		{"instagram", "followers_1.json", Export{Platform: Instagram, Kind: Followers, People: []Person{
			{Handle: "river.walks", ProfileURL: "https://www.instagram.com/river.walks", ConnectedAt: sec(1690000000)},
			{Handle: "café_anna", ProfileURL: "https://www.instagram.com/café_anna", ConnectedAt: sec(1680000000)},
		}}},
		{"instagram", "followers_new.json", Export{Platform: Instagram, Kind: Followers, People: []Person{
			{Handle: "jordan.a", ProfileURL: "https://www.instagram.com/jordan.a", ConnectedAt: sec(1700000000)},
		}}},
		{"instagram", "following.json", Export{Platform: Instagram, Kind: Following, People: []Person{
			{Handle: "mindful.mornings", ProfileURL: "https://www.instagram.com/_u/mindful.mornings", ConnectedAt: sec(1710000000)},
			{Handle: "portland.parks", ProfileURL: "https://www.instagram.com/_u/portland.parks", ConnectedAt: sec(1711000000)},
		}}},
		{"x", "follower.js", Export{Platform: X, Kind: Followers, People: []Person{
			{Handle: "3001969357", ProfileURL: "https://twitter.com/intent/user?user_id=3001969357"},
			{Handle: "1234567890123456789", ProfileURL: "https://twitter.com/intent/user?user_id=1234567890123456789"},
		}}},
		{"", "following.js", Export{Platform: X, Kind: Following, People: []Person{
			{Handle: "783214", ProfileURL: "https://twitter.com/intent/user?user_id=783214"},
		}}},
		{"linkedin", "Connections.csv", Export{Platform: LinkedIn, Kind: Connections, People: []Person{
			{Name: "Jane Doe", Handle: "jane-doe-3a1b2c", ProfileURL: "https://www.linkedin.com/in/jane-doe-3a1b2c", ConnectedAt: day(2023, 3, 15)},
			{Name: "José García", Handle: "josegarcia", ProfileURL: "https://www.linkedin.com/in/josegarcia", Email: "jose@example.com", ConnectedAt: day(2024, 1, 2)},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := Parse(tt.platform, tt.file, mustRead(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if got.Platform != tt.want.Platform || got.Kind != tt.want.Kind {
				t.Errorf("got %s %s, want %s %s", got.Platform, got.Kind, tt.want.Platform, tt.want.Kind)
			}
			if !reflect.DeepEqual(got.People, tt.want.People) {
				t.Errorf("people:\ngot  %+v\nwant %+v", got.People, tt.want.People)
			}
		})
	}
}

func TestParseNameHint(t *testing.T) {
	// An older Instagram export is a bare list in both files; only the
	// name tells following from followers.
	data := mustRead(t, "followers_1.json")
	for _, tt := range []struct {
		name string
		want Kind
	}{
		{"followers_1.json", Followers},
		{"connections/followers_and_following/following.json", Following},
		{`C:\Users\me\Downloads\following.json`, Following},
		{"", Followers},
	} {
		got, err := Parse("instagram", tt.name, data)
		if err != nil {
			t.Fatal(err)
		}
		if got.Kind != tt.want {
			t.Errorf("name %q: kind %s, want %s", tt.name, got.Kind, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, platform, file string
		data                 string
		want                 string
	}{
		{"empty", "", "x.json", "  \n", "empty"},
		{"unknown platform", "myspace", "f.json", `{"friends_v2":[]}`, "Unknown platform"},
		{"wrong platform", "instagram", "your_friends.json", string(mustRead(t, "your_friends.json")), "looks like a Facebook export"},
		{"wrong platform csv", "facebook", "Connections.csv", string(mustRead(t, "Connections.csv")), "looks like a LinkedIn export"},
		{"other facebook file", "facebook", "received.json", string(mustRead(t, "received_friend_requests.json")), "Facebook friend requests received"},
		{"other x file", "x", "block.js", string(mustRead(t, "block.js")), `holds "block"`},
		{"unknown json", "", "data.json", `{"profile_v2":{"name":"me"}}`, "keys: profile_v2"},
		{"broken json", "", "f.json", `{"friends_v2":[`, "not valid JSON"},
		{"friends wrong shape", "", "f.json", `{"friends_v2":{"name":"x"}}`, "expected shape"},
		{"html", "facebook", "friends.html", "<html><body>Friends</body></html>", "HTML export"},
		{"plain text", "", "notes.txt", "hello\nworld\n", "not a known export"},
		{"binary", "", "a.zip", "PK\x03\x04\x00\x00\xff", "not text"},
		{"empty list", "", "f.json", "[]", "empty list"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.platform, tt.file, []byte(tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
}

func TestParseLinkedInLatin1(t *testing.T) {
	data := []byte("First Name,Last Name,URL,Email Address,Company,Position,Connected On\nRen\xe9e,Dupr\xe9,,,,,1 Feb 2020\n")
	got, err := Parse("linkedin", "Connections.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	want := []Person{{Name: "Renée Dupré", ConnectedAt: time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)}}
	if !reflect.DeepEqual(got.People, want) {
		t.Errorf("got %+v, want %+v", got.People, want)
	}
}

// A handle is taken from a link as decoded: an escaped UTF-8 name is kept,
// escapes that decode to bytes which are not text leave no handle (found by
// FuzzParse; PostgreSQL refuses such bytes).
func TestParseHandlesFromEscapedLinks(t *testing.T) {
	for _, tt := range []struct{ name, platform, file, data, want string }{
		{"linkedin escaped name", "linkedin", "Connections.csv", "First Name,Last Name,URL\nZo,Ng,https://www.linkedin.com/in/zo%C3%AB-ng\n", "zoë-ng"},
		{"linkedin bad escape", "linkedin", "Connections.csv", "First Name,Last Name,URL\nZo,Ng,https://www.linkedin.com/in/zo%80\n", ""},
		{"x bad escape", "x", "follower.js", `window.YTD.follower.part0 = [{"follower":{"userLink":"https://twitter.com/intent/user?user_id=%FF"}}];`, ""},
		{"instagram bad escape", "instagram", "followers_1.json", `[{"string_list_data":[{"href":"https://www.instagram.com/a%C3"}]}]`, ""},
	} {
		got, err := Parse(tt.platform, tt.file, []byte(tt.data))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		handle := ""
		if len(got.People) > 0 {
			handle = got.People[0].Handle
		}
		if handle != tt.want {
			t.Errorf("%s: handle %q, want %q (people %+v)", tt.name, handle, tt.want, got.People)
		}
	}
}

func TestParseEmptyLists(t *testing.T) {
	got, err := Parse("", "your_friends.json", []byte(`{"friends_v2":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got.People == nil || len(got.People) != 0 || got.Kind != Friends {
		t.Errorf("got %+v, want an empty friends list", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"your_friends.json", "friends_old.json", "followers_1.json", "followers_new.json",
		"following.json", "follower.js", "following.js", "Connections.csv", "block.js"} {
		f.Add("", name, mustRead(f, name))
	}
	f.Add("linkedin", "Connections.csv", []byte("First Name,Last Name\n\"a,b"))
	f.Add("x", "follower.js", []byte("window.YTD.follower.part0 = [{\"follower\":{\"userLink\":\"https://twitter.com/intent/user?user_id=5\"}}];"))
	f.Fuzz(func(t *testing.T, platform, name string, data []byte) {
		ex, err := Parse(platform, name, data)
		if err != nil {
			return
		}
		if platform != "" && ex.Platform != platform {
			t.Fatalf("asked for %s, got %s", platform, ex.Platform)
		}
		switch ex.Kind {
		case Friends, Followers, Following, Connections:
		default:
			t.Fatalf("unknown kind %q", ex.Kind)
		}
		for _, p := range ex.People {
			if p.Name == "" && p.Handle == "" && p.ProfileURL == "" {
				t.Fatalf("empty person in %+v", ex)
			}
			if !utf8.ValidString(p.Name + p.Handle + p.Email + p.ProfileURL) {
				t.Fatalf("invalid UTF-8: %+v", p)
			}
		}
	})
}
