package relation

import (
	"strings"

	"github.com/entigraph/entigraph/kg"
)

// titles matches a title frame: a Person whose title follows the name of
// a country or organization, directly or through a possessive:
// "Ukrainian President Volodymyr Zelenskyy", "Kremlin spokesman Dmitri
// Peskov", "North Korea's leader Kim Jong Un". The role is the ner stage's
// Mention.Title; when the ner stage split off no title (or only an
// honorific), the words between the two names must be a role of the
// table's lexicon.
func (v *view) titles(t *table, f *frame) []cand {
	var out []cand
	if t.Predicate == "member_of" {
		out = v.partyOf(t, f)
	}
	for k, m := range v.ms {
		if m.Type != kg.Person {
			continue
		}
		role := ""
		if m.Title != "" && !t.honor[m.Title] && m.tt < m.t0 {
			role = m.Title
		}
		// The organization: the mention that ends just before the title
		// (or, without a title, the nearest mention before the name).
		o := m.mod
		if o < 0 && k > 0 {
			o = k - 1
		}
		if o < 0 || v.ms[o].Type == kg.Person {
			continue
		}
		om := v.ms[o]
		j := om.t1
		if om.poss {
			j++
		}
		if j < m.tt && v.toks[j].Text == ")" {
			j++ // "Indonesian Democratic Party (PDI) leader Megawati Sukarnoputri"
		}
		if role == "" {
			// Words between the organization and the name (an honorific
			// the ner stage split off excluded).
			stop := m.t0
			if m.Title != "" && t.honor[m.Title] {
				stop = m.tt
			}
			if j >= stop {
				continue
			}
			role = t.role(v.words(j, stop))
			if role == "" {
				continue
			}
		} else if j != m.tt {
			// The ner stage split off only the title's last word
			// ("Russian security chief Alexander Lebed": "chief"), or a
			// form of address ("Hamas founder Sheikh Ahmed Yassin").
			r := ""
			if j < m.tt {
				if r = t.role(v.words(j, m.t0)); r == "" {
					r = t.role(v.words(j, m.tt))
				}
			}
			if r == "" {
				continue
			}
			role = r
		}
		if !t.accept(role, om.Type) || (om.u0 > 0 && t.exclude[v.toks[om.u0-1].low]) {
			continue // "former US President Barack Obama"
		}
		if om.Type == kg.Organization && genericBody(om.Text) {
			continue // "Foreign Ministry spokesman Shen Guofang": whose ministry?
		}
		if t.Predicate != "holds_position" {
			// Another table's title frame (member_of's team): only its
			// own nouns, and a member's noun is no post.
			if t.role(strings.Fields(role)) == "" {
				continue
			}
			role = ""
		}
		out = append(out, cand{t: t, subj: k, obj: o, modality: kg.Asserted, role: t.present(role), frame: f.Name})
	}
	return out
}

