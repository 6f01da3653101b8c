package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/entigraph/entigraph/internal/ascii"
	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/ner/gazetteer"
	"github.com/entigraph/entigraph/resolve"
)

// docState is one document while it is annotated.
type docState struct {
	text  string
	sents []*sent
	cands []*cand
	ar    *tokArena // scratch
	model bool      // the labels are complete (Annotated.LabelsComplete)
}

// cand is a mention candidate. Resolution keeps it, retypes it or drops it.
type cand struct {
	start, end int
	typ        kg.EntityType
	kind       kg.MentionKind
	sent       *sent
	title      string
	titleStart int
	country    *gazetteer.Entry // gazetteer entry (Country or Place)
	canonical  string           // canonical name when known (gazetteer)
	words      []string         // the name's words, for person resolution
	keys       []string         // wordKeys(words), made by wordKeysOf
	// weak marks a candidate found on thin evidence (a lone capitalised
	// word, a headline in Title Case): resolution keeps it only when it
	// names an entity the document also names on firm evidence.
	weak bool
	// person is true when the candidate may be a bare part of a person's
	// name ("Putin", "Kim"): resolution links it to a full name.
	person  bool
	acronym bool
	// soft marks a type chosen on a weak cue; it decides the entity's
	// type only when no mention of it is typed on a firmer one.
	soft bool
	// byModel marks an Organization or Place typed by ner/model's label
	// alone; retypePersons may make it a Person.
	byModel bool
	// short marks a generic head alone ("the Council", "the Alliance"):
	// an entity only as the short form of an organization or place the
	// document names in full (resolveShort).
	short bool
}

// Closed-class POS tags: capitalised words with these tags are not names.
var closedTags = map[string]bool{"DT": true, "IN": true, "CC": true, "PRP": true, "PRP$": true, "TO": true,
	"MD": true, "WDT": true, "WP": true, "WP$": true, "WRB": true, "EX": true, "PDT": true, "RP": true,
	"POS": true, "UH": true, "RB": true, "RBR": true, "RBS": true}

// Tags a demonym must be followed by to name a country ("North Korean
// troops", "Russian-held", "the Russian President"): a demonym alone is a
// language or a person ("said in Russian", "your German").
var demonymNext = map[string]bool{"NN": true, "NNS": true, "NNP": true, "NNPS": true, "JJ": true, "JJR": true,
	"JJS": true, "VBN": true, "VBG": true, "CD": true}

// Locative prepositions: a capital right after one of these (adjectives and
// determiners skipped: "in central Kyiv") is a place; anywhere else (subject,
// object, "Pyongyang's troops", "between Pyongyang and Moscow", "assistance
// from Pyongyang") it stands for its country's government.
var locative = map[string]bool{"in": true, "at": true, "near": true, "into": true, "inside": true, "outside": true,
	"around": true, "across": true, "through": true, "throughout": true, "within": true, "toward": true,
	"towards": true, "to": true, "via": true, "onto": true, "over": true, "beyond": true, "outskirts": true}

// Name particles that may sit lower-case inside a person's name.
var particles = map[string]bool{"de": true, "van": true, "von": true, "bin": true, "al": true, "da": true, "der": true,
	"du": true, "la": true, "le": true, "di": true, "del": true, "dos": true, "ibn": true, "ter": true, "den": true, "el": true,
	"dal": true, "della": true, "dei": true, "degli": true, "das": true, "do": true, "dello": true}

var possessivePron = map[string]bool{"its": true, "his": true, "her": true, "their": true, "our": true, "my": true, "your": true}

var numberWords = map[string]bool{"one": true, "two": true, "three": true, "four": true, "five": true,
	"six": true, "seven": true, "eight": true, "nine": true, "ten": true}

// sentInfo holds per-sentence facts the rules use.
type sentInfo struct {
	s         *sent
	text      string
	toks      []tok
	allCaps   bool // shouting: acronyms and case tell nothing
	titleCase bool // a headline: capitals tell little
	gaz       []gazMatch
	gazAt     map[int]int // token index -> index in gaz of the match starting there
	inGaz     []int       // token index -> index in gaz of the match covering it, or -1
	// model: the labels are complete (ner/model's), not hints (prose's).
	model bool
	lows  []string  // lowerWord of each token's text, filled by low
	ar    *tokArena // scratch for inGaz and lows (nil: none)
}

// low returns lowerWord(si.toks[j].Text), computed once per sentence.
func (si *sentInfo) low(j int) string {
	if si.lows == nil {
		if si.ar != nil && cap(si.ar.lows) >= len(si.toks) {
			si.lows = si.ar.lows[:len(si.toks)]
		} else {
			si.lows = make([]string, len(si.toks))
			if si.ar != nil {
				si.ar.lows = si.lows[:cap(si.lows)]
			}
		}
		for k := range si.toks {
			si.lows[k] = lowerWord(si.toks[k].Text)
		}
	}
	return si.lows[j]
}

type gazMatch struct {
	i, j   int // tokens [i, j)
	bs, be int // bytes (may be part of a token: "Russian" in "Russian-held")
	hit    gazetteer.Hit
	sub    bool // part of a hyphenated token
}

