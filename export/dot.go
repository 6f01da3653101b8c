package export

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/entigraph/entigraph/kg"
)

func init() {
	Register(Format{Name: "dot", Ext: ".dot", Mime: "text/vnd.graphviz", Write: WriteDOT})
}

// typeStyle is how one entity type is drawn. The fills are light tints of
// the Okabe-Ito palette, which colour-blind readers can tell apart, and
// every type also has its own shape, so the picture reads without colour.
type typeStyle struct {
	Shape       string
	Peripheries int    // 2 draws a double border
	Fill        string // fill colour
	Line        string // border colour
}

var typeStyles = map[kg.EntityType]typeStyle{
	kg.Person:       {Shape: "ellipse", Fill: "#cfe8f7", Line: "#0072b2"},             // sky blue / blue
	kg.Country:      {Shape: "box", Peripheries: 2, Fill: "#fbe1b0", Line: "#c98a00"}, // orange
	kg.Organization: {Shape: "hexagon", Fill: "#bfe8da", Line: "#009e73"},             // bluish green
	kg.Place:        {Shape: "note", Fill: "#f6f1ad", Line: "#8f8500"},                // yellow
}

// unknownStyle draws an entity whose type is not in the ontology.
var unknownStyle = typeStyle{Shape: "ellipse", Fill: "#e6e6e6", Line: "#666666"}

func styleOf(t kg.EntityType) typeStyle {
	if s, ok := typeStyles[t]; ok {
		return s
	}
	return unknownStyle
}

// Edge colours: asserted relations in dark grey, negated ones in red (Paul
// Tol's vibrant red, which stays distinct for colour-blind readers).
const (
	edgeColor    = "#4d4d4d"
	negatedColor = "#cc3311"
	fontName     = "Helvetica"
)

// locatedPredicates are the relations whose label names their location.
var locatedPredicates = map[string]bool{
	"met_with": true, "signed_agreement_with": true,
	"fought_alongside": true, "fought_against": true, "fought_in": true,
	"sent_troops_to": true, "attacked": true, "invaded": true,
}

// WriteDOT writes g as a Graphviz digraph meant to be looked at: nodes are
// shaped and coloured by type and labelled with canonical names, a legend
// cluster lists the types present (and the line styles of negated and
// reported relations when there are any), edges are labelled with the
// ontology's picture labels plus location, date, role and modality, drawn
// undirected for symmetric relations, thicker with support, dashed when
// reported and dotted red when negated, with the first evidence sentence as
// tooltip.
//
// The output is deterministic: nodes sorted by id, edges in the graph's
// relation order, every string quoted and escaped (non-ASCII kept as UTF-8;
// control characters and line breaks inside names and sentences become
// spaces). WriteDOT draws whatever relations g has, of any modality: filter
// first (Filter.Apply keeps asserted ones by default).
func WriteDOT(w io.Writer, g *kg.Graph) error {
	bw := bufio.NewWriter(w)
	writeDOT(bw, orEmpty(g))
	return writeErr("dot", bw.Flush())
}

func writeDOT(w *bufio.Writer, g *kg.Graph) {
	ents := sortedEntities(g.Entities)
	rels := sortedRelations(g.Relations)
	byID := make(map[string]*kg.Entity, len(ents))
	for i := range ents {
		byID[ents[i].ID] = &ents[i]
	}
	// Ends of relations that have no entity still get a styled node.
	var extra []kg.Entity
	for _, r := range rels {
		for _, id := range []string{r.Subject, r.Object} {
			if _, ok := byID[id]; !ok {
				extra = append(extra, kg.Entity{ID: id, Name: nameFromID(id), Type: kg.TypeOfID(id)})
				byID[id] = &extra[len(extra)-1]
			}
		}
	}
	if len(extra) > 0 {
		ents = sortedEntities(append(ents, extra...))
		for i := range ents {
			byID[ents[i].ID] = &ents[i]
		}
	}

	fmt.Fprintf(w, "// entigraph: %d entities, %d relations\n", len(ents), len(rels))
	w.WriteString("digraph entigraph {\n")
	fmt.Fprintf(w, "\tgraph [rankdir=LR, overlap=false, splines=true, nodesep=0.3, ranksep=0.7, pad=0.3, bgcolor=\"white\", charset=\"UTF-8\", fontname=%s, fontsize=12];\n", q(fontName))
	fmt.Fprintf(w, "\tnode [fontname=%s, fontsize=12, style=\"filled\", penwidth=1.4, margin=\"0.12,0.05\"];\n", q(fontName))
	fmt.Fprintf(w, "\tedge [fontname=%s, fontsize=10, color=%s, fontcolor=\"#333333\", arrowsize=0.7];\n", q(fontName), q(edgeColor))

	writeLegend(w, ents, rels)

	w.WriteString("\n")
	for i := range ents {
		e := &ents[i]
		st := styleOf(e.Type)
		name := clean(e.Name)
		if name == "" {
			name = nameFromID(e.ID)
		}
		fmt.Fprintf(w, "\t%s [label=%s, %s, tooltip=%s];\n", q(e.ID), q(name), styleAttrs(st), qTip(nodeTooltip(e)))
	}

	if len(rels) > 0 {
		w.WriteString("\n")
	}
	for i := range rels {
		r := &rels[i]
		attrs := []string{"label=" + edgeLabel(r, byID)}
		p, known := kg.PredicateByID(r.Predicate)
		if known && p.Symmetric {
			attrs = append(attrs, "dir=none")
		}
		if pw := penWidth(r.Support); pw != "1" {
			attrs = append(attrs, "penwidth="+pw)
		}
		switch modalityOf(r) {
		case kg.Reported:
			attrs = append(attrs, `style="dashed"`)
		case kg.Negated:
			attrs = append(attrs, `style="dotted"`, "color="+q(negatedColor), "fontcolor="+q(negatedColor))
		}
		if len(r.Evidence) > 0 {
			tip := clean(r.Evidence[0].Sentence)
			if d := clean(r.Evidence[0].Doc); d != "" {
				tip += " [" + d + "]"
			}
			attrs = append(attrs, "tooltip="+qTip(tip))
		}
		fmt.Fprintf(w, "\t%s -> %s [%s];\n", q(r.Subject), q(r.Object), strings.Join(attrs, ", "))
	}
	w.WriteString("}\n")
}

