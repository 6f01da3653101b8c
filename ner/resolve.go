package ner

import (
	"sort"
	"strings"
	"unicode"

	"github.com/entigraph/entigraph/internal/ascii"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner/gazetteer"
	"github.com/entigraph/entigraph/resolve"
	"golang.org/x/text/unicode/norm"
)

// cluster is one entity being built.
type cluster struct {
	typ     kg.EntityType
	name    string // canonical name
	sameAs  []string
	members []*cand
}

// resolve links candidates to entities within the document and fills
// ann.Mentions and ann.Entities.
//
// Persons: every multi-word person name found on firm evidence is a full
// name. Full names merge when one's words are a subsequence of the other's
// ("Donald Trump", "Donald J. Trump") or when they differ only in a
// transliterated ending ("Zelenskyy", "Zelenskiy", "Zelensky"). A bare word
// ("Kim", "Putin", "Mr Trump") joins the full name containing it whose last
// mention before it is the most recent ("Kim Jong Un" ... "Kim Yo Jong" ...
// "Kim" is Kim Yo Jong); with no full name before, the only full name after
// it. The canonical name is the longest full form.
//
// Countries resolve to the gazetteer's common name with its Wikidata IRI.
// Organizations and places merge by spelling, and an acronym joins the name
// whose initials it spells or that it follows in parentheses
// ("International Atomic Energy Agency ... IAEA").
//
// Weak candidates survive only when they name an entity found on firm
// evidence (or a full name they are part of).
func (a *Annotator) resolve(st *docState, ann *kg.Annotated) {
	var clusters []*cluster
	byKey := map[string]*cluster{} // type + key -> cluster

	keyOf := func(t kg.EntityType, s string) string { return string(t) + "\x00" + gazetteer.Key(s) }

	// 1. Countries (and territories, capitals as places) from the gazetteer.
	for _, c := range st.cands {
		if c.canonical == "" {
			continue
		}
		k := keyOf(c.typ, c.canonical)
		cl := byKey[k]
		if cl == nil {
			cl = &cluster{typ: c.typ, name: c.canonical}
			if c.country != nil && c.country.Wikidata != "" && c.typ == kg.Country {
				cl.sameAs = []string{c.country.Wikidata}
			}
			byKey[k] = cl
			clusters = append(clusters, cl)
		}
		cl.members = append(cl.members, c)
	}

	// 2. Full person names.
	var persons []*cluster
	names := newNameIndex()
	for _, c := range st.cands {
		if c.canonical != "" || c.typ != kg.Person || len(c.words) < 2 || c.weak {
			continue
		}
		i := names.first(wordKeysOf(c), samePersonKeys)
		if i < 0 {
			i = len(persons)
			persons = append(persons, &cluster{typ: kg.Person})
		}
		persons[i].members = append(persons[i].members, c)
		names.add(wordKeysOf(c), i)
	}
	// Weak multi-word person names join a firm full name they match.
	for _, c := range st.cands {
		if c.canonical != "" || c.typ != kg.Person || len(c.words) < 2 || !c.weak {
			continue
		}
		if i := names.first(wordKeysOf(c), samePersonKeys); i >= 0 {
			persons[i].members = append(persons[i].members, c)
			names.add(wordKeysOf(c), i)
			c.weak = false
		}
	}
	for _, p := range persons {
		p.name = longestName(st.text, p.members)
	}

	// 3. Bare words: persons first, then prose's mistyped surnames
	// ("Gerasimov" as GPE).
	full := newFullNames(persons)
	for _, c := range st.cands {
		if c.canonical != "" || len(c.words) != 1 || c.acronym {
			continue
		}
		if i := full.pickPerson(c); i >= 0 {
			c.typ = kg.Person
			c.kind = kg.KindSurname
			c.weak = false
			c.person = true
			persons[i].members = append(persons[i].members, c)
			continue
		}
	}
	inPersons := map[*cand]bool{}
	for _, p := range persons {
		for _, c := range p.members {
			inPersons[c] = true
		}
	}

	// 4. The rest: organizations, places, unresolved persons. Organizations
	// and places group by spelling whatever their type, and the group takes
	// the type most of its firm members have (ties: Organization): prose
	// calls "Kremlin" a FACILITY in one sentence, the rules an
	// Organization in another.
	type group struct {
		cl        *cluster
		votes     map[kg.EntityType]int // firm mentions' types
		softVotes map[kg.EntityType]int // types chosen on weak cues
	}
	groups := map[string]*group{}
	var order []string
	for _, c := range st.cands {
		if c.canonical != "" || inPersons[c] {
			continue
		}
		if c.typ == kg.Person && c.weak || c.short {
			continue
		}
		var k string
		if c.typ == kg.Person {
			k = "person\x00" + gazetteer.Key(st.text[c.start:c.end])
		} else {
			// "Hyundai Motors Corporation" and "Hyundai Motors": one
			// organization, its legal form aside.
			k = gazetteer.Key(resolve.OrgName(st.text[c.start:c.end]))
		}
		g := groups[k]
		if g == nil {
			g = &group{cl: &cluster{typ: c.typ}, votes: map[kg.EntityType]int{}, softVotes: map[kg.EntityType]int{}}
			groups[k] = g
			order = append(order, k)
		}
		g.cl.members = append(g.cl.members, c)
		switch {
		case c.weak:
		case c.soft:
			g.softVotes[c.typ]++
		default:
			g.votes[c.typ]++
		}
	}
	for _, k := range order {
		g := groups[k]
		votes := g.votes
		if len(votes) == 0 {
			votes = g.softVotes // soft types decide only where nothing firmer did
		}
		if len(votes) == 0 {
			continue // weak only
		}
		best, bn := kg.Organization, -1
		for _, t := range []kg.EntityType{kg.Organization, kg.Place, kg.Person} {
			if n, ok := votes[t]; ok && n > bn {
				best, bn = t, n
			}
		}
		g.cl.typ = best
		clusters = append(clusters, g.cl)
	}
	linkAcronyms(st.text, clusters)
	a.joinMisspellings(st.text, clusters)
	resolveShort(st, clusters)
	clusters = append(clusters, persons...)

	// 5. Names, ids, mentions, entities.
	candAt := map[int]bool{} // where an entity's mention starts, for the junk rules
	for _, cl := range clusters {
		for _, c := range cl.members {
			candAt[c.start] = true
		}
	}
	byID := map[string]*kg.Entity{}
	for _, cl := range clusters {
		if len(cl.members) == 0 {
			continue
		}
		if cl.name == "" {
			cl.name = longestName(st.text, cl.members)
		}
		if cl.sameAs == nil && (a.junkName(cl.name, cl.typ) != "" || workTitle(st.text, cl.members, candAt)) {
			continue // junk.go: times, counters, page furniture, events, works
		}
		id := kg.EntityID(cl.typ, cl.name)
		e := byID[id]
		if e == nil {
			e = &kg.Entity{ID: id, Name: cl.name, Type: cl.typ, Documents: 1, SameAs: []string{}}
			byID[id] = e
		}
		e.SameAs = appendUnique(e.SameAs, cl.sameAs...)
		if ann.Mentions == nil {
			ann.Mentions = make([]kg.Mention, 0, len(st.cands)) // at most one per candidate
		}
		for _, c := range cl.members {
			m := kg.Mention{Start: c.start, End: c.end, Text: st.text[c.start:c.end], Type: cl.typ, Kind: c.kind,
				Sentence: c.sent.index, Entity: id, Title: c.title, TitleStart: c.start}
			if c.title != "" {
				m.TitleStart = c.titleStart
			}
			ann.Mentions = append(ann.Mentions, m)
			// The distinct texts, in e.Aliases (sorted below): an entity
			// has a few, so a scan beats a set per entity.
			e.Aliases = appendUnique(e.Aliases, m.Text)
			if !c.sent.dup {
				e.Mentions++
			}
		}
	}
	sort.SliceStable(ann.Mentions, func(i, j int) bool { return ann.Mentions[i].Start < ann.Mentions[j].Start })
	// One mention per span: the first cluster to claim it wins.
	ms := ann.Mentions[:0]
	for i, m := range ann.Mentions {
		if i > 0 && m.Start == ann.Mentions[i-1].Start && m.End == ann.Mentions[i-1].End {
			continue
		}
		ms = append(ms, m)
	}
	ann.Mentions = ms
	if len(ms) == 0 {
		ann.Mentions = nil // none, as when nothing was appended
	}
	if len(byID) > 0 {
		ann.Entities = make([]kg.Entity, 0, len(byID))
	}
	for _, e := range byID {
		sort.Strings(e.Aliases)
		ann.Entities = append(ann.Entities, *e)
	}
	sort.Slice(ann.Entities, func(i, j int) bool { return ann.Entities[i].ID < ann.Entities[j].ID })
}

