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

// TestDespairWording covers despair and means said plainly, and the
// everyday sentences that share their words.
func TestDespairWording(t *testing.T) {
	d := Default()
	for _, tc := range []struct {
		text   string
		crisis bool
	}{
		{"i just want the pain to stop forever", true},
		{"I don't think I'll make it through the night", true},
		{"everything is pointless and i have the pills counted out", true},
		{"there's no way out for me", true},
		{"I wrote a goodbye note", true},
		{"I don't think I'll make it to the party", false},
		{"I barely made it through the night shift", false},
		{"We wrote a note for my mom's birthday card", false},
		{"there's no way out of this traffic", false},
	} {
		if got := d.Classify(tc.text).Crisis; got != tc.crisis {
			t.Errorf("Classify(%q).Crisis = %v, want %v", tc.text, got, tc.crisis)
		}
	}
}