func (a *Annotator) findMentions(st *docState, s *sent) {
	si := &sentInfo{s: s, text: st.text, toks: s.toks, model: st.model, ar: st.ar}
	si.classify()
	a.scanGazetteer(si)
	toks := si.toks
	n := len(toks)
	for i := 0; i < n; {
		if k := creditEnd(si, i); k > i {
			// "Photo: Emre Kaya / Reuters", "IMAGE Laura Berzina": the
			// credit's word is no part of the name after it (the names
			// of a credit are entities, as the seeds' gold has them).
			i = k
			continue
		}
		if k := a.basedAt(st, si, i); k > i {
			i = k // "Minneapolis-based First Bank": the place alone
			continue
		}
		if k := a.stateAt(st, si, i); k > i {
			i = k // "IRVINE, Calif.": California
			continue
		}
		if k := a.datelineAt(st, si, i); k > i {
			i = k // "FORT LAUDERDALE, Fla. 1996-08-26": the city
			continue
		}
		// A title directly before a name: the name is a person.
		if tj, title, ok := a.titleAt(si, i); ok {
			ti := i
			// Chained titles ("tank commander Col. Hamish de
			// Bretton-Gordon"): the one next to the name is kept.
			for {
				tj2, title2, ok2 := a.titleAt(si, tj)
				if !ok2 {
					break
				}
				ti, tj, title = tj, tj2, title2
			}
			if pe, pend, pnext := a.nameRun(si, tj, false); pe > tj {
				c := &cand{start: toks[tj].Start, end: pend, typ: kg.Person, kind: kg.KindName, sent: s,
					title: strings.TrimSuffix(title, "."), titleStart: toks[ti].Start, person: true}
				c.words = nameWords(st.text[c.start:c.end])
				if a.endsWithKeyword(si, tj, pe) == "" && !a.junk(si, tj, pe, pend) {
					if len(c.words) == 1 {
						c.weak = !strongTitle[c.title]
						c.kind = kg.KindSurname
					}
					if si.titleCase && (pe-tj > 3 || !strongTitle[c.title] && proseLabel(toks[tj:pe]) != kg.LabelPerson) {
						// A headline capitalises every word: a long run
						// after a title is more than a name, and after a
						// title that is also a verb or a noun ("Judge
						// Orders Return") a name needs prose's word.
						c.weak = true
					}
					st.cands = append(st.cands, c)
					i = pnext
					continue
				}
			}
		}
		if g, ok := si.gazAt[i]; ok {
			m := si.gaz[g]
			// A country or capital inside a longer name with a keyword
			// ("U.S. Army", "Washington Post", "Bank of England") or a
			// capital that starts a longer name ("Victoria Nuland") is
			// part of that name.
			if !m.sub {
				if re, rend, rnext := a.nameRun(si, i, true); re > m.j {
					kw := a.endsWithKeyword(si, i, re)
					if kw != "" || m.hit.Form == gazetteer.FormCapital {
						a.typeRun(st, si, i, re, rend)
						i = rnext
						continue
					}
				}
			}
			for g < len(si.gaz) && si.gaz[g].i == i {
				a.gazCand(st, si, si.gaz[g])
				g++
			}
			i = m.j
			continue
		}
		if ascii.InLower(a.lex.calendar, toks[i].Text) && !givenNameMonth[si.low(i)] && i > 0 && timePrep[si.low(i-1)] && i+1 < n &&
			isCapWord(toks[i+1].Text) && !a.lex.calendar[si.low(i+1)] {
			// "said on Tuesday Purdue Frederick Co filed": a day or a
			// month after "on", "since" ... starts no name (but "April
			// Ryan", "Nigeria's Sunday Bada").
			i++
			continue
		}
		if k := a.orgAt(si, i); k > i && !si.allCaps {
			// A known organization or armed group ("the Taliban",
			// "Hamas", "Islamic State"), typed whatever the model says,
			// unless it starts a longer name ("Hamas Political Bureau").
			if re, _, _ := a.nameRun(si, i, false); !si.nameLike(i) || re <= k {
				if !a.junk(si, i, k, toks[k-1].End) {
					c := &cand{start: toks[i].Start, end: toks[k-1].End, typ: kg.Organization,
						kind: kg.KindName, sent: s, words: nameWords(st.text[toks[i].Start:toks[k-1].End]), weak: si.titleCase}
					if k == i+1 && resolve.IsAcronym(toks[i].Text) {
						// "IAEA": linked to its expansion like any acronym.
						c.kind, c.acronym = kg.KindAcronym, true
					}
					st.cands = append(st.cands, c)
				}
				i = k
				continue
			}
		}
		if si.model && si.initial(i) && !si.nameLike(i) && i+1 < n && toks[i].Tag == "NNP" && isCapWord(toks[i].Text) &&
			!ascii.InLower(functionWords, toks[i].Text) && si.inGaz[i] < 0 && si.inGaz[i+1] < 0 &&
			!ascii.InLower(a.lex.titleStarts, strings.TrimSuffix(toks[i].Text, ".")) {
			// A first word the model leaves out, when what follows makes
			// it a name: an organization's head ("Heritage Trust
			// director ...") or a title ("Oxfam spokeswoman ...").
			if a.titleFollows(si, i+1) {
				a.typeRun(st, si, i, i+1, toks[i].End)
				i++
				continue
			}
			if si.nameLike(i + 1) {
				if re, rend, rnext := a.nameRun(si, i+1, false); a.endsWithKeyword(si, i+1, re) == "org" ||
					a.lex.generic[si.low(i)] && re > i+1 && !a.titleFollows(si, i+1) {
					// "Heritage Trust director ...", "Team Liquid has
					// signed ..."
					a.typeRun(st, si, i, re, rend)
					i = rnext
					continue
				}
			}
		}
		if !si.nameLike(i) && si.initial(i) && isCapWord(toks[i].Text) && !ascii.InLower(functionWords, toks[i].Text) &&
			!closedTags[toks[i].Tag] && (i+1 >= n || !si.nameLike(i+1)) {
			// A capitalised first word prose does not tag as a proper
			// noun ("Xi told Macron"): kept only if it is part of a
			// person's name the document gives in full.
			st.cands = append(st.cands, &cand{start: toks[i].Start, end: toks[i].End, typ: kg.Person, kind: kg.KindSurname,
				sent: s, words: []string{toks[i].Text}, weak: true, person: true})
			i++
			continue
		}
		if si.nameLike(i) {
			re, rend, rnext := a.nameRun(si, i, false)
			if re > i {
				a.typeRun(st, si, i, re, rend)
				i = rnext
				continue
			}
		}
		i++
	}
}

// classify sets the sentence's case flags.
func (si *sentInfo) classify() {
	letters, upper := 0, 0
	words, caps := 0, 0
	for _, t := range si.toks {
		for _, r := range t.Text {
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					upper++
				}
			}
		}
		r, _ := utf8.DecodeRuneInString(t.Text)
		if unicode.IsLetter(r) && utf8.RuneCountInString(t.Text) >= 4 {
			words++
			if unicode.IsUpper(r) {
				caps++
			}
		}
	}
	si.allCaps = letters >= 8 && upper*10 >= letters*8
	// A headline in Title Case capitalises every word of four letters or
	// more; running text has lower-case verbs and nouns.
	si.titleCase = !si.allCaps && words >= 4 && caps == words
}

// initial reports whether token i starts the sentence (only opening
// punctuation before it).
func (si *sentInfo) initial(i int) bool {
	for k := 0; k < i; k++ {
		switch si.toks[k].Text {
		case `"`, "“", "‘", "'", "(", "[", "-", "—", "–", "``":
		default:
			return false
		}
	}
	return true
}

func isCapWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) {
		return false
	}
	for _, r := range s {
		if unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// camelCase: an upper-case letter after a lower-case one inside a word
// ("BlackRock", "OpenAI"), not a Mc/Mac/O' surname.
func camelCase(s string) bool {
	if strings.HasPrefix(s, "Mc") || strings.HasPrefix(s, "Mac") {
		return false
	}
	prevLower := false
	for _, r := range s {
		if unicode.IsUpper(r) && prevLower {
			return true
		}
		prevLower = unicode.IsLower(r)
	}
	return false
}

// nameLike reports whether token i can be part of a name.
func (si *sentInfo) nameLike(i int) bool {
	t := si.toks[i]
	if !isCapWord(t.Text) || t.Text == "I" || ascii.InLower(functionWords, t.Text) {
		return false
	}
	if closedTags[t.Tag] && !resolve.IsAcronym(t.Text) {
		return false
	}
	if si.initial(i) && t.Tag != "NNP" && t.Tag != "NNPS" && !resolve.IsAcronym(t.Text) {
		return false
	}
	// A sentence's first word is capitalised whatever it is ("Later Kim
	// said"): with the model, it starts a name only if the model puts it
	// in an entity.
	if si.model && si.initial(i) && t.Label == kg.NoLabel && !resolve.IsAcronym(t.Text) {
		return false
	}
	return true
}

func lowerWord(s string) string { return strings.ToLower(strings.TrimSuffix(s, ".")) }

// titleAt matches a title (with modifiers) starting at token i and directly
// followed by a name-like token. It returns the token after the title and
// the title as written, lower-cased.
func (a *Annotator) titleAt(si *sentInfo, i int) (int, string, bool) {
	toks := si.toks
	best := -1
	// Most words start no title and are no modifier: rule them out
	// without lower-casing the sentence.
	if w := strings.TrimSuffix(toks[i].Text, "."); !ascii.InLower(a.lex.titleStarts, w) {
		// A portfolio before a minister's title ("Information
		// Minister", "Culture Secretary"): an everyday noun, no body
		// and no country, is part of the title.
		if i+1 < len(toks) && isCapWord(w) && ascii.InLower(portfolioTitle, toks[i+1].Text) && si.inGaz[i] < 0 &&
			a.lex.commonNoun(w) && !a.lex.genericHead(w) && !a.lex.orgWords[strings.ToLower(w)] {
			if tj, _, ok := a.titleAt(si, i+1); ok {
				return tj, strings.ToLower(si.text[toks[i].Start:toks[tj-1].End]), true
			}
		}
		return 0, "", false
	}
	// Modifiers may precede the title ("former", "deputy"); a modifier
	// may also start one ("chief of staff").
	for k := i; k < len(toks) && best < 0; k++ {
		words := ""
		for j := k; j < len(toks) && j-k < a.lex.titleMax; j++ {
			if j > k {
				words += " " + si.low(j)
			} else {
				words = si.low(j)
			}
			if a.lex.titles[words] {
				best = j + 1
			}
			if !a.lex.titlePrefixes[words] {
				break // no longer run is a title
			}
		}
		if !a.lex.modifiers[si.low(k)] {
			break
		}
	}
	if best < 0 {
		return 0, "", false
	}
	// "Minister of Trade and Industry Tungky Ariwibowo", "Minister for
	// Finance Ousmane Kaba": the portfolio after "of" or "for", everyday
	// nouns, is part of the title when a name that is no everyday word
	// follows it.
	if best+2 < len(toks) && portfolioTitle[si.low(best-1)] && (si.low(best) == "of" || si.low(best) == "for") {
		k := best + 1
		for k < len(toks) && (isCapWord(toks[k].Text) && a.lex.commonNoun(toks[k].Text) || toks[k].Text == "and" || toks[k].Text == "&") {
			k++
		}
		if k > best+1 && k < len(toks) && si.nameLike(k) && !a.lex.commonNoun(toks[k].Text) && si.inGaz[k] < 0 {
			best = k
		}
	}
	if best >= len(toks) || !si.nameLike(best) {
		return 0, "", false
	}
	if _, ok := si.gazAt[best]; ok {
		return 0, "", false // "President Russia" is no person
	}
	return best, strings.ToLower(si.text[toks[i].Start:toks[best-1].End]), true
}

// portfolioTitle are the titles a portfolio precedes ("Information
// Minister").
var portfolioTitle = map[string]bool{"minister": true, "secretary": true, "commissioner": true, "czar": true, "tsar": true}

// strongTitle lists the titles after which a single word is a surname even
// when the document never gives the full name ("Mr Trump", "President
// Putin"); after other titles a single word must resolve to a full name
// ("General Intelligence" is no person).
var strongTitle = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "president": true,
	"prime minister": true, "chancellor": true, "senator": true, "sen": true, "comrade": true, "gen": true,
	"col": true, "lt": true, "sgt": true, "capt": true, "maj": true, "adm": true, "prof": true, "gov": true,
	"rep": true, "sir": true, "dame": true, "pope": true, "foreign minister": true, "secretary of state": true,
	"spokesman": true, "spokeswoman": true, "premier": true, "laureate": true, "nobel laureate": true}