func appendUnique(xs []string, ys ...string) []string {
	for _, y := range ys {
		dup := false
		for _, x := range xs {
			if x == y {
				dup = true
			}
		}
		if !dup {
			xs = append(xs, y)
		}
	}
	return xs
}

// longestName returns the longest member text (the first of equal length),
// for the canonical name.
func longestName(text string, ms []*cand) string {
	best := ""
	for _, c := range ms {
		t := strings.Join(strings.Fields(text[c.start:c.end]), " ")
		if len(c.words) >= 1 && len([]rune(t)) > len([]rune(best)) {
			best = t
		}
	}
	return best
}

// wordKey folds a name word for matching: case, accents, curly quotes, a
// final dot, and the transliterated endings -y/-i/-iy/-yy/-ii.
func wordKey(w string) string {
	w = strings.TrimSuffix(w, ".")
	var s string
	if ascii.Is(w) {
		// ASCII decomposes to itself and has no marks or curly quotes.
		s = strings.ToLower(w)
	} else {
		var b strings.Builder
		for _, r := range norm.NFKD.String(strings.ToLower(w)) {
			if unicode.Is(unicode.Mn, r) {
				continue
			}
			if r == '’' {
				r = '\''
			}
			b.WriteRune(r)
		}
		s = b.String()
	}
	t := strings.TrimRight(s, "iy")
	if len(t) >= 4 && len(t) < len(s) {
		return t + "y"
	}
	return s
}

