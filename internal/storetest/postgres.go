package storetest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	neturl "net/url"
	"os"
	"testing"

	_ "github.com/lib/pq" // the "postgres" driver
)

// PostgresEnv names the variable that tells tests where a PostgreSQL
// server is: a postgres:// URL of a database the tests may make schemas
// in, such as postgres://entigraph@/postgres?host=/tmp/pg&sslmode=disable
// (.ci/run starts one).
const PostgresEnv = "ENTIGRAPH_TEST_POSTGRES"

// PostgresURL returns the URL of a schema of its own for the test, on the
// server PostgresEnv names: a store URL (search_path set to the schema)
// that no other test uses, dropped with all it holds when the test ends.
// Without the variable the test is skipped, saying why, except under
// CI=true, where it fails: CI starts a server and must run these tests.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL: %s is not set, and CI=true must run the PostgreSQL tests (.ci/run starts a server)", PostgresEnv)
		}
		t.Skipf("PostgreSQL: skipped, %s is not set (a postgres:// URL of a server the tests may make schemas on)", PostgresEnv)
	}
	u, err := neturl.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	db, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	defer db.Close()
	var b [6]byte
	rand.Read(b[:])
	schema := "entigraph_test_" + hex.EncodeToString(b[:])
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("PostgreSQL at %s: %v", u.Redacted(), err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("postgres", base)
		if err != nil {
			t.Error(err)
			return
		}
		defer db.Close()
		if _, err := db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("dropping test schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
