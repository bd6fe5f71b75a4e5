package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func openGroupTest(t *testing.T) *DB {
	t.Helper()
	db := openSQLiteTest(t)
	if _, err := db.db.Exec(`CREATE TABLE grp_test (k INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestGroupCommitKeepsWritesApart: many writers at once share commits, yet
// a writer that fails (by its own error or a constraint) leaves nothing
// behind, and every writer that succeeded is stored whole.
func TestGroupCommitKeepsWritesApart(t *testing.T) {
	db := openGroupTest(t)
	ctx := context.Background()
	if err := db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO grp_test (k, v) VALUES (?, ?)`, 100000, "taken")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	groups0, jobs0 := db.group.groups.Load(), db.group.grouped.Load()
	const n = 300
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			errs[i] = db.inTx(ctx, func(tx *Tx) error {
				if i == 0 {
					time.Sleep(20 * time.Millisecond) // let the others queue
				}
				if _, err := tx.exec(ctx, `INSERT INTO grp_test (k, v) VALUES (?, ?)`, 2*i, "first"); err != nil {
					return err
				}
				switch i % 3 {
				case 1:
					return fmt.Errorf("writer %d gives up", i)
				case 2:
					if i == 2 { // a constraint violation after a write of its own
						_, err := tx.exec(ctx, `INSERT INTO grp_test (k, v) VALUES (?, ?)`, 100000, "again")
						return err
					}
				}
				_, err := tx.exec(ctx, `INSERT INTO grp_test (k, v) VALUES (?, ?)`, 2*i+1, "second")
				return err
			})
		})
	}
	wg.Wait()
	want := 1
	for i, err := range errs {
		switch {
		case i%3 == 1 && (err == nil || err.Error() != fmt.Sprintf("writer %d gives up", i)):
			t.Errorf("writer %d: err = %v, want its own error", i, err)
		case i == 2 && err == nil:
			t.Errorf("writer 2 inserted a duplicate key without error")
		case i%3 != 1 && i != 2 && err != nil:
			t.Errorf("writer %d: %v", i, err)
		}
		if i%3 != 1 && i != 2 {
			want += 2
		}
	}
	for i := range n {
		var got int
		if err := db.db.QueryRow(`SELECT COUNT(*) FROM grp_test WHERE k IN (?, ?)`, 2*i, 2*i+1).Scan(&got); err != nil {
			t.Fatal(err)
		}
		ok := i%3 != 1 && i != 2
		if ok && got != 2 || !ok && got != 0 {
			t.Errorf("writer %d: %d rows stored, want %d", i, got, map[bool]int{true: 2, false: 0}[ok])
		}
	}
	var total int
	db.db.QueryRow(`SELECT COUNT(*) FROM grp_test`).Scan(&total)
	if total != want {
		t.Errorf("%d rows in all, want %d", total, want)
	}
	groups, jobs := db.group.groups.Load()-groups0, db.group.grouped.Load()-jobs0
	if jobs != n || groups >= jobs {
		t.Errorf("%d transactions in %d commits: want %d, grouped", jobs, groups, n)
	}
	t.Logf("%d transactions in %d commits", jobs, groups)
}