// wordKeysOf is wordKeys(c.words), made once per candidate: resolution
// compares each candidate with many others.
func wordKeysOf(c *cand) []string {
	if c.keys == nil {
		c.keys = wordKeys(c.words)
	}
	return c.keys
}

func wordKeys(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = wordKey(w)
	}
	return out
}

func subsequence(a, b []string) bool {
	if len(a) < 2 {
		return false
	}
	j := 0
	for _, x := range b {
		if j < len(a) && a[j] == x {
			j++
		}
	}
	return j == len(a) && a[0] == b[0] || j == len(a) && a[len(a)-1] == b[len(b)-1]
}

func initials(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		r := []rune(w)
		if len(r) > 0 && unicode.IsUpper(r[0]) {
			b.WriteRune(r[0])
		}
	}
	return b.String()
}

// linkAcronyms moves acronym members into the organization or place whose
// initials they spell (letters only: "J&J" spells "Johnson & Johnson",
// "U.N." "United Nations"), or which they follow in parentheses ("Security
// Service of Ukraine (SBU)", and "United Nations Assistance Mission in
// Afghanistan (UNAMA)" where the name ends before "in"); of several, the
// last in clusters' order. The clusters that can take an acronym are filed
// by their members' initials and by where an acronym in parentheses after a
// member would start, so each acronym costs lookups, not a pass over every
// mention.
func linkAcronyms(text string, clusters []*cluster) {
	byInitials := map[string][]int{}
	parenAt := map[int][]int{}
	type tail struct {
		i   int
		key string // the initials of the name and the words before "("
	}
	tailAt := map[int][]tail{}
	file := func(i int, ms []*cand) {
		for _, m := range ms {
			full := text[m.start:m.end]
			k := initials(full)
			byInitials[k] = append(byInitials[k], i)
			if p, ok := parenAfter(text, m.end); ok {
				parenAt[p] = append(parenAt[p], i)
			}
			if p, key, ok := tailParenAfter(text, m.end, full); ok {
				tailAt[p] = append(tailAt[p], tail{i, key})
			}
		}
	}
	for i, cl := range clusters {
		if len(cl.members) > 0 && !cl.members[0].acronym && (cl.typ == kg.Organization || cl.typ == kg.Place) {
			file(i, cl.members)
		}
	}
	for _, ac := range clusters {
		if len(ac.members) == 0 || !ac.members[0].acronym {
			continue
		}
		acr := resolve.AcronymKey(text[ac.members[0].start:ac.members[0].end])
		target := -1
		for _, i := range byInitials[acr] {
			target = max(target, i)
		}
		for _, am := range ac.members {
			for _, i := range parenAt[am.start] {
				target = max(target, i)
			}
			for _, t := range tailAt[am.start] {
				if t.key == acr {
					target = max(target, t.i)
				}
			}
		}
		if target >= 0 {
			file(target, ac.members)
			clusters[target].members = append(clusters[target].members, ac.members...)
			ac.members = nil
		}
	}
}