// appositives matches "Valery Gerasimov, the chief of staff of Russia's
// armed forces", "Vasyl Maliuk, the head of the SBU", "Sergei Lavrov, the
// Russian foreign minister": a Person, a comma, an article, a role of the
// lexicon, and the country or organization either before the role (a
// demonym) or after one of the frame's prepositions.
func (v *view) appositives(t *table, f *frame) []cand {
	out := append(append(v.preAppositives(t, f), v.counterparts(t, f)...), v.ledBy(t, f)...)
	n := len(v.toks)
	for k, m := range v.ms {
		if m.Type != kg.Person || m.poss {
			continue
		}
		j := m.t1
		if j+2 >= n || v.toks[j].Text != "," {
			continue
		}
		j++
		// Possessive form: "Garrett Lambert, Canada's high commissioner
		// in Hong Kong", "Juan Domingo Peron, Argentina's famed populist
		// leader".
		if o := v.nameAt[j]; o >= 0 && v.ms[o].t0 == j && v.ms[o].poss && v.ms[o].Type != kg.Person {
			if role := v.roleAfter(t, v.ms[o].t1+1); role != "" && t.accept(role, v.ms[o].Type) && !genericBody(v.ms[o].Text) {
				out = append(out, cand{t: t, subj: k, obj: o, modality: kg.Asserted, role: t.present(role), frame: f.Name})
			}
			continue
		}
		switch v.toks[j].low {
		case "the", "a", "an":
			j++ // else Reuters' article-less apposition: "Kate Michelman, president of ..."
		}
		// Demonym form: ", the Russian foreign minister".
		// Without the article too: "Craig Stromme, U.S. embassy
		// spokesman in Jakarta"; the role may end at a preposition: "the
		// U.S. Under-Secretary of State for International Organisations".
		// Not a capital: "George Garang, Nairobi spokesman for the SPLA"
		// says where, not whose.
		if o := v.nameAt[j]; o >= 0 && v.ms[o].Type != kg.Person && v.ms[o].t0 == j && !v.ms[o].poss && v.ms[o].Kind != kg.KindCapital {
			s := v.ms[o].t1
			if s+1 < n && v.toks[s].low == "embassy" && isPossessive(v.toks[s+1]) {
				s += 2 // "the Iraqi embassy's press attache": a post of the country's
			}
			e := s
			for e < n && v.nameAt[e] < 0 && !v.toks[e].boundary() && !v.toks[e].verb() {
				e++
			}
			prep := false
			for x := s; x < e; x++ {
				prep = prep || v.toks[x].Tag == "IN" || v.toks[x].Tag == "TO"
			}
			if e < n && v.nameAt[e] >= 0 && !prep {
				continue // "Ramaphosa, Italian Prime Minister Giorgia Meloni": a list
			}
			role := ""
			if e >= n || v.toks[e].boundary() || v.toks[e].verb() {
				role = t.role(v.words(s, e))
			}
			if role == "" && prep {
				role = v.roleAfter(t, s)
			}
			if t.accept(role, v.ms[o].Type) && !genericBody(v.ms[o].Text) {
				out = append(out, cand{t: t, subj: k, obj: o, modality: kg.Asserted, role: t.present(role), frame: f.Name})
			}
			continue
		}
		// Preposition form: the first name after the role, which must
		// follow one of the frame's prepositions (and maybe an article).
		s := j
		e := j
		for e < n && e < j+8 && v.nameAt[e] < 0 && !v.toks[e].boundary() && (!v.toks[e].verb() || t.modifiers[v.toks[e].low] || len(v.innerAt[e]) > 0) {
			e++ // "managing director", "the New York-based group"
		}
		if e >= n || v.nameAt[e] < 0 {
			continue
		}
		o := v.nameAt[e]
		p := e - 1
		if p > s && orgNouns[v.toks[p].low] {
			// "of the New York-based group Human Rights in China", "of
			// the industry-funded National Automobile ... Campaign"
			for p--; p > s && (v.toks[p].adj() || v.toks[p].Tag == "NNP" || len(v.innerAt[p]) > 0 || strings.Contains(v.toks[p].low, "-")) && v.nameAt[p] < 0; p-- {
			}
		} else if p > s && v.toks[p].adj() && strings.Contains(v.toks[p].low, "-") {
			p--
		} else if x := p; x > s+1 && (v.toks[x].noun() || v.toks[x].adj()) && lowerWord(v.toks[x].low) {
			// "leader of the main opposition Pakistan Muslim League": up
			// to three lower-case words between the article and the name.
			for x > s && x > p-3 && (v.toks[x].noun() || v.toks[x].adj()) && lowerWord(v.toks[x].low) {
				x--
			}
			if v.toks[x].low == "the" {
				p = x
			}
		}
		if p > s && (v.toks[p].low == "the" || v.toks[p].det()) {
			p--
		}
		if p <= s || !f.preps[v.toks[p].low] {
			continue
		}
		role := t.role(v.words(s, p))
		if role == "" {
			continue
		}
		// "of Russia's armed forces" -> Russia; "at Seoul's Institute
		// for Far Eastern Studies" -> the Institute.
		if o+1 < len(v.ms) && v.ms[o+1].mod == o && v.ms[o+1].Type != kg.Person {
			o++
		} else if v.ms[o].poss || v.ms[o].Kind == kg.KindCapital {
			// "leader of France's Communist-led CGT union": France's
			// something else; "security chief of Buenos Aires
			// province": the city's, not the country's.
			continue
		}
		if v.ms[o].Type == kg.Person || !t.accept(role, v.ms[o].Type) || genericBody(v.ms[o].Text) {
			continue
		}
		out = append(out, cand{t: t, subj: k, obj: o, modality: kg.Asserted, role: t.present(role), frame: f.Name})
	}
	return out
}

