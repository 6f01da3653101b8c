package export

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// realDot returns the path of Graphviz's dot. In CI (CI=true) a missing dot
// fails the test: .ci/run installs Debian's graphviz package.
func realDot(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("dot")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Graphviz's dot is not installed (apt-get install -y graphviz); CI must have it: %v", err)
		}
		t.Skip("Graphviz's dot is not installed (apt-get install -y graphviz): skipping the check that it parses our DOT")
	}
	return p
}

// dotToSVG runs the real dot on src and fails on any error or warning.
func dotToSVG(t *testing.T, dot string, src []byte) []byte {
	t.Helper()
	cmd := exec.Command(dot, "-Tsvg")
	cmd.Stdin = bytes.NewReader(src)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("dot -Tsvg: %v\n%s", err, errb.String())
	}
	if errb.Len() > 0 {
		t.Errorf("dot -Tsvg said:\n%s", errb.String())
	}
	if out.Len() == 0 {
		t.Fatal("dot -Tsvg wrote nothing")
	}
	return out.Bytes()
}

// svgTexts returns the text of every <text> element and every title of an
// SVG, decoded.
func svgTexts(t *testing.T, svg []byte) (texts, titles []string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	var inText bool
	var cur strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not XML: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if x.Name.Local == "text" {
				inText = true
				cur.Reset()
			}
			for _, a := range x.Attr {
				if a.Name.Local == "title" {
					titles = append(titles, a.Value)
				}
			}
		case xml.CharData:
			if inText {
				cur.Write(x)
			}
		case xml.EndElement:
			if x.Name.Local == "text" {
				inText = false
				texts = append(texts, cur.String())
			}
		}
	}
	return texts, titles
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// dotCases are the graphs whose DOT the real dot must parse: the fixtures,
// filtered views of them, and odd graphs.
func dotCases(t *testing.T) map[string]*kg.Graph {
	cases := map[string]*kg.Graph{}
	for _, fx := range fixtures {
		cases[fx] = loadFixture(t, fx)
	}
	summit := cases["summit"]
	for name, f := range map[string]Filter{
		"summit asserted":        {},
		"summit ego 2":           {Entity: "Putin", Depth: 2, AllModalities: true},
		"summit persons":         {Types: []kg.EntityType{kg.Person}},
		"summit met_with":        {Predicates: []string{"met_with"}, AllModalities: true},
		"summit nothing matches": {Types: []kg.EntityType{kg.Place}, Predicates: []string{"located_in"}},
	} {
		g, err := f.Apply(summit)
		if err != nil {
			t.Fatal(err)
		}
		cases[name] = g
	}
	cases["untyped and unknown"] = &kg.Graph{
		Entities:  []kg.Entity{{ID: "thing", Name: ""}, {ID: "person/x", Name: "X", Type: "Alien"}},
		Relations: []kg.Relation{{Subject: "thing", Predicate: "made_up", Object: "person/x", Support: 1000, Modality: ""}},
	}
	return cases
}

func TestDOTParsesWithGraphviz(t *testing.T) {
	dot := realDot(t)
	for name, g := range dotCases(t) {
		t.Run(name, func(t *testing.T) {
			src := write(t, "dot", g)
			svg := dotToSVG(t, dot, src)
			texts, _ := svgTexts(t, svg)
			for _, e := range g.Entities {
				if e.Name != "" && !contains(texts, clean(e.Name)) {
					t.Errorf("dot's SVG has no label %q", e.Name)
				}
			}
		})
	}
}

