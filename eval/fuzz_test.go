package eval

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzGold feeds arbitrary JSON to the gold loader with an arbitrary
// document text: reading, checking and scoring must return errors, never
// panic; a file that reads must be written back (WriteFile) to the same
// annotation, and a checked one put in stand-off form and back
// (Standoff, CheckSentences) to the same sentences.
func FuzzGold(f *testing.F) {
	for _, name := range []string{"001_69babd1dea0934bf", "004_111b9e2c7f64e5cc"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "gold", name+".json"))
		if err != nil {
			f.Fatal(err)
		}
		text, err := os.ReadFile(filepath.Join("..", "testdata", "news", name+".txt"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, string(text))
	}
	f.Add([]byte(`{"doc":"x.txt","date":"","entities":[{"id":"person/a-b","name":"A B","type":"Person","aliases":["A B"],"sameAs":[]},`+
		`{"id":"country/c","name":"C","type":"Country","aliases":["C"],"sameAs":["http://www.wikidata.org/entity/Q1"]}],`+
		`"relations":[{"subject":"person/a-b","predicate":"visited","object":"country/c","modality":"asserted","location":"","date":"","role":"","single_sentence":true,"span":[2,12]}]}`),
		"  A B went to C.\n")
	f.Add([]byte(`{"doc":"x.txt","relations":[{"subject":"a","predicate":"met_with","object":"b","sentence":"s","span":[-1,3]}]}`), "s")
	f.Add([]byte(`{"doc":"x.txt"} {}`), "")
	f.Fuzz(func(t *testing.T, data []byte, text string) {
		dir := t.TempDir()
		file := filepath.Join(dir, "x.json")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		Load(dir) // errors are fine: the file may be named for another doc
		d, err := ReadDoc(file)
		if err != nil {
			return
		}
		out := filepath.Join(dir, "out.json")
		if err := d.WriteFile(out); err != nil {
			t.Fatal(err)
		}
		back, err := ReadDoc(out)
		if err != nil {
			t.Fatalf("WriteFile's output does not read back: %v", err)
		}
		back.file = d.file
		if !reflect.DeepEqual(back, d) {
			t.Fatalf("the annotation changed on WriteFile and ReadDoc:\n%+v\n%+v", d, back)
		}
		d.file = "" // Check then compares no file name
		g := &Gold{Docs: []*Doc{d}}
		checked := g.Check() == nil
		textOf := func(string) (string, bool) { return text, true }
		if g.CheckSentences(textOf) != nil {
			checked = false
		}
		r := Score(g, g.Graph())
		var buf bytes.Buffer
		if err := r.WriteJSON(&buf); err != nil || !json.Valid(buf.Bytes()) {
			t.Fatalf("report: %v\n%s", err, buf.Bytes())
		}
		if err := r.WriteText(&buf); err != nil {
			t.Fatal(err)
		}
		if !checked {
			return
		}
		var sents []string
		for _, r := range d.Relations {
			sents = append(sents, r.Sentence)
		}
		if err := d.Standoff(text); err != nil {
			t.Fatalf("a checked annotation cannot be put in stand-off form: %v", err)
		}
		for i := range d.Relations {
			d.Relations[i].Sentence = ""
		}
		if err := g.CheckSentences(textOf); err != nil {
			t.Fatalf("stand-off form does not check: %v", err)
		}
		for i, r := range d.Relations {
			if r.Sentence != sents[i] {
				t.Fatalf("relation %d: sentence %q came back as %q", i, sents[i], r.Sentence)
			}
		}
	})
}