// nameRun extends a name from token i: name-like tokens, particles between
// them ("Hamish de Bretton-Gordon"), "of"/"for" (and "the" after them) after
// an organization or place keyword ("Security Service of Ukraine",
// "Institute for Far Eastern Studies"). It stops before a possessive, a
// title that starts a person's name, and (unless throughGaz) a gazetteer
// match. A token holding "/" or a dash ends the run inside it
// ("Voytenko—Anadolu/Getty" gives "Voytenko"). It returns the token after
// the run and the run's end byte.
func (a *Annotator) nameRun(si *sentInfo, i int, throughGaz bool) (int, int, int) {
	toks := si.toks
	j := i
	end := toks[i].Start
	joined := -1 // the last connector the run went through
	byModel := false
	for j < len(toks) {
		t := toks[j]
		if byModel && entityStart(toks, j) {
			break // the model's entity ends: "Minister of Trade and Industry Tungky Ariwibowo"
		}
		if j > i {
			if _, _, ok := a.titleAt(si, j); ok {
				break
			}
			if !throughGaz && si.inGaz[j] >= 0 {
				// Allowed only through "of" after a keyword, or a
				// connector inside the model's entity ("Bank of
				// England", "Monetary Authority of Singapore").
				if !(j >= 2 && (lowerWord(toks[j-1].Text) == "of" || lowerWord(toks[j-1].Text) == "for") && toks[j-1].Start >= toks[i].Start && j-1 > i) &&
					joined != j-1 {
					break
				}
			}
		}
		if si.nameLike(j) || (j > i && si.inGaz[j] >= 0) {
			if k := strings.IndexAny(t.Text, "/—–"); k > 0 {
				// The name ends inside this token; what follows it
				// ("Anadolu/Getty Images") is another name, skipped.
				end = t.Start + k
				j++
				next := j
				for next < len(toks) && si.nameLike(next) {
					next++
				}
				return j, end, next
			}
			end = t.End
			j++
			continue
		}
		lw := lowerWord(t.Text)
		if j > i && j+1 < len(toks) && si.nameLike(j+1) {
			if particles[t.Text] {
				j++
				continue
			}
			if (lw == "of" || lw == "for") && (a.lex.orgWords[lowerWord(toks[j-1].Text)] || a.lex.placeWords[lowerWord(toks[j-1].Text)] ||
				a.lex.generic[lowerWord(toks[j-1].Text)]) {
				j, joined = j+1, j
				continue
			}
			if t.Text == "&" {
				j, joined = j+1, j
				continue
			}
			// The model's word: a connector inside one of its entities
			// ("Office of Fair Trading", "Council on Foreign Relations",
			// "Independent Commission Against Corruption").
			if si.model && (nameConnectors[lw] || namePreps[lw] && !si.titleCase) && insideEntity(toks, j) &&
				insideEntity(toks, j+1) {
				j, joined, byModel = j+1, j, true
				continue
			}
			// "Monopolies and Mergers Commission", "Food and Drug
			// Administration": everyday nouns joined by "and" before an
			// organization's head word.
			if lw == "and" && a.andJoins(si, i, j) {
				j, joined = j+1, j
				continue
			}
		}
		if j > i && (lw == "of" || lw == "for") && j+2 < len(toks) && toks[j+1].Text == "the" && si.nameLike(j+2) &&
			(a.lex.orgWords[lowerWord(toks[j-1].Text)] || a.lex.placeWords[lowerWord(toks[j-1].Text)]) {
			j += 2
			continue
		}
		break
	}
	// Do not end on a connector, nor on a weekday ("in Chicago
	// Wednesday").
	for j > i && (!si.nameLike(j-1) && si.inGaz[j-1] < 0 || j-i > 1 && ascii.InLower(weekdays, toks[j-1].Text)) {
		j--
		end = toks[j-1].End
	}
	// prose keeps the full stop in "Kim." (it reads it as an
	// abbreviation): a name does not end with it unless it is an initial
	// or a title.
	if j > i && end == toks[j-1].End {
		w := toks[j-1].Text
		if strings.HasSuffix(w, ".") && utf8.RuneCountInString(w) > 2 && strings.Count(w, ".") == 1 &&
			!a.lex.titles[lowerWord(w)] && !suffixAbbrev[lowerWord(w)] {
			end--
		}
	}
	return j, end, j
}

// nameConnectors may sit lower-case inside a name the model marks as one
// entity.
var nameConnectors = map[string]bool{"of": true, "and": true, "for": true, "on": true, "de": true, "du": true,
	"des": true, "la": true, "le": true, "del": true, "y": true, "the": true, "in": true}

// namePreps may stand capitalised inside a name the model marks as one
// entity ("Independent Commission Against Corruption"), outside headlines
// (where every word is capitalised).
var namePreps = map[string]bool{"against": true, "at": true, "to": true, "with": true, "from": true, "by": true,
	"under": true, "over": true, "without": true, "among": true, "between": true}

// andJoins reports whether the "and" at token k joins two halves of one
// name: every word of the run [i, k) and of the run after "and", but its
// last, is an everyday noun no gazetteer entry covers, and that last word
// is an organization's head ("Monopolies and Mergers Commission",
// "Securities and Exchange Commission"). "Britain and France", "Microsoft
// and Apple Inc" stay two.
func (a *Annotator) andJoins(si *sentInfo, i, k int) bool {
	toks := si.toks
	if k-i > 2 {
		return false
	}
	for m := i; m < k; m++ {
		if si.inGaz[m] >= 0 || !a.lex.commonNoun(toks[m].Text) {
			return false
		}
	}
	m := k + 1
	for m < len(toks) && m-k <= 3 && si.nameLike(m) && si.inGaz[m] < 0 {
		m++
	}
	if m-k < 3 { // a noun and the head at least
		return false
	}
	head := lowerWord(toks[m-1].Text)
	if !a.lex.orgWords[head] && !a.lex.generic[head] {
		return false
	}
	for n := k + 1; n < m-1; n++ {
		if !a.lex.commonNoun(toks[n].Text) {
			return false
		}
	}
	return true
}

// endsWithKeyword returns the last organization or place keyword among
// tokens [i, j) as "org" or "place", or "".
func (a *Annotator) endsWithKeyword(si *sentInfo, i, j int) string {
	kind := ""
	for k := i; k < j; k++ {
		w := lowerWord(si.toks[k].Text)
		if h := strings.IndexByte(w, '-'); h > 0 {
			w = w[:h]
		}
		if si.toks[k].Text != "" && !isCapWord(si.toks[k].Text) && !resolve.IsAcronym(si.toks[k].Text) {
			continue
		}
		switch {
		case a.lex.orgWords[w]:
			kind = "org"
		case a.lex.placeWords[w]:
			kind = "place"
		}
	}
	return kind
}

