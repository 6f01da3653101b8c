package graph

import (
	"context"
	"encoding/json"
	neturl "net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/entigraph/entigraph/kg"
)

// FuzzParseURL feeds arbitrary --db values to Open's URL parsing: a
// scheme always comes out, lower-cased; a password never shows in an
// error; and a URL that names no bolt store or database (memory, an
// unknown scheme) opens or fails without touching the file system. Bolt
// paths and database URLs are only parsed: opening them would create
// stores outside the test's folder or reach the network.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"", "graph.db", "/var/lib/entigraph", "./a:b", "bolt:///tmp/x", "bolt://rel/x", "bolt:rel/x", "BOLT:x",
		"memory", "memory://", "postgres://u@localhost/db", "postgres://user:secret@localhost/entigraph",
		"postgresql://u:p%40ss@h:5432/db?sslmode=disable", "mongo://h", "mongo://user:hunter2@h/x", "c:\\store", "a+b.c-d:e",
	} {
		f.Add(s)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, u string) {
		scheme, addr := parseURL(u)
		if scheme == "" || scheme != strings.ToLower(scheme) {
			t.Fatalf("parseURL(%q) = scheme %q", u, scheme)
		}
		if scheme == "bolt" && !strings.Contains(u, addr) && !(u == "" && addr == DefaultPath) {
			t.Fatalf("parseURL(%q) = bolt path %q, not part of the URL", u, addr)
		}
		password := ""
		if pu, err := neturl.Parse(u); err == nil && pu.User != nil {
			password, _ = pu.User.Password()
		}
		red := redact(u)
		if password != "" {
			if ru, err := neturl.Parse(red); err != nil || ru.User == nil {
				t.Fatalf("redact(%q) = %q", u, red)
			} else if p, _ := ru.User.Password(); p != "xxxxx" {
				t.Fatalf("redact(%q) = %q keeps the password", u, red)
			}
		}
		if _, sql := sqlFlavors[scheme]; scheme == "bolt" || sql {
			// A database URL would dial whatever host the input names
			// (TestOpenErrors checks its errors for the password).
			return
		}
		s, err := Open(ctx, u)
		if err == nil {
			if scheme != "memory" {
				t.Fatalf("Open(%q) opened a %s store", u, scheme)
			}
			s.Close()
			return
		}
		// The message quotes the redacted URL (%q), its scheme in lower
		// case, and may name the scheme: take them out before looking for
		// the password in what is left, all in lower case
		// ("A0000://:0000@" gives `open "a0000://:xxxxx@": unknown store
		// scheme "a0000"`).
		lower := strings.ToLower
		msg := lower(err.Error())
		for _, quoted := range []string{strconv.Quote(red), red, strconv.Quote(scheme)} {
			msg = strings.ReplaceAll(msg, lower(quoted), "")
		}
		if password != "" && len(password) >= 4 && strings.Contains(msg, lower(password)) {
			t.Fatalf("Open(%q): the error shows the password: %v", u, err)
		}
	})
}

// gizmoMethods are the path steps FuzzQuery builds queries from: name,
// then what it takes (s: a string, p: a path, n: a number, "": nothing).
var gizmoMethods = []struct{ name, args string }{
	{"Out", "s"}, {"In", "s"}, {"Both", "s"}, {"Out", ""}, {"In", "p"}, {"OutPredicates", ""}, {"InPredicates", ""},
	{"Has", "ss"}, {"HasR", "ss"}, {"Tag", "s"}, {"As", "s"}, {"Back", "s"}, {"Save", "ss"}, {"SaveR", "ss"},
	{"SaveOpt", "ss"}, {"Is", "s"}, {"Except", "p"}, {"Difference", "p"}, {"Intersect", "p"}, {"And", "p"},
	{"Union", "p"}, {"Or", "p"}, {"Follow", "p"}, {"FollowR", "p"}, {"FollowRecursive", "sn"}, {"Unique", ""},
	{"Limit", "n"}, {"Skip", "n"}, {"Order", ""}, {"LabelContext", "s"}, {"Labels", ""}, {"Count", ""},
	{"Filter", "r"}, {"Filter", "l"},
}

