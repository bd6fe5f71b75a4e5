// Package storage keeps Framekeeper's data in SQLite (the embedded default)
// or PostgreSQL (for several replicas and large practices). Both engines run
// the same plain SQL; the few differences live in dialect.go, and each
// engine has its own numbered migrations under migrations/.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/framekeeper/framekeeper/record"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/oklog/ulid/v2"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations
var migrations embed.FS

// DB is an open database with its dialect. It is safe for concurrent use.
type DB struct {
	db      *sql.DB
	dialect dialect
	// URL is the database URL as given (for messages; no secrets are
	// logged from it).
	URL string
	// Now returns the current time; tests may fix it.
	Now func() time.Time

	stmts stmtCache
	// group runs SQLite's write transactions one at a time in this
	// process, committing those that queue up together (group.go): a
	// writer is woken the moment the last one commits, where SQLite's own
	// busy handler sleeps and polls (1 ms, 2 ms, 5 ms, … up to 100 ms),
	// which left a busy server mostly idle. Other processes (the CLI)
	// still meet the busy timeout. Nil for PostgreSQL.
	group *groupWriter
	// stopCheckpoints ends the background WAL checkpoints (SQLite).
	stopCheckpoints func()
	// walLimit is walRestartFrames; tests lower it while the
	// checkpointer runs.
	walLimit atomic.Int64
	// decisions caches the decision context (see TriageContext).
	decisions decisionCache
}