// junk applies the rules that keep events, works, vehicles, calendar words
// and page furniture out of the entities.
func (a *Annotator) junk(si *sentInfo, i, j, end int) bool {
	toks := si.toks
	last := lowerWord(si.text[toks[j-1].Start:min(end, toks[j-1].End)])
	if h := strings.IndexByte(last, '-'); h > 0 {
		last = last[:h] // "War-era"
	}
	// Events and works: "Victory Day", "Nobel Peace Prize", "Cold War",
	// "Cold War-era", "Europe Forum".
	if j-i >= 2 && a.lex.eventWords[last] {
		return true
	}
	if j-i >= 2 && romanOrNumber(toks[j-1].Text) && a.lex.eventWords[lowerWord(toks[j-2].Text)] {
		return true
	}
	// Vehicles and models: "Air Force One".
	if numberWords[last] {
		return true
	}
	// Calendar words alone.
	if j-i == 1 && a.lex.calendar[last] {
		return true
	}
	// Quoted titles and nicknames: “Storm Corps”.
	if i > 0 && isOpenQuote(toks[i-1].Text) {
		k := j
		if k < len(toks) && (toks[k].Text == "," || toks[k].Text == ".") {
			k++ // “Storm Corps,”
		}
		if k < len(toks) && isCloseQuote(toks[k].Text) {
			return true
		}
	}
	// Generic uses: "its Board of Directors", "our Cookie Guide", "a Republican".
	if i > 0 {
		p := strings.ToLower(toks[i-1].Text)
		if possessivePron[p] {
			return true
		}
		if (p == "a" || p == "an") && j-i == 1 {
			return true
		}
	}
	// Page furniture: a line that is nothing but this name ("Hashtags",
	// "Comments", "Related Articles", "Yahoo").
	words, inRun := 0, 0
	for k, t := range toks {
		r, _ := utf8.DecodeRuneInString(t.Text)
		if (unicode.IsLetter(r) || unicode.IsDigit(r)) && !closedTags[t.Tag] {
			words++
			if words > 4 {
				return false // a sentence, not a lone name: no need to count on
			}
			if k >= i && k < j {
				inRun++
			}
		}
	}
	if words == inRun && words <= 4 {
		return true
	}
	return false
}

func romanOrNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("IVXLC0123456789", r) {
			return false
		}
	}
	return true
}

func isOpenQuote(s string) bool { return s == `"` || s == "“" || s == "‘" || s == "'" || s == "``" }
func isCloseQuote(s string) bool {
	return s == `"` || s == "”" || s == "’" || s == "'" || s == "''"
}

// typeRun types the name run [i, j) ending at byte end and adds it.
func (a *Annotator) typeRun(st *docState, si *sentInfo, i, j, end int) {
	toks := si.toks
	if si.allCaps {
		return
	}
	if a.junk(si, i, j, end) {
		return
	}
	c := &cand{start: toks[i].Start, end: end, kind: kg.KindName, sent: si.s}
	txt := st.text[c.start:c.end]
	c.words = nameWords(txt)
	if a.outsideOntology(txt, c.words) && (j-i > 1 || proseLabel(toks[i:j]) != kg.LabelPerson) {
		// (A surname that is also such a word, "Bill English ...
		// English said", stays a person's.)
		return
	}
	// Seats of government ("the Kremlin", "White House") and named places
	// ("Asia", "Oval Office") are typed by the lexicon, whatever the tagger
	// says: CoNLL-2003 calls the Kremlin a LOC.
	if k := strings.ToLower(foldQuotes(txt)); a.lex.seats[k] || a.lex.places[k] {
		c.typ = kg.Place
		if a.lex.seats[k] {
			c.typ = kg.Organization
		}
		c.weak = si.titleCase
		st.cands = append(st.cands, c)
		return
	}
	if j-i == 1 && a.lex.genericHead(txt) {
		// A kind of body alone ("the Council", "the Ministry",
		// "Museum", "Police"): only the short form of a name the
		// document gives in full (resolveShort). A company named by a
		// common word ("retailers Metro, Rewe and Lidl") is lost with
		// them, unless the document also gives its full name.
		c.typ, c.short = kg.Organization, true
		if a.lex.placeWords[lowerWord(txt)] || genericPlace[lowerWord(txt)] {
			c.typ = kg.Place
		}
		st.cands = append(st.cands, c)
		return
	}
	if a.vehicle(si, i, j) {
		return
	}
	// An organization or place keyword decides.
	switch a.endsWithKeyword(si, i, j) {
	case "org":
		c.typ = kg.Organization
		c.weak = si.titleCase
		st.cands = append(st.cands, c)
		return
	case "place":
		c.typ = kg.Place
		c.weak = si.titleCase
		st.cands = append(st.cands, c)
		return
	}
	if j-i >= 2 && a.holdsGeneric(toks[i:j]) && proseLabel(toks[i:j]) == kg.NoLabel {
		// A name holding a kind of body the model leaves unmarked ("the
		// Museum of Modern Art", "St Mary's Hospital"): an organization;
		// never over the model's word ("Frank Church" PER, "Gujar Khan"
		// LOC).
		c.typ = kg.Organization
		c.weak = si.titleCase
		st.cands = append(st.cands, c)
		return
	}
	if si.initial(i) && isAllUpper(txt) && j+1 < len(toks) && toks[j].Text == "," {
		if g, ok := si.gazAt[j+1]; ok && si.gaz[g].hit.Form == gazetteer.FormName || stateAfter(toks, j+1) {
			// A dateline: "VERONA, Italy 1996-08-24", "KIMBERLEY,
			// South Africa", "IRVINE, Calif.": the city the story was
			// filed from.
			c.typ = kg.Place
			st.cands = append(st.cands, c)
			return
		}
	}
	if i > 0 && !(j-i == 1 && resolve.IsAcronym(txt)) && a.classNounBefore(si, i) && !a.titleFollows(si, j) {
		// "rival team Fnatic", "the broadcaster Sky", "the charity
		// Cycle Aid": a name after the kind of body it is.
		c.typ = kg.Organization
		c.weak = si.titleCase
		st.cands = append(st.cands, c)
		return
	}
	if j-i >= 2 && generational(toks[j-1].Text) {
		// "Donald Trump Jr.": only people have generations (the model
		// reads "Jr." as "Corp.").
		c.typ, c.person = kg.Person, true
		c.weak = si.titleCase
		st.cands = append(st.cands, c)
		return
	}
	label := proseLabel(toks[i:j])
	single := j-i == 1
	// A lone word qualifying the country named right after it ("Nazi
	// Germany", "Soviet Russia") is no entity of its own.
	if g, ok := si.gazAt[j]; single && ok && si.gaz[g].hit.Form == gazetteer.FormName && label != kg.LabelPerson {
		return
	}
	prev := ""
	if i > 0 {
		prev = strings.ToLower(toks[i-1].Text)
	}
	switch {
	case single && resolve.IsAcronym(txt):
		if a.lex.acronyms[txt] || a.lex.acronyms[strings.ToUpper(txt)] {
			return
		}
		c.typ, c.kind, c.acronym = kg.Organization, kg.KindAcronym, true
	case single && camelCase(txt):
		c.typ = kg.Organization
	case single && label == kg.LabelMisc && !a.titleFollows(si, j) && !agentContext(si, i, j):
		// The model's MISC ("the Tour de France", "Western"): no entity
		// of the ontology.
		return
	case single && adjectival(txt):
		// "The Republican remarked", "Western officials": adjectives of
		// parties and regions, unless they name a person of the document.
		c.typ, c.person, c.weak = kg.Person, true, true
	case single && compass[strings.ToLower(txt)]:
		// "the West", "the North": directions, not entities.
		return
	case single && a.titleFollows(si, j):
		// A name right before a title is the title holder's employer:
		// "Kremlin spokesman", "IAEA Director General" (a person's
		// surname here, "Trump adviser", is relinked by resolution).
		c.typ = kg.Organization
		c.person = true
		c.weak = si.titleCase
	case single && !si.titleCase && label != kg.LabelPerson && agentContext(si, i, j):
		// "told Reuters", "spoke to Reuters", "(Reuters) -": a source.
		c.typ = kg.Organization
		c.person = true
	case single && hyphenAdjective(txt):
		// "AGI-fueled", "AI-giant": compounds ending lower-case are no names.
		return
	case single && prev == "the":
		// A bare name after "the" is no person: "the Kremlin", "the
		// Pentagon". It is a place when prose says GPE or LOCATION and it
		// does not act (a verb or a title after it makes it an actor:
		// "the Kremlin cited", "Kremlin spokesman").
		c.typ = kg.Organization
		if (label == kg.LabelGPE || label == kg.LabelLocation) && !a.actsAfter(si, j) {
			c.typ = kg.Place
			if a.productUse(si, j) {
				// "the Telegram messaging app": a name qualifying a
				// noun that is no place is a product or a company.
				c.typ, c.soft = kg.Organization, true
			}
		}
		c.weak = si.titleCase
	case single && label != kg.LabelPerson && label != kg.LabelMisc && (a.placeNounBefore(si, i) || placeKindAfter(si, j)):
		// "the southern city of Shiraz", "the province of Yunnan", "the
		// Punjab provincial capital": a place, whatever follows it.
		c.typ = kg.Place
		c.weak = si.titleCase
	case single:
		// A lone word: a part of a person's name, or a place prose knows.
		switch label {
		case kg.LabelGPE, kg.LabelLocation, kg.LabelFacility:
			c.typ = kg.Place
			c.weak = si.titleCase || si.initial(i)
			if agentContext(si, i, j) || (a.actsAfter(si, j) && !a.afterLocative(si, i)) {
				// "spoke to Reuters", "(Reuters) -": a source, not a
				// place; "Google scoped out": an actor.
				c.typ = kg.Organization
			} else if a.appositiveNotPlace(si, j) {
				// "Google, my former employer, ...".
				c.typ, c.soft = kg.Organization, true
			}
		case kg.LabelOrganization:
			c.typ = kg.Organization
			c.weak = si.titleCase || si.initial(i)
		case kg.LabelMisc:
			return // see below
		default:
			c.typ = kg.Person
			c.weak = true
		}
		c.person = true
	default:
		switch label {
		case kg.LabelMisc:
			// The model's MISC (nationalities, events, works,
			// products) is no entity of the ontology when no rule above
			// typed the name; demonyms reach their country through the
			// gazetteer (gazCand), not here.
			return
		case kg.LabelGPE, kg.LabelLocation, kg.LabelFacility:
			c.typ = kg.Place
		case kg.LabelOrganization:
			c.typ = kg.Organization
		default:
			c.typ = kg.Person
			c.person = true
		}
		// An all-caps word of three letters or more does not start a
		// person's name ("TSN Tyzhden", "BBC News"); initials have two
		// ("JD Vance").
		if f := toks[i].Text; c.typ == kg.Person && resolve.IsAcronym(f) && utf8.RuneCountInString(strings.ReplaceAll(f, ".", "")) >= 3 {
			c.typ, c.person = kg.Organization, false
		}
		if label == kg.NoLabel {
			c.weak = true
		}
		if si.titleCase {
			c.weak = true
		}
	}
	c.byModel = si.model && label != kg.NoLabel && c.typ != kg.Person
	if c.typ == kg.Person && j-i >= 3 && ascii.InLower(a.lex.nonentity, toks[i].Text) {
		// "Islamist Necmettin Erbakan", "Socialist Lionel Jospin": a
		// kind of person before the name, like a title.
		c.start = toks[i+1].Start
		c.words = nameWords(st.text[c.start:c.end])
	}
	if c.typ != kg.Person && productNext(si, j) {
		// "the Chrome browser", "Sony's PlayStation console": a product,
		// kept only where the document names it as a body elsewhere.
		c.weak = true
	}
	st.cands = append(st.cands, c)
}

