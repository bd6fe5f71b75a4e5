package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/framekeeper/framekeeper"
	"github.com/framekeeper/framekeeper/storage"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for baselines
	"github.com/oklog/ulid/v2"
	_ "modernc.org/sqlite" // the "sqlite" driver, for baselines
)

// benchDB is one engine's database with the synthetic roster loaded.
type benchDB struct {
	engine    string
	url       string
	db        *storage.DB
	loadTime  time.Duration
	drop      func()
	token     string // an admin API token
	published bool   // a policy is in force
}

func (r *runner) engines() []string {
	if r.opt.postgres != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// database returns the engine's database with the roster, loading it the
// first time.
func (r *runner) database(ctx context.Context, engine string) (*benchDB, error) {
	if b := r.dbs[engine]; b != nil {
		return b, nil
	}
	b := &benchDB{engine: engine, drop: func() {}}
	switch engine {
	case "sqlite":
		b.url = "sqlite:" + filepath.Join(r.dir, "roster.db")
	case "postgres":
		u, drop, err := freshSchema(ctx, r.opt.postgres)
		if err != nil {
			return nil, err
		}
		b.url, b.drop = u, drop
	}
	if engine == "sqlite" && r.opt.sqliteRoster != "" {
		return r.copiedRoster(ctx, b)
	}
	db, err := storage.Open(ctx, b.url)
	if err != nil {
		b.drop()
		return nil, err
	}
	b.db = db
	r.dbs[engine] = b
	r.logf("Loading %d clients into %s", r.opt.clients, engine)
	start := time.Now()
	if err := loadRoster(ctx, db, r.opt.seed, r.opt.clients); err != nil {
		return nil, err
	}
	b.loadTime = time.Since(start)
	r.logf("Loaded %s in %s", engine, b.loadTime.Round(time.Millisecond))
	if err := r.unanalyzedLookups(ctx, b); err != nil {
		return nil, err
	}
	start = time.Now()
	if err := db.Analyze(ctx); err != nil {
		return nil, err
	}
	r.logf("ANALYZE took %s", time.Since(start).Round(time.Millisecond))
	if engine == "sqlite" {
		// Start every measurement from a database at rest: the load leaves
		// tens of megabytes of WAL, which the first server (and only it, not
		// the baselines measured after it) would otherwise copy back while
		// it is being measured.
		if err := checkpointSQLite(ctx, b.url); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// copiedRoster starts from a copy of a roster loaded and analysed by an
// earlier run, to measure the later benchmarks again without the load (8
// minutes for a million clients). The load figure is then not measured.
func (r *runner) copiedRoster(ctx context.Context, b *benchDB) (*benchDB, error) {
	path := strings.TrimPrefix(b.url, "sqlite:")
	r.logf("Copying the roster database %s", r.opt.sqliteRoster)
	if err := copyFile(r.opt.sqliteRoster, path); err != nil {
		return nil, err
	}
	db, err := storage.Open(ctx, b.url)
	if err != nil {
		return nil, err
	}
	b.db = db
	r.dbs["sqlite"] = b
	n, err := countRows(ctx, b.url, "clients")
	if err != nil {
		return nil, err
	}
	if n != r.opt.clients {
		return nil, fmt.Errorf("%s holds %d clients, not the %d of --clients", r.opt.sqliteRoster, n, r.opt.clients)
	}
	// A roster kept after the triage or webhook benchmarks holds their
	// interactions, and the same seed sends the same messages again:
	// every one would be a repeat, answered from the stored row.
	if n, err := countRows(ctx, b.url, "interactions"); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, fmt.Errorf("%s holds %d interactions of an earlier run, which would be sent again as repeats; keep a bare roster with `go run ./bench --only load --keep`", r.opt.sqliteRoster, n)
	}
	return b, checkpointSQLite(ctx, b.url)
}

func (r *runner) closeDBs() {
	for _, b := range r.dbs {
		b.db.Close()
		b.drop()
	}
}

// loadRoster generates the roster in chunks on one goroutine while another
// writes them, one transaction per chunk.
func loadRoster(ctx context.Context, db *storage.DB, seed uint64, n int) error {
	const chunk = 10_000
	ch := make(chan []framekeeper.Client, 2)
	go func() {
		defer close(ch)
		for lo := 0; lo < n; lo += chunk {
			hi := min(n, lo+chunk)
			cs := make([]framekeeper.Client, 0, hi-lo)
			for i := lo; i < hi; i++ {
				cs = append(cs, makePerson(seed, i).client(i))
			}
			select {
			case ch <- cs:
			case <-ctx.Done():
				return
			}
		}
	}()
	for cs := range ch {
		if err := db.BulkLoadClients(ctx, cs); err != nil {
			for range ch {
			}
			return err
		}
	}
	return ctx.Err()
}

// benchLoad reports how long the roster took to load (context for the
// other figures; the fast path is storage.BulkLoadClients).
func (r *runner) benchLoad(ctx context.Context) error {
	for _, e := range r.engines() {
		b, err := r.database(ctx, e)
		if err != nil {
			return err
		}
		if b.loadTime == 0 {
			r.logf("load: not measured (the roster was copied: --sqlite-roster)")
			continue
		}
		r.report(info("load", e, float64(r.opt.clients)/b.loadTime.Seconds(), "clients/s",
			fmt.Sprintf("%d clients, %d identities in %s (bulk INSERTs, 10,000 clients a transaction)", r.opt.clients, 3*r.opt.clients, b.loadTime.Round(time.Second))))
	}
	return nil
}

// freshSchema makes an empty schema in the PostgreSQL database, as
// storage/storagetest does, and returns a URL that uses it.
func freshSchema(ctx context.Context, base string) (string, func(), error) {
	schema := "fk_bench_" + strings.ToLower(ulid.Make().String())
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	drop := func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	}
	u, err := url.Parse(base)
	if err != nil {
		drop()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// rawOpen opens a plain connection pool to a Framekeeper database URL, with
// the product's settings: the same SQLite pragmas, pool sizes and idle
// connections, and for SQLite one writer at a time in the process (see
// rawDB.write), so a baseline is a minimal program written as well as the
// product, not a slower one.
func rawOpen(dbURL string) (*rawDB, error) {
	if path, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		q := url.Values{}
		for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(FULL)"} {
			q.Add("_pragma", p)
		}
		q.Set("_txlock", "immediate")
		db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
		return &rawDB{DB: db, writer: make(chan struct{}, 1)}, nil
	}
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	return &rawDB{DB: db}, nil
}

// rawDB is a baseline's connection pool.
type rawDB struct {
	*sql.DB
	writer chan struct{} // SQLite: admits one write transaction at a time
}

// write runs fn in a transaction and commits it, one writer at a time on
// SQLite as the product's storage does.
func (db *rawDB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.writer != nil {
		select {
		case db.writer <- struct{}{}:
			defer func() { <-db.writer }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// checkpointSQLite copies the WAL into the database file and empties it.
func checkpointSQLite(ctx context.Context, dbURL string) error {
	db, err := rawOpen(dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	// The open storage.DB checkpoints in the background too, and one
	// checkpoint at a time may run: a busy answer is tried again.
	for try := 0; ; try++ {
		var busy, frames, copied int
		if err := db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &copied); err != nil {
			return fmt.Errorf("checkpoint: %w", err)
		}
		if busy == 0 {
			return nil
		}
		if try == 50 {
			return fmt.Errorf("checkpoint: the database is busy (%d of %d frames copied)", copied, frames)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// rebind turns ? into $n for PostgreSQL.
func rebind(engine, q string) string {
	if engine != "postgres" {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func numCPU() int { return runtime.NumCPU() }

// copyFile copies a file's contents to a new file.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// countRows counts a table's rows.
func countRows(ctx context.Context, dbURL, table string) (int, error) {
	db, err := rawOpen(dbURL)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n)
	return n, err
}
