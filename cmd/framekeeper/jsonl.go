package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// errLineTooLong is a JSON Lines input line past the command's limit.
var errLineTooLong = errors.New("line too long")

// eachJSONLine calls fn for every non-blank line of r, with its 1-based line
// number, and flushes out whenever the input has nothing more buffered, so
// an interactive caller gets answers line by line. Lines may be up to max
// bytes; a CR before the newline is dropped.
func eachJSONLine(r io.Reader, out *bufio.Writer, max int, fn func(n int, line []byte) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	for n := 1; ; n++ {
		var err error
		buf, err = readJSONLine(br, buf[:0], max)
		if errors.Is(err, errLineTooLong) {
			return fmt.Errorf("line %d: longer than %d bytes", n, max)
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if len(bytes.TrimSpace(buf)) > 0 {
			if ferr := fn(n, buf); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return out.Flush()
		}
		if br.Buffered() == 0 {
			if ferr := out.Flush(); ferr != nil {
				return ferr
			}
		}
	}
}

// readJSONLine appends one line without its line ending to buf.
func readJSONLine(r *bufio.Reader, buf []byte, max int) ([]byte, error) {
	for {
		chunk, err := r.ReadSlice('\n')
		if len(buf)+len(chunk) > max+1 {
			return buf, errLineTooLong
		}
		buf = append(buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		buf = bytes.TrimSuffix(buf, []byte("\n"))
		buf = bytes.TrimSuffix(buf, []byte("\r"))
		return buf, err
	}
}
