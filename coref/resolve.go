package coref

import (
	"sort"
	"strings"

	"github.com/entigraph/entigraph/kg"
)

// pronounWindow is how many sentences back a pronoun looks (Lee et al.
// 2013 use three for pronouns).
const pronounWindow = 3

// cand is one earlier mention of an entity: a name, or an anaphor already
// resolved.
type cand struct {
	ent    string
	sent   int
	tok    int // first token
	role   Role
	quoted bool
}

// pair is two entities written "X and Y" (or the two of one sentence).
type pair struct {
	a, b string
	sent int
	tok  int
	role Role
}

type docState struct {
	a           *kg.Annotated
	role        RoleFunc
	ents        map[string]*entInfo
	covered     []bool // token inside a name mention (title included)
	coveredKind []kg.MentionKind
	mentionAtTk map[int][]int // first token -> indexes into a.Mentions
	cands       []cand
	pairs       []pair
	quoted      []bool         // token inside quotation marks
	described   map[int]string // token of a linked description -> its entity
}

func newDocState(a *kg.Annotated, role RoleFunc) *docState {
	d := &docState{
		a:           a,
		role:        role,
		ents:        make(map[string]*entInfo, len(a.Entities)),
		covered:     make([]bool, len(a.Tokens)),
		coveredKind: make([]kg.MentionKind, len(a.Tokens)),
		mentionAtTk: map[int][]int{},
		quoted:      make([]bool, len(a.Tokens)),
		described:   map[int]string{},
	}
	for i := range a.Entities {
		e := &a.Entities[i]
		d.ents[e.ID] = newEntInfo(e)
	}
	for mi, m := range a.Mentions {
		first := d.tokenAt(min(m.TitleStart, m.Start))
		if first < 0 {
			continue
		}
		for k := first; k < len(a.Tokens) && a.Tokens[k].Start < m.End; k++ {
			d.covered[k] = true
			d.coveredKind[k] = m.Kind
		}
		d.mentionAtTk[first] = append(d.mentionAtTk[first], mi)
		if e := d.ents[m.Entity]; e != nil {
			e.addTitle(m.Title)
		}
	}
	// Nationality: a Country mention ending right before a Person's
	// title or name, "'s" allowed between.
	for mi := 1; mi < len(a.Mentions); mi++ {
		m, p := &a.Mentions[mi], &a.Mentions[mi-1]
		if m.Type != kg.Person || p.Type != kg.Country || p.Sentence != m.Sentence {
			continue
		}
		gap := strings.TrimSpace(a.Doc.Text[p.End:min(m.TitleStart, m.Start)])
		if gap == "" || gap == "'s" || gap == "’s" {
			if e := d.ents[m.Entity]; e != nil {
				if e.nations == nil {
					e.nations = map[string]bool{}
				}
				e.nations[p.Entity] = true
			}
		}
	}
	for si := range a.Sentences {
		d.markQuotes(si)
		d.appositiveTitles(si)
	}
	for i := range a.Entities {
		d.ents[a.Entities[i].ID].guessGender(a.Entities[i].Aliases)
	}
	return d
}

// tokenAt returns the index of the token that starts at or covers offset
// off, or -1.
func (d *docState) tokenAt(off int) int {
	toks := d.a.Tokens
	k := sort.Search(len(toks), func(i int) bool { return toks[i].End > off })
	if k == len(toks) {
		return -1
	}
	return k
}

// lastToken returns the last token of mention m.
func (d *docState) lastToken(first int, m *kg.Mention) int {
	k := first
	for k+1 < len(d.a.Tokens) && d.a.Tokens[k+1].Start < m.End {
		k++
	}
	return k
}

// markQuotes marks the tokens of sentence si that stand inside quotation
// marks. A closing mark with no opening one before it means the sentence
// began inside a quotation; an opening one never closed runs to the end.
func (d *docState) markQuotes(si int) {
	s := d.a.Sentences[si]
	in := false
	for k := s.TokStart; k < s.TokEnd; k++ {
		switch t := d.a.Tokens[k]; {
		case t.Tag == "``" || t.Text == "“":
			in = true
		case t.Tag == "''" || t.Text == "”":
			if !in {
				for j := s.TokStart; j < k; j++ {
					d.quoted[j] = true
				}
			}
			in = false
		case t.Text == `"`:
			in = !in
		default:
			d.quoted[k] = in
		}
	}
}

