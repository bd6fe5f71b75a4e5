//go:build unix

package resolve

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system CPU time. Benchmarks report it
// per operation besides wall time, which a busy machine inflates.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
