// Package resolve holds entigraph's name rules for entity resolution
// across documents, and the user's aliases file.
//
// The name rules are pure functions of names (no store, no document): name
// keys that fold case, accents, punctuation, possessives and the
// transliterated endings of Slavic names; acronyms and initials; the
// transliteration test with its safeguards for two people's names; and the
// choice of a canonical name among the names documents gave one entity.
// The store (package graph) applies them when a document is added; the
// rules and their reasons are in docs/resolution.md.
package resolve

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/entigraph/entigraph/kg"
)

// WordKey folds one word of a name: lower case, no accents (kg.Slug's
// folding: "Støre" -> "store"), no dots or apostrophes, a possessive
// dropped, and the transliterated endings -y, -i, -iy, -yy, -ii made one
// ("Zelenskyy", "Zelenskiy", "Zelensky" -> "zelensky"; "Syrskyi" ->
// "syrsky").
func WordKey(w string) string {
	w = quoteFolder.Replace(w)
	w = strings.TrimSuffix(strings.TrimSuffix(strings.TrimRight(w, ".,;:"), "'s"), "'")
	s := kg.Slug(w)
	t := strings.TrimRight(s, "iy")
	if utf8.RuneCountInString(t) >= 4 && len(t) < len(s) {
		return t + "y"
	}
	return s
}

// Words splits a name into words at white space and commas.
func Words(name string) []string {
	return strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
}

// Key is the folded form of a whole name: its WordKeys joined by spaces
// ("U.S." and "US" are one key; "Kim Jong Un's" is "kim jong un"). Names
// with equal keys are spellings of one name.
func Key(name string) string {
	ws := Words(name)
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		if k := WordKey(w); k != "" {
			out = append(out, k)
		}
	}
	return strings.Join(out, " ")
}

// legalSuffixes are the words of a company's legal form: "Siemens AG",
// "Barclays Plc", "Hyundai Motors Corporation" name the companies "Siemens",
// "Barclays", "Hyundai Motors".
var legalSuffixes = map[string]bool{"ltd": true, "limited": true, "corp": true, "corporation": true, "inc": true,
	"incorporated": true, "plc": true, "ag": true, "sa": true, "nv": true, "gmbh": true, "co": true, "llc": true,
	"lp": true, "llp": true, "bv": true, "spa": true, "ab": true, "asa": true, "oyj": true, "kk": true, "pty": true,
	"pte": true, "sarl": true, "srl": true, "sas": true, "cie": true, "kgaa": true}

// IsLegalForm reports whether every word of name is a word of a legal
// form ("Inc.", "Co Ltd"): no organization's name on its own.
func IsLegalForm(name string) bool {
	ws := strings.Fields(name)
	for _, w := range ws {
		if !legalSuffixes[strings.ToLower(strings.ReplaceAll(strings.Trim(w, ","), ".", ""))] {
			return false
		}
	}
	return len(ws) > 0
}

// StripLegalSuffix returns an organization's name without the words of its
// legal form at the end ("Siemens AG" -> "Siemens", "Ford Motor Co." ->
// "Ford Motor", "Sony Corp, Ltd" -> "Sony"; "&" or "and" before "Co"
// goes too: "Brown Brothers & Co" -> "Brown Brothers"). A name that is
// nothing but such words ("Co", "Inc") is returned as it is.
func StripLegalSuffix(name string) string {
	// Most names end in no legal form: look at the last word first.
	last := strings.TrimRight(name, " ")
	if k := strings.LastIndexAny(last, " \t\n"); k >= 0 {
		last = last[k+1:]
	} else {
		return name // one word
	}
	if !legalSuffixes[strings.ToLower(strings.ReplaceAll(strings.Trim(last, ","), ".", ""))] {
		return name
	}
	ws := strings.Fields(name)
	n := len(ws)
	for n > 1 {
		w := strings.ToLower(strings.ReplaceAll(strings.Trim(ws[n-1], ","), ".", ""))
		if !legalSuffixes[w] && !(n < len(ws) && (w == "&" || w == "and")) {
			break
		}
		n--
	}
	if n == len(ws) {
		return name
	}
	return strings.TrimRight(strings.Join(ws[:n], " "), ",")
}

