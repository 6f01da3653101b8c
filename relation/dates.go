package relation

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday,
	"saturday": time.Saturday,
}

// numberWords are the counts "six years ago" spells out.
var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

// rangeWords join the two ends of a range: "from 1931 to 1945", "September
// 3 and 4", "Aug. 3-4".
var rangeWords = map[string]bool{"to": true, "until": true, "till": true, "through": true, "and": true, "-": true, "–": true}

// seasonHeads are the nouns before "of YEAR" that date an event by the
// year: "at the start of 1995".
var seasonHeads = map[string]bool{
	"start": true, "end": true, "beginning": true, "middle": true, "spring": true,
	"summer": true, "autumn": true, "fall": true, "winter": true,
}

// aheadMonths: a date without a year that falls up to this many months
// after the document date stays in the document's year although the verb
// is not marked future ("Havel to tour Brazil in September"): news writes
// of what is planned as often as of what happened.
const aheadMonths = 2

// dateWord reports whether a lower-case word names a day or month, so that
// "Trump met Putin Thursday" does not read "Putin" as a modifier.
func dateWord(w string) bool {
	if _, ok := weekdays[w]; ok {
		return true
	}
	if _, ok := months[w]; ok && len(w) > 3 {
		return true
	}
	return w == "yesterday" || w == "today" || w == "tonight" || w == "tomorrow"
}

// docDate parses the document's date (ISO 8601, date part), or reports
// false. A year outside 1800-2200, the years ingest reads dates in, is no
// date: resolved against it, "next year" after 9999 or "last year" before
// 0000 would be no ISO 8601 year.
func docDate(s string) (time.Time, bool) {
	if len(s) < 10 {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", s[:10])
	return t, err == nil && t.Year() >= 1800 && t.Year() <= 2200
}

// resolver resolves dates without a year, and relative ones, against the
// document's date.
type resolver struct {
	doc    time.Time
	known  bool
	future bool
}

func day(t time.Time) string { return t.Format("2006-01-02") }

// yearOf returns the year of a month (and day, 0 for the whole month)
// written without one: the document's year, or the one before when that
// would put it more than aheadMonths after the document date, or, for a
// future event, the one after when it would lie more than aheadMonths
// before it.
func (r resolver) yearOf(m time.Month, d int) int {
	y := r.doc.Year()
	first, last := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
	if d > 0 {
		first = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		last = first
	}
	if r.future {
		if last.Before(r.doc.AddDate(0, -aheadMonths, 0)) {
			return y + 1
		}
		return y
	}
	if first.After(r.doc.AddDate(0, aheadMonths, 0)) {
		return y - 1
	}
	return y
}

// monthDay is "May 9" without a year, or "" when the document date is
// unknown or the day does not exist.
func (r resolver) monthDay(m time.Month, d int) string {
	if !r.known {
		return ""
	}
	y := r.yearOf(m, d)
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return ""
	}
	return day(t)
}

