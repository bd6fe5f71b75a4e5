package main

import (
	"bytes"
	"os/exec"
	"sync"
	"syscall"
)

var execCommand = exec.Command

const sigterm = syscall.SIGTERM

// safeBuffer is a bytes.Buffer that a process and the test may share.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
