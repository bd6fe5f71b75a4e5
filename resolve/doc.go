// Package resolve recognises who sent an interaction: a client (current,
// former or prospective), a client's relative or friend (an associate), or
// nobody on the roster. Its answer is a triage.SenderResult.
//
// Exact matches. The sender's email, phone and platform handle are
// normalised the way framekeeper.NormaliseIdentity normalises the roster's,
// then a little further (IdentityKey): Gmail addresses drop dots and
// "+tags", handles given as profile URLs drop query strings. A handle only
// matches a handle of the same platform. A client's own identity gives the
// client's status as relationship, an associate's gives "relative" and the
// client's ID, with confidence 1. When identifiers point at several people,
// the client's own identity wins over an associate's, then the person more
// identifiers point at, then the one the sender's name matches, then the
// lowest client ID; confidence drops to 0.9, 0.85 or 0.6 accordingly.
//
// Fuzzy matches. With no identifier on the roster, the sender's name (or a
// name read from their handle or email address, "@zoe.angstrom88", worth a
// little less) is compared with clients' and associates' names by
// NameScore: diacritics, case, punctuation and word order are ignored,
// nicknames resolved (a table of about a hundred given names and three
// hundred nicknames and spellings), one typo per word forgiven, two in long
// words (optimal string alignment distance, written here), middle names and
// initials tolerated. A first name alone never matches, and a name is worth
// at most 0.95, less than any identifier. Scores below Threshold are no
// match. When two clients (or two associates) score the same the result is
// unknown; a close runner-up lowers the winner's confidence, and a client
// is preferred to another client's associate of the same name.
//
// Two ways in. Index holds a roster in memory (NewIndex, then
// Index.Resolve). Resolver works over a Source, which a database implements
// so that nothing loads the roster:
//
//   - ByIdentity: the database stores IdentityKey(kind, value) for every
//     client and associate identity, indexed on (kind, key).
//   - ByNameTokens: the database stores NameKeys(name) for every client and
//     associate, one row per key, indexed on the key, and answers with the
//     people sharing the most keys with the query, for example
//     SELECT person, count(*) AS n FROM name_keys WHERE key IN (…)
//     GROUP BY person ORDER BY n DESC, client_id LIMIT ?.
//     A key pairs two words of the name: one with nicknames made canonical
//     ("Bob" → "robert"), the other the same way or with one letter
//     deleted, which lets a name with a typo find the right person
//     (symmetric deletion). Pairs keep each key to the few people with both
//     words, so a lookup reads a handful of rows on any roster, where keys
//     of single words would make it count every Smith.
//
// Index is a Source too, so both ways share the matching and scoring code.
package resolve
