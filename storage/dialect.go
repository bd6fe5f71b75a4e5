package storage

import (
	"strconv"
	"strings"
)

// dialect is the engine behind a DB. The SQL is written once with "?"
// placeholders; rebind turns them into "$1…" for PostgreSQL.
type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// rebind rewrites "?" placeholders outside string literals into PostgreSQL's
// numbered form.
func (d dialect) rebind(q string) string {
	if d != postgresDialect || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n, inString := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inString = !inString
		case c == '?' && !inString:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// forUpdate locks the selected row for the rest of the transaction in
// PostgreSQL; SQLite's immediate transactions already hold the write lock.
// NO KEY UPDATE, because no caller changes a key: it still serialises
// writers of the row, but does not conflict with the KEY SHARE locks that
// foreign keys to the row take (an interaction naming its client), which
// would otherwise deadlock two workers deciding for the same client.
func (d dialect) forUpdate() string {
	if d == postgresDialect {
		return " FOR NO KEY UPDATE"
	}
	return ""
}

// skipLocked makes PostgreSQL skip rows another transaction holds, so
// several replicas take different work; SQLite has one writer at a time.
func (d dialect) skipLocked() string {
	if d == postgresDialect {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}
