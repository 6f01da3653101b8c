package relation

import "github.com/entigraph/entigraph/kg"

// modality decides how the sentence states a relation whose trigger is
// tokens [i, e) and whose arguments end at token end. The rule:
//
//   - scope (see scope): the verb chain that governs the trigger ("would
//     not meet", "was not invited to the talks", "will be joined in his
//     meeting"), a subordinator or negator just before its subject
//     ("whether Kim will meet", "neither X nor Y"), the tokens between the
//     trigger and its object, and for a noun trigger the rest of its clause
//     after the object ("a meeting with Y is planned"); names are not read;
//   - clause cues of data/modality.yaml count anywhere in scope; chain cues
//     ("hope", "want", "seek") only in the verb chain between the subject
//     and the trigger ("hoped to meet", not "sought to strengthen ties
//     during a meeting");
//   - a negation cue -> negated ("would not meet", "refused to meet");
//   - else a hedge cue ("may", "will", "would", "set to", "expected",
//     "plan", "whether", "if") or a question mark ending the sentence ->
//     reported;
//   - else asserted.
//
// Negation wins over hedging, so "Mr Trump would not meet Mr Putin alone"
// is negated, never asserted. The verb chain is local: "Rosati did not say
// whether the payment was part of the agreement between Warsaw and
// Switzerland" does not negate the agreement.
func (v *view) modality(i, e, end int, chain []int, noun bool) string {
	scope := v.scope(i, e, end, noun)
	inChain := make([]bool, len(v.toks))
	for _, j := range chain {
		if j >= 0 && j < len(v.toks) {
			// A bare "to" is a plan ("Arafat to meet Peres", "was to
			// meet", "arrives to sign"), except after an aspectual verb
			// of data/modality.yaml: "continuing to attack" is a fact.
			if v.toks[j].low == "to" && j > 0 && v.toks[j-1].verb() && v.x.cues.aspectual[v.toks[j-1].lem] {
				continue
			}
			inChain[j] = true
		}
	}
	c := v.x.cues
	if v.cue(c.negClause, scope) || v.cue(c.negClause, inChain) || v.cue(c.negChain, inChain) {
		return kg.Negated
	}
	if v.cue(c.repClause, scope) || v.cue(c.repClause, inChain) || v.cue(c.repChain, inChain) || v.claimed(scope) {
		return kg.Reported
	}
	if n := len(v.toks); n > 0 && v.toks[n-1].Text == "?" {
		return kg.Reported
	}
	return kg.Asserted
}

// claimNouns introduce one side's claim about another: the content of
// "X's claim that ..." is reported (annotation.md I17), the claim itself
// criticized.
var claimNouns = map[string]bool{
	"claim": true, "claims": true, "assertion": true, "assertions": true, "allegation": true,
	"allegations": true, "accusation": true, "accusations": true, "charge": true, "charges": true,
}

// claimed reports whether scope holds a claim noun and the "that" after it
// (scope marks them only before a relation's subject).
func (v *view) claimed(scope []bool) bool {
	for k := 0; k+1 < len(v.toks); k++ {
		if scope[k] && scope[k+1] && claimNouns[v.toks[k].low] && v.toks[k+1].low == "that" && v.nameAt[k] < 0 {
			return true
		}
	}
	return false
}

// scope marks the tokens whose clause cues decide a relation's modality
// (see modality).
func (v *view) scope(i, e, end int, noun bool) []bool {
	n := len(v.toks)
	scope := make([]bool, n)
	j := i - 1
	if noun {
		// The noun phrase and the prepositions that lead to the verb
		// governing it: "was not invited to the talks", "no meeting".
		for ; j >= 0 && !v.toks[j].boundary(); j-- {
			t := v.toks[j]
			if v.nameAt[j] < 0 && t.verb() {
				break
			}
			scope[j] = true
		}
	}
	// The verb chain: auxiliaries, modals, negation, adverbs, "to", verbs
	// ("had wanted to meet"), relative pronouns ("who was not invited").
	for ; j >= 0 && v.nameAt[j] < 0; j-- {
		t := v.toks[j]
		if !(t.verb() || t.aux() || t.Tag == "MD" || t.adv() || t.negation() || t.Tag == "TO" || t.low == "to" ||
			t.Tag == "RP" || t.relPronoun() || t.adj() && j+1 < n && v.toks[j+1].low == "to") {
			break
		}
		scope[j] = true
	}
	// Past the subject, a subordinator or negator: "whether Kim will
	// meet", "if talks with Y go well", "neither X nor Y".
	for j >= 0 && (v.nameAt[j] >= 0 || v.toks[j].joiner() || v.toks[j].Text == "," && j > 0 && v.nameAt[j-1] >= 0 ||
		v.inUnit[j] >= 0 || v.toks[j].det()) {
		j--
	}
	if j >= 0 {
		switch v.toks[j].low {
		case "whether", "if", "unless", "neither", "not", "never", "no":
			scope[j] = true
		case "that":
			// One side's claim (annotation.md I17): "KDP assertions
			// that the PUK is receiving military support from Iran".
			if j > 0 && claimNouns[v.toks[j-1].low] {
				scope[j-1], scope[j] = true, true
			}
		}
	}
	for k := e; k < end && k < n; k++ {
		scope[k] = true
	}
	if noun {
		// The noun phrase's own clause: "a meeting with Y is planned", up
		// to a new conjunct ("a pact between X and Y and a possible visit").
		for k := end; k < n && !v.toks[k].boundary() && !v.toks[k].relPronoun() && v.toks[k].Tag != "CC"; k++ {
			scope[k] = true
		}
	}
	return scope
}

// future reports whether the relation's scope speaks of what is to come
// ("will meet on Saturday"), so that a weekday means the next one.
func (v *view) future(i, e, end int, noun bool) bool {
	scope := v.scope(i, e, end, noun)
	for j, in := range scope {
		if !in || v.nameAt[j] >= 0 {
			continue
		}
		switch v.toks[j].lem {
		case "will", "shall", "would", "due", "expect", "plan", "schedule", "going":
			return true
		}
	}
	return false
}

// cue reports whether one of the phrases occurs on consecutive tokens that
// are all in scope and outside names.
func (v *view) cue(phrases [][]string, scope []bool) bool {
	for j := range v.toks {
		if !scope[j] || v.nameAt[j] >= 0 || v.toks[j].Text == "May" {
			continue // "May" is the month: "met in May"
		}
	next:
		for _, p := range phrases {
			if j+len(p) > len(v.toks) {
				continue
			}
			for w, l := range p {
				t := v.toks[j+w]
				if !scope[j+w] || v.nameAt[j+w] >= 0 || (t.lem != l && t.low != l) {
					continue next
				}
			}
			return true
		}
	}
	return false
}