// holdsGeneric reports whether a capitalised word of ts is a generic head
// ("Museum" of "Museum of Modern Art").
func (a *Annotator) holdsGeneric(ts []tok) bool {
	for _, t := range ts {
		if isCapWord(t.Text) && ascii.InLower(a.lex.generic, t.Text) {
			return true
		}
	}
	return false
}

// classNounBefore reports whether a lower-case noun naming a kind of body
// stands right before token i ("team", "charity", "carmaker",
// "broadcaster"): the name after it is that body's.
func (a *Annotator) classNounBefore(si *sentInfo, i int) bool {
	p := si.toks[i-1].Text
	if !unicode.IsLower(firstRune(p)) || !strings.HasPrefix(si.toks[i-1].Tag, "NN") {
		return false
	}
	return a.lex.generic[p] || classNouns[p]
}

// classNouns are kinds of body WordNet files elsewhere than under
// organizations ("broadcaster" is a person there).
var classNouns = map[string]bool{"broadcaster": true, "retailer": true, "startup": true, "start-up": true,
	"website": true, "magazine": true, "lender": true, "supermarket": true, "chain": true, "outlet": true,
	"developer": true, "studio": true, "label": true, "brewer": true, "miner": true, "operator": true,
	"conglomerate": true, "watchdog": true, "regulator": true, "charity": true, "newspaper": true}

// productNouns name kinds of products a brand name may qualify.
var productNouns = map[string]bool{"browser": true, "browsers": true, "console": true, "consoles": true,
	"handset": true, "handsets": true, "smartphone": true, "smartphones": true, "tablet": true, "tablets": true,
	"laptop": true, "laptops": true, "software": true, "jet": true, "jets": true, "airliner": true,
	"airliners": true, "sedan": true, "suv": true, "rifle": true, "rifles": true, "missile": true, "missiles": true,
	"drone": true, "drones": true, "vaccine": true, "chatbot": true, "spacecraft": true, "capsule": true,
	"rocket": true, "rockets": true, "aircraft": true, "plane": true, "planes": true, "satellite": true,
	"satellites": true, "telescope": true, "rover": true, "probe": true, "submarine": true, "submarines": true,
	"warship": true, "frigate": true, "tank": true, "tanks": true, "helicopter": true, "helicopters": true}

// productNext reports whether a lower-case product noun follows token j-1
// ("Chrome browser", "Patriot missiles", "Bayraktar drones"), or "operating
// system", "search engine", "video game".
func productNext(si *sentInfo, j int) bool {
	toks := si.toks
	if j >= len(toks) || !unicode.IsLower(firstRune(toks[j].Text)) {
		return false
	}
	if productNouns[toks[j].Text] {
		return true
	}
	if j+1 < len(toks) {
		switch toks[j].Text + " " + strings.TrimSuffix(toks[j+1].Text, "s") {
		case "operating system", "search engine", "video game", "game console":
			return true
		}
	}
	return false
}

// outsideOntology reports whether a name is a religion, ideology, kind of
// people, language, sacred text, named event or vessel (lexicon
// nonentity.txt, from WordNet), or made of such names: "Islam",
// "Marxism", "Muslims", "Sunni Muslims", "Holocaust".
func (a *Annotator) outsideOntology(txt string, words []string) bool {
	in := func(s string) bool {
		if strings.ContainsAny(s, "‘’") {
			s = foldQuotes(s)
		}
		return ascii.InLower(a.lex.nonentity, s)
	}
	if in(txt) {
		return true
	}
	// "Sunni Muslims", "Shia Islam": every word outside the ontology.
	if len(words) < 2 {
		return false
	}
	for _, w := range words {
		if !in(w) {
			return false
		}
	}
	return true
}

// orgAt returns the end of the longest name of organizations.txt written
// capitalised from token i ("Islamic State", "Boko Haram", "Liberation
// Tigers of Tamil Eelam"), or -1. The candidate names are lower-cased into
// one small buffer: most capitalised words start no such name, and
// lower-casing the whole sentence for them cost more than the look-ups.
func (a *Annotator) orgAt(si *sentInfo, i int) int {
	toks := si.toks
	if !isCapWord(toks[i].Text) || !ascii.InLower(a.lex.orgFirstWord, toks[i].Text) {
		return -1
	}
	var arr [64]byte
	buf := appendLower(arr[:0], toks[i].Text)
	maxN := a.lex.orgFirst[string(buf)]
	best := -1
	if a.lex.orgNames[string(buf)] {
		best = i + 1
	}
	for k := i + 1; k < len(toks) && k-i < maxN; k++ {
		capWord := isCapWord(toks[k].Text)
		if !capWord && !ascii.InLower(nameConnectors, toks[k].Text) {
			break
		}
		buf = appendLower(append(buf, ' '), toks[k].Text)
		if capWord && a.lex.orgNames[string(buf)] {
			best = k + 1
		}
	}
	return best
}