// writeLegend writes the legend cluster: one sample node per type present
// and one line of text per non-asserted modality present, stacked in one
// column.
func writeLegend(w *bufio.Writer, ents []kg.Entity, rels []kg.Relation) {
	present := map[kg.EntityType]bool{}
	for i := range ents {
		present[ents[i].Type] = true
	}
	var types []kg.EntityType
	for _, t := range kg.EntityTypes {
		if present[t] {
			types = append(types, t)
		}
	}
	mods := map[string]bool{}
	for i := range rels {
		mods[modalityOf(&rels[i])] = true
	}
	if len(types) == 0 {
		return
	}
	// One statement per entry, top to bottom.
	var stmts []string
	for _, t := range types {
		id := "_legend_" + string(t)
		stmts = append(stmts, fmt.Sprintf("%s [label=%s, %s, fontsize=10, tooltip=%s];", q(id), q(string(t)), styleAttrs(styleOf(t)), qTip("entity type "+string(t))))
	}
	// Non-asserted relations: their line style drawn in text, so the legend
	// stays one compact column.
	for _, m := range []string{kg.Reported, kg.Negated} {
		if !mods[m] {
			continue
		}
		line, font, how := "- - - - ", "", "dashed"
		if m == kg.Negated {
			line, font, how = "· · · · · ", ", fontcolor="+q(negatedColor), "dotted red"
		}
		stmts = append(stmts, fmt.Sprintf("%s [shape=plaintext, style=\"solid\", label=%s, fontsize=10%s, tooltip=%s];", q("_legend_"+m), q(line+m+" relation"), font, qTip(m+" relation: drawn "+how)))
	}
	w.WriteString("\n\tsubgraph cluster_legend {\n")
	w.WriteString("\t\tlabel=\"Legend\"; labeljust=\"l\"; style=\"rounded\"; color=\"#9a9a9a\"; fontsize=11; margin=10;\n")
	// With rankdir=LR Graphviz stacks one rank's nodes from the bottom up in
	// the order it meets them, so the entries are written in reverse to
	// read from the top. (Invisible edges would pin the order but space the
	// column out.)
	var ids []string
	for i := len(stmts) - 1; i >= 0; i-- {
		fmt.Fprintf(w, "\t\t%s\n", stmts[i])
		ids = append(ids, stmts[i][:strings.IndexByte(stmts[i], ' ')])
	}
	if len(ids) > 1 {
		fmt.Fprintf(w, "\t\t{ rank=same; %s; }\n", strings.Join(ids, "; "))
	}
	w.WriteString("\t}\n")
}

func styleAttrs(st typeStyle) string {
	s := fmt.Sprintf("shape=%s, fillcolor=%s, color=%s", st.Shape, q(st.Fill), q(st.Line))
	if st.Peripheries > 1 {
		s += fmt.Sprintf(", peripheries=%d", st.Peripheries)
	}
	return s
}

// nodeTooltip is the id, then the aliases other than the name.
func nodeTooltip(e *kg.Entity) string {
	var b strings.Builder
	b.WriteString(e.ID)
	if e.Type != "" {
		b.WriteString(" (" + string(e.Type) + ")")
	}
	var other []string
	for _, a := range e.Aliases {
		if a != e.Name {
			other = append(other, clean(a))
		}
	}
	if len(other) > 0 {
		b.WriteString(", also: " + strings.Join(other, "; "))
	}
	return clean(b.String())
}