// TestDOTEscapes: names and sentences with quotes, backslashes, Graphviz
// escapes (\N), line breaks, HTML characters and non-ASCII come out of the
// real dot as the same text.
func TestDOTEscapes(t *testing.T) {
	src := string(write(t, "dot", loadFixture(t, "escapes")))
	for _, want := range []string{
		`"organization/back-slash-news" [label="Back\\Slash \"News\" \\N", shape=hexagon`,
		`"person/line-break" [label="Line Break and <b>tags</b> &amp; ampersand &amp;amp; &amp;#945;", `,
		`"person/volodymyr-zelenskyy" [label="Володимир Зеленський", `,
		`[label="Trailing backslash \\", `,
		`[label="met in Trailing backslash \\\n2025", dir=none, tooltip="Støre met Зеленський at the \"summit\". [a.txt]"]`,
		`[label="editor \"in chief\""]`,
		// An end with no entity gets a node named after its id.
		`"place/not-in-entities" [label="Not In Entities", shape=note`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("DOT lacks %s", want)
		}
	}
	dot := realDot(t)
	texts, titles := svgTexts(t, dotToSVG(t, dot, []byte(src)))
	for _, want := range []string{
		`Back\Slash "News" \N`, "Jonas Gahr Støre", "Володимир Зеленський", `Trailing backslash \`,
		"Line Break and <b>tags</b> & ampersand &amp; &#945;", `editor "in chief"`, `met in Trailing backslash \`, "2025",
	} {
		if !contains(texts, want) {
			t.Errorf("dot drew no text %q; it drew %q", want, texts)
		}
	}
	for _, want := range []string{
		// Tooltips show backslashes as ⧵ (see qTip).
		`It said "⧵N" and ⧵"left⧵"; then a new line. [weird "doc" name.txt]`,
		`organization/back-slash-news (Organization), also: C:⧵news⧵; "quoted"`,
	} {
		if !contains(titles, want) {
			t.Errorf("dot made no tooltip %q; it made %q", want, titles)
		}
	}
}

// edgeLine returns the DOT line of the edge from s to o whose label starts
// with label.
func edgeLine(t *testing.T, src, s, o, label string) string {
	t.Helper()
	prefix := "\t\"" + s + "\" -> \"" + o + "\" [label=\"" + label
	for _, l := range strings.Split(src, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	t.Fatalf("no edge %s -> %s labelled %q in:\n%s", s, o, label, src)
	return ""
}

func TestDOTEdges(t *testing.T) {
	g := loadFixture(t, "summit")
	src := string(write(t, "dot", g))
	tests := []struct {
		s, o, label string
		has, lacks  []string
	}{
		// Symmetric, located, dated, support 3: 1 + log2(3).
		{"person/donald-trump", "person/vladimir-putin", `met in Anchorage\n15 Aug 2025"`,
			[]string{"dir=none", "penwidth=2.58", `tooltip="US President Donald Trump and Russian President Vladimir Putin have touched down`, `[000_cf6b1362018f176d.txt]"`},
			[]string{"style="}},
		// holds_position: the role is the label; directed.
		{"person/donald-trump", "country/united-states", `president"`, []string{"penwidth=3,"}, []string{"dir=none", "style="}},
		{"person/valery-gerasimov", "country/russia", `chief of staff"`, nil, []string{"dir=none", "penwidth"}},
		// A label ending in a preposition takes the date on a second line.
		{"person/kim-jong-un", "person/vladimir-putin", `signed agreement with\n2024"`, []string{"dir=none"}, nil},
		// ... and the location too.
		{"country/north-korea", "country/russia", `fought alongside\nin Kursk"`, []string{"dir=none", "penwidth=2,"}, nil},
		{"country/north-korea", "country/ukraine", `fought against\nin Kursk"`, nil, []string{"dir=none"}},
		// A relation whose object is its place does not repeat it.
		{"country/north-korea", "place/kursk", `sent troops to"`, nil, []string{"dir=none"}},
		// Negated: dotted red, modality in the label.
		{"person/vladimir-putin", "person/volodymyr-zelenskyy", `met in Anchorage (negated)"`,
			[]string{"dir=none", `style="dotted"`, `color="#cc3311"`, `fontcolor="#cc3311"`}, nil},
		// Reported: dashed.
		{"person/kim-jong-un", "country/russia", `visited (reported)\n9 May 2025"`, []string{`style="dashed"`}, []string{"dir=none", "dotted"}},
		{"place/anchorage", "country/united-states", `in"`, nil, nil},
	}
	for _, tc := range tests {
		l := edgeLine(t, src, tc.s, tc.o, tc.label)
		for _, h := range tc.has {
			if !strings.Contains(l, h) {
				t.Errorf("%s lacks %s", l, h)
			}
		}
		for _, h := range tc.lacks {
			if strings.Contains(l, h) {
				t.Errorf("%s has %s", l, h)
			}
		}
	}
	for _, want := range []string{
		"rankdir=LR", "overlap=false", `fontname="Helvetica"`,
		`"person/jonas-gahr-store" [label="Jonas Gahr Støre", shape=ellipse, fillcolor="#cfe8f7", color="#0072b2"`,
		`"country/norway" [label="Norway", shape=box, fillcolor="#fbe1b0", color="#c98a00", peripheries=2`,
		`"organization/kcna" [label="KCNA", shape=hexagon`,
		`"place/kursk" [label="Kursk", shape=note`,
		`subgraph cluster_legend {`,
		`"_legend_Person" [label="Person", shape=ellipse`,
		`"_legend_reported" [shape=plaintext`,
		`"_legend_negated" [shape=plaintext`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("DOT lacks %s", want)
		}
	}
}