// appendLower appends s lower-cased to buf.
func appendLower(buf []byte, s string) []byte {
	if !ascii.Is(s) {
		return append(buf, strings.ToLower(s)...)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// creditWords start a picture's credit or caption when a colon or a dash
// follows them ("Photo:", "Image:", "Credit -", "Pictures:").
var creditWords = map[string]bool{"photo": true, "photos": true, "photograph": true, "image": true, "images": true,
	"picture": true, "pictures": true, "credit": true, "credits": true, "illustration": true, "graphic": true,
	"video": true, "footage": true, "caption": true}

// creditEnd returns the token after a credit's word starting at token i
// and its colon or dash ("Photo:", "Credit -", "IMAGE" before a name), or
// -1 when none starts there.
func creditEnd(si *sentInfo, i int) int {
	toks := si.toks
	if i+1 >= len(toks) || !isCapWord(toks[i].Text) || !ascii.InLower(creditWords, toks[i].Text) {
		return -1
	}
	switch toks[i+1].Text {
	case ":", "-", "–", "—":
		return i + 2
	}
	if pictureWords[si.low(i)] && isCapWord(toks[i+1].Text) && !creditWords[si.low(i+1)] && (si.nameLike(i+1) || si.inGaz[i+1] >= 0) {
		return i + 1 // "Photo Emre Kaya/Reuters" (not "Credit Suisse", "Credit Rating ... Ltd")
	}
	return -1
}

// pictureWords start a credit with no colon after them.
var pictureWords = map[string]bool{"photo": true, "photos": true, "image": true, "images": true, "picture": true,
	"pictures": true, "photograph": true}

// timePrep are the words a day or month follows as a time: "on Tuesday".
var timePrep = map[string]bool{"on": true, "by": true, "since": true, "until": true, "till": true, "last": true,
	"next": true, "this": true, "from": true, "before": true, "after": true, "early": true, "late": true,
	"in": true, "during": true, "through": true}

// weekdays end no name.
var weekdays = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true}

// givenNameMonth are months that are also given names.
var givenNameMonth = map[string]bool{"april": true, "may": true, "june": true, "august": true}

// vehicleWords name kinds of craft: a name holding one ("Space Shuttle
// Endeavour", "USS Gerald Ford") is a vehicle, outside the ontology.
// Words that are also names ("Bryan Ferry", "Land Rover", "INS" the
// immigration service) are left out.
var vehicleWords = map[string]bool{"shuttle": true, "spacecraft": true, "rocket": true, "aircraft": true,
	"airliner": true, "jet": true, "helicopter": true, "warship": true, "frigate": true, "destroyer": true,
	"submarine": true, "cruiser": true, "tanker": true, "ship": true, "yacht": true, "capsule": true,
	"satellite": true, "telescope": true, "locomotive": true, "uss": true, "hms": true, "rms": true,
	"hmas": true, "hmcs": true}

// vehicle reports whether the run [i, j) of two words or more names a
// craft: a word of vehicleWords in it, no organization keyword after that
// word ("Rocket Lab Inc" is a company).
func (a *Annotator) vehicle(si *sentInfo, i, j int) bool {
	if j-i < 2 {
		return false
	}
	for k := i; k < j; k++ {
		if ascii.InLower(vehicleWords, si.toks[k].Text) {
			return a.endsWithKeyword(si, k+1, j) != "org"
		}
	}
	return false
}

// adjectival: a single capitalised word shaped like an adjective of a
// nation, region or party ("Republican", "Western", "European").
func adjectival(s string) bool {
	l := strings.ToLower(s)
	for _, suf := range []string{"ean", "ian", "can", "ese", "ish", "ern", "ic", "ist", "ists", "ans", "ians", "ional", "eral"} {
		if strings.HasSuffix(l, suf) && len(l) > len(suf)+2 {
			return true
		}
	}
	return false
}

// entityStart reports whether token j begins a name of the tagger's: a
// label, and not the one of the token before (the labels carry no B/I
// marks, so two names of one class side by side read as one).
func entityStart(toks []tok, j int) bool {
	return toks[j].Label != kg.NoLabel && (j == 0 || toks[j-1].Label != toks[j].Label)
}

// insideEntity reports whether token j continues a name of the tagger's:
// its label is the one of the token before.
func insideEntity(toks []tok, j int) bool {
	return j > 0 && toks[j].Label != kg.NoLabel && toks[j-1].Label == toks[j].Label
}

// proseLabel returns the entity label the tagger gives most tokens of the
// span (kg.LabelPerson on a tie), or kg.NoLabel when it marks none.
func proseLabel(ts []tok) kg.EntityLabel {
	var count [kg.NumEntityLabels]int
	best, bn := kg.NoLabel, 0
	for _, t := range ts {
		l := t.Label
		if l == kg.NoLabel || l >= kg.NumEntityLabels {
			continue
		}
		count[l]++
		if count[l] > bn || (count[l] == bn && l == kg.LabelPerson) {
			best, bn = l, count[l]
		}
	}
	return best
}

// nameWords splits a name into words at spaces, trimming "." from initials.
func nameWords(s string) []string {
	return strings.Fields(s)
}

// scanGazetteer finds the longest gazetteer match at every token.
func (a *Annotator) scanGazetteer(si *sentInfo) {
	toks := si.toks
	n := len(toks)
	si.gazAt = nil // made on the first match: most sentences have none
	// inGaz and the keys' offsets share one scratch slice (the sentence's
	// sentInfo goes when findMentions returns).
	scratch := si.ar.intsN(2*n + 1)
	si.inGaz = scratch[:n:n]
	maxN := a.gaz.MaxWords() + 2 // possessive and dot tokens
	// The key of tokens [i, j) is keys[off[i]:off[j]]: the tokens' keys
	// concatenated, made once per sentence rather than per window.
	var keys string
	var off []int
	for i := 0; i < n; {
		if r, _ := utf8.DecodeRuneInString(toks[i].Text); !unicode.IsUpper(r) {
			i++
			continue
		}
		if off == nil {
			keys, off = tokenKeys(toks, scratch[n:])
		}
		bestJ := -1
		var bestHit gazetteer.Hit
		for j := i; j < n && j-i < maxN; j++ {
			if off[j+1] == off[j] {
				continue // a name ends on a word, not on punctuation
			}
			if h, ok := a.pickHit(si, i, j+1, keys[off[i]:off[j+1]]); ok {
				bestJ, bestHit = j+1, h
			}
		}
		if bestJ > 0 {
			m := gazMatch{i: i, j: bestJ, bs: toks[i].Start, be: toks[bestJ-1].End, hit: bestHit}
			if si.gazAt == nil {
				si.gazAt = map[int]int{}
			}
			si.gazAt[i] = len(si.gaz)
			for k := i; k < bestJ; k++ {
				si.inGaz[k] = len(si.gaz)
			}
			si.gaz = append(si.gaz, m)
			i = bestJ
			continue
		}
		// Hyphenated compounds: "Russia-Ukraine", "DPRK-Russia",
		// "Russian-held", "U.S.-Led".
		if strings.Contains(toks[i].Text, "-") {
			off := toks[i].Start
			first := true
			for _, part := range strings.Split(toks[i].Text, "-") {
				ps, pe := off, off+len(part)
				off = pe + 1
				if part == "" {
					continue
				}
				if hs := a.filterHits(si, a.gaz.Lookup(part)); len(hs) > 0 {
					m := gazMatch{i: i, j: i + 1, bs: ps, be: pe, hit: hs[0], sub: true}
					if first {
						if si.gazAt == nil {
							si.gazAt = map[int]int{}
						}
						si.gazAt[i] = len(si.gaz)
						first = false
					}
					si.inGaz[i] = len(si.gaz)
					si.gaz = append(si.gaz, m)
				}
			}
		}
		i++
	}
}

// tokenKeys returns the gazetteer.Key of every token, concatenated, and
// where each starts: token k's key is keys[off[k]:off[k+1]]. off is
// written into buf (len(toks)+1 long at least).
func tokenKeys(toks []tok, buf []int) (keys string, off []int) {
	off = buf[:len(toks)+1]
	off[0] = 0
	var b strings.Builder
	if n := len(toks); n > 0 {
		b.Grow(toks[n-1].End - toks[0].Start) // about the text's length
	}
	for k, t := range toks {
		if ascii.Is(t.Text) {
			// gazetteer.Key on ASCII, without a string per token: the
			// letters and digits, lower-cased.
			for i := 0; i < len(t.Text); i++ {
				switch c := t.Text[i]; {
				case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
					b.WriteByte(c)
				case 'A' <= c && c <= 'Z':
					b.WriteByte(c + 'a' - 'A')
				}
			}
		} else {
			b.WriteString(gazetteer.Key(t.Text))
		}
		off[k+1] = b.Len()
	}
	return b.String(), off
}

// pickHit looks tokens [i, j) up and returns the hit to use.
func (a *Annotator) pickHit(si *sentInfo, i, j int, key string) (gazetteer.Hit, bool) {
	if !a.gaz.HasKey(key) {
		return gazetteer.Hit{}, false
	}
	toks := si.toks
	last := toks[j-1].Text
	if last == "'s" || last == "’s" || last == "'" {
		return gazetteer.Hit{}, false
	}
	surface := si.text[toks[i].Start:toks[j-1].End]
	hs := a.filterHits(si, a.gaz.LookupKey(key, surface))
	if len(hs) == 0 {
		return gazetteer.Hit{}, false
	}
	return hs[0], true
}

// filterHits drops acronym hits in shouting sentences and resolves
// ambiguity: hits naming different entries in the same way ("Congolese")
// are dropped unless one is a name.
func (a *Annotator) filterHits(si *sentInfo, hs []gazetteer.Hit) []gazetteer.Hit {
	var out []gazetteer.Hit
	for _, h := range hs {
		if h.Form == gazetteer.FormAcronym && si.allCaps {
			continue
		}
		out = append(out, h)
	}
	if len(out) <= 1 {
		return out
	}
	if out[0].Form == gazetteer.FormName && out[1].Form != gazetteer.FormName {
		return out[:1]
	}
	same := true
	for _, h := range out[1:] {
		if h.Entry != out[0].Entry {
			same = false
		}
	}
	if same {
		return out[:1]
	}
	// "French" is the demonym of France and of French Guiana, French
	// Polynesia...: a single sovereign state among them wins.
	var sov []gazetteer.Hit
	for _, h := range out {
		if h.Entry.Sovereign && h.Form == out[0].Form && (len(sov) == 0 || sov[0].Entry != h.Entry) {
			sov = append(sov, h)
		}
	}
	if len(sov) == 1 {
		return sov
	}
	return nil
}

// gazCand adds the candidate for a gazetteer match, applying the demonym
// and capital rules.
func (a *Annotator) gazCand(st *docState, si *sentInfo, m gazMatch) {
	toks := si.toks
	e := m.hit.Entry
	c := &cand{start: m.bs, end: m.be, sent: si.s, country: e, canonical: e.Name}
	c.typ = kg.Country
	if !e.Sovereign {
		c.typ = kg.Place
	}
	switch m.hit.Form {
	case gazetteer.FormName:
		c.kind = kg.KindName
	case gazetteer.FormAcronym:
		c.kind = kg.KindAcronym
	case gazetteer.FormDemonym:
		c.kind = kg.KindDemonym
		if !m.sub {
			if m.j >= len(toks) || !demonymNext[toks[m.j].Tag] || !isWordTok(toks[m.j].Text) {
				return
			}
		} else if !actorCompound(st.text[m.be:toks[m.i].End]) {
			// "Russian-held" names an actor, "Soviet-style" does not.
			return
		}
	case gazetteer.FormCapital:
		c.kind = kg.KindCapital
		if !e.Sovereign {
			return
		}
		if a.capitalIsPlace(si, m) {
			c.typ = kg.Place
			c.kind = kg.KindName
			c.country = nil
			c.canonical = capitalName(e, st.text[m.bs:m.be])
		}
	}
	st.cands = append(st.cands, c)
}

func isWordTok(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// capitalIsPlace is the capital rule: a capital after a locative
// preposition (determiners and adjectives between them skipped: "in central
// Kyiv", "at the Russian Embassy in Pyongyang") is a Place, unless a
// possessive follows it ("Kyiv's forces"); anywhere else it stands for the
// country ("Pyongyang said", "Moscow and Pyongyang acknowledged",
// "Pyongyang's troops").
func (a *Annotator) capitalIsPlace(si *sentInfo, m gazMatch) bool {
	toks := si.toks
	if m.j < len(toks) && (toks[m.j].Text == "'s" || toks[m.j].Text == "’s") {
		return false
	}
	// A dateline: "BEIJING (Reuters) -", "KYIV, Jan 5 —".
	if si.initial(m.i) && m.j < len(toks) {
		switch toks[m.j].Text {
		case "(", "—", "–", "-":
			return true
		case ",":
			if si.allCaps || isAllUpper(si.text[m.bs:m.be]) {
				return true
			}
		}
	}
	// "NAIROBI, Kenya —", "Kyiv, Ukraine": a city with its own country
	// ("from Pyongyang, South Korea had said" is no such pair).
	if m.j+1 < len(toks) && toks[m.j].Text == "," {
		if g, ok := si.gazAt[m.j+1]; ok && si.gaz[g].hit.Form == gazetteer.FormName && si.gaz[g].hit.Entry == m.hit.Entry {
			return true
		}
	}
	return a.afterLocative(si, m.i) || a.placeNounBefore(si, m.i)
}

// placeNouns are the lower-case nouns that make the name after them, or
// after their "of", a place: "the Croatian capital Zagreb", "the southern
// city of Shiraz", "the province of Yunnan", "the town of Tacambaro".
var placeNouns = map[string]bool{"city": true, "town": true, "village": true, "capital": true, "province": true,
	"state": true, "region": true, "suburb": true, "port": true, "district": true, "county": true, "island": true,
	"municipality": true, "resort": true, "hamlet": true}

// placeNounBefore reports whether a place noun stands right before token
// i, or before an "of" right before it.
func (a *Annotator) placeNounBefore(si *sentInfo, i int) bool {
	k := i - 1
	if k >= 1 && si.low(k) == "of" {
		k--
	}
	return k >= 0 && si.toks[k].Text == si.low(k) && placeNouns[si.low(k)]
}

// placeKindAfter reports whether the kind of place a name is follows it
// at token j: "the Punjab provincial capital Lahore", "Huize county", "the
// Minnesota border".
func placeKindAfter(si *sentInfo, j int) bool {
	if j < len(si.toks) && (si.low(j) == "provincial" || si.low(j) == "state") {
		j++
	}
	if j >= len(si.toks) || si.toks[j].Text != si.low(j) {
		return false
	}
	switch si.low(j) {
	case "province", "capital", "county", "district", "border", "city", "town", "region":
		return true
	}
	return false
}

// motionVerbs take a place as their object, with no preposition ("left
// Baghdad", "visited Colombo") or with "for" ("heads for Baghdad", "left
// for Ramallah"): a capital there is the city.
var motionVerbs = map[string]bool{"left": true, "leave": true, "leaves": true, "leaving": true, "visit": true,
	"visits": true, "visited": true, "visiting": true, "reached": true, "reach": true, "reaches": true,
	"entered": true, "toured": true, "head": true, "heads": true, "headed": true, "heading": true, "bound": true,
	"departed": true, "depart": true, "departs": true}

// afterLocative reports whether a locative preposition precedes token i,
// with at most two determiners or adjectives between them, or a verb of
// motion ("left Baghdad", "heads for Baghdad").
func (a *Annotator) afterLocative(si *sentInfo, i int) bool {
	toks := si.toks
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		t := toks[k]
		if ascii.InLower(locative, t.Text) {
			return true
		}
		if l := si.low(k); motionVerbs[l] && t.Text == l || l == "for" && k > 0 && motionVerbs[si.low(k-1)] {
			return true
		}
		switch t.Tag {
		case "JJ", "DT", "JJS", "JJR", "PRP$":
			continue
		}
		return false
	}
	return false
}

// capitalName returns the data's spelling of the capital written as s
// ("Kiev" -> "Kyiv"), for a stable canonical name.
func capitalName(e *gazetteer.Entry, s string) string {
	if len(e.Capitals) > 0 {
		return e.Capitals[0]
	}
	return s
}

// hyphenAdjective: a hyphenated word whose last part is lower-case
// ("AGI-fueled", "Russian-held", "AI-giant").
func hyphenAdjective(s string) bool {
	k := strings.LastIndexByte(s, '-')
	if k < 0 || k == len(s)-1 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[k+1:])
	return unicode.IsLower(r)
}

