package relation

import "strings"

// irregular maps inflected forms that suffix rules cannot undo to their
// lemma.
var irregular = map[string]string{
	"met": "meet", "shook": "shake", "shaken": "shake", "held": "hold",
	"is": "be", "are": "be", "was": "be", "were": "be", "am": "be", "been": "be", "being": "be",
	"'re": "be", "’re": "be", "'m": "be", "’m": "be",
	"has": "have", "had": "have", "having": "have", "'ve": "have", "’ve": "have",
	"did": "do", "does": "do", "done": "do",
	"wo": "will", "'ll": "will", "’ll": "will", "ca": "can", "sha": "shall",
	"n't": "not", "n’t": "not", "cannot": "can",
	"sought": "seek", "said": "say", "told": "tell", "went": "go", "gone": "go",
	"spoke": "speak", "spoken": "speak", "fought": "fight", "sent": "send",
	"led": "lead", "began": "begin", "begun": "begin", "thought": "think",
	"brought": "bring", "took": "take", "taken": "take", "made": "make",
	"gave": "give", "given": "give", "came": "come", "saw": "see", "seen": "see",
	"got": "get", "gotten": "get", "left": "leave", "wrote": "write", "written": "write",
	"drew": "draw", "drawn": "draw", "struck": "strike", "won": "win",
	"talks": "talk", "hands": "hand",
}

// lemmatiser reduces a word to the lemma the tables use. It proposes
// candidates from a few suffix rules and keeps the first one the tables
// know (vocab), so "welcomed" becomes "welcome" and "signed" "sign" without
// a dictionary; a word none of whose candidates is known stays as it is.
type lemmatiser struct {
	vocab map[string]bool
}

func (l *lemmatiser) lemma(word, tag string) string {
	w := strings.ToLower(word)
	if x, ok := irregular[w]; ok {
		return x
	}
	if l.vocab[w] && !strings.HasPrefix(tag, "VB") {
		return w
	}
	for _, c := range candidates(w, tag) {
		if l.vocab[c] {
			return c
		}
	}
	return w
}

// candidates lists possible lemmas of a lower-case word, most likely first
// for its part of speech.
func candidates(w, tag string) []string {
	var out []string
	add := func(s string) {
		if len(s) >= 2 {
			out = append(out, s)
		}
	}
	verbs := func() {
		if s, ok := strings.CutSuffix(w, "ing"); ok {
			add(s)
			add(s + "e")
			add(undouble(s))
		}
		if s, ok := strings.CutSuffix(w, "ied"); ok {
			add(s + "y")
		}
		if s, ok := strings.CutSuffix(w, "ed"); ok {
			add(s)
			add(s + "e")
			add(undouble(s))
		}
	}
	plurals := func() {
		if s, ok := strings.CutSuffix(w, "ies"); ok {
			add(s + "y")
		}
		if s, ok := strings.CutSuffix(w, "es"); ok {
			add(s)
		}
		if s, ok := strings.CutSuffix(w, "s"); ok && !strings.HasSuffix(w, "ss") {
			add(s)
		}
	}
	switch {
	case strings.HasPrefix(tag, "VB"):
		verbs()
		plurals()
		add(w)
	case strings.HasPrefix(tag, "NN"):
		add(w)
		plurals()
		verbs()
	default:
		add(w)
		verbs()
		plurals()
	}
	return out
}

// undouble drops a doubled final consonant: "plann" -> "plan".
func undouble(s string) string {
	n := len(s)
	if n >= 3 && s[n-1] == s[n-2] && !strings.ContainsRune("aeiou", rune(s[n-1])) {
		return s[:n-1]
	}
	return s
}
