package graph

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// benchCorpus is the corpus the store benchmarks add: the extractions in
// the JSON-lines file $ENTIGRAPH_BENCH_EXTRACTIONS (one kg.Extraction a
// line, as a pipeline run gives them; e.g. made from /tmp/conll-train) when
// set, else syntheticCorpus.
func benchCorpus(b *testing.B) []*kg.Extraction {
	b.Helper()
	path := os.Getenv("ENTIGRAPH_BENCH_EXTRACTIONS")
	if path == "" {
		return syntheticCorpus(1000)
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out []*kg.Extraction
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		ex := &kg.Extraction{}
		if err := json.Unmarshal(sc.Bytes(), ex); err != nil {
			b.Fatal(err)
		}
		out = append(out, ex)
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}

// syntheticCorpus makes n news-like extractions: each names about ten
// entities drawn, most often the first ones, from a pool of people,
// countries, organizations and places (so resolution has well-known nodes
// to find again and a long tail of new ones, some spelt in two ways, so
// that nodes get renamed and merged), with a few relations between them.
func syntheticCorpus(n int) []*kg.Extraction {
	return syntheticDocs(1, 0, n, 25)
}

// syntheticDocs makes documents first to first+n-1 of syntheticCorpus's
// kind, drawn from a pool whose mean index is pool (syntheticCorpus's 25:
// a few hundred entities; the read benchmarks' 400: some thousands), with
// its own random seed.
func syntheticDocs(seed int64, from, n int, pool float64) []*kg.Extraction {
	rng := rand.New(rand.NewSource(seed))
	types := []kg.EntityType{kg.Person, kg.Country, kg.Organization, kg.Place}
	first := []string{"Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas"}
	last := []string{"Adler", "Brandt", "Costa", "Dahl", "Eriksen", "Fischer", "Garcia", "Haas", "Ivanov", "Jansen",
		"Kowalski", "Lindqvist", "Moreau", "Novak", "Olsen", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka"}
	name := func(t kg.EntityType, i int) string {
		if i >= 200 { // the tail of a large pool: names of three words and a number
			w := last[(i/len(first))%len(last)] + " " + last[(i/200)%len(last)]
			switch t {
			case kg.Person:
				return fmt.Sprintf("%s %s %d", first[i%len(first)], w, i/4000)
			case kg.Country:
				return fmt.Sprintf("Republic of %s %d", w, i)
			case kg.Organization:
				return fmt.Sprintf("%s Holdings %d", w, i)
			}
			return fmt.Sprintf("%s Harbour %d", w, i)
		}
		switch t {
		case kg.Person:
			return first[i%len(first)] + " " + last[(i/len(first))%len(last)]
		case kg.Country:
			return fmt.Sprintf("Republic of %s", last[i%len(last)]) + strings.Repeat("ia", i/len(last))
		case kg.Organization:
			return fmt.Sprintf("%s Holdings %d", last[i%len(last)], i/len(last))
		}
		return fmt.Sprintf("%s Harbour %d", last[i%len(last)], i/len(last))
	}
	draw := func() int { // skewed: small indexes are the common entities
		return int(rng.ExpFloat64() * pool)
	}
	var out []*kg.Extraction
	for d := from; d < from+n; d++ {
		var ents []kg.Entity
		seen := map[string]bool{}
		for len(ents) < 6+rng.Intn(8) {
			t := types[rng.Intn(len(types))]
			nm := name(t, draw())
			switch r := rng.Intn(20); {
			case t == kg.Person && r < 4:
				// A transliteration variant: the same person to
				// resolution when the context agrees.
				nm = strings.NewReplacer("Dmitri ", "Dmitry ", "Elena ", "Yelena ", "Farid ", "Fareed ").Replace(nm)
			case r == 4:
				nm = strings.ToUpper(nm) // the same key, another spelling
			}
			e := kg.Entity{ID: kg.EntityID(t, nm), Name: nm, Type: t, Mentions: 1 + rng.Intn(4), Documents: 1,
				Aliases: []string{nm}, SameAs: []string{}}
			if t == kg.Person && rng.Intn(3) == 0 {
				e.Aliases = append(e.Aliases, strings.Fields(nm)[1])
			}
			if !seen[e.ID] {
				seen[e.ID] = true
				ents = append(ents, e)
			}
		}
		var text strings.Builder
		var rels []kg.Relation
		for j := 0; j < 2*len(ents); j++ {
			s, o := ents[rng.Intn(len(ents))], ents[rng.Intn(len(ents))]
			p := kg.Predicates[rng.Intn(len(kg.Predicates))]
			sentence := fmt.Sprintf("In story %d, %s and %s were in the news (%d).", d, s.Name, o.Name, j)
			start := text.Len()
			text.WriteString(sentence + "\n")
			if s.ID == o.ID || !p.Allows(s.Type, o.Type) {
				continue
			}
			a, bb := canonical(p.ID, s.ID, o.ID)
			rels = append(rels, kg.Relation{Subject: a, Predicate: p.ID, Object: bb, Modality: kg.Asserted, Support: 1,
				Evidence: []kg.Evidence{{Start: start, End: start + len(sentence), Sentence: sentence}}})
		}
		doc := newDoc(fmt.Sprintf("synthetic/%04d.txt", d), "2025-08-15", "", text.String())
		for i := range rels {
			rels[i].Evidence[0].Doc = doc.ID
		}
		out = append(out, &kg.Extraction{Doc: doc, Entities: ents, Relations: rels})
	}
	return out
}

// BenchmarkAddCorpus measures what extract does after the pipeline: add a
// corpus' extractions to a new store and read the graph back. The memory
// store is extract's; bolt is there to compare.
func BenchmarkAddCorpus(b *testing.B) {
	exs := benchCorpus(b)
	ctx := context.Background()
	for _, be := range []string{"memory", "bolt"} {
		b.Run(be, func(b *testing.B) {
			if be == "bolt" && testing.Short() {
				b.Skip("bolt: not in -short")
			}
			for range b.N {
				b.StopTimer()
				url := "memory"
				if be == "bolt" {
					url = "bolt://" + filepath.Join(b.TempDir(), "store")
				}
				s, err := Open(ctx, url)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				for _, ex := range exs {
					if _, err := s.Add(ctx, ex); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := s.Graph(ctx); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				s.Close()
			}
		})
	}
}