// preAppositives matches the role before the name: "Russia's top military
// officer, Chief of Staff Valery Gerasimov", "Ukraine's top military chief,
// Gen. Oleksandr Syrskyi": a country or organization with "'s", a role of
// the lexicon, a comma, and the person.
func (v *view) preAppositives(t *table, f *frame) []cand {
	var out []cand
	for k, m := range v.ms {
		if m.Type != kg.Person || m.u0 < 4 || v.toks[m.u0-1].Text != "," {
			continue
		}
		c := m.u0 - 1
		j := c - 1
		// Back to the possessive, over the role and a "to" or "in"
		// phrase after it (names included: "deputy representative to
		// the United Nations").
		for j >= 0 && j > c-9 && !v.toks[j].boundary() && !isPossessive(v.toks[j]) {
			j--
		}
		if j < 1 || !isPossessive(v.toks[j]) {
			continue
		}
		o := v.nameAt[j-1]
		if o < 0 || v.ms[o].Type == kg.Person || !v.ms[o].poss || v.ms[o].t1 != j {
			continue
		}
		role := t.role(v.words(j+1, c))
		if role == "" {
			// "Iran's deputy representative to the United Nations, Majid
			// Takht Ravanchi": the role before its "to" phrase.
			role = v.roleAfter(t, j+1)
		}
		if !t.accept(role, v.ms[o].Type) || (v.ms[o].u0 > 0 && t.exclude[v.toks[v.ms[o].u0-1].low]) {
			continue
		}
		out = append(out, cand{t: t, subj: k, obj: o, modality: kg.Asserted, role: t.present(role), frame: f.Name})
	}
	return out
}

// partyOf matches "Prime Minister Ryutaro Hashimoto's Liberal Democratic
// Party", "a member of Samper's own Liberal Party": a person's party
// (annotation.md 21: "his Likud government"), an Organization named
// "... Party" right after the person's "'s" (and "own").
func (v *view) partyOf(t *table, f *frame) []cand {
	var out []cand
	for k, m := range v.ms {
		if m.Type != kg.Person || !m.poss || k+1 >= len(v.ms) {
			continue
		}
		j := m.t1 + 1
		if j < len(v.toks) && v.toks[j].low == "own" {
			j++
		}
		o := v.ms[k+1]
		if o.Type != kg.Organization || o.t0 != j || !strings.HasSuffix(o.Text, " Party") {
			continue
		}
		out = append(out, cand{t: t, subj: k, obj: k + 1, modality: kg.Asserted, frame: f.Name})
	}
	return out
}

// roleAfter reads a role starting at token j and ending at a boundary, a
// verb, a name or a preposition ("high commissioner in Hong Kong",
// "deputy representative to the United Nations"), adjectives before it
// dropped ("famed populist leader"); "" when the words are no role.
func (v *view) roleAfter(t *table, j int) string {
	e := j
	for e < len(v.toks) && e < j+6 && v.nameAt[e] < 0 && !v.toks[e].boundary() && !v.toks[e].verb() && v.toks[e].Tag != "IN" && v.toks[e].Tag != "TO" {
		e++
	}
	for s := j; s < e; s++ {
		if r := t.role(v.words(s, e)); r != "" {
			return r
		}
		if !v.toks[s].adj() {
			break
		}
	}
	return ""
}

// counterparts matches "his Brazilian counterpart Fernando Henrique
// Cardoso", "his Chinese counterpart, Tang Jiaxuan": a possessive
// determiner, a Country (a demonym), "counterpart" and the person, who
// holds the post of the one the determiner stands for in that country.
// The role is the nearest earlier person's title when it is one the
// country can give ("South Korean deputy Foreign Minister Lee Ki-choo and
// his Chinese counterpart Tang Jiaxuan"), else "counterpart".
func (v *view) counterparts(t *table, f *frame) []cand {
	var out []cand
	for k, m := range v.ms {
		if m.Type != kg.Person || m.tt < 4 {
			continue
		}
		j := m.tt - 1
		if v.toks[j].Text == "," {
			j--
		}
		if j < 2 || v.toks[j].low != "counterpart" {
			continue
		}
		o := v.nameAt[j-1]
		if o < 0 || v.ms[o].Type != kg.Country || v.ms[o].t1 != j || v.ms[o].u0 < 1 || !v.toks[v.ms[o].u0-1].det() ||
			v.ms[o].Kind == kg.KindCapital {
			continue
		}
		role := "counterpart"
		for p := k - 1; p >= 0; p-- {
			if v.ms[p].Type == kg.Person {
				if r := t.present(v.ms[p].Title); r != "" && t.accept(r, kg.Country) {
					role = r
				}
				break
			}
		}
		out = append(out, cand{t: t, subj: k, obj: o, modality: kg.Asserted, role: role, frame: f.Name})
	}
	return out
}