// appositiveTitles reads "X, the chairman of Y," and "X, Y's president,"
// after a Person mention as a title of X.
func (d *docState) appositiveTitles(si int) {
	s := d.a.Sentences[si]
	toks := d.a.Tokens
	for k := s.TokStart; k < s.TokEnd; k++ {
		for _, mi := range d.mentionAtTk[k] {
			m := &d.a.Mentions[mi]
			if m.Type != kg.Person {
				continue
			}
			j := d.lastToken(k, m) + 1
			if j >= s.TokEnd || toks[j].Text != "," {
				continue
			}
			var words []string
			for j++; j < s.TokEnd && j < k+12; j++ {
				t := toks[j]
				w := strings.ToLower(t.Text)
				if t.Text == "," || w == "of" || w == "who" || w == "said" || t.Tag == "." {
					break
				}
				if titleHeads[w] {
					q := ""
					if len(words) > 0 && titleQualifiers[words[len(words)-1]] {
						q = words[len(words)-1] + " "
					}
					if e := d.ents[m.Entity]; e != nil {
						e.addTitle(q + w)
					}
					break
				}
				words = append(words, w)
			}
		}
	}
}

// sentence walks sentence si left to right: name mentions become
// candidates, and each anaphor is resolved against the candidates before it.
func (d *docState) sentence(si int, links *[]Link) {
	s := d.a.Sentences[si]
	toks := d.a.Tokens
	for k := s.TokStart; k < s.TokEnd; k++ {
		if ms := d.mentionAtTk[k]; len(ms) > 0 {
			for _, mi := range ms {
				d.addMention(si, k, mi)
			}
			continue
		}
		if d.covered[k] {
			continue
		}
		if h, end, ok := d.description(k, s.TokEnd); ok {
			if ents := d.resolveDescription(si, k, h); len(ents) > 0 {
				*links = append(*links, d.link(si, k, end, Description, ents))
			}
			k = end - 1
			continue
		}
		w := strings.ToLower(toks[k].Text)
		if p, ok := pronouns[w]; ok {
			if ents := d.resolvePronoun(si, k, p); len(ents) > 0 {
				*links = append(*links, d.link(si, k, k+1, Pronoun, ents))
			}
		}
	}
	if s.Duplicate {
		return
	}
	d.findPairs(si)
}

func (d *docState) link(si, first, end int, kind Kind, ents []string) Link {
	toks := d.a.Tokens
	st, en := toks[first].Start, toks[end-1].End
	sort.Strings(ents)
	// The anaphor becomes a mention of its entity for later pronouns.
	if len(ents) == 2 {
		// "Both said ... They will": the pair stays the topic.
		d.pairs = append(d.pairs, pair{a: ents[0], b: ents[1], sent: si, tok: first, role: d.anaphorRole(si, first, end-1)})
	}
	if len(ents) == 1 {
		for j := first; j < end; j++ {
			d.described[j] = ents[0]
		}
		d.cands = append(d.cands, cand{ent: ents[0], sent: si, tok: first,
			role: d.anaphorRole(si, first, end-1), quoted: d.quoted[first]})
	}
	return Link{Start: st, End: en, Text: d.a.Doc.Text[st:en], Sentence: si, Kind: kind, Entities: ents}
}

func (d *docState) addMention(si, first, mi int) {
	m := &d.a.Mentions[mi]
	if _, ok := d.ents[m.Entity]; !ok {
		return
	}
	last := d.lastToken(first, m)
	role := d.role(d.a, si, first, last)
	if m.Kind == kg.KindDemonym {
		role = Other
	}
	d.cands = append(d.cands, cand{ent: m.Entity, sent: si, tok: first, role: role, quoted: d.quoted[first]})
}

// findPairs records "X and Y" in sentence si: two mentions of distinct
// entities of one type joined by "and" (demonyms and titles may stand
// before the second: "Bill Clinton and Russian President Boris Yeltsin").
func (d *docState) findPairs(si int) {
	var sent []*cand
	for i := len(d.cands) - 1; i >= 0 && d.cands[i].sent == si; i-- {
		if c := &d.cands[i]; !d.isDemonym(c) {
			sent = append(sent, c)
		}
	}
	toks := d.a.Tokens
	for i := len(sent) - 1; i > 0; i-- {
		c, n := sent[i], sent[i-1]
		if c.ent == n.ent || d.ents[c.ent].typ != d.ents[n.ent].typ {
			continue
		}
		ands := 0
		ok := true
		for j := d.endOf(c); j < n.tok; j++ {
			switch {
			case strings.EqualFold(toks[j].Text, "and"):
				ands++
			case d.covered[j] && d.coveredKind[j] == kg.KindDemonym:
			default:
				ok = false
			}
		}
		if ok && ands == 1 {
			d.pairs = append(d.pairs, pair{a: c.ent, b: n.ent, sent: si, tok: c.tok, role: c.role})
		}
	}
}

func (d *docState) isDemonym(c *cand) bool {
	return d.covered[c.tok] && d.coveredKind[c.tok] == kg.KindDemonym && len(d.mentionAtTk[c.tok]) > 0
}

// endOf returns the token after candidate c's expression.
func (d *docState) endOf(c *cand) int {
	for _, mi := range d.mentionAtTk[c.tok] {
		if d.a.Mentions[mi].Entity == c.ent {
			return d.lastToken(c.tok, &d.a.Mentions[mi]) + 1
		}
	}
	return c.tok + 1
}
