// Command bench measures Framekeeper against baselines run on the same
// machine in the same run: triage throughput end to end, the content
// detector, roster lookups, webhook latency under load, memory, crash
// safety, and (on request) a fuzzing record. Every figure is printed with
// its baseline and their ratio, because the absolute numbers move with the
// machine and its load while the ratios mostly do not.
//
//	go run ./bench [--quick] [--only NAME[,NAME]] [--postgres URL] [--clients N] [--seed N]
//
// See bench/README.md.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// options are the command line.
type options struct {
	quick    bool
	only     []string
	postgres string
	clients  int
	seed     uint64
	keep     bool
	fuzzTime time.Duration
	conc     int
	hookRate int // requests a second offered to the webhook
	// serverProfile, when set, is a directory for CPU profiles of the
	// server during the triage and webhook runs.
	serverProfile string
	// sqliteRoster, when set, is a roster database kept by an earlier run
	// (--keep), copied instead of generating and loading the roster again.
	sqliteRoster string
}

// benchNames are the benchmarks in the order a full run takes them. fuzz
// runs only when asked for: it takes a minute per target.
var benchNames = []string{"detect", "load", "roster", "triage", "webhook", "crash"}

// result is one measured figure. Ratio is Value/Baseline; Target applies to
// the ratio unless TargetOf says "value"; Cmp says which way is good.
type result struct {
	Bench    string   `json:"bench"`
	Engine   string   `json:"engine"`
	Value    float64  `json:"value"`
	Unit     string   `json:"unit"`
	Baseline *float64 `json:"baseline"`
	Ratio    *float64 `json:"ratio"`
	Target   *float64 `json:"target"`
	Pass     bool     `json:"pass"`
	Cmp      string   `json:"cmp,omitempty"`       // ">=" or "<="
	TargetOf string   `json:"target_of,omitempty"` // "ratio" or "value"
	Detail   string   `json:"detail,omitempty"`
}

func ptr(f float64) *float64 { return &f }

// measured builds a result with a baseline and a target on the ratio.
func measured(bench, engine string, value float64, unit string, baseline float64, cmp string, target float64, detail string) result {
	r := result{Bench: bench, Engine: engine, Value: round(value), Unit: unit, Detail: detail, Cmp: cmp, TargetOf: "ratio"}
	if baseline > 0 {
		r.Baseline, r.Ratio = ptr(round(baseline)), ptr(round(value/baseline))
	}
	if cmp == "" {
		r.Pass = true // context, no target
		return r
	}
	r.Target = ptr(target)
	r.Pass = r.Ratio != nil && compare(*r.Ratio, cmp, target)
	return r
}

