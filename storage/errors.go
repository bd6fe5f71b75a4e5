package storage

import (
	"database/sql"
	"errors"

	"github.com/framekeeper/framekeeper"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// normalise maps driver errors to application errors by code, never by
// message text: a unique violation is a conflict in both engines, a missing
// row is not_found.
func normalise(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return framekeeper.Errorf(framekeeper.ENOTFOUND, "Not found.")
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &framekeeper.Error{Code: framekeeper.ECONFLICT, Message: "That already exists."}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &framekeeper.Error{Code: framekeeper.EINVALID, Message: "A referenced record does not exist."}
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return &framekeeper.Error{Code: framekeeper.ECONFLICT, Message: "That already exists."}
		case "23503":
			return &framekeeper.Error{Code: framekeeper.EINVALID, Message: "A referenced record does not exist."}
		}
	}
	return err
}
