package pos

import "github.com/entigraph/entigraph/syntax/conllu"

// FromCoNLLU returns the words and XPOS tags of a CoNLL-U treebank (word
// lines only), the tags written as CoNLL-2003 writes them, the tagger's
// other training data, so that the two agree and the tagger's tags stay
// what the rest of entigraph reads: -LRB- and -RRB- become ( and ), the
// quotes “ and ” become " (the tagger sees straight quotes; ner gives
// them their direction afterwards), HYPH and NFP become : (CoNLL-2003's
// tag for dashes and other such punctuation), AFX JJ, and ADD (e-mail and
// web addresses), GW (pieces of a split word) and XX (typos that are no
// word) NN.
func FromCoNLLU(sents []*conllu.Sentence) []Sentence {
	out := make([]Sentence, 0, len(sents))
	for _, s := range sents {
		idx := s.Words()
		ps := Sentence{Words: make([]string, len(idx)), Tags: make([]string, len(idx))}
		for i, j := range idx {
			f := &s.Tokens[j].Fields
			ps.Words[i], ps.Tags[i] = f[conllu.Form], conllTag(f[conllu.XPOS])
		}
		out = append(out, ps)
	}
	return out
}

func conllTag(xpos string) string {
	switch xpos {
	case "-LRB-":
		return "("
	case "-RRB-":
		return ")"
	case "``", "''":
		return `"`
	case "HYPH", "NFP":
		return ":"
	case "AFX":
		return "JJ"
	case "ADD", "GW", "XX":
		return "NN"
	}
	return xpos
}