// actsAfter reports whether the name ending before token j acts: a verb or
// a title follows it ("the Kremlin said", "Kremlin spokesman").
func (a *Annotator) actsAfter(si *sentInfo, j int) bool {
	if j >= len(si.toks) {
		return false
	}
	t := si.toks[j]
	switch t.Tag {
	case "VBD", "VBZ", "VBP", "MD":
		return true
	}
	_, _, ok := a.titleAt(si, j)
	return ok || a.lex.titles[lowerWord(t.Text)]
}

// agentContext reports whether the name [i, j) is a source someone speaks
// to or quotes, or a credit in parentheses: "told Reuters", "spoke to
// Reuters", "according to Reuters", "(Reuters)".
func agentContext(si *sentInfo, i, j int) bool {
	toks := si.toks
	if i > 0 && j < len(toks) && toks[i-1].Text == "(" && toks[j].Text == ")" {
		return true
	}
	if i > 0 && strings.EqualFold(toks[i-1].Text, "told") {
		return true
	}
	if i > 1 && strings.EqualFold(toks[i-1].Text, "to") {
		switch strings.ToLower(toks[i-2].Text) {
		case "spoke", "speaking", "spoken", "talked", "talking", "said", "according", "told":
			return true
		}
	}
	return false
}

// compass words name directions and regions loosely ("the West", "the
// North"): never entities on their own.
var compass = map[string]bool{"north": true, "south": true, "east": true, "west": true, "northern": true,
	"southern": true, "eastern": true, "western": true, "northeast": true, "northwest": true,
	"southeast": true, "southwest": true, "midwest": true}

