package storage

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/ack"
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
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

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
	checked := 0
	for _, q := range queries {
		alias := map[string]string{}
		for _, m := range fromAlias.FindAllStringSubmatch(q, -1) {
			alias[m[1]] = m[1]
			if m[2] != "" && !isKeyword(m[2]) {
				alias[m[2]] = m[1]
			}
		}
		rows, err := db.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, make([]any, strings.Count(q, "?"))...)
		if err != nil {
			t.Fatalf("explain %q: %v", q, err)
		}
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
			table := alias[f[1]]
			// Scanning a partial index reads only the open rows.
			partial := false
			for _, ix := range partialIndexes {
				partial = partial || strings.HasSuffix(detail, " INDEX "+ix)
			}
			for _, h := range historyTables {
				if table == h && !partial {
					t.Errorf("%q reads all of %s: %s", q, h, detail)
				}
			}
		}
		rows.Close()
		checked++
	}
	t.Logf("%d statements checked", checked)
}

func isKeyword(s string) bool {
	switch strings.ToUpper(s) {
	case "WHERE", "ON", "LEFT", "JOIN", "ORDER", "GROUP", "LIMIT", "INNER", "USING", "SET", "VALUES":
		return true
	}
	return false
}
