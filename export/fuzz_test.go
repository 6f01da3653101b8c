package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cayleygraph/quad/nquads"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/kg"
)

// fuzzGraph builds a graph from fuzzed bytes: fields split at NUL bytes
// give entity names, aliases, documents, sentences, dates and roles, free
// text as the store may hold it; ids are kg.EntityID of a type and name,
// predicates the ontology's, sameAs Wikidata IRIs, as the pipeline makes
// them.
func fuzzGraph(data []byte) *kg.Graph {
	fields := strings.Split(string(data), "\x00")
	at := 0
	next := func() string {
		s := fields[at%len(fields)]
		at++
		return s
	}
	num := func() int {
		s := next()
		n := uint(0)
		for i := 0; i < len(s); i++ {
			n = n*7 + uint(s[i])
		}
		return int(n % 1000)
	}
	g := &kg.Graph{}
	nEnt := 1 + len(fields)%4
	for i := 0; i < nEnt; i++ {
		typ := kg.EntityTypes[num()%len(kg.EntityTypes)]
		name := next()
		e := kg.Entity{ID: kg.EntityID(typ, name), Name: name, Type: typ, Aliases: []string{next(), next()},
			Mentions: num() % 10, Documents: num() % 3, SameAs: []string{}}
		if typ == kg.Country {
			e.SameAs = append(e.SameAs, "http://www.wikidata.org/entity/Q"+strconv.Itoa(num()))
		}
		g.Entities = append(g.Entities, e)
	}
	nRel := len(fields) % 5
	for i := 0; i < nRel; i++ {
		p := kg.Predicates[num()%len(kg.Predicates)]
		r := kg.Relation{
			Subject:   g.Entities[num()%nEnt].ID,
			Predicate: p.ID,
			Object:    g.Entities[num()%nEnt].ID,
			Modality:  []string{kg.Asserted, kg.Negated, kg.Reported, ""}[num()%4],
			Date:      next(),
			Role:      next(),
			Support:   num() % 4,
		}
		if num()%2 == 0 {
			r.Location = g.Entities[num()%nEnt].ID
		}
		for k := num() % 3; k > 0; k-- {
			sent := next()
			r.Evidence = append(r.Evidence, kg.Evidence{Doc: next(), Date: next(), Start: num() % 100, End: num() % 200, Sentence: sent})
		}
		g.Relations = append(g.Relations, r)
	}
	kg.SortEntities(g.Entities)
	kg.SortRelations(g.Relations)
	return g
}

// readXML reads a whole document with encoding/xml in strict mode.
func readXML(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// FuzzWriters writes graphs built from fuzzed bytes in every text format
// that has a standard reader and reads each output back: JSON and JSON-LD
// as JSON, GraphML and GEXF as XML (strict), CSV with encoding/csv (every
// row, every column), N-Quads with Cayley's reader (graph.QuadsOf's quads,
// in order).
func FuzzWriters(f *testing.F) {
	for _, fx := range fixtures {
		b, err := os.ReadFile(filepath.Join("testdata", fx+".json"))
		if err != nil {
			f.Fatal(err)
		}
		// The fixture's strings, NUL-separated.
		var g kg.Graph
		if err := json.Unmarshal(b, &g); err != nil {
			f.Fatal(err)
		}
		var fields []string
		for _, e := range g.Entities {
			fields = append(fields, string(e.Type), e.Name)
			fields = append(fields, e.Aliases...)
		}
		for _, r := range g.Relations {
			fields = append(fields, r.Date, r.Role)
			for _, ev := range r.Evidence {
				fields = append(fields, ev.Sentence, ev.Doc, ev.Date)
			}
		}
		f.Add([]byte(strings.Join(fields, "\x00")))
	}
	f.Add([]byte("Kim\x00\x01\x02\xff\x00]]>\x00<a b='\"'>&amp;\x00\r\n\x00\ufffe\uffff\x00\x00\x00x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g := fuzzGraph(data)
		for _, name := range []string{"json", "jsonld"} {
			if out := write(t, name, g); !json.Valid(out) {
				t.Fatalf("%s: not JSON:\n%s", name, out)
			}
		}
		for _, name := range []string{"graphml", "gexf"} {
			if err := readXML(write(t, name, g)); err != nil {
				t.Fatalf("%s: not XML: %v", name, err)
			}
		}
		rows := 1
		for _, r := range g.Relations {
			rows += max(1, len(r.Evidence))
		}
		for _, c := range []struct {
			write        func(io.Writer, *kg.Graph) error
			rows, fields int
		}{
			{WriteCSV, rows, len(CSVHeader)},
			{WriteEntitiesCSV, 1 + len(g.Entities), len(EntityCSVHeader)},
		} {
			var buf bytes.Buffer
			if err := c.write(&buf, g); err != nil {
				t.Fatal(err)
			}
			cr := csv.NewReader(&buf)
			cr.FieldsPerRecord = c.fields
			recs, err := cr.ReadAll()
			if err != nil || len(recs) != c.rows {
				t.Fatalf("csv: %d rows read back, want %d: %v", len(recs), c.rows, err)
			}
		}
		out := write(t, "nquads", g)
		r := nquads.NewReader(bytes.NewReader(out), true)
		want := graph.QuadsOf(g)
		for i := 0; ; i++ {
			q, err := r.ReadQuad()
			if errors.Is(err, io.EOF) {
				if i != len(want) {
					t.Fatalf("nquads: %d quads read back, QuadsOf has %d", i, len(want))
				}
				break
			}
			if err != nil {
				t.Fatalf("nquads: quad %d does not read back: %v\n%s", i, err, out)
			}
			if i >= len(want) {
				t.Fatalf("nquads: more quads than QuadsOf's %d", len(want))
			}
			if w := fullQuad(want[i]).String(); q.String() != w {
				t.Fatalf("nquads: quad %d reads back as %s, want %s", i, q, w)
			}
		}
	})
}
