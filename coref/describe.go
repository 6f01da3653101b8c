package coref

import (
	"strings"

	"github.com/entigraph/entigraph/kg"
)

// class is what a description's head noun asks of its entity.
type class int

const (
	clsTitle class = iota + 1 // a person by title: "the president"
	clsCompany
	clsBank
	clsCentralBank // "the central bank": Bank of Japan, Central Bank of X
	clsGroup
	clsMinistry
	clsAgency
	clsParty
	clsKingdom
	clsJewishState
	clsIslamicRepublic
	clsCountry
	clsPerson // plural heads only: "the two leaders"
	clsOrg
	clsSide
)

// head is a recognised description.
type head struct {
	class  class
	word   string // the head noun, lower-case ("minister")
	qual   string // the noun before it that narrows a title ("foreign"), or ""
	plural bool   // "the two leaders", "both countries": a pair
	former bool   // "the former president": fits only a former one
	nation string // "the Egyptian leader": the country of a demonym in it
}

// titleHeads are the nouns that make "the X" a person by title.
var titleHeads = set("president", "minister", "premier", "chancellor", "king", "queen",
	"prince", "princess", "chairman", "chairwoman", "leader", "secretary", "secretary-general",
	"governor", "senator", "spokesman", "spokeswoman", "general", "commander", "envoy",
	"ambassador", "mayor", "pope", "emir", "sultan", "monarch", "executive", "president-elect",
	"premier-designate", "prosecutor", "director")

// titleQualifiers narrow a title: "the foreign minister", "the vice president".
var titleQualifiers = set("prime", "foreign", "defence", "defense", "interior", "finance",
	"vice", "chief", "deputy", "economy", "trade", "justice", "health", "agriculture",
	"labour", "labor", "industry", "energy", "transport", "education", "information",
	"home", "opposition", "party", "army", "military", "crown")

var orgHeads = map[string]class{
	"company": clsCompany, "firm": clsCompany, "carmaker": clsCompany, "automaker": clsCompany,
	"airline": clsCompany, "retailer": clsCompany, "insurer": clsCompany, "conglomerate": clsCompany,
	"manufacturer": clsCompany, "maker": clsCompany, "producer": clsCompany, "utility": clsCompany,
	"bank": clsBank, "lender": clsBank,
	"group":    clsGroup,
	"ministry": clsMinistry, "department": clsMinistry,
	"agency":  clsAgency,
	"party":   clsParty,
	"kingdom": clsKingdom, "sultanate": clsKingdom,
	"country": clsCountry,
}

// pluralHeads: "the two leaders", "both countries".
var pluralHeads = map[string]class{
	"leaders": clsPerson, "men": clsPerson, "presidents": clsPerson, "ministers": clsPerson,
	"women": clsPerson, "premiers": clsPerson,
	"countries": clsCountry, "nations": clsCountry, "states": clsCountry, "governments": clsCountry,
	"neighbours": clsCountry, "neighbors": clsCountry,
	"sides":     clsSide,
	"companies": clsOrg, "firms": clsOrg, "groups": clsOrg, "banks": clsOrg, "parties": clsOrg,
	"factions": clsOrg, "movements": clsOrg, "carmakers": clsOrg, "airlines": clsOrg,
}

// modifierTags may stand between "the" and the head: "the Israeli prime
// minister", "the former president", "the state-owned company".
func modifierTag(tag string) bool {
	switch tag {
	case "JJ", "JJR", "JJS", "VBN", "NNP", "NN", "HYPH":
		return true
	}
	return false
}

func isNoun(tag string) bool { return strings.HasPrefix(tag, "NN") }