// gizmoText builds a Gizmo query from fuzzed bytes: a chain of path steps
// from a start, each argument a string (JSON-quoted, so any bytes), a
// sub-path or a small number, now and then a value of another type (a
// number, an object, an array, null: Cayley's Gizmo panics on those), and
// a final All, GetLimit, ToArray, ForEach or Count. Bytes that begin with
// "js:" are the script itself (the regression seeds are written so).
func gizmoText(data []byte) string {
	if s, ok := strings.CutPrefix(string(data), "js:"); ok {
		return s
	}
	values := []string{
		"<urn:entigraph:person/donald-trump>", "<urn:entigraph:person/vladimir-putin>", "<urn:entigraph:rel/met_with>",
		"<http://schema.org/name>", "<urn:entigraph:modality>", "negated", "Vladimir Putin", "<nobody>", "",
	}
	others := []string{"1", "{}", "[]", "null", `["<nobody>", 2]`, "{a: 1}", "undefined", "-1", "g"}
	pos := 0
	byteAt := func() int {
		if pos >= len(data) {
			return 0
		}
		pos++
		return int(data[pos-1])
	}
	str := func() string {
		b := byteAt()
		switch {
		case b < 180:
			return strconv.Quote(values[b%len(values)])
		case b < 200:
			return others[b%len(others)]
		}
		// A fuzzed string: the bytes up to the next 0.
		end := pos
		for end < len(data) && data[end] != 0 {
			end++
		}
		s := string(data[pos:end])
		pos = min(end+1, len(data))
		q, _ := json.Marshal(s)
		return string(q)
	}
	var path func(depth int, start string) string
	path = func(depth int, start string) string {
		var b strings.Builder
		b.WriteString(start)
		for n := byteAt() % 6; n > 0; n-- {
			m := gizmoMethods[byteAt()%len(gizmoMethods)]
			var args []string
			for _, a := range m.args {
				switch a {
				case 's':
					args = append(args, str())
				case 'n':
					args = append(args, strconv.Itoa(byteAt()%4))
				case 'r':
					args = append(args, "regex("+str()+")")
				case 'l':
					args = append(args, "lt("+str()+")")
				case 'p':
					sub := "g.V()"
					switch k := byteAt(); {
					case depth > 2:
					case k%3 == 0:
						sub = path(depth+1, "g.V("+str()+")")
					case k%3 == 1:
						sub = path(depth+1, "g.M()")
					}
					args = append(args, sub)
				}
			}
			b.WriteString("." + m.name + "(" + strings.Join(args, ", ") + ")")
		}
		return b.String()
	}
	var start string
	if byteAt()%2 == 0 {
		start = "g.V()"
	} else {
		start = "g.V(" + str() + ")"
	}
	q := path(0, start)
	switch byteAt() % 5 {
	case 0:
		return q + ".All()"
	case 1:
		return q + ".GetLimit(" + strconv.Itoa(byteAt()%5) + ")"
	case 2:
		return "g.Emit(" + q + ".ToArray())"
	case 3:
		return q + ".ForEach(function(d) { g.Emit(d) })"
	}
	return "g.Emit(" + q + ".Count())"
}

// FuzzQuery runs Gizmo queries built from fuzzed bytes (gizmoText) on a
// small memory store, each given half a second: errors are fine; a panic
// (which, in Cayley's goroutine, ends the process), a query that outlives
// its context, or results that do not encode as JSON are not.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{
		"", "\x00\x01\x00\x01", "\x01\x00\x03\x10\x01\x00\x07\x00",
		// g.V("<nobody>").Except(...): Cayley's optimiser dereferenced nil.
		"\x01\x07\x01\x10\x00\x07\x00\x00",
		"\x00\x05\x08\x00\x09\x01\x11\x12\x13\x14\x15\x16\x00\x01",
		"\x01\xc8Donald Trump\x00\x02\x07\x00\x1a\x02\x03\x02",
	} {
		b, err := strconv.Unquote(`"` + s + `"`)
		if err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(b))
	}
	s, err := Open(context.Background(), "memory")
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	for _, ex := range []*kg.Extraction{anchorageDoc(f), kurskDoc(f)} {
		if _, err := s.Add(context.Background(), ex); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		q := gizmoText(data)
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		start := time.Now()
		res, err := s.Query(ctx, q, 100)
		if took := time.Since(start); took > 5*time.Second {
			t.Fatalf("%s ran %v past its 500ms context", q, took)
		}
		if err != nil {
			return
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatalf("results of %s do not encode as JSON: %v", q, err)
		}
	})
}

// TestGizmoExceptNothing: excluding a path that finds nothing (a node not
// in the store) leaves every node; Cayley's optimiser alone crashed the
// process on it.
func TestGizmoExceptNothing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustAdd(t, s, anchorageDoc(t))
		all, err := s.Query(ctx, `g.V().All()`, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			`g.V().Except(g.V("<nobody>")).All()`,
			`g.V().Except(g.V("")).All()`,
			`g.V().Except(g.V("<nobody>").Out("<urn:entigraph:rel/met_with>")).All()`,
			`g.V().Union(g.V("<urn:entigraph:person/donald-trump>")).Except(g.V("<nobody>")).Unique().All()`,
		} {
			got, err := s.Query(ctx, q, 0)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			if len(got) != len(all) {
				t.Errorf("%s: %d results, want all %d nodes", q, len(got), len(all))
			}
		}
		got, err := s.Query(ctx, `g.V("<nobody>", "<urn:entigraph:person/donald-trump>").All()`, 0)
		if err != nil || len(got) != 1 {
			t.Errorf("a missing node among the start nodes: %v, %v", got, err)
		}
		// Cayley's last optimisation pass kept a Union's empty member.
		got, err = s.Query(ctx, `g.V().Has("<nobody>", "x").Both("<http://schema.org/name>").All()`, 0)
		if err != nil || len(got) != 0 {
			t.Errorf("both ways from nothing: %v, %v", got, err)
		}
		got, err = s.Query(ctx, `g.V("<nobody>").FollowRecursive("<urn:entigraph:rel/met_with>").All()`, 0)
		if err != nil || len(got) != 0 {
			t.Errorf("following from a missing node: %v, %v", got, err)
		}
	})
}
