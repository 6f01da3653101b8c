package relation

import (
	"strings"
	"sync"

	"github.com/entigraph/entigraph/kg"
)

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
	"talks": "talk", "hands": "hand", "flew": "fly", "flown": "fly", "flies": "fly",
}

// lemmatiser reduces a word to the lemma the tables use. It proposes
// candidates from a few suffix rules and keeps the first one the tables
// know (vocab), so "welcomed" becomes "welcome" and "signed" "sign" without
// a dictionary; a word none of whose candidates is known stays as it is.
type lemmatiser struct {
	vocab map[string]bool
	cache lemmaCache
}

// lemmaCache remembers lemmas across documents (the lemmatiser is shared
// by concurrent Extract calls): a map per tag class (tagClass: a lemma
// depends on the tag only through it), each from the word as written to
// its lower-case form and lemma.
type lemmaCache struct {
	mu      sync.RWMutex
	byClass [3]map[string]lowLemma // verb, noun, other
	n       int
}

type lowLemma struct{ low, lem string }

// lemmaCacheMax bounds the cache: a news corpus has far fewer distinct
// words, and a few MB is all it may take.
const lemmaCacheMax = 1 << 17

// classIndex is tagClass(tag) as an index of lemmaCache.byClass.
func classIndex(tag string) int {
	switch tagClass(tag) {
	case "V":
		return 0
	case "N":
		return 1
	}
	return 2
}

// words fills out[i] with toks[i], its lower-case form and its lemma
// (len(out) == len(toks)), under one read lock for the known words.
func (l *lemmatiser) words(toks []kg.Token, out []word) {
	var missed []int
	l.cache.mu.RLock()
	for i, t := range toks {
		e, ok := l.cache.byClass[classIndex(t.Tag)][t.Text]
		if !ok {
			missed = append(missed, i)
		}
		out[i] = word{Token: t, low: e.low, lem: e.lem}
	}
	l.cache.mu.RUnlock()
	for _, i := range missed {
		out[i].low, out[i].lem = l.cached(out[i].Text, out[i].Tag)
	}
}

// cached returns strings.ToLower(word) and lemma(word, tag), remembered.
func (l *lemmatiser) cached(word, tag string) (low, lem string) {
	c := classIndex(tag)
	l.cache.mu.RLock()
	e, ok := l.cache.byClass[c][word]
	l.cache.mu.RUnlock()
	if ok {
		return e.low, e.lem
	}
	e = lowLemma{strings.ToLower(word), l.lemma(word, tag)}
	l.cache.mu.Lock()
	if l.cache.n < lemmaCacheMax {
		if l.cache.byClass[c] == nil {
			l.cache.byClass[c] = map[string]lowLemma{}
		}
		if _, dup := l.cache.byClass[c][word]; !dup {
			l.cache.byClass[c][word] = e
			l.cache.n++
		}
	}
	l.cache.mu.Unlock()
	return e.low, e.lem
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
