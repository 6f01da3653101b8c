package ner

import (
	"sort"
	"strconv"
	"strings"
)

// Resolution compares names with names. Comparing each mention with every
// earlier one costs the square of the number of mentions (a 4 MB document
// spent 5 of its 8 seconds there), so the comparisons go through indexes
// that only hold distinct names and only offer those that can match.

// nameForm is one distinct word-key list (wordKeys) of a name and the
// number of the cluster holding it.
type nameForm struct {
	keys  []string
	owner int
}

// nameIndex holds distinct name forms filed under their first and their
// last word key. subsequence(a, b) needs a and b to share their first or
// their last key, so a name is only compared with the forms filed under its
// own first and last keys.
type nameIndex struct {
	seen    map[string]bool
	byFirst map[string][]nameForm
	byLast  map[string][]nameForm
}

func newNameIndex() *nameIndex {
	return &nameIndex{seen: map[string]bool{}, byFirst: map[string][]nameForm{}, byLast: map[string][]nameForm{}}
}

// add files keys under owner, once.
func (x *nameIndex) add(keys []string, owner int) {
	if len(keys) == 0 {
		return
	}
	id := strings.Join(keys, "\x00") + "\x01" + strconv.Itoa(owner)
	if x.seen[id] {
		return
	}
	x.seen[id] = true
	f := nameForm{keys: keys, owner: owner}
	x.byFirst[keys[0]] = append(x.byFirst[keys[0]], f)
	x.byLast[keys[len(keys)-1]] = append(x.byLast[keys[len(keys)-1]], f)
}

// first returns the smallest owner of a form match accepts among those that
// share keys' first or last key, or -1.
func (x *nameIndex) first(keys []string, match func(keys, form []string) bool) int {
	best := -1
	if len(keys) == 0 {
		return best
	}
	for _, fs := range [2][]nameForm{x.byFirst[keys[0]], x.byLast[keys[len(keys)-1]]} {
		for _, f := range fs {
			if (best < 0 || f.owner < best) && match(keys, f.keys) {
				best = f.owner
			}
		}
	}
	return best
}

// samePersonKeys reports whether two person names' word keys name one
// person: the same generation, one a subsequence of the other.
func samePersonKeys(a, b []string) bool {
	if generation(a) != generation(b) {
		return false // "Donald Trump Jr." is not "Donald Trump"
	}
	return subsequence(a, b) || subsequence(b, a)
}

// eitherSubsequence is retypePersons' test: one a subsequence of the other,
// both of two words or more.
func eitherSubsequence(a, b []string) bool {
	return len(a) >= 2 && len(b) >= 2 && (subsequence(a, b) || subsequence(b, a))
}

// fullNames is what pickPerson needs of the persons: for each word key, the
// persons with a full name (two words or more) holding it, in order; for
// each person, where its full names start, ascending.
type fullNames struct {
	byWord map[string][]int
	starts [][]int
}

func newFullNames(persons []*cluster) *fullNames {
	fn := &fullNames{byWord: map[string][]int{}, starts: make([][]int, len(persons))}
	for i, p := range persons {
		for _, m := range p.members {
			if len(m.words) < 2 {
				continue
			}
			fn.starts[i] = append(fn.starts[i], m.start)
			for _, k := range wordKeysOf(m) {
				if l := fn.byWord[k]; len(l) == 0 || l[len(l)-1] != i {
					fn.byWord[k] = append(l, i)
				}
			}
		}
		sort.Ints(fn.starts[i])
	}
	return fn
}

// pickPerson returns the number of the person whose full name contains c's
// single word: the one with the most recent full mention before c, else
// the only one mentioned after c; -1 when there is none.
func (fn *fullNames) pickPerson(c *cand) int {
	before, beforePos := -1, -1
	after, nAfter := -1, 0
	for _, i := range fn.byWord[wordKey(c.words[0])] {
		s := fn.starts[i]
		// The last full mention before c.
		if j := sort.SearchInts(s, c.start); j > 0 {
			if last := s[j-1]; last > beforePos {
				before, beforePos = i, last
			}
		} else {
			after = i
			nAfter++
		}
	}
	if before >= 0 {
		return before
	}
	if nAfter == 1 {
		return after
	}
	return -1
}