// ledBy matches "The KDP, led by Massoud Barzani,", "the BNP, headed by
// former prime minister Begum Khaleda Zia": an Organization, a comma,
// "led by" or "headed by", and the person (a title between allowed), who
// holds the post of its leader or head.
func (v *view) ledBy(t *table, f *frame) []cand {
	var out []cand
	n := len(v.toks)
	for k, m := range v.ms {
		if m.Type != kg.Organization || m.t1+3 >= n || v.toks[m.t1].Text != "," || v.toks[m.t1+2].low != "by" {
			continue
		}
		role := ""
		switch v.toks[m.t1+1].low {
		case "led":
			role = "leader"
		case "headed":
			role = "head"
		default:
			continue
		}
		j := m.t1 + 3
		p := v.nameAt[j]
		for p < 0 && j < n && j < m.t1+7 && (v.toks[j].low == "former" || lowerWord(v.toks[j].low) && !v.toks[j].verb()) {
			j++ // "headed by former prime minister Begum Khaleda Zia"
			if j < n {
				p = v.nameAt[j]
			}
		}
		if p < 0 || v.ms[p].Type != kg.Person || v.ms[p].poss || v.ms[p].tt > j || genericBody(m.Text) {
			continue
		}
		out = append(out, cand{t: t, subj: p, obj: k, modality: kg.Asserted, role: role, frame: f.Name})
	}
	return out
}

// genericWords name a kind of body, not which one: an Organization whose
// name is made of them alone ("Foreign Ministry", "Supreme Court",
// "Democratic Party"; or a piece of a title the ner stage split off,
// "Financial" of "Financial Secretary") is some country's, and the rules
// do not tie a person or a place to it.
var genericWords = map[string]bool{
	"foreign": true, "interior": true, "defence": true, "defense": true, "finance": true, "financial": true,
	"agriculture": true, "information": true, "justice": true, "health": true, "education": true, "trade": true,
	"economy": true, "supreme": true, "court": true, "democratic": true, "socialist": true, "party": true,
	"central": true, "bank": true, "cooperative": true, "parliamentary": true, "legal": true,
	"social": true, "welfare": true, "affairs": true, "secretary": true, "ministry": true,
	"public": true, "service": true, "co-premiers": true, "and": true, "of": true, "the": true,
}

// genericBody reports whether a name is made of genericWords alone;
// "labour" counts only beside others ("Labour and Social" of a portfolio,
// not Israel's or Britain's Labour party).
func genericBody(name string) bool {
	ws := strings.Fields(strings.ToLower(name))
	for _, w := range ws {
		if !genericWords[w] && !(len(ws) > 1 && (w == "labour" || w == "labor")) {
			return false
		}
	}
	return len(ws) > 0
}

// words joins the lower-cased tokens [s, e).
func (v *view) words(s, e int) []string {
	var ws []string
	for j := s; j < e; j++ {
		ws = append(ws, v.toks[j].low)
	}
	return ws
}

// role returns the role the words spell, or "": a role of the lexicon,
// optionally after modifiers ("top military officer"); or "minister"
// after one or two lower-case words naming the portfolio ("transport
// minister", "deputy economy minister").
func (t *table) role(ws []string) string {
	if len(ws) > 1 && t.former[ws[0]] {
		ws = ws[1:] // "former transport minister"
	}
	if n := len(ws); n >= 3 && n <= 5 && ws[0] == "minister" && ws[1] == "of" {
		return strings.Join(ws, " ") // "Minister of Foreign Affairs"
	}
	if n := len(ws); n >= 2 && n <= 3 && ws[n-1] == "minister" && !t.exclude[ws[0]] {
		ok := true
		for _, w := range ws[:n-1] {
			ok = ok && lowerWord(w)
		}
		if ok {
			return strings.Join(ws, " ")
		}
	}
	for i := 0; i < len(ws); i++ {
		if t.roles[strings.Join(ws[i:], " ")] {
			return strings.Join(ws, " ")
		}
		if !t.modifiers[ws[i]] {
			return ""
		}
	}
	return ""
}

// lowerWord reports whether w is a word of lower-case letters ("transport",
// not "Transport" or "1996").
func lowerWord(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return w != ""
}

// countryRole reports whether a role can be held in a Country: one of the
// table's country_roles after modifiers, or any "... minister".
func (t *table) countryRole(role string) bool {
	ws := strings.Fields(role)
	for i := range ws {
		if t.country[strings.Join(ws[i:], " ")] || ws[len(ws)-1] == "minister" || ws[i] == "minister" {
			return true
		}
		if !t.modifiers[ws[i]] {
			return false
		}
	}
	return false
}

// accept checks a candidate role for an object of type ot.
func (t *table) accept(role string, ot kg.EntityType) bool {
	role = t.present(role)
	if role == "" || t.excluded(role) {
		return false
	}
	return ot != kg.Country || t.countryRole(role)
}

// present drops a word of the table's former list opening a role: a
// former, retired or late office holder held the post, which counts, with
// "former" dropped (annotation.md 18: "ex-president" -> "president").
func (t *table) present(role string) string {
	if first, rest, ok := strings.Cut(role, " "); ok && t.former[first] {
		return rest
	}
	return role
}

func (t *table) excluded(role string) bool {
	first, _, _ := strings.Cut(role, " ")
	return t.exclude[first] || t.honor[role]
}
