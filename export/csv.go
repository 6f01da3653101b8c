package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/entigraph/entigraph/kg"
)

func init() {
	Register(Format{Name: "csv", Ext: ".csv", Mime: "text/csv", Write: WriteCSV})
}

// CSVHeader is the header row of WriteCSV: one row per relation and
// evidence sentence.
var CSVHeader = []string{
	"subject", "subject_name", "subject_type", "predicate", "object", "object_name", "object_type",
	"modality", "location", "location_name", "date", "role", "support", "document", "document_date", "start", "end", "sentence",
}

// EntityCSVHeader is the header row of WriteEntitiesCSV.
var EntityCSVHeader = []string{"id", "name", "type", "aliases", "sameAs", "mentions", "documents"}

// WriteCSV writes g's relations as a flat table with a header row
// (CSVHeader): RFC 4180 quoting, but LF line ends, so that a line break
// inside a sentence stays the one byte the evidence offsets count. It is
// the form of event data sets (GDELT, ACLED),
// spreadsheets, pandas and Neo4j's LOAD CSV: one row per relation and
// evidence sentence, in the graph's order; a relation without evidence has
// one row with the evidence columns empty. Names and types come from g's
// entities (a name from the id where g lacks the entity).
func WriteCSV(w io.Writer, g *kg.Graph) error {
	g = orEmpty(g)
	byID := map[string]*kg.Entity{}
	for i := range g.Entities {
		byID[g.Entities[i].ID] = &g.Entities[i]
	}
	name := func(id string) (string, string) {
		if e, ok := byID[id]; ok {
			return e.Name, string(e.Type)
		}
		return nameFromID(id), string(kg.TypeOfID(id))
	}
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	for _, r := range sortedRelations(g.Relations) {
		sn, st := name(r.Subject)
		on, ot := name(r.Object)
		var ln string
		if r.Location != "" {
			ln, _ = name(r.Location)
		}
		row := []string{r.Subject, sn, st, r.Predicate, r.Object, on, ot,
			modalityOf(&r), r.Location, ln, r.Date, r.Role, strconv.Itoa(r.Support)}
		if len(r.Evidence) == 0 {
			cw.Write(append(row, "", "", "", "", ""))
			continue
		}
		for _, ev := range r.Evidence {
			cw.Write(append(row[:len(row):len(row)], ev.Doc, ev.Date, strconv.Itoa(ev.Start), strconv.Itoa(ev.End), ev.Sentence))
		}
	}
	cw.Flush()
	return writeErr("csv", cw.Error())
}

// WriteEntitiesCSV writes g's entities as a table (RFC 4180 quoting, LF line ends, a header row:
// EntityCSVHeader), sorted by id; aliases are joined by "; ", sameAs IRIs
// by spaces.
func WriteEntitiesCSV(w io.Writer, g *kg.Graph) error {
	cw := csv.NewWriter(w)
	cw.Write(EntityCSVHeader)
	for _, e := range sortedEntities(orEmpty(g).Entities) {
		cw.Write([]string{e.ID, e.Name, string(e.Type), strings.Join(e.Aliases, "; "), strings.Join(e.SameAs, " "),
			strconv.Itoa(e.Mentions), strconv.Itoa(e.Documents)})
	}
	cw.Flush()
	return writeErr("csv", cw.Error())
}