// month is "in July" without a year.
func (r resolver) month(m time.Month) string {
	if !r.known {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", r.yearOf(m, 0), m)
}

// week is the days from..to of one week, per docs/annotation.md: their
// month, or their year when they span two months, or "" when they span
// two years.
func week(from, to time.Time) string {
	switch {
	case from.Month() == to.Month() && from.Year() == to.Year():
		return from.Format("2006-01")
	case from.Year() == to.Year():
		return from.Format("2006")
	}
	return ""
}

// weekOf is the week (Monday to Sunday) shift weeks from the one holding
// the document date. This week is the days up to the document date, or
// from it for a future event: "was in Moscow this week" on a Wednesday
// is that Monday to Wednesday.
func (r resolver) weekOf(shift int) string {
	t := r.doc.AddDate(0, 0, 7*shift)
	mon := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	sun := mon.AddDate(0, 0, 6)
	if shift == 0 {
		if r.future {
			mon = r.doc
		} else {
			sun = r.doc
		}
	}
	return week(mon, sun)
}

// weekday is the most recent such day on or before the document date, the
// next one on or after it for a future event; strict excludes the
// document date itself ("last Thursday", "next Thursday").
func (r resolver) weekday(wd time.Weekday, strict bool) string {
	if !r.known {
		return ""
	}
	if r.future {
		ahead := (int(wd) - int(r.doc.Weekday()) + 7) % 7
		if ahead == 0 && strict {
			ahead = 7
		}
		return day(r.doc.AddDate(0, 0, ahead))
	}
	back := (int(r.doc.Weekday()) - int(wd) + 7) % 7
	if back == 0 && strict {
		back = 7
	}
	return day(r.doc.AddDate(0, 0, -back))
}

// dateAt reads a date expression starting at token i and returns it as ISO
// 8601 ("2024", "2025-04", "2025-05-09", an interval "1931/1945") with the
// number of tokens it spans, or ("", 0). Expressions without a year ("May
// 9", "on Thursday", "last year") are resolved against the document date
// and give "" (with their length) when it is unknown:
//   - "May 9", "9 May", "May 9th": that day, in the document's year unless
//     that puts it more than two months after the document date (then the
//     year before) or, for a future event, more than two months before it
//     (then the year after); "in July", "last June", "next March" alike;
//   - "May 9, 2025", "9 May 2025", "May 2025", "in 2024", "early 2024", "at
//     the start of 1995": as written;
//   - ranges are ISO 8601 intervals: "from 1931 to 1945" and "1980-88"
//     ("1931/1945", "1980/1988"), "September 3 and 4" and "Aug. 3-4"
//     ("1996-09-03/1996-09-04"), "the 1990s" ("1990/1999");
//   - "Thursday": the last Thursday on or before the document date, or the
//     next one on or after it when future is set ("will meet on Thursday");
//     "last Thursday" and "next Thursday" exclude the document date;
//   - "today", "tonight", "this morning", "yesterday", "last night",
//     "tomorrow"; "last/this/next year" and "month"; "six years ago",
//     "three months ago", "ten days ago";
//   - "last/this/next week", "two weeks ago": the week's month, or its year
//     when it spans two months (docs/annotation.md); "this week" is its
//     days up to the document date (from it, for a future event); a
//     weekend gives "".
func (v *view) dateAt(i int, future bool) (string, int) {
	toks := v.toks
	n := len(toks)
	doc, known := docDate(v.a.Doc.Date)
	r := resolver{doc: doc, known: known, future: future}
	w := toks[i]
	low := func(j int) string {
		if j < 0 || j >= n {
			return ""
		}
		return toks[j].low
	}
	num := func(j int) (int, bool) {
		if j >= n {
			return 0, false
		}
		s := strings.TrimRight(strings.ToLower(toks[j].Text), "stndrh")
		x, err := strconv.Atoi(s)
		return x, err == nil && s != ""
	}
	year := func(j int) (int, bool) {
		if j >= n || len(toks[j].Text) != 4 {
			return 0, false
		}
		x, ok := num(j)
		return x, ok && x >= 1900 && x <= 2100
	}
	isMonth := func(j int) (time.Month, bool) {
		if j < 0 || j >= n {
			return 0, false
		}
		m, ok := months[strings.TrimSuffix(toks[j].low, ".")]
		// "may" is a month only when capitalised and followed by a number.
		if !ok || toks[j].Text[0] < 'A' || toks[j].Text[0] > 'Z' {
			return 0, false
		}
		return m, true
	}
	dayAt := func(j int) (int, bool) {
		x, ok := num(j)
		if !ok || len(toks[j].Text) > 4 {
			return 0, false
		}
		return x, x >= 1 && x <= 31
	}
	// A second day after a first: "3 and 4", "3-4" (one token), "3 - 4".
	secondDay := func(j int) (int, int, bool) {
		if j < n {
			if a, b, ok := strings.Cut(toks[j].Text, "-"); ok {
				if _, err := strconv.Atoi(a); err == nil {
					if d, err := strconv.Atoi(b); err == nil && d >= 1 && d <= 31 {
						return d, 1, true
					}
				}
			}
		}
		if rangeWords[low(j)] && low(j) != "until" {
			if d, ok := dayAt(j + 1); ok {
				return d, 2, true
			}
		}
		return 0, 0, false
	}
	interval := func(a, b string) string {
		if a == "" || b == "" || b <= a {
			return ""
		}
		return a + "/" + b
	}

	// Month first: "May 9", "May 9, 2025", "May 2025", "September 3 and 4".
	if m, ok := isMonth(i); ok {
		// "Aug. 3-4": the first day is in a range token.
		if i+1 < n {
			if a, b, ok := strings.Cut(toks[i+1].Text, "-"); ok {
				d1, e1 := strconv.Atoi(a)
				d2, e2 := strconv.Atoi(b)
				if e1 == nil && e2 == nil && d1 >= 1 && d2 <= 31 && d1 < d2 {
					if y, ok := year(i + 2); ok {
						return interval(fmt.Sprintf("%04d-%02d-%02d", y, m, d1), fmt.Sprintf("%04d-%02d-%02d", y, m, d2)), 3
					}
					return interval(r.monthDay(m, d1), r.monthDay(m, d2)), 2
				}
			}
		}
		if d, ok := dayAt(i + 1); ok {
			k := 2
			d2, k2, rng := secondDay(i + 2)
			if rng {
				k += k2
			}
			y, hasYear := year(i + k)
			if !hasYear && i+k+1 < n && toks[i+k].Text == "," {
				if y, hasYear = year(i + k + 1); hasYear {
					k++
				}
			}
			var a, b string
			switch {
			case hasYear:
				a, b = fmt.Sprintf("%04d-%02d-%02d", y, m, d), fmt.Sprintf("%04d-%02d-%02d", y, m, d2)
				k++
			default:
				a, b = r.monthDay(m, d), r.monthDay(m, d2)
			}
			if rng {
				return interval(a, b), k
			}
			return a, k
		}
		if y, ok := year(i + 1); ok {
			return fmt.Sprintf("%04d-%02d", y, m), 2
		}
		switch low(i - 1) {
		case "in", "early", "late", "mid", "during", "last", "next", "this":
			return r.month(m), 1
		}
		return "", 0
	}
	// Day first: "9 May", "9 May 2025".
	if d, ok := dayAt(i); ok {
		if m, ok := isMonth(i + 1); ok {
			if y, ok := year(i + 2); ok {
				return fmt.Sprintf("%04d-%02d-%02d", y, m, d), 3
			}
			return r.monthDay(m, d), 2
		}
	}
	// Year ranges: "1980-88", "1980-1988" (one token or three).
	if s, k := v.yearRange(i); k > 0 {
		return s, k
	}
	// "from 1931 to 1945", "between 1931 and 1945".
	if (w.low == "from" || w.low == "between") && i+3 < n {
		if y1, ok := year(i + 1); ok && rangeWords[low(i+2)] {
			if y2, ok := year(i + 3); ok && y2 > y1 {
				return fmt.Sprintf("%04d/%04d", y1, y2), 4
			}
		}
	}
	// Decades: "the 1990s", "the early 1990s".
	if s, ok := decade(w.low); ok {
		switch low(i - 1) {
		case "the", "early", "late", "mid":
			return s, 1
		}
		return "", 0
	}
	if strings.HasPrefix(w.low, "mid-") {
		if s, ok := decade(w.low[4:]); ok {
			return s, 1
		}
		if y, err := strconv.Atoi(w.low[4:]); err == nil && len(w.low) == 8 && y >= 1900 && y <= 2100 {
			return fmt.Sprintf("%04d", y), 1 // "mid-1995"
		}
	}
	// A bare year only after "in" and the like: "in 2024", "early 2024",
	// "at the start of 1995" (not "the 2022 invasion").
	if y, ok := year(i); ok {
		before := low(i - 1)
		after := i > 1 && before == "of" && seasonHeads[low(i-2)]
		if before == "in" || before == "during" || before == "early" || before == "late" || before == "mid" || after {
			if !(i+1 < n && toks[i+1].noun()) {
				return fmt.Sprintf("%04d", y), 1
			}
		}
		return "", 0
	}
	// "six years ago", "a year ago", "10 days ago".
	if c, ok := numberWords[w.low]; ok || w.Tag == "CD" {
		if !ok {
			c, ok = num(i)
		}
		if ok && c > 0 && c < 100 && low(i+2) == "ago" {
			unit := strings.TrimSuffix(low(i+1), "s")
			if !known {
				switch unit {
				case "year", "month", "week", "day":
					return "", 3
				}
				return "", 0
			}
			switch unit {
			case "year":
				return fmt.Sprintf("%04d", doc.Year()-c), 3
			case "month":
				return doc.AddDate(0, -c, 1-doc.Day()).Format("2006-01"), 3
			case "week":
				return r.weekOf(-c), 3
			case "day":
				return day(doc.AddDate(0, 0, -c)), 3
			}
		}
		return "", 0
	}
	if wd, ok := weekdays[w.low]; ok {
		return r.weekday(wd, false), 1
	}
	rel := func(t time.Time, k int) (string, int) {
		if !known {
			return "", k
		}
		return day(t), k
	}
	switch w.low {
	case "today", "tonight":
		return rel(doc, 1)
	case "yesterday":
		return rel(doc.AddDate(0, 0, -1), 1)
	case "tomorrow":
		return rel(doc.AddDate(0, 0, 1), 1)
	case "last", "this", "next":
		shift := map[string]int{"last": -1, "this": 0, "next": 1}[w.low]
		if i+1 >= n {
			return "", 0
		}
		nx := toks[i+1].low
		if wd, ok := weekdays[nx]; ok {
			r.future = shift > 0 || shift == 0 && future
			return r.weekday(wd, shift != 0), 2
		}
		if m, ok := isMonth(i + 1); ok {
			if !known {
				return "", 2
			}
			y := doc.Year()
			switch {
			case shift < 0 && m >= doc.Month():
				y--
			case shift > 0 && m <= doc.Month():
				y++
			}
			return fmt.Sprintf("%04d-%02d", y, m), 2
		}
		switch nx {
		case "year":
			if !known {
				return "", 2
			}
			return fmt.Sprintf("%04d", doc.Year()+shift), 2
		case "month":
			if !known {
				return "", 2
			}
			return doc.AddDate(0, shift, 1-doc.Day()).Format("2006-01"), 2
		case "week":
			if !known {
				return "", 2
			}
			return r.weekOf(shift), 2
		case "weekend":
			return "", 2 // too vague for a day (docs/annotation.md)
		case "morning", "afternoon", "evening":
			if shift == 0 {
				return rel(doc, 2)
			}
		case "night":
			if shift < 0 {
				return rel(doc.AddDate(0, 0, -1), 2)
			}
		}
	}
	return "", 0
}

// yearRange reads "1980-88" or "1980-1988" at token i, as one token or as
// year, dash, year: the interval "1980/1988".
func (v *view) yearRange(i int) (string, int) {
	toks := v.toks
	parse := func(a, b string) (string, bool) {
		y1, e1 := strconv.Atoi(a)
		if e1 != nil || len(a) != 4 || y1 < 1900 || y1 > 2100 {
			return "", false
		}
		y2, e2 := strconv.Atoi(b)
		switch {
		case e2 != nil:
			return "", false
		case len(b) == 2:
			y2 += y1 / 100 * 100
		case len(b) != 4:
			return "", false
		}
		if y2 <= y1 || y2-y1 > 99 {
			return "", false
		}
		return fmt.Sprintf("%04d/%04d", y1, y2), true
	}
	t := toks[i].Text
	for _, dash := range []string{"-", "–"} {
		if a, b, ok := strings.Cut(t, dash); ok {
			if s, ok := parse(a, b); ok {
				return s, 1
			}
			return "", 0
		}
	}
	if i+2 < len(toks) && (toks[i+1].Text == "-" || toks[i+1].Text == "–") && toks[i+1].Start == toks[i].End && toks[i+2].Start == toks[i+1].End {
		if s, ok := parse(t, toks[i+2].Text); ok {
			return s, 3
		}
	}
	return "", 0
}

// decade reads "1990s" or "1990's" as the interval "1990/1999".
func decade(s string) (string, bool) {
	if !strings.HasSuffix(s, "s") {
		return "", false
	}
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "s"), "'"), "’")
	if len(s) != 4 || s[3] != '0' {
		return "", false
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1900 || y > 2090 {
		return "", false
	}
	return fmt.Sprintf("%04d/%04d", y, y+9), true
}