// parenAfter returns where a name in parentheses right after a name ending
// at end starts: after white space, an optional possessive, white space, an
// opening parenthesis and white space ("Security Service of Ukraine (SBU)",
// "Security Service of Ukraine's (SBU) operation").
func parenAfter(text string, end int) (int, bool) {
	s := strings.TrimLeftFunc(text[end:], unicode.IsSpace)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "'s"), "’s")
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if !strings.HasPrefix(s, "(") {
		return 0, false
	}
	s = strings.TrimLeftFunc(s[1:], unicode.IsSpace)
	return len(text) - len(s), true
}

// joinMisspellings merges an organization or place whose name is a
// misspelling of another's in the document (resolve.Misspelt: "Untied
// Nations" beside "United Nations") into it. The right spelling is the one
// organizations.txt knows, else the one written more often; on a tie
// nothing is joined (which one is the typo cannot be told).
func (a *Annotator) joinMisspellings(text string, clusters []*cluster) {
	// Only names Misspelt may accept: two words or more, ten letters or
	// more (most documents have none or a few).
	var cls []*cluster
	var names []string
	for _, cl := range clusters {
		if len(cl.members) == 0 || cl.members[0].acronym || (cl.typ != kg.Organization && cl.typ != kg.Place) {
			continue
		}
		if n := longestName(text, cl.members); len(n) >= 10 && strings.IndexByte(n, ' ') > 0 {
			cls, names = append(cls, cl), append(names, n)
		}
	}
	for i, x := range cls {
		for j := i + 1; j < len(cls); j++ {
			y := cls[j]
			if len(x.members) == 0 || len(y.members) == 0 || !resolve.Misspelt(names[i], names[j]) {
				continue
			}
			kx, ky := a.lex.orgNames[strings.ToLower(names[i])], a.lex.orgNames[strings.ToLower(names[j])]
			right, wrong, name := x, y, names[i]
			switch {
			case kx && !ky:
			case ky && !kx:
				right, wrong, name = y, x, names[j]
			case len(x.members) > len(y.members):
			case len(y.members) > len(x.members):
				right, wrong, name = y, x, names[j]
			default:
				continue
			}
			right.name = name
			right.members = append(right.members, wrong.members...)
			wrong.members = nil
		}
	}
}

// resolveShort links each generic head written alone ("the Commission",
// "the Alliance", "Ministry spokesman") to the one organization or place
// of the document whose name, of two words or more, starts or ends with
// that word ("European Commission", "Renault-Nissan Alliance", "Ministry
// of Defence"). With none, or two that fit ("European Commission" and
// "Electoral Commission"), the word names nothing the reader can tell and
// is dropped.
func resolveShort(st *docState, clusters []*cluster) {
	for _, c := range st.cands {
		if !c.short {
			continue
		}
		head := gazetteer.Key(st.text[c.start:c.end])
		var target *cluster
		n := 0
		for _, cl := range clusters {
			if len(cl.members) == 0 || (cl.typ != kg.Organization && cl.typ != kg.Place) {
				continue
			}
			for _, m := range cl.members {
				ws := strings.Fields(st.text[m.start:m.end])
				if len(ws) >= 2 && (gazetteer.Key(ws[len(ws)-1]) == head || gazetteer.Key(ws[0]) == head) {
					if cl != target {
						target = cl
						n++
					}
					break
				}
			}
		}
		if n == 1 {
			target.members = append(target.members, c)
		}
	}
}

// generation returns a name's generational suffix ("jr", "sr", "ii",
// "iii"), or "".
func generation(ks []string) string {
	if len(ks) == 0 {
		return ""
	}
	switch l := strings.TrimSuffix(ks[len(ks)-1], ","); l {
	case "jr", "sr", "ii", "iii", "iv":
		return l
	}
	return ""
}

// tailParenAfter returns where an acronym would start after a name ending
// at end that the text continues with a connector and two to four
// capitalised words and an opening parenthesis (" in Afghanistan ("), with
// the initials of the name and those words.
func tailParenAfter(text string, end int, full string) (int, string, bool) {
	rest := text[end:]
	i := strings.IndexByte(rest, '(')
	if i < 0 || i > 80 {
		return 0, "", false
	}
	ws := strings.Fields(rest[:i])
	if len(ws) < 2 || len(ws) > 5 || !nameConnectors[strings.ToLower(ws[0])] {
		return 0, "", false
	}
	p := end + i + 1
	for p < len(text) && (text[p] == ' ' || text[p] == '\t' || text[p] == '\n') {
		p++
	}
	return p, initials(full + " " + strings.Join(ws[1:], " ")), true
}
