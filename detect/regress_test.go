package detect

import "testing"

// TestSelfHarmWording covers self-harm said in few words, and the everyday
// accidents and idioms that share those words.
func TestSelfHarmWording(t *testing.T) {
	d := Default()
	for _, tc := range []struct {
		text   string
		crisis bool
	}{
		{"cant stop cutting", true},
		{"can't stop cutting", true},
		{"i want to cut so bad tonight", true},
		{"I burned myself on purpose last night", true},
		{"I cut myself last night, it was deep", true},
		{"I burned myself cooking dinner", false},
		{"I cut myself shaving this morning haha", false},
		{"stop cutting me off when I talk", false},
		{"I keep cutting the onions wrong", false},
		{"I need to stop cutting my sugar intake", false},
	} {
		if got := d.Classify(tc.text).Crisis; got != tc.crisis {
			t.Errorf("Classify(%q).Crisis = %v, want %v", tc.text, got, tc.crisis)
		}
	}
}