// suffixAbbrev are name suffixes written with a full stop.
var suffixAbbrev = map[string]bool{"jr": true, "sr": true, "st": true, "inc": true, "corp": true, "co": true,
	"ltd": true, "bros": true, "mt": true, "ft": true}

// titleFollows reports whether a title starts at token j ("Kremlin
// spokesman Dmitri Peskov", "Kremlin spokesman").
func (a *Annotator) titleFollows(si *sentInfo, j int) bool {
	if j >= len(si.toks) {
		return false
	}
	if tj, title, ok := a.titleAt(si, j); ok {
		// The title must lead to a person: a strong title, or a name of
		// two words ("Artificial General Intelligence" has neither).
		if strongTitle[strings.TrimSuffix(title, ".")] {
			return true
		}
		pe, _, _ := a.nameRun(si, tj, false)
		return pe-tj >= 2
	}
	w := lowerWord(si.toks[j].Text)
	return a.lex.titles[w] && !a.lex.modifiers[w] && strongTitle[w]
}

// functionWords are English closed-class words: capitalised in a headline
// ("Commander Amid Ceasefire Tensions", "Arce Over Embezzlement Probe")
// they are still no part of a name, whatever tag prose gives them.
var functionWords = map[string]bool{"a": true, "an": true, "the": true, "and": true, "or": true, "but": true,
	"nor": true, "of": true, "in": true, "on": true, "at": true, "to": true, "for": true, "from": true, "by": true,
	"with": true, "without": true, "into": true, "onto": true, "over": true, "under": true, "amid": true,
	"amidst": true, "as": true, "after": true, "before": true, "against": true, "despite": true, "near": true,
	"among": true, "between": true, "through": true, "about": true, "across": true, "behind": true,
	"beyond": true, "since": true, "until": true, "via": true, "than": true, "if": true, "is": true, "are": true,
	"was": true, "were": true, "be": true, "has": true, "have": true, "had": true, "will": true, "would": true,
	"can": true, "could": true, "may": true, "might": true, "should": true, "not": true, "no": true, "yes": true,
	"this": true, "that": true, "these": true, "those": true, "it": true, "its": true, "he": true, "she": true,
	"they": true, "we": true, "you": true, "his": true, "her": true, "their": true, "our": true, "my": true,
	"your": true, "who": true, "what": true, "when": true, "where": true, "why": true, "how": true, "which": true,
	"up": true, "down": true, "out": true, "off": true, "so": true, "just": true, "also": true, "now": true,
	"then": true, "there": true, "here": true, "more": true, "most": true, "new": false}

// productUse reports whether the name before token j qualifies a
// lower-case noun phrase whose head is no place word ("the Telegram
// messaging app", not "the Zaporizhzhia plant", "the Kursk region").
func (a *Annotator) productUse(si *sentInfo, j int) bool {
	toks := si.toks
	k := j
	for k < len(toks) && k < j+3 {
		t := toks[k]
		r, _ := utf8.DecodeRuneInString(t.Text)
		if !unicode.IsLower(r) || !(strings.HasPrefix(t.Tag, "NN") || t.Tag == "VBG" || t.Tag == "JJ") {
			break
		}
		k++
	}
	if k == j {
		return false
	}
	head := toks[k-1]
	if !strings.HasPrefix(head.Tag, "NN") {
		return false
	}
	w := strings.TrimSuffix(lowerWord(head.Text), "s")
	return !a.lex.placeWords[w] && !a.lex.placeWords[lowerWord(head.Text)] && !areaNouns[w]
}

// areaNouns are lower-case nouns that make the name before them a place
// though they are no part of its name ("the Kursk areas", "the Kursk
// operation" is no such noun).
var areaNouns = map[string]bool{"area": true, "border": true, "front": true, "frontline": true, "territory": true,
	"town": true, "village": true, "countryside": true, "outskirt": true, "suburb": true, "direction": true,
	"sector": true, "axis": true, "offensive": true, "operation": true, "incursion": true, "battle": true}

// appositiveNotPlace reports whether ", <det/possessive> ... <noun>"
// follows token j-1 and the noun is no place word ("Google, my former
// employer,").
func (a *Annotator) appositiveNotPlace(si *sentInfo, j int) bool {
	toks := si.toks
	if j+2 >= len(toks) || toks[j].Text != "," {
		return false
	}
	switch toks[j+1].Tag {
	case "DT", "PRP$":
	default:
		return false
	}
	k := j + 2
	for k < len(toks) && (toks[k].Tag == "JJ" || strings.HasPrefix(toks[k].Tag, "NN") && unicode.IsLower(firstRune(toks[k].Text))) {
		k++
	}
	if k == j+2 {
		return false
	}
	head := lowerWord(toks[k-1].Text)
	return strings.HasPrefix(toks[k-1].Tag, "NN") && !a.lex.placeWords[head] && !a.lex.placeWords[strings.TrimSuffix(head, "s")] &&
		head != "country" && head != "capital" && head != "nation"
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// actorCompound reports whether the rest of a hyphenated word after a
// demonym ("-held", "-led", "-backed") makes the demonym an actor: a past
// participle.
func actorCompound(rest string) bool {
	rest = strings.ToLower(strings.TrimPrefix(rest, "-"))
	if i := strings.IndexByte(rest, '-'); i >= 0 {
		rest = rest[:i]
	}
	switch rest {
	case "held", "led", "run", "made", "built", "won", "drawn", "driven", "flown", "grown", "sent", "fought", "brokered":
		return true
	}
	return strings.HasSuffix(rest, "ed") && len(rest) > 3
}

func isAllUpper(s string) bool {
	any := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			any = true
		}
	}
	return any
}