func TestDOTLegendListsTypesPresent(t *testing.T) {
	g, err := Filter{Types: []kg.EntityType{kg.Person, kg.Place}}.Apply(loadFixture(t, "summit"))
	if err != nil {
		t.Fatal(err)
	}
	src := string(write(t, "dot", g))
	for _, id := range []string{"_legend_Person", "_legend_Place"} {
		if !strings.Contains(src, `"`+id+`"`) {
			t.Errorf("legend lacks %s", id)
		}
	}
	for _, id := range []string{"_legend_Country", "_legend_Organization", "_legend_reported", "_legend_negated"} {
		if strings.Contains(src, id) {
			t.Errorf("legend has %s, which the graph does not", id)
		}
	}
	if empty := string(write(t, "dot", &kg.Graph{})); strings.Contains(empty, "cluster_legend") {
		t.Errorf("empty graph has a legend:\n%s", empty)
	}
}

func TestPenWidth(t *testing.T) {
	for support, want := range map[int]string{0: "1", 1: "1", 2: "2", 3: "2.58", 4: "3", 10: "4.32", 32: "6", 1000: "6"} {
		if got := penWidth(support); got != want {
			t.Errorf("penWidth(%d) = %s, want %s", support, got, want)
		}
	}
}

// FuzzDOTText: whatever a name, role, document name or sentence holds, the
// DOT parses in Graphviz and the SVG shows it as clean makes it: the same
// text on one line.
func FuzzDOTText(f *testing.F) {
	for _, s := range []string{
		`Back\Slash "News" \N`, "Jonas Gahr Støre", `\`, `"`, `\"`, `\\"`, "a\nb\r\nc", "<b>x</b>", "", " ",
		`\N\G\E\T\H\L\l\r`, "Володимир Зеленський", "\x00\x01\x7f", "\xff\xfe", "&amp; &#945; &", "\ufffe\uffff",
		"}; digraph { x", "<<html>>", "\u2028\u00a0end",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g := &kg.Graph{
			Entities: []kg.Entity{{ID: "person/x", Name: s, Type: kg.Person, Aliases: []string{s}}, {ID: "country/y", Name: "Y", Type: kg.Country}},
			Relations: []kg.Relation{{Subject: "person/x", Predicate: "holds_position", Object: "country/y", Role: s, Support: 1,
				Modality: kg.Asserted, Evidence: []kg.Evidence{{Doc: s, Sentence: s}}}},
		}
		var buf bytes.Buffer
		if err := WriteSVG(&buf, g); err != nil {
			t.Fatal(err)
		}
		texts, titles := svgTexts(t, buf.Bytes())
		name, role, tip := clean(s), clean(s), strings.ReplaceAll(clean(s), `\`, "⧵")
		if name == "" {
			name, role = "X", "holds position"
		}
		if tip != "" {
			tip += " [" + tip + "]"
		}
		if !contains(texts, name) || !contains(texts, role) {
			t.Errorf("name/role %q: the SVG shows %q", s, texts)
		}
		if tip != "" && !contains(titles, tip) {
			t.Errorf("sentence %q: the SVG's tooltips are %q", s, titles)
		}
	})
}
