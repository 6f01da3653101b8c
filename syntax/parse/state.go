package parse

// The arc-eager transition system (Nivre 2003), with the root at the
// bottom of the stack: word 0 is the root, words 1..n the sentence.
//
// Actions are numbered: shift, reduce, then one left arc per label, then
// one right arc per label (labels being the indexes of Parser.labels).
const (
	actShift  = 0
	actReduce = 1
	actArcs   = 2 // actArcs+l: left arc labelled l; actArcs+L+l: right arc labelled l
)

const none = -1

// state is a parser configuration and what the features read of it.
type state struct {
	n     int     // words, 1..n
	stack []int32 // stack[0] is the root, never popped
	b     int32   // the buffer is b..n; empty when b > n
	head  []int32 // none until attached
	lab   []uint8
	// Children seen so far: leftmost and second leftmost, rightmost and
	// second rightmost (none if fewer), how many on each side, and the
	// sets of their labels (bit l for label l).
	lc1, lc2, rc1, rc2 []int32
	nl, nr             []uint8
	lset, rset         []uint64
	rootDone           bool // the root has its one dependent
}

// reset makes s the initial configuration of a sentence of n words.
func (s *state) reset(n int) {
	s.n = n
	s.stack = append(s.stack[:0], 0)
	s.b = 1
	m := n + 1
	s.head = fill32(s.head, m)
	s.lc1 = fill32(s.lc1, m)
	s.lc2 = fill32(s.lc2, m)
	s.rc1 = fill32(s.rc1, m)
	s.rc2 = fill32(s.rc2, m)
	s.lab = grow(s.lab, m)
	s.nl = grow(s.nl, m)
	s.nr = grow(s.nr, m)
	s.lset = grow(s.lset, m)
	s.rset = grow(s.rset, m)
	s.rootDone = false
}

func fill32(a []int32, n int) []int32 {
	if cap(a) < n {
		a = make([]int32, n, max(n, 64))
	}
	a = a[:n]
	for i := range a {
		a[i] = none
	}
	return a
}

func grow[T any](a []T, n int) []T {
	if cap(a) < n {
		a = make([]T, n, max(n, 64))
	}
	a = a[:n]
	clear(a)
	return a
}

func (s *state) done() bool { return int(s.b) > s.n }

func (s *state) s0() int32 { return s.stack[len(s.stack)-1] }

// valid reports whether action a may be applied, rootLabel being the
// index of the label "root" (the only label of the root's dependent, and
// of no other word).
func (s *state) valid(a, nLabels, rootLabel int) bool {
	if s.done() {
		return false
	}
	s0 := s.s0()
	switch {
	case a == actShift:
		return true
	case a == actReduce:
		return s0 != 0 && s.head[s0] != none
	case a < actArcs+nLabels: // left arc: s0 <- b
		return s0 != 0 && s.head[s0] == none && a-actArcs != rootLabel
	default: // right arc: s0 -> b
		if s0 == 0 {
			return !s.rootDone && a-actArcs-nLabels == rootLabel
		}
		return a-actArcs-nLabels != rootLabel
	}
}

// apply applies action a (valid).
func (s *state) apply(a, nLabels int) {
	s0 := s.s0()
	switch {
	case a == actShift:
		s.stack = append(s.stack, s.b)
		s.b++
	case a == actReduce:
		s.stack = s.stack[:len(s.stack)-1]
	case a < actArcs+nLabels:
		s.attach(s.b, s0, uint8(a-actArcs))
		s.stack = s.stack[:len(s.stack)-1]
	default:
		s.attach(s0, s.b, uint8(a-actArcs-nLabels))
		if s0 == 0 {
			s.rootDone = true
		}
		s.stack = append(s.stack, s.b)
		s.b++
	}
}

// attach adds the arc h -> d labelled l.
func (s *state) attach(h, d int32, l uint8) {
	s.head[d], s.lab[d] = h, l
	bit := uint64(1) << (l & 63)
	if d < h {
		s.nl[h]++
		s.lset[h] |= bit
		switch {
		case s.lc1[h] == none || d < s.lc1[h]:
			s.lc2[h], s.lc1[h] = s.lc1[h], d
		case s.lc2[h] == none || d < s.lc2[h]:
			s.lc2[h] = d
		}
	} else {
		s.nr[h]++
		s.rset[h] |= bit
		switch {
		case s.rc1[h] == none || d > s.rc1[h]:
			s.rc2[h], s.rc1[h] = s.rc1[h], d
		case s.rc2[h] == none || d > s.rc2[h]:
			s.rc2[h] = d
		}
	}
}

// finish attaches the words left without a head once the buffer is empty:
// the first becomes the root's dependent if it has none, the others
// depend on that word, labelled dep.
func (s *state) finish(rootLabel, depLabel int) {
	top := int32(none)
	for d := 1; d <= s.n; d++ {
		if s.head[d] == 0 {
			top = int32(d)
			break
		}
	}
	for d := int32(1); int(d) <= s.n; d++ {
		if s.head[d] != none {
			continue
		}
		if top == none {
			top = d
			s.head[d], s.lab[d] = 0, uint8(rootLabel)
			continue
		}
		s.head[d], s.lab[d] = top, uint8(depLabel)
	}
}
