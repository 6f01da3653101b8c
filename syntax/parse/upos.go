package parse

import "strings"

// UPOS returns the universal part-of-speech tag of a word from its Penn
// Treebank tag and the label of its arc: the tagger gives PTB tags only,
// and where PTB does not decide the UPOS, the relation does (UD English
// EWT's own conventions):
//
//   - NN, NNS: NOUN; NNP, NNPS: PROPN; JJ*, AFX: ADJ; CD: NUM; CC: CCONJ;
//     UH: INTJ; EX, PRP, PRP$, WP, WP$: PRON; RP: ADP; POS: PART;
//     FW, LS, ADD, GW, XX: X; $, #, SYM: SYM; punctuation tags: PUNCT.
//   - VB*: AUX when the word is an aux, aux:pass or cop, else VERB; MD: AUX.
//   - RB*, WRB: ADV, but PART for not and n't.
//   - IN: SCONJ when the word is a mark, else ADP.
//   - TO: ADP when the word is a case marker, else PART.
//   - DT, PDT: DET when the word is a det (det:predet), else PRON (that,
//     this, all standing alone); WDT: DET when a det, else PRON.
//
// Anything else is X.
func UPOS(word, xpos, deprel string) string {
	base, _, _ := strings.Cut(deprel, ":")
	switch xpos {
	case "NN", "NNS":
		return "NOUN"
	case "NNP", "NNPS":
		return "PROPN"
	case "JJ", "JJR", "JJS", "AFX":
		return "ADJ"
	case "CD":
		return "NUM"
	case "CC":
		return "CCONJ"
	case "UH":
		return "INTJ"
	case "EX", "PRP", "PRP$", "WP", "WP$":
		return "PRON"
	case "RP":
		return "ADP"
	case "POS":
		return "PART"
	case "FW", "LS", "ADD", "GW", "XX":
		return "X"
	case "$", "#", "SYM":
		return "SYM"
	case ".", ",", ":", "``", "''", "\"", "-LRB-", "-RRB-", "(", ")", "HYPH", "NFP":
		return "PUNCT"
	case "VB", "VBD", "VBG", "VBN", "VBP", "VBZ":
		if base == "aux" || base == "cop" {
			return "AUX"
		}
		return "VERB"
	case "MD":
		return "AUX"
	case "RB", "RBR", "RBS", "WRB":
		if l := strings.ToLower(word); l == "not" || l == "n't" {
			return "PART"
		}
		return "ADV"
	case "IN":
		if base == "mark" {
			return "SCONJ"
		}
		return "ADP"
	case "TO":
		if base == "case" {
			return "ADP"
		}
		return "PART"
	case "DT", "PDT", "WDT":
		if base == "det" {
			return "DET"
		}
		return "PRON"
	}
	return "X"
}