// TestGroupCommitPanicReachesCaller: a panic in one writer's work comes
// out on that writer's goroutine, and the others' writes still commit.
func TestGroupCommitPanicReachesCaller(t *testing.T) {
	db := openGroupTest(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	var recovered any
	wg.Go(func() {
		defer func() { recovered = recover() }()
		db.inTx(ctx, func(tx *Tx) error {
			tx.exec(ctx, `INSERT INTO grp_test (k, v) VALUES (1, 'from the panicking writer')`)
			panic("boom")
		})
	})
	for i := range 20 {
		wg.Go(func() {
			if err := db.inTx(ctx, func(tx *Tx) error {
				_, err := tx.exec(ctx, `INSERT INTO grp_test (k, v) VALUES (?, 'ok')`, 10+i)
				return err
			}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if recovered != "boom" {
		t.Errorf("recovered %v, want the writer's panic", recovered)
	}
	var n, bad int
	db.db.QueryRow(`SELECT COUNT(*), COUNT(CASE WHEN k = 1 THEN 1 END) FROM grp_test`).Scan(&n, &bad)
	if n != 20 || bad != 0 {
		t.Errorf("%d rows stored (%d from the panicking writer), want 20 (0)", n, bad)
	}
}

// TestGroupCommitAfterCancel: a writer whose context ends while it waits
// is not run, and Close waits for writers in flight, then refuses more.
func TestGroupCommitAfterCancel(t *testing.T) {
	db := openGroupTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	err := db.inTx(ctx, func(tx *Tx) error { ran = true; return nil })
	if !errors.Is(err, context.Canceled) || ran {
		t.Errorf("cancelled writer: err %v, ran %v; want context.Canceled and not run", err, ran)
	}
	started := make(chan struct{})
	var slowErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		slowErr = db.inTx(context.Background(), func(tx *Tx) error {
			close(started)
			time.Sleep(50 * time.Millisecond)
			_, err := tx.exec(context.Background(), `INSERT INTO grp_test (k, v) VALUES (7, 'slow')`)
			return err
		})
	})
	<-started
	db.Close()
	wg.Wait()
	if slowErr != nil {
		t.Errorf("writer in flight during Close: %v", slowErr)
	}
	if err := db.inTx(context.Background(), func(tx *Tx) error { return nil }); !errors.Is(err, errClosed) {
		t.Errorf("write after Close: %v, want errClosed", err)
	}
}

// TestWALStaysBounded: under writes that never pause, the WAL file still
// starts over once it passes its limit instead of growing with everything
// written (a passive checkpoint alone never lets it).
func TestWALStaysBounded(t *testing.T) {
	db := openGroupTest(t)
	db.walLimit.Store(200) // frames, about 800 KB
	ctx := context.Background()
	blob := strings.Repeat("x", 16<<10)
	var written atomic.Int64
	deadline := time.Now().Add(20 * time.Second)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := 0; written.Load() < 100<<20 && time.Now().Before(deadline); i++ {
				if err := db.inTx(ctx, func(tx *Tx) error {
					_, err := tx.exec(ctx, `INSERT INTO grp_test (k, v) VALUES (?, ?)`, w*10_000_000+i, blob)
					return err
				}); err != nil {
					t.Error(err)
					return
				}
				written.Add(int64(len(blob)))
			}
		})
	}
	wg.Wait()
	if written.Load() < 100<<20 {
		t.Fatalf("only %d MB written in 20 s", written.Load()>>20)
	}
	st, err := os.Stat(strings.TrimPrefix(db.URL, "sqlite:") + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > 40<<20 {
		t.Errorf("WAL is %d MB after %d MB written; want it started over past %d frames", st.Size()>>20, written.Load()>>20, db.walLimit.Load())
	}
	t.Logf("WAL %d MB after %d MB written", st.Size()>>20, written.Load()>>20)
}

// TestGroupLoneWriteRunsOnCaller: with no group running, a write runs on
// its caller's goroutine (no hand-off to another and back); while a group
// runs, the writes queued behind it are committed together by one of their
// own callers once it ends, and each caller hears its own result.
func TestGroupLoneWriteRunsOnCaller(t *testing.T) {
	db := openGroupTest(t)
	ctx := context.Background()
	onCaller := func() bool {
		buf := make([]byte, 16<<10)
		return strings.Contains(string(buf[:runtime.Stack(buf, false)]), "TestGroupLoneWriteRunsOnCaller")
	}
	var lone bool
	if err := db.inTx(ctx, func(tx *Tx) error {
		lone = onCaller()
		_, err := tx.exec(ctx, `INSERT INTO grp_test (k, v) VALUES (1, 'lone')`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !lone {
		t.Error("a lone write ran on another goroutine than its caller's")
	}

	release := make(chan struct{})
	started := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		db.inTx(ctx, func(tx *Tx) error {
			close(started)
			<-release // hold the group open while the others queue
			_, err := tx.exec(ctx, `INSERT INTO grp_test (k, v) VALUES (2, 'slow')`)
			return err
		})
	})
	<-started
	groups0 := db.group.groups.Load()
	errs := make([]error, 10)
	for i := range errs {
		wg.Go(func() {
			errs[i] = db.inTx(ctx, func(tx *Tx) error {
				if i == 3 {
					return fmt.Errorf("writer %d refuses", i)
				}
				_, err := tx.exec(ctx, `INSERT INTO grp_test (k, v) VALUES (?, 'queued')`, 10+i)
				return err
			})
		})
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		db.group.mu.Lock()
		n := len(db.group.queue)
		db.group.mu.Unlock()
		if n == len(errs) || time.Now().After(deadline) {
			break
		}
	}
	close(release)
	wg.Wait()
	for i, err := range errs {
		if (err != nil) != (i == 3) {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	if g := db.group.groups.Load() - groups0; g != 1 {
		t.Errorf("the ten queued writes took %d commits after the slow group, want 1", g)
	}
	var n int
	db.db.QueryRow(`SELECT COUNT(*) FROM grp_test WHERE v = 'queued'`).Scan(&n)
	if n != 9 {
		t.Errorf("%d queued writes stored, want 9", n)
	}
	db.group.mu.Lock()
	leading, queued := db.group.leading, len(db.group.queue)
	db.group.mu.Unlock()
	if leading || queued != 0 {
		t.Errorf("after the last write: leading %v, %d queued; want no group and an empty queue", leading, queued)
	}
}

// TestGroupPanicOutsideJobsReachesEveryCaller: should committing a group
// itself panic (not a job's own work), each caller in it hears of it
// instead of waiting for ever, and later writes still run.
func TestGroupPanicOutsideJobsReachesEveryCaller(t *testing.T) {
	db := openGroupTest(t)
	ctx := context.Background()
	// A job without a context makes commitGroup panic before any job runs.
	broken := &writeJob{fn: func(*Tx) error { return nil }, res: make(chan writeResult, 1)}
	db.group.mu.Lock()
	db.group.queue = append(db.group.queue, broken)
	db.group.mu.Unlock()
	var recovered any
	func() {
		defer func() { recovered = recover() }()
		db.inTx(ctx, func(tx *Tx) error { return nil })
	}()
	if recovered == nil {
		t.Error("the leading caller returned normally from a group whose commit panicked")
	}
	select {
	case r := <-broken.res:
		if r.panic == nil {
			t.Errorf("the other caller in the group heard %+v, want the panic", r)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the other caller in the group heard nothing")
	}
	if err := db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO grp_test (k, v) VALUES (1, 'after')`)
		return err
	}); err != nil {
		t.Errorf("write after the panic: %v", err)
	}
}
