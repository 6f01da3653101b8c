package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteText writes the report as tables a person reads.
func (r *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	p := func(format string, a ...any) { fmt.Fprintf(ew, format, a...) }
	p("Gold: %d documents: %s\n\n", len(r.Docs), strings.Join(r.Docs, ", "))

	e := r.Entities
	p("ENTITIES\n")
	tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "type\tgold\tpredicted\tfound\tright\tprecision\trecall\tF1\t")
	for _, t := range e.ByType {
		fmt.Fprintf(tw, "%s\t%s\t\n", t.Type, prfCells(t.PRF))
	}
	fmt.Fprintf(tw, "%s\t%s\t\n", "overall", prfCells(e.Overall))
	tw.Flush()
	p("\nreal named entities of the right type: %.1f%% (%d of %d nodes)\n", e.RealPercent, e.Overall.TPPred, e.Overall.Pred)
	p("should have merged and did not: %d gold entities (%d extra nodes)\n", e.ShouldHaveMerged, e.ExtraNodes)
	p("merged two or more real entities: %d nodes\n", e.MergedReal)
	p("countries lacking their Wikidata sameAs: %d of %d\n", len(e.CountrySameAs), e.Countries)
	for _, s := range e.Splits {
		p("  split   %s -> %s\n", s.Gold.ID, strings.Join(s.Predicted, ", "))
	}
	for _, m := range e.Merges {
		p("  merged  %s <- %s\n", m.Predicted.ID, strings.Join(m.Gold, ", "))
	}
	for _, c := range e.CountrySameAs {
		p("  sameAs  %s has [%s], wants [%s]\n", c.Predicted.ID, strings.Join(c.Has, " "), strings.Join(c.Want, " "))
	}
	for _, x := range e.WrongType {
		p("  type    %s (%q) is %s in the gold\n", x.Predicted.ID, x.Predicted.Name, strings.Join(x.Gold, ", "))
	}
	for _, x := range e.Spurious {
		p("  not an entity  %s (%q)\n", x.ID, x.Name)
	}
	for _, x := range e.Missing {
		p("  missing %s\n", x.ID)
	}

	rel := r.Relations
	for _, s := range rel.Scopes {
		p("\nRELATIONS, %s: %s\n", s.Name, s.Description)
		tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "predicate\tgold\tpredicted\tfound\tright\tprecision\trecall\tF1\t")
		for _, ps := range s.ByPredicate {
			fmt.Fprintf(tw, "%s\t%s\t\n", ps.Predicate, prfCells(ps.PRF))
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", "overall", prfCells(s.Overall))
		tw.Flush()
	}
	p("\nmodality right in %d of %d matched relations\n", rel.ModalityRight, rel.ModalityMatched)
	ml := rel.MetWithLocation
	p("met_with location right in %d of %d meetings found (%.1f%%)\n", ml.Right, ml.Found, 100*ml.Accuracy)
	for _, x := range ml.Wrong {
		p("  %s\n", relLine(x))
	}
	dt := rel.Date
	p("date right in %d of %d matched relations whose gold has a date (%.1f%%); dated at all: %d; dated although the gold has no date: %d of %d\n",
		dt.Right, dt.Found, 100*dt.Accuracy, dt.Dated, dt.DatedAnyway, dt.Undated)
	for _, x := range dt.Wrong {
		p("  %s\n    %s\n", relLine(x), x.Sentence)
	}
	for _, x := range dt.Unasked {
		p("  dated, gold undated: %s\n    %s\n", relLine(x), x.Sentence)
	}
	if dd := r.DocDates; dd != nil {
		p("document date right in %d of %d documents (%.1f%%); %d of the %d the gold dates; %d read with a date\n",
			dd.Right, dd.Docs, 100*dd.Accuracy, dd.DatedRight, dd.GoldDated, dd.Predicted)
		for _, x := range dd.Wrong {
			p("  %s: %q (gold: %q)\n", x.Doc, x.Predicted, x.Gold)
		}
	}
	p("negated or reported facts emitted as asserted: %d\n", len(rel.AssertedButNot))
	for _, x := range rel.AssertedButNot {
		p("  %s (gold: %s)\n    predicted from: %s\n    gold sentence:  %s\n", relLine(x.RelRef), strings.Join(x.GoldModality, ", "), x.Sentence, x.GoldSentence)
	}
	if rel.NoEvidence > 0 {
		p("predicted relations without evidence in a gold document (not scored): %d\n", rel.NoEvidence)
	}
	if len(rel.Missed) > 0 {
		p("\nmissed (%s):\n", ScopeSingle)
		for _, x := range rel.Missed {
			p("  %s\n    %s\n", relLine(x), x.Sentence)
		}
	}
	if len(rel.Wrong) > 0 {
		p("\nwrong (%s):\n", ScopeSingle)
		for _, x := range rel.Wrong {
			p("  %s\n    %s\n", relLine(x), x.Sentence)
		}
	}
	return ew.err
}

func prfCells(f PRF) string {
	return fmt.Sprintf("%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f", f.Gold, f.Pred, f.TPGold, f.TPPred, f.Precision, f.Recall, f.F1)
}

func relLine(x RelRef) string {
	s := fmt.Sprintf("%s: %s %s %s [%s]", x.Doc, x.Subject, x.Predicate, x.Object, x.Modality)
	if x.Location != "" {
		s += " at " + x.Location
	}
	if x.Date != "" {
		s += " on " + x.Date
	}
	return s
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(b []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(b)
	e.err = err
	return n, err
}