// Open opens the database named by a URL, `sqlite:PATH` or `postgres://…`,
// and applies any pending migrations.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	driver, dsn, d, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	sdb, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if d == sqliteDialect {
		// One writer at a time is SQLite's nature; a small pool keeps
		// readers concurrent under WAL without piling up busy writers.
		sdb.SetMaxOpenConns(8)
	} else {
		sdb.SetMaxOpenConns(20)
	}
	// Keep the whole pool open: database/sql keeps only two idle
	// connections by default, and a busy server would otherwise close and
	// reopen SQLite connections (re-reading the schema) all the time.
	sdb.SetMaxIdleConns(20)
	sdb.SetConnMaxIdleTime(5 * time.Minute)
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	db := &DB{db: sdb, dialect: d, URL: rawURL, Now: record.Now}
	db.walLimit.Store(walRestartFrames)
	// pgx caches prepared statements per connection by itself; for SQLite
	// the cache here saves parsing and planning each statement anew,
	// which was a fifth of the server's CPU under intake load.
	db.stmts.on = d == sqliteDialect
	if d == sqliteDialect {
		db.startGroupWriter()
		db.stopCheckpoints = db.startCheckpointer()
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.refreshDerivedKeys(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("refresh the resolver's keys: %w", err)
	}
	if d == sqliteDialect {
		// Refresh the planner's statistics where they are stale; SQLite
		// gathers none by itself, and a plan made without them can scan
		// a table that an index would answer. The limit keeps this quick
		// on a large database (sampled statistics are enough to plan).
		if _, err := sdb.ExecContext(ctx, `PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002`); err != nil {
			db.Close()
			return nil, fmt.Errorf("optimize database: %w", err)
		}
		if err := db.dropStat4(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// parseURL maps a Framekeeper database URL to a driver, its DSN and dialect.
func parseURL(raw string) (driver, dsn string, d dialect, err error) {
	switch {
	case strings.HasPrefix(raw, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(raw, "sqlite:"), "//")
		if path == "" {
			return "", "", 0, fmt.Errorf("database URL %q names no file", raw)
		}
		return "sqlite", sqliteDSN(path), sqliteDialect, nil
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		if _, err := url.Parse(raw); err != nil {
			return "", "", 0, fmt.Errorf("database URL is not a valid URL")
		}
		return "pgx", raw, postgresDialect, nil
	}
	return "", "", 0, fmt.Errorf("database URL must start with sqlite: or postgres:// (got %q)", raw)
}

// sqliteCacheKiB is each pooled SQLite connection's page cache.
const sqliteCacheKiB = 8000

// sqliteDSN sets the pragmas on every pooled connection, not just the first.
func sqliteDSN(path string) string {
	q := url.Values{}
	for _, p := range []string{
		"busy_timeout(10000)", // wait for a writer instead of failing at once
		"journal_mode(WAL)",   // readers do not block the writer, nor it them
		"foreign_keys(1)",     // SQLite leaves them off unless asked
		// Each commit is on disk before it returns (fsync of the WAL):
		// what the API acknowledges survives a power cut, not only a
		// crash of the process. Group commit (group.go) pays one fsync
		// for all the writers waiting.
		"synchronous(FULL)",
		// Checkpoints run in the background (checkpoint.go), not inside
		// a commit.
		"wal_autocheckpoint(0)",
		// 8 MB of pages per connection (SQLite's default is 2 MB), 64 MB
		// for the whole pool: the roster's index pages stay in memory
		// between writes. In WAL mode another connection's commit empties
		// a reader's cache at its next read, so under steady intake they
		// are read back (from the OS cache) after every commit; mmap_size
		// was tried against that and was slower (bench/README.md).
		fmt.Sprintf("cache_size(-%d)", sqliteCacheKiB),
	} {
		q.Add("_pragma", p)
	}
	// Take the write lock at BEGIN, so two writers never deadlock on an
	// upgrade from read to write.
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// migrate applies the embedded migrations of this dialect, each in its own
// transaction, recorded in goose's version table.
func (db *DB) migrate(ctx context.Context) error {
	dir, gd := "migrations/sqlite", goose.DialectSQLite3
	if db.dialect == postgresDialect {
		dir, gd = "migrations/postgres", goose.DialectPostgres
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(gd, db.db, sub)
	if err != nil {
		return fmt.Errorf("prepare migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	return nil
}

// MigrationsCurrent reports whether every embedded migration is applied (for
// readiness checks).
func (db *DB) MigrationsCurrent(ctx context.Context) (bool, error) {
	dir, gd := "migrations/sqlite", goose.DialectSQLite3
	if db.dialect == postgresDialect {
		dir, gd = "migrations/postgres", goose.DialectPostgres
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return false, err
	}
	p, err := goose.NewProvider(gd, db.db, sub)
	if err != nil {
		return false, err
	}
	pending, err := p.HasPending(ctx)
	return !pending, err
}

// dropStat4 deletes the value histograms ANALYZE gathers besides its
// per-index statistics, and closes the idle connections that loaded them.
// With histograms, SQLite re-plans a prepared statement whenever a bound
// value changes (every sender lookup: a quarter of the server's CPU went
// to parsing the same SQL again); the per-index statistics alone plan
// Framekeeper's equality lookups as well.
func (db *DB) dropStat4(ctx context.Context) error {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat4'`).Scan(&n); err != nil || n == 0 {
		return normalise(err)
	}
	if _, err := db.db.ExecContext(ctx, `DELETE FROM sqlite_stat4`); err != nil {
		return fmt.Errorf("clear sqlite_stat4: %w", normalise(err))
	}
	db.db.SetMaxIdleConns(0)
	db.db.SetMaxIdleConns(20)
	return nil
}

// Close closes the database.
func (db *DB) Close() error {
	if db.stopCheckpoints != nil {
		db.stopCheckpoints()
	}
	if db.group != nil {
		db.group.close()
	}
	db.stmts.close()
	return db.db.Close()
}

// stmtCache holds a prepared statement per query text. database/sql
// prepares each on a connection the first time it runs there and reuses it
// after, also inside transactions (Tx.StmtContext prepares on the
// transaction's own connection).
type stmtCache struct {
	on     bool
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	closed bool
	// preparing counts the background prepares, which close waits for:
	// one still opening a connection after the database is closed would
	// touch its files after the caller thought it done.
	preparing sync.WaitGroup
}

// maxCachedStmts bounds the cache: the queries are constants or built from
// a few shapes, so this is never reached unless something builds many.
const maxCachedStmts = 512

// get returns the prepared statement for q, or nil when there is none yet
// (the caller then runs q unprepared). A query seen for the first time is
// prepared in the background: preparing takes a connection from the pool,
// and a caller inside a transaction already holds one, so waiting for a
// second could deadlock a full pool.
func (c *stmtCache) get(db *sql.DB, q string) *sql.Stmt {
	if !c.on || strings.Contains(q, ";") {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[q]; ok || c.closed || len(c.m) >= maxCachedStmts {
		return st
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[q] = nil // being prepared
	c.preparing.Add(1)
	go func() {
		defer c.preparing.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		st, err := db.PrepareContext(ctx, q)
		c.mu.Lock()
		defer c.mu.Unlock()
		switch {
		case err != nil:
			delete(c.m, q) // tried again next time
		case c.closed:
			st.Close()
		default:
			c.m[q] = st
		}
	}()
	return nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	m := c.m
	c.m, c.closed = nil, true
	c.mu.Unlock()
	// A prepare finishing from now on closes its own statement.
	c.preparing.Wait()
	for _, st := range m {
		if st != nil {
			st.Close()
		}
	}
}

// query and queryRow run a read outside any transaction, prepared.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = db.dialect.rebind(q)
	if st := db.stmts.get(db.db, q); st != nil {
		r, err := st.QueryContext(ctx, args...)
		return r, normalise(err)
	}
	r, err := db.db.QueryContext(ctx, q, args...)
	return r, normalise(err)
}

func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = db.dialect.rebind(q)
	if st := db.stmts.get(db.db, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.db.QueryRowContext(ctx, q, args...)
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.db.PingContext(ctx) }

// IsPostgres reports the engine, for the few callers that must differ
// (backup).
func (db *DB) IsPostgres() bool { return db.dialect == postgresDialect }

// Tx is a transaction that carries one "now", so every timestamp written in
// it agrees.
type Tx struct {
	*sql.Tx
	db  *DB
	now time.Time
}

// begin starts a transaction.
func (db *DB) begin(ctx context.Context) (*Tx, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, normalise(err)
	}
	return &Tx{Tx: tx, db: db, now: db.now()}, nil
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = tx.db.dialect.rebind(q)
	if st := tx.db.stmts.get(tx.db.db, q); st != nil {
		r, err := tx.StmtContext(ctx, st).ExecContext(ctx, args...)
		return r, normalise(err)
	}
	r, err := tx.ExecContext(ctx, q, args...)
	return r, normalise(err)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = tx.db.dialect.rebind(q)
	if st := tx.db.stmts.get(tx.db.db, q); st != nil {
		r, err := tx.StmtContext(ctx, st).QueryContext(ctx, args...)
		return r, normalise(err)
	}
	r, err := tx.QueryContext(ctx, q, args...)
	return r, normalise(err)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = tx.db.dialect.rebind(q)
	if st := tx.db.stmts.get(tx.db.db, q); st != nil {
		return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, q, args...)
}

// commit commits and normalises the error.
func (tx *Tx) commit() error { return normalise(tx.Commit()) }

// newID returns a sortable unique id with a readable prefix ("c_", "st_", …).
func newID(prefix string) string { return prefix + strings.ToLower(ulid.Make().String()) }

// readTx runs fn in a read-only transaction: a consistent snapshot that, in
// SQLite, does not take the write lock the way the immediate transactions
// of inTx do, so reads never queue behind writers.
func (db *DB) readTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return normalise(err)
	}
	defer tx.Rollback()
	if err := fn(&Tx{Tx: tx, db: db, now: db.now()}); err != nil {
		return err
	}
	return tx.Commit()
}

// writeOne runs one statement as a write transaction of its own. On
// PostgreSQL it goes straight to the pool (autocommit: one round trip where
// BEGIN, the statement and COMMIT take three); on SQLite through the group
// writer, like every write.
func (db *DB) writeOne(ctx context.Context, q string, args ...any) error {
	if db.group != nil {
		return db.inTx(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, q, args...)
			return err
		})
	}
	_, err := db.db.ExecContext(ctx, db.dialect.rebind(q), args...)
	return normalise(err)
}

// now is the time to write, as a transaction's now is.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// inTx runs fn in a transaction, committing when it returns nil. On SQLite
// the transaction may be shared with other callers' (group.go); fn's
// changes are still committed or rolled back as a whole.
func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	if db.group != nil {
		return db.group.write(ctx, fn)
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.commit()
}
