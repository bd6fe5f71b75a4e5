package auth

import (
	"strings"
	"testing"
)

// cheap keeps tests fast; production uses DefaultParams.
var cheap = Params{Memory: 1024, Time: 1, Threads: 1}

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse battery", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash %q is not PHC argon2id", h)
	}
	if !CheckPassword(h, "correct horse battery") {
		t.Error("right password rejected")
	}
	for _, bad := range []string{"correct horse batter", "", "Correct horse battery"} {
		if CheckPassword(h, bad) {
			t.Errorf("wrong password %q accepted", bad)
		}
	}
	h2, _ := HashPassword("correct horse battery", cheap)
	if h == h2 {
		t.Error("two hashes of one password are equal: salt not random")
	}
}

func TestPasswordRejects(t *testing.T) {
	if _, err := HashPassword("short", cheap); err == nil {
		t.Error("short password accepted")
	}
	for _, h := range []string{"", "$argon2id$", "$argon2i$v=19$m=1024,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA"} {
		if CheckPassword(h, "whatever123") {
			t.Errorf("malformed hash %q matched", h)
		}
	}
}

func FuzzCheckPassword(f *testing.F) {
	h, _ := HashPassword("correct horse battery", cheap)
	f.Add(h, "correct horse battery")
	f.Add("$argon2id$v=19$m=1,t=1,p=1$$", "x")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		CheckPassword(hash, pw) // must not panic or hang
	})
}

func TestSecrets(t *testing.T) {
	a, b := NewSecret("fk_"), NewSecret("fk_")
	if a == b || !strings.HasPrefix(a, "fk_") || len(a) < 3+43 {
		t.Fatalf("secrets %q %q: want distinct, prefixed, 256-bit", a, b)
	}
	if HashSecret(a) == HashSecret(b) || len(HashSecret(a)) != 64 {
		t.Error("secret hashes wrong")
	}
}