// trimThe returns name without a leading "the ".
func trimThe(name string) string {
	if len(name) > 4 && strings.EqualFold(name[:4], "the ") {
		return name[4:]
	}
	return name
}

// OrgKey is the Key of an organization's name without its legal form and
// a leading "the": "Hyundai Motors Corporation", "Hyundai Motors" and "the
// Hyundai Motors" have one OrgKey; "Renault" and "Renault-Nissan Alliance",
// "Barclays" and "Barclays Bank" do not.
func OrgKey(name string) string { return Key(OrgName(name)) }

// OrgName is an organization's name without its legal form and a leading
// "the": the name OrgKey folds.
func OrgName(name string) string {
	name = trimThe(StripLegalSuffix(name))
	// A broadcaster's news division goes by the broadcaster's acronym
	// and "News" ("BBC News", "CBS News"): one body in the news.
	if len(name) > 5 && strings.EqualFold(name[len(name)-5:], " news") {
		if ws := strings.Fields(name); len(ws) == 2 && IsAcronym(ws[0]) {
			return ws[0]
		}
	}
	return name
}

// Misspelt reports whether two names of an organization or place are one
// name with a typing error in one word: the same number of words, two or
// more, ten letters or more in all; every word equal by WordKey but one,
// and that one five letters or more in both, with the same first letter,
// one letter inserted, dropped, changed, or two neighbours swapped
// ("Untied Nations" and "United Nations", "Amnesty Internatonal" and
// "Amnesty International"). Short names ("Ford", "Fiat"), one-word names
// and people's names are never asked: too many real names are one letter
// apart.
func Misspelt(a, b string) bool {
	wa, wb := Words(a), Words(b)
	if len(wa) != len(wb) || len(wa) < 2 || utf8.RuneCountInString(a) < 10 || utf8.RuneCountInString(b) < 10 {
		return false
	}
	diff := -1
	for i := range wa {
		if WordKey(wa[i]) != WordKey(wb[i]) {
			if diff >= 0 {
				return false
			}
			diff = i
		}
	}
	if diff < 0 {
		return false
	}
	x, y := []rune(strings.ToLower(wa[diff])), []rune(strings.ToLower(wb[diff]))
	if len(x) < 5 || len(y) < 5 || x[0] != y[0] {
		return false
	}
	return oneEdit(x, y)
}

// oneEdit reports whether x and y differ by one insertion, deletion,
// substitution or swap of two neighbouring letters.
func oneEdit(x, y []rune) bool {
	if len(x) > len(y) {
		x, y = y, x
	}
	if len(y)-len(x) > 1 {
		return false
	}
	i := 0
	for i < len(x) && x[i] == y[i] {
		i++
	}
	if len(x) == len(y) {
		if i == len(x) {
			return false // equal
		}
		if string(x[i+1:]) == string(y[i+1:]) {
			return true // one substitution
		}
		return i+1 < len(x) && x[i] == y[i+1] && x[i+1] == y[i] && string(x[i+2:]) == string(y[i+2:])
	}
	return string(x[i:]) == string(y[i+1:]) // one insertion
}

// IsAcronym reports whether name is one acronym: two to six letters (dots
// and & allowed), mostly upper-case, the first upper-case ("KCNA", "U.N.",
// "AfD").
func IsAcronym(name string) bool {
	letters, upper := 0, 0
	for _, r := range name {
		switch {
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		case r == '.' || r == '&':
		default:
			return false
		}
	}
	r, _ := utf8.DecodeRuneInString(name)
	return letters >= 2 && letters <= 6 && unicode.IsUpper(r) && upper >= 2 && upper*2 >= letters+1
}

