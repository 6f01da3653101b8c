package export

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/entigraph/entigraph/kg"
)

func init() {
	Register(Format{Name: "json", Ext: ".json", Mime: "application/json", Write: WriteJSON})
}

// WriteJSON writes g in the machine-readable form of docs/ONTOLOGY.md:
// encoding/json of kg.Graph, indented by two spaces, with a trailing
// newline. Every list is an array, never null, however empty; entities are
// sorted by id and relations in the graph's order. HTML characters (<, >, &)
// are written as they are, not as \u escapes.
//
// The bytes are those of a json.Encoder (SetIndent("", "  "),
// SetEscapeHTML(false)) encoding the normalized graph, written here field
// by field as they go: the encoder marshals the whole graph, then indents
// a second copy of it, where a large graph's export is a few MB
// (json_test.go holds the two to the same bytes).
func WriteJSON(w io.Writer, g *kg.Graph) error {
	g = normalized(g)
	bw := bufio.NewWriterSize(w, 64<<10)
	j := jsonWriter{w: bw}
	j.graph(g)
	if err := bw.Flush(); err != nil {
		return writeErr("json", err)
	}
	return nil
}

// normalized returns a sorted copy of g whose nil slices are empty ones.
func normalized(g *kg.Graph) *kg.Graph {
	g = orEmpty(g)
	out := &kg.Graph{
		Entities:  sortedEntities(g.Entities),
		Relations: sortedRelations(g.Relations),
	}
	if out.Entities == nil {
		out.Entities = []kg.Entity{}
	}
	if out.Relations == nil {
		out.Relations = []kg.Relation{}
	}
	for i := range out.Entities {
		e := &out.Entities[i]
		if e.Aliases == nil {
			e.Aliases = []string{}
		}
		if e.SameAs == nil {
			e.SameAs = []string{}
		}
	}
	for i := range out.Relations {
		if out.Relations[i].Evidence == nil {
			out.Relations[i].Evidence = []kg.Evidence{}
		}
	}
	return out
}

// jsonWriter writes the indented JSON of a normalized kg.Graph. Write
// errors stay in the bufio.Writer, which reports the first on Flush.
type jsonWriter struct {
	w       *bufio.Writer
	scratch []byte
}

// indent starts a new line at the given depth (two spaces a level).
func (j *jsonWriter) indent(depth int) {
	j.w.WriteByte('\n')
	for range depth {
		j.w.WriteString("  ")
	}
}

// key writes `"name": ` on a new line at depth.
func (j *jsonWriter) key(depth int, name string) {
	j.indent(depth)
	j.w.WriteByte('"')
	j.w.WriteString(name) // the field names need no escaping
	j.w.WriteString(`": `)
}

func (j *jsonWriter) str(depth int, name, v string, last bool) {
	j.key(depth, name)
	j.string(v)
	if !last {
		j.w.WriteByte(',')
	}
}

func (j *jsonWriter) int(depth int, name string, v int, last bool) {
	j.key(depth, name)
	j.scratch = strconv.AppendInt(j.scratch[:0], int64(v), 10)
	j.w.Write(j.scratch)
	if !last {
		j.w.WriteByte(',')
	}
}

// strings writes a list of strings as the value of name; an empty list is
// "[]", as the encoder's indenting leaves it.
func (j *jsonWriter) strings(depth int, name string, vs []string, last bool) {
	j.key(depth, name)
	j.w.WriteByte('[')
	for i, v := range vs {
		j.indent(depth + 1)
		j.string(v)
		if i < len(vs)-1 {
			j.w.WriteByte(',')
		}
	}
	if len(vs) > 0 {
		j.indent(depth)
	}
	j.w.WriteByte(']')
	if !last {
		j.w.WriteByte(',')
	}
}

func (j *jsonWriter) graph(g *kg.Graph) {
	j.w.WriteByte('{')
	j.key(1, "entities")
	j.objects(1, len(g.Entities), func(i int) {
		e := &g.Entities[i]
		j.str(3, "id", e.ID, false)
		j.str(3, "name", e.Name, false)
		j.str(3, "type", string(e.Type), false)
		j.strings(3, "aliases", e.Aliases, false)
		j.int(3, "mentions", e.Mentions, false)
		j.int(3, "documents", e.Documents, false)
		j.strings(3, "sameAs", e.SameAs, true)
	})
	j.w.WriteByte(',')
	j.key(1, "relations")
	j.objects(1, len(g.Relations), func(i int) {
		r := &g.Relations[i]
		j.str(3, "subject", r.Subject, false)
		j.str(3, "predicate", r.Predicate, false)
		j.str(3, "object", r.Object, false)
		j.str(3, "modality", r.Modality, false)
		j.str(3, "location", r.Location, false)
		j.str(3, "date", r.Date, false)
		j.str(3, "role", r.Role, false)
		j.int(3, "support", r.Support, false)
		j.key(3, "evidence")
		j.objects(3, len(r.Evidence), func(k int) {
			ev := &r.Evidence[k]
			j.str(5, "doc", ev.Doc, false)
			if ev.Date != "" {
				j.str(5, "date", ev.Date, false)
			}
			j.int(5, "start", ev.Start, false)
			j.int(5, "end", ev.End, false)
			j.str(5, "sentence", ev.Sentence, true)
		})
	})
	j.w.WriteString("\n}\n")
}

// objects writes an array of n objects whose key is indented at level;
// field(i) writes object i's fields (at level+2).
func (j *jsonWriter) objects(level, n int, field func(i int)) {
	j.w.WriteByte('[')
	for i := 0; i < n; i++ {
		j.indent(level + 1)
		j.w.WriteByte('{')
		field(i)
		j.indent(level + 1)
		j.w.WriteByte('}')
		if i < n-1 {
			j.w.WriteByte(',')
		}
	}
	if n > 0 {
		j.indent(level)
	}
	j.w.WriteByte(']')
}

// string writes s quoted. Strings encoding/json writes as they are (valid
// UTF-8 with no control characters, quotes, backslashes or U+2028/U+2029)
// are written directly; any other goes through a json.Encoder, so that its
// escapes are the encoder's own.
func (j *jsonWriter) string(s string) {
	if plainJSON(s) {
		j.w.WriteByte('"')
		j.w.WriteString(s)
		j.w.WriteByte('"')
		return
	}
	var b jsonBuf
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)           // a string always encodes
	j.w.Write(b[:len(b)-1]) // less Encode's newline
}

type jsonBuf []byte

func (b *jsonBuf) Write(p []byte) (int, error) {
	*b = append(*b, p...)
	return len(p), nil
}

// plainJSON reports whether encoding/json, not escaping HTML, writes s
// unchanged between its quotes.
func plainJSON(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += n
	}
	return true
}
