package storage

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/ack"
	"github.com/framekeeper/framekeeper/intake"
)

// historyTables grow with every interaction, message or signer: reading one
// whole inside a worker's write transaction holds up every other writer
// for longer each day (a webhook's p99 went from 2 to 16 ms at a few
// thousand interactions before migration 00008).
var historyTables = []string{"interactions", "outbox", "ack_signers", "acknowledgments", "alerts",
	"agenda_items", "clients", "client_identities", "client_name_keys", "associate_identities", "access_log", "consents"}

// partialIndexes hold only open rows (migration 00008).
var partialIndexes = []string{"interactions_open", "outbox_open", "ack_signers_email_pending", "ack_signers_letter_pending", "ack_signers_notice_due"}

var fromAlias = regexp.MustCompile(`(?i)\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?`)

// TestWorkerPollsUseIndexes runs what the background workers and the SMS
// webhook run on every pass, then asks SQLite how it would execute each
// statement they used: none may scan a history table.
func TestWorkerPollsUseIndexes(t *testing.T) {
	ctx := context.Background()
	db := openSQLiteTest(t)

	if _, err := db.ClaimDue(ctx, 10, time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimOutbox(ctx, []string{"email", "sms"}, 20, time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.TakeReply(ctx, "ev_none", "sms"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.QueueDepth(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.OpenCrises(ctx); err != nil {
		t.Fatal(err)
	}
	acks := db.Acks(func() string { return "https://example.test" }, func(ack.Evidence) ([]byte, error) { return nil, nil })
	if _, err := acks.RunPass(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := acks.Letters(ctx, framekeeper.Actor{Role: framekeeper.RoleAdmin}); err != nil {
		t.Fatal(err)
	}

	db.stmts.mu.Lock()
	var queries []string
	for q := range db.stmts.m {
		queries = append(queries, q)
	}
	db.stmts.mu.Unlock()
	if len(queries) < 6 {
		t.Fatalf("only %d statements recorded; the statement cache should see every query", len(queries))
	}
	for _, q := range queries {
		for _, scan := range historyScans(t, db, q) {
			t.Errorf("%q reads all of a history table: %s", q, scan)
		}
	}
	t.Logf("%d statements checked", len(queries))
}

// TestTherapistInboxUsesIndex: a therapist's inbox (the page and its count)
// reads their own interactions through an index, not every interaction of
// the practice, which on a platform is millions; so does the inbox filtered
// on a waiting status.
func TestTherapistInboxUsesIndex(t *testing.T) {
	ctx := context.Background()
	db := openSQLiteTest(t)
	if _, _, err := db.FindInteractions(ctx, framekeeper.Actor{StaffID: "st_x", Role: framekeeper.RoleTherapist}, intake.Filter{}); err != nil {
		t.Fatal(err)
	}
	// The inbox's filter on a waiting status reads the open rows only.
	if _, _, err := db.FindInteractions(ctx, framekeeper.Actor{Role: framekeeper.RoleAdmin}, intake.Filter{Status: intake.StatusFailed}); err != nil {
		t.Fatal(err)
	}
	db.stmts.mu.Lock()
	var queries []string
	for q := range db.stmts.m {
		if strings.Contains(q, "therapist_id = ?") || strings.Contains(q, "status = ?") {
			queries = append(queries, q)
		}
	}
	db.stmts.mu.Unlock()
	if len(queries) != 4 {
		t.Fatalf("%d inbox statements recorded, want each filter's page and count: %q", len(queries), queries)
	}
	for _, q := range queries {
		for _, scan := range historyScans(t, db, q) {
			t.Errorf("%q reads all of a history table: %s", q, scan)
		}
	}
}

// openSQLiteTest opens an empty SQLite database, closed when the test ends.
func openSQLiteTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// historyScans asks SQLite how it would run q and returns each step that
// reads a whole history table (a partial index of open rows is fine).
func historyScans(t *testing.T, db *DB, q string) []string {
	t.Helper()
	alias := map[string]string{}
	for _, m := range fromAlias.FindAllStringSubmatch(q, -1) {
		alias[m[1]] = m[1]
		if m[2] != "" && !isKeyword(m[2]) {
			alias[m[2]] = m[1]
		}
	}
	rows, err := db.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, make([]any, strings.Count(q, "?"))...)
	if err != nil {
		t.Fatalf("explain %q: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		f := strings.Fields(detail)
		if len(f) < 2 || f[0] != "SCAN" {
			continue
		}
		partial := false
		for _, ix := range partialIndexes {
			partial = partial || strings.HasSuffix(detail, " INDEX "+ix)
		}
		if !partial && slices.Contains(historyTables, alias[f[1]]) {
			out = append(out, detail)
		}
	}
	return out
}

func isKeyword(s string) bool {
	switch strings.ToUpper(s) {
	case "WHERE", "ON", "LEFT", "JOIN", "ORDER", "GROUP", "LIMIT", "INNER", "USING", "SET", "VALUES":
		return true
	}
	return false
}
