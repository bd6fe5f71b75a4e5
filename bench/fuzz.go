package main

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// fuzzTarget is one Fuzz function and its package directory.
type fuzzTarget struct{ pkg, name string }

var fuzzFunc = regexp.MustCompile(`^func (Fuzz\w+)\(`)

// fuzzTargets finds every Fuzz function in the repository's test files.
func fuzzTargets(root string) ([]fuzzTarget, error) {
	var out []fuzzTarget
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if m := fuzzFunc.FindStringSubmatch(sc.Text()); m != nil {
				rel, _ := filepath.Rel(root, filepath.Dir(path))
				out = append(out, fuzzTarget{pkg: "./" + filepath.ToSlash(rel), name: m[1]})
			}
		}
		return sc.Err()
	})
	return out, err
}

var (
	fuzzLast   = regexp.MustCompile(`fuzz: elapsed: [^,]+, execs: (\d+) \([^)]*\), new interesting: (\d+) \(total: (\d+)\)`)
	fuzzFailed = regexp.MustCompile(`Failing input written to (\S+)`)
)

// benchFuzz runs every fuzz target for --fuzztime, one after another with
// one worker each (the machine is shared), and reports executions and
// findings. A failing input is left where go test writes it
// (testdata/fuzz/FuzzX/…) and named in the report.
func (r *runner) benchFuzz(ctx context.Context) error {
	targets, err := fuzzTargets(r.root)
	if err != nil {
		return err
	}
	r.logf("%d fuzz targets, %s each", len(targets), r.opt.fuzzTime)
	for _, t := range targets {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		start := time.Now()
		cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-fuzz", "^"+t.name+"$", "-fuzztime", r.opt.fuzzTime.String(), "-fuzzminimizetime", "5s", "-parallel", "1", t.pkg)
		cmd.Dir = r.root
		out, err := cmd.CombinedOutput()
		s := string(out)
		execs, interesting, corpus := 0, 0, 0
		if ms := fuzzLast.FindAllStringSubmatch(s, -1); len(ms) > 0 {
			m := ms[len(ms)-1]
			execs, _ = strconv.Atoi(m[1])
			interesting, _ = strconv.Atoi(m[2])
			corpus, _ = strconv.Atoi(m[3])
		}
		verdict := "no failure"
		res := info("fuzz", t.pkg+" "+t.name, float64(execs), "execs", "")
		if err != nil {
			res.Pass = false
			verdict = "FAILED"
			if m := fuzzFailed.FindStringSubmatch(s); m != nil {
				verdict += ": input in " + filepath.Join(t.pkg, m[1])
			}
			os.WriteFile(filepath.Join(r.dir, "fuzz-"+strings.ReplaceAll(strings.TrimPrefix(t.pkg, "./"), "/", "_")+"-"+t.name+".log"), out, 0o644)
			r.logf("%s %s failed:\n%s", t.pkg, t.name, tail(s, 3000))
		}
		res.Detail = fmt.Sprintf("%s; new interesting %d, corpus %d; %s", verdict, interesting, corpus, time.Since(start).Round(time.Second))
		r.report(res)
	}
	return nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