// AcronymKey is an acronym's letters upper-cased ("U.N." -> "UN", "AfD" ->
// "AFD").
func AcronymKey(name string) string {
	var b strings.Builder
	for _, r := range name {
		if unicode.IsLetter(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// Initials returns the initials of a name of two words or more, from its
// capitalised words ("Korean Central News Agency" -> "KCNA", "Institute
// for Far Eastern Studies" -> "IFES"); "" for a single word.
func Initials(name string) string {
	ws := Words(name)
	if len(ws) < 2 {
		return ""
	}
	var b strings.Builder
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			b.WriteRune(r)
		}
	}
	if b.Len() < 2 {
		return ""
	}
	return b.String()
}

// quoteFolder turns curly apostrophes straight; skeletonFolder makes one
// the letters Skeleton folds. Built once: a Replacer is costly to build and
// safe for concurrent use.
var (
	quoteFolder    = strings.NewReplacer("’", "'", "‘", "'")
	skeletonFolder = strings.NewReplacer("kh", "h", "ph", "f", "ou", "u", "ie", "i", "x", "ks", "w", "v", "y", "i", "j", "i")
)

// Skeleton folds a name word further for the transliteration test: its
// WordKey with the letters that romanisations of one Cyrillic, Arabic or
// Korean letter disagree on made one (y, j and ie -> i; w -> v; kh -> h; ph
// -> f; x -> ks; ou -> u) and doubled letters single ("Volodymyr" and
// "Volodimir" -> "volodimir").
func Skeleton(w string) string {
	s := WordKey(w)
	s = skeletonFolder.Replace(s)
	var b strings.Builder
	var prev rune
	for _, r := range s {
		if r == prev {
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// Match says how two names relate.
type Match int

// How two names relate, from unrelated to equal.
const (
	NoMatch     Match = iota
	NearVariant       // one letter apart in a word: need strong corroboration
	Variant           // transliterations of one name: need corroboration
	SameName          // equal keys: one name spelled two ways
)

// PersonVariant compares two people's full names word by word and returns
// SameName when every word has the same WordKey, Variant when they are
// transliterations of one name, and NoMatch otherwise.
//
// Variant and NearVariant need all of: the same number of words (two or
// more); at least one word with equal keys (a shared full-name token,
// usually the surname); every other word of five letters or more in both
// names and starting with the same letter. Variant when those words have
// equal Skeletons ("Volodymyr Zelenskyy" and "Volodimir Zelensky"),
// NearVariant when a Skeleton is one edit from the other's ("Maria
// Petrova" and "Marina Petrova": maybe one person misspelt, maybe two).
// "Jon Smith" and "Jan Smith" are NoMatch (three letters: too short to
// tell a misspelling from another name). Neither is enough on its own:
// the caller must check corroborating evidence (docs/resolution.md).
func PersonVariant(a, b string) Match {
	wa, wb := Words(a), Words(b)
	ka, kb := make([]string, len(wa)), make([]string, len(wb))
	for i, w := range wa {
		ka[i] = WordKey(w)
	}
	for i, w := range wb {
		kb[i] = WordKey(w)
	}
	if len(ka) >= 2 && slices.Equal(ka, kb) {
		return SameName
	}
	if !MayBeVariants(ka, kb) {
		return NoMatch
	}
	variant, near := 0, 0
	for i := range wa {
		if ka[i] == kb[i] {
			continue
		}
		sa, sb := Skeleton(wa[i]), Skeleton(wb[i])
		switch {
		case sa == sb:
			variant++
		case editDistance(sa, sb) == 1:
			near++
		default:
			return NoMatch
		}
	}
	if near > 0 {
		return NearVariant
	}
	return Variant
}

// MayBeVariants reports whether two names whose words have the WordKeys a
// and b pass PersonVariant's tests on the keys alone: the same number of
// words, two or more; at least one word, not all, with equal keys; every
// other word five letters or more in both and starting with the same
// letter. PersonVariant finds a Variant or NearVariant only for such
// names, so a caller that keeps names' keys can rule most pairs out with
// no words split or folded again.
func MayBeVariants(a, b []string) bool {
	if len(a) != len(b) || len(a) < 2 {
		return false
	}
	same := 0
	for i, ka := range a {
		kb := b[i]
		if ka == kb {
			same++
			continue
		}
		if utf8.RuneCountInString(ka) < 5 || utf8.RuneCountInString(kb) < 5 {
			return false
		}
		ra, _ := utf8.DecodeRuneInString(ka)
		rb, _ := utf8.DecodeRuneInString(kb)
		if ra != rb {
			return false
		}
	}
	return same > 0 && same < len(a)
}

// editDistance is the Levenshtein distance between two strings, by rune.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// NameUse is one name an entity goes by, with how many documents gave it
// as their name for the entity.
type NameUse struct {
	Name string
	Docs int
}

// Canonical picks an entity's name among the names documents gave it, so
// that the choice depends only on the set of names and their counts, never
// on the order documents came in:
//
//  1. the longest complete form: the most words, then the longest
//     Skeletons (so "Korean Central News Agency" beats "KCNA" and
//     "Volodymyr Zelenskyy" beats "Zelenskyy"); ties go to the name that
//     sorts first;
//  2. its spelling, word by word, among the names that are spellings of
//     it (equal Key, or PersonVariant finds them variants): the spelling
//     of each word that most documents used; a tie goes to the word of
//     the whole spelling most documents used (ties: the one that sorts
//     first), so that two spellings once each give one of them, not a mix
//     ("Volodymyr Zelenskiy", "Volodymyr Zelenskyy" and "Volodimir
//     Zelenskyy" give "Volodymyr Zelenskyy").
//
// It returns "" for no names.
func Canonical(uses []NameUse) string {
	count := map[string]int{}
	for _, u := range uses {
		n := strings.Join(strings.Fields(u.Name), " ")
		if n != "" {
			count[n] += max(u.Docs, 1)
		}
	}
	if len(count) == 0 {
		return ""
	}
	names := make([]string, 0, len(count))
	for n := range count {
		names = append(names, n)
	}
	sort.Strings(names)
	longer := func(a, b string) bool { // a is a longer form than b
		a, b = trimThe(a), trimThe(b) // "the State Department" is no longer than "State Department"
		wa, wb := len(Words(a)), len(Words(b))
		if wa != wb {
			return wa > wb
		}
		return utf8.RuneCountInString(Skeletons(a)) > utf8.RuneCountInString(Skeletons(b))
	}
	longest := names[0]
	for _, n := range names[1:] {
		if longer(n, longest) {
			longest = n
		}
	}
	// A misspelling ("Untied Nations") gives way to the spelling more
	// documents used ("United Nations").
	for _, n := range names {
		if count[n] > count[longest] && Misspelt(n, longest) {
			longest = n
		}
	}
	lw := Words(longest)
	votes := make([]map[string]int, len(lw))
	for i := range votes {
		votes[i] = map[string]int{}
	}
	whole, wn := longest, 0 // the most used whole spelling: it breaks ties
	for _, n := range names {
		ws := Words(n)
		if len(ws) != len(lw) || (n != longest && Key(n) != Key(longest) && PersonVariant(n, longest) == NoMatch) {
			continue
		}
		for i, w := range ws {
			votes[i][w] += count[n]
		}
		if count[n] > wn {
			whole, wn = n, count[n]
		}
	}
	ww := Words(whole)
	out := make([]string, len(lw))
	for i, v := range votes {
		best, bn := ww[i], v[ww[i]]
		for w, n := range v {
			if n > bn {
				best, bn = w, n
			}
		}
		out[i] = best
	}
	return strings.Join(out, " ")
}

// Skeletons is the Skeleton of every word of a name, joined by spaces.
func Skeletons(name string) string {
	ws := Words(name)
	for i, w := range ws {
		ws[i] = Skeleton(w)
	}
	return strings.Join(ws, " ")
}
