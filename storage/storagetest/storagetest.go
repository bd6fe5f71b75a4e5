// Package storagetest opens throwaway databases of both engines for tests:
// a SQLite file in a temporary directory, and a fresh schema in the
// PostgreSQL server named by FRAMEKEEPER_TEST_POSTGRES (skipped when unset).
package storagetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/framekeeper/framekeeper/storage"
	"github.com/oklog/ulid/v2"
)

// Engines lists the engines to run storage tests against: always "sqlite",
// and "postgres" when FRAMEKEEPER_TEST_POSTGRES is set.
func Engines() []string {
	if os.Getenv("FRAMEKEEPER_TEST_POSTGRES") != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// URL returns a database URL of a fresh, empty database of the engine, and
// removes it when the test ends.
func URL(tb testing.TB, engine string) string {
	tb.Helper()
	switch engine {
	case "sqlite":
		return "sqlite:" + filepath.Join(tb.TempDir(), "framekeeper.db")
	case "postgres":
		base := os.Getenv("FRAMEKEEPER_TEST_POSTGRES")
		if base == "" {
			tb.Skip("PostgreSQL tests need FRAMEKEEPER_TEST_POSTGRES (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable); .ci/run sets it")
		}
		schema := "fk_test_" + strings.ToLower(ulid.Make().String())
		admin, err := sql.Open("pgx", base)
		if err != nil {
			tb.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
			admin.Close()
			tb.Fatalf("create test schema: %v", err)
		}
		tb.Cleanup(func() {
			admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			admin.Close()
		})
		u, err := url.Parse(base)
		if err != nil {
			tb.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	panic(fmt.Sprintf("unknown engine %q", engine))
}

// Open opens a fresh database of the engine, closed when the test ends.
func Open(tb testing.TB, engine string) *storage.DB {
	tb.Helper()
	return OpenURL(tb, URL(tb, engine))
}

// OpenURL opens the database at dbURL (from URL), closed when the test
// ends. Opening one URL twice gives two handles on one database, as two
// replicas have.
func OpenURL(tb testing.TB, dbURL string) *storage.DB {
	tb.Helper()
	db, err := storage.Open(context.Background(), dbURL)
	if err != nil {
		tb.Fatalf("open %s: %v", dbURL, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Raw opens a plain connection to a test database URL, for tests that tamper
// with rows behind the product's back.
func Raw(tb testing.TB, dbURL string) *sql.DB {
	tb.Helper()
	driver, dsn := "pgx", dbURL
	if strings.HasPrefix(dbURL, "sqlite:") {
		driver, dsn = "sqlite", strings.TrimPrefix(dbURL, "sqlite:")
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Rebind turns "?" placeholders into "$n" for PostgreSQL URLs.
func Rebind(dbURL, q string) string {
	if strings.HasPrefix(dbURL, "sqlite:") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
