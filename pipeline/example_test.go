package pipeline_test

import (
	"context"
	"fmt"
	"log"

	"github.com/entigraph/entigraph/graph"
	"github.com/entigraph/entigraph/ingest"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/pipeline"
)

// The README's library example: ingest a folder into a store, then read the
// graph back in the docs/ONTOLOGY.md form.
func Example() {
	ctx := context.Background()
	st, err := graph.Open(ctx, "memory") // or a bolt file path
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	p, err := pipeline.New() // loads the models once; safe for concurrent use
	if err != nil {
		log.Fatal(err)
	}
	docs := ingest.Read([]string{"../testdata/news"}, nil)
	sum, err := pipeline.Ingest(ctx, st, p.Run(ctx, docs, 0), func(err error) { log.Print(err) }, nil)
	if err != nil {
		log.Fatal(err)
	}
	g, err := st.Graph(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sum.Added, "documents added")
	for _, r := range g.Relations {
		if r.Modality == kg.Asserted && r.Subject == "person/donald-trump" && r.Predicate == "met_with" && r.Object == "person/vladimir-putin" {
			fmt.Println("Trump met Putin in", r.Location)
		}
	}
	// Output:
	// 5 documents added
	// Trump met Putin in place/anchorage
}