// medianBy returns the element of xs (not empty) with the median key: the
// figure of a benchmark that takes turns with its baseline.
func medianBy[T any](xs []T, key func(T) float64) T {
	sorted := slices.Clone(xs)
	slices.SortFunc(sorted, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	return sorted[len(sorted)/2]
}

// info is a figure with no target (context for the others).
func info(bench, engine string, value float64, unit, detail string) result {
	return result{Bench: bench, Engine: engine, Value: round(value), Unit: unit, Pass: true, Detail: detail}
}

func compare(x float64, cmp string, target float64) bool {
	if cmp == "<=" {
		return x <= target
	}
	return x >= target
}

func round(f float64) float64 {
	switch {
	case f >= 1000:
		return float64(int64(f + 0.5))
	case f >= 1:
		return float64(int64(f*100+0.5)) / 100
	}
	return float64(int64(f*10000+0.5)) / 10000
}

// runner holds what the benchmarks share: the options, a work directory,
// the built binary and the loaded databases.
type runner struct {
	opt     options
	dir     string
	root    string // module root
	bin     string
	log     io.Writer
	out     io.Writer
	results []result
	dbs     map[string]*benchDB
}

func (r *runner) logf(format string, args ...any) {
	fmt.Fprintf(r.log, "%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// report prints a result's JSON line at once, and keeps it for the table.
func (r *runner) report(res result) {
	r.results = append(r.results, res)
	b, _ := json.Marshal(res)
	fmt.Fprintln(r.out, string(b))
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opt options
	var only string
	fs.BoolVar(&opt.quick, "quick", false, "smaller sizes, under a minute")
	fs.StringVar(&only, "only", "", "run only these benchmarks, comma-separated: "+strings.Join(append(slices.Clone(benchNames), "fuzz"), ", "))
	fs.StringVar(&opt.postgres, "postgres", os.Getenv("FRAMEKEEPER_TEST_POSTGRES"), "PostgreSQL URL for the PostgreSQL figures (default $FRAMEKEEPER_TEST_POSTGRES); a fresh schema is made and dropped")
	fs.IntVar(&opt.clients, "clients", 0, "roster size (default 1,000,000; 20,000 with --quick)")
	seed := fs.Uint64("seed", 1, "seed of the synthetic data")
	fs.BoolVar(&opt.keep, "keep", false, "keep the work directory (databases, corpus, logs)")
	fs.IntVar(&opt.conc, "conc", 8, "concurrent clients for the triage benchmark")
	fs.IntVar(&opt.hookRate, "hook-rate", 300, "requests a second offered to the SMS webhook (fixed rate, the same for the product and the baseline)")
	fs.DurationVar(&opt.fuzzTime, "fuzztime", 60*time.Second, "time per fuzz target (with --only fuzz)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the bench process to this file")
	fs.StringVar(&opt.sqliteRoster, "sqlite-roster", "", "copy this roster database (work directory's roster.db from a run with --keep and the same --clients and --seed) instead of loading one")
	fs.StringVar(&opt.serverProfile, "server-profile", "", "write CPU profiles of the server under the triage and webhook loads into this directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	opt.seed = *seed
	if opt.serverProfile != "" {
		if err := os.MkdirAll(opt.serverProfile, 0o755); err != nil {
			return err
		}
	}
	if opt.clients == 0 {
		opt.clients = 1_000_000
		if opt.quick {
			opt.clients = 20_000
		}
	}
	if only != "" {
		for _, n := range strings.Split(only, ",") {
			n = strings.TrimSpace(n)
			if !slices.Contains(benchNames, n) && n != "fuzz" {
				return fmt.Errorf("unknown benchmark %q (have %s, fuzz)", n, strings.Join(benchNames, ", "))
			}
			opt.only = append(opt.only, n)
		}
	} else {
		opt.only = benchNames
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "framekeeper-bench-")
	if err != nil {
		return err
	}
	r := &runner{opt: opt, dir: dir, root: root, log: stderr, out: stdout, dbs: map[string]*benchDB{}}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	defer func() {
		r.closeDBs()
		if opt.keep {
			r.logf("Work directory kept: %s", dir)
		} else {
			os.RemoveAll(dir)
		}
	}()
	r.logf("Machine: %s", machineFacts())
	r.logf("Roster %d clients, seed %d, work directory %s", opt.clients, opt.seed, dir)
	start := time.Now()
	for _, name := range opt.only {
		if ctx.Err() != nil {
			break
		}
		var err error
		began := time.Now()
		switch name {
		case "detect":
			err = r.benchDetect(ctx)
		case "load":
			err = r.benchLoad(ctx)
		case "roster":
			err = r.benchRoster(ctx)
		case "triage":
			err = r.benchTriage(ctx)
		case "webhook":
			err = r.benchWebhook(ctx)
		case "crash":
			err = r.benchCrash(ctx)
		case "fuzz":
			err = r.benchFuzz(ctx)
		}
		if err != nil {
			r.logf("%s failed: %v", name, err)
			r.report(result{Bench: name, Engine: "-", Detail: "error: " + err.Error()})
		}
		r.logf("%s took %s", name, time.Since(began).Round(100*time.Millisecond))
	}
	r.printTable(stdout)
	r.logf("Done in %s", time.Since(start).Round(time.Second))
	return nil
}

func (r *runner) printTable(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\nbench\tengine\tvalue\tunit\tbaseline\tratio\ttarget\tpass\tdetail")
	f := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	for _, res := range r.results {
		target := "-"
		if res.Target != nil {
			of := ""
			if res.TargetOf == "value" {
				of = " (value)"
			}
			target = res.Cmp + " " + fmt.Sprint(*res.Target) + of
		}
		pass := "ok"
		if !res.Pass {
			pass = "FAIL"
		}
		if res.Target == nil && res.Pass {
			pass = ""
		}
		fmt.Fprintf(tw, "%s\t%s\t%v\t%s\t%s\t%s\t%s\t%s\t%s\n", res.Bench, res.Engine, res.Value, res.Unit, f(res.Baseline), f(res.Ratio), target, pass, res.Detail)
	}
	tw.Flush()
}

// moduleRoot finds the repository root (where go.mod is), so the bench runs
// from any directory inside it.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && strings.Contains(string(b), "module github.com/framekeeper/framekeeper") {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("run bench from inside the framekeeper repository")
		}
	}
}

// machineFacts is what a figure depends on: cores, memory and load.
func machineFacts() string {
	mem := "?"
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "MemTotal:") {
				mem = strings.Join(strings.Fields(l)[1:], " ")
			}
		}
	}
	load := "?"
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	return fmt.Sprintf("%d CPUs, %s memory, load average %s", numCPU(), mem, load)
}
