package wire

import (
	"encoding/json"
	"testing"
)

func TestID(t *testing.T) {
	for _, tc := range []struct{ in, want string }{{`"abc"`, "abc"}, {`12345678901234567890`, "12345678901234567890"}, {`null`, ""}} {
		var id ID
		if err := json.Unmarshal([]byte(tc.in), &id); err != nil || string(id) != tc.want {
			t.Errorf("ID from %s = %q, %v; want %q", tc.in, id, err, tc.want)
		}
	}
	var id ID
	if err := json.Unmarshal([]byte(`{}`), &id); err == nil {
		t.Error("an object was accepted as an id")
	}
	if got := Clean("ok\xffthen"); got != "ok\uFFFDthen" {
		t.Errorf("Clean = %q", got)
	}
}
