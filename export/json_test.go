package export

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// encoderJSON is WriteJSON's definition: json.Encoder output of the
// normalized graph, indented by two spaces, HTML characters unescaped.
func encoderJSON(t testing.TB, g *kg.Graph) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(normalized(g)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func checkJSON(t testing.TB, g *kg.Graph) {
	t.Helper()
	var b bytes.Buffer
	if err := WriteJSON(&b, g); err != nil {
		t.Fatal(err)
	}
	if want := encoderJSON(t, g); !bytes.Equal(b.Bytes(), want) {
		t.Fatalf("WriteJSON differs from json.Encoder:\n got %q\nwant %q", b.Bytes(), want)
	}
}

// awkward strings: every escape encoding/json makes (control characters,
// quotes, backslashes, invalid UTF-8, U+2028/U+2029) and characters it
// leaves alone (HTML ones with escaping off, DEL, other non-ASCII).
var awkward = []string{"", "plain", `say "hi"`, `back\slash`, "tab\there", "nl\n", "cr\r", "\b\f\x00\x01\x1f",
	"<a href='x'>&amp;</a>", "del\x7f", "Zürich", "日本", "bad\xffutf8", "cut\xe2\x82", "line\u2028sep\u2029", "emoji 😀", "\ufffd"}

func TestWriteJSONMatchesEncoder(t *testing.T) {
	checkJSON(t, nil)
	checkJSON(t, &kg.Graph{})
	checkJSON(t, &kg.Graph{Entities: []kg.Entity{{ID: "person/a"}}, Relations: []kg.Relation{{Subject: "a"}}})
	rng := rand.New(rand.NewSource(1))
	pick := func() string {
		if rng.Intn(3) == 0 {
			return awkward[rng.Intn(len(awkward))]
		}
		var sb strings.Builder
		for range rng.Intn(12) {
			sb.WriteByte(byte(rng.Intn(256)))
		}
		return sb.String()
	}
	list := func() []string {
		if rng.Intn(4) == 0 {
			return nil
		}
		out := make([]string, rng.Intn(4))
		for i := range out {
			out[i] = pick()
		}
		return out
	}
	for range 300 {
		g := &kg.Graph{}
		for range rng.Intn(4) {
			g.Entities = append(g.Entities, kg.Entity{ID: pick(), Name: pick(), Type: kg.EntityType(pick()),
				Aliases: list(), Mentions: rng.Intn(100) - 50, Documents: rng.Int(), SameAs: list()})
		}
		for range rng.Intn(4) {
			r := kg.Relation{Subject: pick(), Predicate: pick(), Object: pick(), Modality: pick(), Location: pick(),
				Date: pick(), Role: pick(), Support: rng.Intn(10)}
			if rng.Intn(4) > 0 {
				r.Evidence = []kg.Evidence{}
				for range rng.Intn(3) {
					r.Evidence = append(r.Evidence, kg.Evidence{Doc: pick(), Start: rng.Intn(1000), End: -rng.Intn(5), Sentence: pick()})
				}
			}
			g.Relations = append(g.Relations, r)
		}
		checkJSON(t, g)
	}
}

func FuzzJSONString(f *testing.F) {
	for _, s := range awkward {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkJSON(t, &kg.Graph{Entities: []kg.Entity{{ID: s, Name: s, Aliases: []string{s, s}}},
			Relations: []kg.Relation{{Subject: s, Evidence: []kg.Evidence{{Sentence: s}}}}})
	})
}