// description tries to read a description starting at token i (a "the" or
// "both"). It returns the head and the index after its last token, or
// false. covered marks tokens inside name mentions (demonyms may be
// modifiers, other names end the description).
func (d *docState) description(i, end int) (*head, int, bool) {
	toks := d.a.Tokens
	w0 := strings.ToLower(toks[i].Text)
	if w0 != "the" && w0 != "both" {
		return nil, 0, false
	}
	j := i + 1
	if w0 == "the" && j < end && (strings.EqualFold(toks[j].Text, "two") || toks[j].Text == "2") {
		// "the two leaders"
		if j+1 < end {
			w := strings.ToLower(toks[j+1].Text)
			if c, ok := pluralHeads[w]; ok && !d.nounAt(j+2, end) {
				return &head{class: c, word: w, plural: true}, j + 2, true
			}
		}
		return nil, 0, false
	}
	if w0 == "both" {
		if j < end {
			w := strings.ToLower(toks[j].Text)
			if c, ok := pluralHeads[w]; ok && !d.nounAt(j+1, end) {
				return &head{class: c, word: w, plural: true}, j + 1, true
			}
		}
		return nil, 0, false
	}
	// "the Jewish state", "the Islamic republic"
	if j+1 < end {
		two := strings.ToLower(toks[j].Text + " " + toks[j+1].Text)
		if two == "jewish state" && !d.nounAt(j+2, end) {
			return &head{class: clsJewishState, word: "state"}, j + 2, true
		}
		if two == "islamic republic" && !d.nounAt(j+2, end) {
			return &head{class: clsIslamicRepublic, word: "republic"}, j + 2, true
		}
	}
	// the [modifiers] HEAD, the longest reading whose next token is no noun.
	var best *head
	bestEnd := 0
	for k := j; k < end && k < j+5; k++ {
		t := toks[k]
		if d.covered[k] && d.coveredKind[k] != kg.KindDemonym {
			break
		}
		w := strings.ToLower(t.Text)
		var h *head
		if titleHeads[w] {
			h = &head{class: clsTitle, word: w}
			if k > j {
				if q := strings.ToLower(toks[k-1].Text); titleQualifiers[q] {
					h.qual = q
				}
			}
		} else if c, ok := orgHeads[w]; ok {
			h = &head{class: c, word: w}
		}
		if h != nil && isNoun(t.Tag) && !d.nounAt(k+1, end) && !d.ofNext(k+1, end) && !d.mentionAt(k+1) {
			best, bestEnd = h, k+1
		}
		if !modifierTag(t.Tag) || (t.Tag == "NNP" && !d.covered[k] && k > j && !titleHeads[w]) {
			break
		}
	}
	if best == nil {
		return nil, 0, false
	}
	for k := j; k < bestEnd; k++ {
		w := strings.ToLower(toks[k].Text)
		if w == "former" || w == "ex" {
			best.former = true
		}
		if w == "central" && best.class == clsBank {
			best.class = clsCentralBank
		}
		for _, mi := range d.mentionAtTk[k] {
			if m := &d.a.Mentions[mi]; m.Type == kg.Country {
				best.nation = m.Entity
			}
		}
	}
	return best, bestEnd, true
}

// nounAt: token k exists, is in the sentence and is a noun (the head found
// is then a modifier: "the company spokesman").
func (d *docState) nounAt(k, end int) bool {
	return k < end && isNoun(d.a.Tokens[k].Tag) && d.a.Tokens[k].Tag != "NNP" || d.mentionAt(k)
}

// ofNext: "the president of Russia" names its own anchor; left alone.
func (d *docState) ofNext(k, end int) bool {
	return k < end && strings.EqualFold(d.a.Tokens[k].Text, "of")
}

func (d *docState) mentionAt(k int) bool {
	return k < len(d.covered) && d.covered[k] && d.coveredKind[k] != kg.KindDemonym
}

// resolveDescription returns the entity (or pair) description h at token k
// of sentence si refers to: the most salient earlier entity that fits,
// anywhere before it in the document (a title or a company name is
// specific enough to look that far), or nil.
func (d *docState) resolveDescription(si, k int, h *head) []string {
	if h.plural {
		if ents := d.recentPair(si, k, h); ents != nil {
			return ents
		}
		return d.sentencePair(si, k, h)
	}
	scores := map[string]float64{}
	lastTok := map[string]int{}
	for i := len(d.cands) - 1; i >= 0; i-- {
		c := &d.cands[i]
		if c.sent == si && c.tok >= k {
			continue
		}
		e := d.ents[c.ent]
		if e == nil || !e.fits(h) {
			continue
		}
		dist := min(si-c.sent, 30)
		s := (100 + roleWeight[c.role]) / float64(int(1)<<dist)
		if old, ok := scores[c.ent]; ok {
			scores[c.ent] = max(old, s) + repeatBonus
		} else {
			scores[c.ent] = s
		}
		if c.tok > lastTok[c.ent] {
			lastTok[c.ent] = c.tok
		}
	}
	best, bestScore, bestTok := "", 0.0, -1
	for ent, s := range scores {
		if s > bestScore || s == bestScore && (lastTok[ent] > bestTok || lastTok[ent] == bestTok && ent < best) {
			best, bestScore, bestTok = ent, s, lastTok[ent]
		}
	}
	if best == "" {
		return nil
	}
	return []string{best}
}

// sentencePair: "the two leaders" with no "X and Y" before it: the two
// entities that fit in the most recent sentence (within the window) that
// has exactly two of them ("Clinton met Yeltsin ... The two leaders").
func (d *docState) sentencePair(si, k int, h *head) []string {
	for back := 0; back <= pronounWindow && si-back >= 0; back++ {
		var ents []string
		for i := range d.cands {
			c := &d.cands[i]
			if c.sent != si-back || c.sent == si && c.tok >= k {
				continue
			}
			if e := d.ents[c.ent]; e == nil || !e.fits(h) {
				continue
			}
			dup := false
			for _, x := range ents {
				dup = dup || x == c.ent
			}
			if !dup {
				ents = append(ents, c.ent)
			}
		}
		switch {
		case len(ents) == 2:
			return ents
		case len(ents) > 2:
			return nil
		}
	}
	return nil
}
