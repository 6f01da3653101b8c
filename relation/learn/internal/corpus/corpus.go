// Package corpus reads the relation corpus's training part for the learned
// extractor: each document's text run through the pipeline's stages up to
// mentions, with its stand-off gold; the fixed 240/60 split of its 300
// documents into training and development; the training examples; and the
// graph of a set of predicted relations for eval.Score.
package corpus

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/entigraph/entigraph/eval"
	"github.com/entigraph/entigraph/ingest"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/pipeline"
	"github.com/entigraph/entigraph/relation/learn"
	"github.com/entigraph/entigraph/relation/lexicon"
)

// Doc is one annotated document with its gold.
type Doc struct {
	Key  string // eval.Key: "train-0042.txt"
	A    *kg.Annotated
	Gold *eval.Doc
}

// Corpus is the gold of a folder and its documents, annotated.
type Corpus struct {
	Gold *eval.Gold
	Docs []*Doc // in the gold's order
}

// Load reads the gold folder and each of its documents' text from
// textDir (scripts/relcorpus DIR: DIR/train), checks the stand-off spans
// against the text, and runs p on each document (the stages up to
// mentions: pipeline.New(pipeline.WithoutStage(pipeline.Relations))),
// each document read as ingest reads it (its date, its segments).
func Load(goldDir, textDir string, p *pipeline.Pipeline) (*Corpus, error) {
	g, err := eval.Load(goldDir)
	if err != nil {
		return nil, err
	}
	text := eval.NewsDir(textDir)
	for _, d := range g.Docs {
		if _, ok := text(d.Doc); !ok {
			return nil, fmt.Errorf("corpus: %s: no text in %s (run scripts/relcorpus)", d.Doc, textDir)
		}
	}
	if err := g.CheckSentences(text); err != nil {
		return nil, err
	}
	c := &Corpus{Gold: g}
	for _, d := range g.Docs {
		t, _ := text(d.Doc)
		doc := &kg.Document{ID: filepath.Join(textDir, d.Doc), Text: t}
		// The document as `extract` reads it (its date from the
		// dateline, its segments), when ingest keeps the text byte for
		// byte as the stand-off spans need.
		if ds, _ := ingest.Parse(doc.ID, []byte(t)); len(ds) == 1 && ds[0].Text == t {
			doc = ds[0]
		}
		a, err := p.Annotate(doc)
		if err != nil {
			return nil, err
		}
		c.Docs = append(c.Docs, &Doc{Key: d.Doc, A: a, Gold: d})
	}
	return c, nil
}

// splitSalt fixes the development split; changing it changes the split.
const splitSalt = "entigraph-learn-dev-2026:"

// Order returns the documents sorted by SHA-256 of splitSalt + key: the
// fixed order the split and the learning curve's subsets follow.
func Order(docs []*Doc) []*Doc {
	out := append([]*Doc(nil), docs...)
	h := func(k string) string { s := sha256.Sum256([]byte(splitSalt + k)); return string(s[:]) }
	sort.Slice(out, func(i, j int) bool { return h(out[i].Key) < h(out[j].Key) })
	return out
}

// Split returns the development documents (the first nDev of Order) and
// the training documents (the rest, in Order's order, so that a prefix
// of them is a fixed subset).
func Split(docs []*Doc, nDev int) (train, dev []*Doc) {
	o := Order(docs)
	nDev = min(nDev, len(o))
	return o[nDev:], o[:nDev]
}

// Examples returns the training examples of the documents: every
// candidate with its label, except those Labels leaves out (-1); with
// withCoref, the candidates include the pronouns and descriptions of
// learn.WithCoref.
func Examples(docs []*Doc, lex *lexicon.Lexicon, withCoref bool) []learn.Example {
	var out []learn.Example
	for _, d := range docs {
		a := d.A
		if withCoref {
			a = learn.WithCoref(a)
		}
		cands, feats := learn.Features(a, lex)
		labels := learn.Labels(a, cands, d.Gold)
		for i, c := range cands {
			if labels[i] < 0 {
				continue
			}
			ms, mo := &a.Mentions[c.Subj], &a.Mentions[c.Obj]
			out = append(out, learn.Example{Features: feats[i], Allowed: learn.AllowedClasses(ms.Type, mo.Type), Label: labels[i]})
		}
	}
	return out
}

// Graph returns the graph of the documents' entities and the relations
// rels gives each (by index in docs), for eval.Score: entities merged by
// id, their aliases joined.
func Graph(docs []*Doc, rels func(i int) []kg.Relation) *kg.Graph {
	g := &kg.Graph{}
	at := map[string]int{}
	for i, d := range docs {
		for _, e := range d.A.Entities {
			j, ok := at[e.ID]
			if !ok {
				j = len(g.Entities)
				at[e.ID] = j
				g.Entities = append(g.Entities, kg.Entity{ID: e.ID, Name: e.Name, Type: e.Type, SameAs: e.SameAs})
			}
			x := &g.Entities[j]
			for _, a := range e.Aliases {
				if !contains(x.Aliases, a) {
					x.Aliases = append(x.Aliases, a)
				}
			}
		}
		g.Relations = append(g.Relations, rels(i)...)
	}
	kg.SortEntities(g.Entities)
	kg.SortRelations(g.Relations)
	return g
}

// GoldOf returns the gold of the documents, sorted by key.
func (c *Corpus) GoldOf(docs []*Doc) *eval.Gold {
	g := &eval.Gold{}
	for _, d := range docs {
		g.Docs = append(g.Docs, d.Gold)
	}
	sort.Slice(g.Docs, func(i, j int) bool { return g.Docs[i].Doc < g.Docs[j].Doc })
	return g
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
