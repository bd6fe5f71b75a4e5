//go:build !unix

package resolve

import "time"

func cpuTime() (time.Duration, bool) { return 0, false }
