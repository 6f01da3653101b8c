package export

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// xmlGraph is what a GraphML or GEXF file says, read back with a strict XML
// decoder: node ids with their attribute values by attribute name, edges in
// file order with theirs.
type xmlGraph struct {
	defaultDir string
	nodes      map[string]map[string]string
	edges      []map[string]string // "source", "target", "type" and the attributes
}

func readXMLGraph(t *testing.T, out []byte, gexf bool) xmlGraph {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(out))
	d.Strict = true
	xg := xmlGraph{nodes: map[string]map[string]string{}}
	keyName := map[string]string{}
	var cur map[string]string
	var curKey string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch x.Name.Local {
			case "key":
				keyName[attr(x, "id")] = attr(x, "attr.name")
			case "attribute":
				keyName[attr(x, "id")] = attr(x, "title")
			case "graph":
				xg.defaultDir = attr(x, "edgedefault") + attr(x, "defaultedgetype")
			case "node":
				cur = map[string]string{}
				if l := attr(x, "label"); l != "" {
					cur["label"] = l
				}
				xg.nodes[attr(x, "id")] = cur
			case "edge":
				cur = map[string]string{"source": attr(x, "source"), "target": attr(x, "target"), "type": attr(x, "type")}
				xg.edges = append(xg.edges, cur)
			case "data":
				curKey = keyName[attr(x, "key")]
			case "attvalue":
				cur[keyName[attr(x, "for")]] = attr(x, "value")
			}
		case xml.CharData:
			if curKey != "" {
				cur[curKey] += string(x)
			}
		case xml.EndElement:
			if x.Name.Local == "data" {
				curKey = ""
			}
		}
	}
	return xg
}

// TestEntityGraphs: GraphML and GEXF have one node per entity (and per
// relation end the view lacks), one edge per relation, and carry each
// value the graph has.
func TestEntityGraphs(t *testing.T) {
	for _, fx := range fixtures {
		for _, format := range []string{"graphml", "gexf"} {
			t.Run(fx+"/"+format, func(t *testing.T) {
				g := loadFixture(t, fx)
				xg := readXMLGraph(t, write(t, format, g), format == "gexf")
				want := map[string]bool{}
				for _, e := range g.Entities {
					want[e.ID] = true
					n, ok := xg.nodes[e.ID]
					if !ok {
						t.Errorf("entity %s has no node", e.ID)
						continue
					}
					if n["label"] != clean(e.Name) || n["type"] != string(e.Type) || n["mentions"] != strconv.Itoa(e.Mentions) ||
						n["sameAs"] != strings.Join(e.SameAs, " ") {
						t.Errorf("node %s = %v, entity %+v", e.ID, n, e)
					}
				}
				for _, r := range g.Relations {
					want[r.Subject], want[r.Object] = true, true
				}
				if len(xg.nodes) != len(want) {
					t.Errorf("%d nodes, want %d (entities and relation ends)", len(xg.nodes), len(want))
				}
				if len(xg.edges) != len(g.Relations) {
					t.Fatalf("%d edges, want one per relation (%d)", len(xg.edges), len(g.Relations))
				}
				rels := sortedRelations(g.Relations)
				allSym := len(rels) > 0
				for i, e := range xg.edges {
					r := rels[i]
					p, _ := kg.PredicateByID(r.Predicate)
					allSym = allSym && p.Symmetric
					if e["source"] != r.Subject || e["target"] != r.Object || e["predicate"] != r.Predicate ||
						e["support"] != strconv.Itoa(r.Support) || e["modality"] != modalityOf(&r) ||
						e["date"] != clean(r.Date) || e["symmetric"] != strconv.FormatBool(p.Symmetric) || e["role"] != clean(r.Role) {
						t.Errorf("edge %d = %v, relation %+v", i, e, r)
					}
					var dates []string
					for _, ev := range r.Evidence {
						if ev.Date != "" && !slices.Contains(dates, ev.Date) {
							dates = append(dates, ev.Date)
						}
					}
					slices.Sort(dates)
					if e["published"] != strings.Join(dates, " ") {
						t.Errorf("edge %d published %q, evidence dates %v", i, e["published"], dates)
					}
					if e["label"] == "" {
						t.Errorf("edge %d has no label", i)
					}
				}
				if wantDir := map[bool]string{true: "undirected", false: "directed"}[allSym]; xg.defaultDir != wantDir {
					t.Errorf("default direction %q, want %q", xg.defaultDir, wantDir)
				}
			})
		}
	}
}

// pythonWith returns a python3 that imports module (Debian's first, which
// .ci/run installs python3-networkx for), or skips the test: fails it under
// CI=true.
func pythonWith(t *testing.T, module, pkg string) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import "+module).Run() == nil {
			return py
		}
	}
	msg := "no python3 with " + module + " (apt-get install " + pkg + ")"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// TestNetworkx reads the entity graphs with networkx, the way users load
// them: node count = entity count, the attributes typed as declared, a
// shortest path that runs through entities only.
func TestNetworkx(t *testing.T) {
	py := pythonWith(t, "networkx", "python3-networkx")
	g := loadFixture(t, "summit")
	dir := t.TempDir()
	met := &kg.Graph{Entities: g.Entities}
	for _, r := range g.Relations {
		if r.Predicate == "met_with" {
			met.Relations = append(met.Relations, r)
		}
	}
	files := map[string][]byte{
		"all.graphml": write(t, "graphml", g),
		"met.graphml": write(t, "graphml", met),
		"met.gexf":    write(t, "gexf", met),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := `
import sys, networkx as nx
d = sys.argv[1]
for name, read in (("all.graphml", nx.read_graphml), ("met.graphml", nx.read_graphml), ("met.gexf", nx.read_gexf)):
    G = read(d + "/" + name)
    kinds = sorted({data["type"] for _, data in G.nodes(data=True)})
    sup = sorted({type(data["support"]).__name__ for _, _, data in G.edges(data=True)})
    print(name, G.number_of_nodes(), G.number_of_edges(), G.is_directed(), ",".join(kinds), ",".join(sup))
G = nx.read_graphml(d + "/all.graphml")
U = G.to_undirected()
print("path", " ".join(nx.shortest_path(U, "person/donald-trump", "person/vladimir-putin")))
`
	out, err := exec.Command(py, "-c", script, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("networkx: %v\n%s", err, out)
	}
	ents := len(g.Entities)
	metEdges := len(met.Relations)
	var want strings.Builder
	want.WriteString("all.graphml " + strconv.Itoa(ents) + " " + strconv.Itoa(len(g.Relations)) + " True Country,Organization,Person,Place int\n")
	want.WriteString("met.graphml " + strconv.Itoa(ents) + " " + strconv.Itoa(metEdges) + " False Country,Organization,Person,Place int\n")
	want.WriteString("met.gexf " + strconv.Itoa(ents) + " " + strconv.Itoa(metEdges) + " False Country,Organization,Person,Place int\n")
	want.WriteString("path person/donald-trump person/vladimir-putin\n")
	if string(out) != want.String() {
		t.Errorf("networkx read:\n%s\nwant:\n%s", out, want.String())
	}
}
