package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/framekeeper/framekeeper/storage/storagetest"
)

type versionOut struct {
	Version int               `json:"version"`
	Summary string            `json:"summary"`
	Clauses map[string]string `json:"clauses"`
	URL     string            `json:"url"`
}

// TestPolicyAPI publishes versions through the API on both engines: clauses
// not named keep their stance, bad input is refused with nothing saved, and
// the published text can be rendered from the database.
func TestPolicyAPI(t *testing.T) {
	for _, engine := range storagetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			dbURL := storagetest.URL(t, engine)
			base := startServer(t, dbURL)
			admin := &apiClient{t: t, base: base, token: newToken(t, dbURL, "admin")}

			var v1, v2 versionOut
			admin.json("POST", "/api/v1/policy/versions", map[string]any{"summary": "First version.",
				"clauses": map[string]string{"texting": "not_used", "friending": "decline"}}, 201, &v1)
			admin.json("POST", "/api/v1/policy/versions", map[string]any{"summary": "Texts are now for scheduling.",
				"clauses": map[string]string{"texting": "administrative_only"}}, 201, &v2)
			if v1.Version != 1 || v2.Version != 2 {
				t.Fatalf("versions %d, %d; want 1, 2", v1.Version, v2.Version)
			}
			if v2.Clauses["texting"] != "administrative_only" || v2.Clauses["friending"] != "decline" || len(v2.Clauses) != 18 {
				t.Errorf("version 2 clauses = %v", v2.Clauses)
			}

			for _, tc := range []struct {
				name string
				body string
				want int
			}{
				{"unknown clause", `{"summary":"x","clauses":{"carrier_pigeons":"allowed"}}`, 400},
				{"unknown stance", `{"summary":"x","clauses":{"texting":"sometimes"}}`, 400},
				{"no summary", `{"clauses":{"texting":"allowed"}}`, 400},
				{"blank summary", `{"summary":"   ","clauses":{"texting":"allowed"}}`, 400},
				{"malformed", `{"summary":`, 400},
			} {
				if st, _, b := admin.do("POST", "/api/v1/policy/versions", "application/json", tc.body); st != tc.want {
					t.Errorf("%s: %d %s, want %d", tc.name, st, b, tc.want)
				}
			}
			ther := &apiClient{t: t, base: base, token: newToken(t, dbURL, "therapist")}
			if st, _, _ := ther.do("POST", "/api/v1/policy/versions", "application/json", `{"summary":"x","clauses":{"texting":"allowed"}}`); st != 403 {
				t.Errorf("therapist publishing: %d, want 403", st)
			}
			var list []versionOut
			admin.json("GET", "/api/v1/policy/versions", nil, 200, &list)
			if len(list) != 2 || list[0].Version != 2 {
				t.Errorf("after refusals: versions %+v, want exactly 2, newest first", list)
			}
			var practice struct {
				Slug          string `json:"slug"`
				PolicyVersion int    `json:"policy_version"`
			}
			admin.json("GET", "/api/v1/practice", nil, 200, &practice)
			if practice.PolicyVersion != 2 || practice.Slug == "" {
				t.Errorf("practice = %+v", practice)
			}
			var diff struct {
				Changes []struct {
					Clause, From, To, Explanation string
				} `json:"changes"`
			}
			admin.json("GET", "/api/v1/policy/diff?from=1&to=2", nil, 200, &diff)
			if len(diff.Changes) != 1 || diff.Changes[0].Clause != "texting" || diff.Changes[0].Explanation == "" {
				t.Errorf("diff = %+v", diff)
			}

			// The published text, from the database, as a PDF.
			if _, err := exec.LookPath("pdftotext"); err != nil {
				t.Skip("pdftotext not installed (apt-get install poppler-utils); .ci/run installs it")
			}
			pdf := filepath.Join(t.TempDir(), "v1.pdf")
			if _, errs, code := runCmd(t, "", "policy", "render", "--db", dbURL, "--version", "1", "--format", "pdf", "--out", pdf); code != 0 {
				t.Fatalf("policy render --db: %s", errs)
			}
			out, err := exec.Command("pdftotext", pdf, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if text := string(out); !strings.Contains(text, "Version 1") || !strings.Contains(text, "Text messages") {
				t.Errorf("PDF text lacks the version or the texting section:\n%s", text)
			}
		})
	}
}