// edgeLabel returns the quoted DOT label of a relation's edge: the lines
// of labelLines, joined by Graphviz's centred line break.
func edgeLabel(r *kg.Relation, byID map[string]*kg.Entity) string {
	lines := labelLines(r, byID)
	for i := range lines {
		lines[i] = escape(lines[i])
	}
	// \n is Graphviz's centred line break.
	return `"` + strings.Join(lines, `\n`) + `"`
}

// labelLines returns the label of a relation in pictures and graph tools,
// in one or two lines: the picture label (the role for holds_position), the
// location for the relations that carry one, the date, and the modality
// when it is not asserted ("met in Anchorage", "2025-08-15").
func labelLines(r *kg.Relation, byID map[string]*kg.Entity) []string {
	head := strings.ReplaceAll(r.Predicate, "_", " ")
	if p, ok := kg.PredicateByID(r.Predicate); ok && p.Label != "" {
		head = p.Label
	}
	if r.Predicate == "holds_position" {
		head = "holds position"
		if role := clean(r.Role); role != "" {
			head = role
		}
	}
	var where string
	if r.Location != "" && r.Location != r.Object && locatedPredicates[r.Predicate] {
		where = "in " + locationName(r.Location, byID)
		if !endsInPreposition(head) {
			head += " " + where
			where = ""
		}
	}
	if m := modalityOf(r); m != kg.Asserted {
		head += " (" + m + ")"
	}
	lines := []string{clean(head)}
	var second []string
	if where != "" {
		second = append(second, clean(where))
	}
	if r.Date != "" {
		second = append(second, clean(HumanDate(r.Date)))
	}
	if len(second) > 0 {
		lines = append(lines, strings.Join(second, ", "))
	}
	return lines
}

// HumanDate writes an ISO 8601 date as people read it in a label: "15 Aug
// 2025", "Aug 2025", "2025"; an interval ("1931/1945") as its two ends
// joined by an en dash; anything else as it is.
func HumanDate(iso string) string {
	if a, b, ok := strings.Cut(iso, "/"); ok {
		return HumanDate(a) + "–" + HumanDate(b)
	}
	for _, layout := range []struct{ in, out string }{
		{"2006-01-02", "2 Jan 2006"}, {"2006-01", "Jan 2006"},
	} {
		if t, err := time.Parse(layout.in, iso); err == nil {
			return t.Format(layout.out)
		}
	}
	return iso
}

func endsInPreposition(s string) bool {
	i := strings.LastIndexByte(s, ' ')
	switch s[i+1:] {
	case "with", "to", "in", "against", "alongside", "of", "for":
		return true
	}
	return false
}

func locationName(id string, byID map[string]*kg.Entity) string {
	if e, ok := byID[id]; ok && clean(e.Name) != "" {
		return e.Name
	}
	return nameFromID(id)
}

// nameFromID makes a readable name of an id whose entity is not in the
// graph: "place/joint-base" -> "Joint Base".
func nameFromID(id string) string {
	slug := id[strings.IndexByte(id, '/')+1:]
	words := strings.FieldsFunc(slug, func(r rune) bool { return r == '-' || r == '_' })
	for i, w := range words {
		rs := []rune(w)
		rs[0] = unicode.ToUpper(rs[0])
		words[i] = string(rs)
	}
	if len(words) == 0 {
		return id
	}
	return strings.Join(words, " ")
}

// penWidth grows with support: 1 + log2(support), at most 6.
func penWidth(support int) string {
	if support <= 1 {
		return "1"
	}
	pw := math.Min(1+math.Log2(float64(support)), 6)
	return strconv.FormatFloat(math.Round(pw*100)/100, 'f', -1, 64)
}

// clean turns control characters and line breaks into spaces, joins runs
// of white space, drops the two code points XML forbids (U+FFFE, U+FFFF:
// SVG is XML) and turns invalid UTF-8 into U+FFFD, so a name or sentence
// stays on one line and every output format can carry it.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r):
			return ' '
		case r == 0xFFFE || r == 0xFFFF:
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// escape escapes s for the inside of a DOT double-quoted string whose value
// Graphviz reads as an escString: a backslash is doubled, so that "\N" or
// "\n" in a name stays text; a double quote gets a backslash; and an
// ampersand is written "&amp;", since Graphviz decodes HTML entities in
// labels and tooltips ("&#945;" would otherwise become "α"). Everything
// else, non-ASCII included, is written as UTF-8.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// q quotes s as a DOT string, after clean and escape.
func q(s string) string { return `"` + escape(clean(s)) + `"` }

// qTip quotes s as a DOT tooltip. Graphviz expands \N, \G, \E, \T and \H
// in tooltips even after a doubled backslash, and treats "\\" differently
// in node and edge tooltips (checked with Graphviz 2.42 and 12.1), so no
// escaping keeps a backslash there: tooltips show each backslash as the
// look-alike U+29F5 (⧵). Labels keep real backslashes.
func qTip(s string) string {
	return `"` + escape(strings.ReplaceAll(clean(s), `\`, "\u29f5")) + `"`
}
