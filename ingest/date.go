package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Date recognition. Dates are normalised to ISO 8601: YYYY-MM-DD, or
// YYYY-MM / YYYY when metadata gives no more.

const (
	reWeekday = `(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+)?`
	reMonth   = `(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`
	reOrd     = `(?:st|nd|rd|th)?`
)

var (
	// 2025-05-10, 2025-05-10T08:00:00Z, 2025-05-10 08:00 +0200
	isoDateRe = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT))?)?\b`)
	// 2025/05/10
	slashDateRe = regexp.MustCompile(`^(\d{4})/(\d{1,2})/(\d{1,2})\b`)
	// Saturday, 10 May 2025; 10th May, 2025; Sat, 10 May 2025 08:00:00 GMT
	dmyDateRe = regexp.MustCompile(`(?i)^` + reWeekday + `(\d{1,2})` + reOrd + `\s+` + reMonth + `,?\s+(\d{4})\b`)
	// May 10, 2025; Saturday, May 10th 2025; Sept. 1, 2025
	mdyDateRe = regexp.MustCompile(`(?i)^` + reWeekday + reMonth + `\s+(\d{1,2})` + reOrd + `,?\s+(\d{4})\b`)
	// Metadata only: 2025-05, 2025.
	yearMonthRe = lazyRegexp(`^(\d{4})-(\d{2})$`)
	yearRe      = lazyRegexp(`^(\d{4})$`)

	// A time after a date in a text line: ", 08:30 AM BST", " at 8.30pm", " | 10:00".
	timeRe = regexp.MustCompile(`^(?i:,?\s*(?:at\s+|-\s*|\|\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?)(?:\s*\(?(?:[A-Z]{2,5}|UTC[+-]?\d{0,2}|GMT[+-]?\d{0,2})\)?)?`)
)

var monthNumbers = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

func monthNumber(name string) int {
	name = strings.ToLower(name)
	if len(name) < 3 {
		return 0
	}
	return monthNumbers[name[:3]]
}

// isoDate validates a calendar date and formats it as YYYY-MM-DD.
func isoDate(y, m, d int) (string, bool) {
	if y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return "", false // 31 April and the like
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// matchDate recognises a full calendar date at the start of s. It returns
// the ISO form and the number of bytes of s the date (with any time of
// day attached to an ISO date) takes.
func matchDate(s string) (iso string, n int, ok bool) {
	// Each expression is anchored: one whose match cannot start with s's
	// first rune is not run (most lines start with no date).
	// Both numeric forms start with four digits and a '-' or '/'; a
	// day-month-year that starts with a digit has one or two, then a
	// space or an ordinal suffix.
	first, _ := utf8.DecodeRuneInString(s)
	if isoDateFirst.mayStart(first) && len(s) > 4 && digits(s[:4]) {
		if s[4] == '-' {
			if m := isoDateRe.FindStringSubmatch(s); m != nil {
				iso, ok = isoDate(atoi(m[1]), atoi(m[2]), atoi(m[3]))
				return iso, len(m[0]), ok
			}
		}
		if s[4] == '/' {
			if m := slashDateRe.FindStringSubmatch(s); m != nil {
				iso, ok = isoDate(atoi(m[1]), atoi(m[2]), atoi(m[3]))
				return iso, len(m[0]), ok
			}
		}
	}
	if dmyDateFirst.mayStart(first) && (!isDigit(first) || afterDay(s[1:]) || len(s) > 1 && isDigit(rune(s[1])) && afterDay(s[2:])) && dmyDatePre.mayHead(s) {
		if m := dmyDateRe.FindStringSubmatch(s); m != nil {
			iso, ok = isoDate(atoi(m[3]), monthNumber(m[2]), atoi(m[1]))
			return iso, len(m[0]), ok
		}
	}
	if mdyDateFirst.mayStart(first) && mdyDatePre.mayHead(s) {
		if m := mdyDateRe.FindStringSubmatch(s); m != nil {
			iso, ok = isoDate(atoi(m[3]), monthNumber(m[1]), atoi(m[2]))
			return iso, len(m[0]), ok
		}
	}
	return "", 0, false
}

// hasDigitRun reports whether s has n ASCII digits in a row.
func hasDigitRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			if run++; run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(rune(s[i])) {
			return false
		}
	}
	return true
}

// afterDay: s can follow the day of a day-month-year date: white space
// (\s) or an ordinal suffix (st, nd, rd, th in any case, and (?i) lets
// non-ASCII runes fold to those letters: "ſt").
func afterDay(s string) bool {
	if s == "" {
		return false
	}
	if s[0] >= utf8.RuneSelf {
		return true
	}
	switch s[0] {
	case ' ', '\t', '\n', '\f', '\r', 's', 'S', 'n', 'N', 'r', 'R', 't', 'T':
		return true
	}
	return false
}

// The runes a match of each date expression can start with (isoDateRe and
// slashDateRe share theirs: a digit).
var (
	isoDateFirst     = firstSetOf(isoDateRe, slashDateRe)
	dmyDateFirst     = firstSetOf(dmyDateRe)
	mdyDateFirst     = firstSetOf(mdyDateRe)
	dateKeywordFirst = firstSetOf(dateKeywordRe)
	// The first bytes of the two named-month forms: a weekday or a
	// month name, or a day.
	dmyDatePre = prefixesOfExpr(dmyDateRe.String())
	mdyDatePre = prefixesOfExpr(mdyDateRe.String())
)

// firstSetOf is the union of the first sets of anchored expressions.
func firstSetOf(res ...*regexp.Regexp) firstSet {
	var u firstSet
	for _, re := range res {
		f := firstRunes(re.String())
		if f.all {
			return f
		}
		u.ranges = append(u.ranges, f.ranges...)
	}
	return u
}

// NormalizeDate turns a metadata date (JSONL "date", HTML meta, front
// matter) into ISO 8601: "2025-05-10T08:00:00Z", "Sat, 10 May 2025",
// "May 10, 2025" and "2025/05/10" all give "2025-05-10"; "2025-05" and
// "2025" are kept at their precision. It reports false when s holds no
// date it recognises.
func NormalizeDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	if iso, _, ok := matchDate(s); ok {
		return iso, true
	}
	if m := yearMonthRe().FindStringSubmatch(s); m != nil {
		if y, mo := atoi(m[1]), atoi(m[2]); y >= 1800 && y <= 2200 && mo >= 1 && mo <= 12 {
			return s, true
		}
	}
	if m := yearRe().FindStringSubmatch(s); m != nil {
		if y := atoi(m[1]); y >= 1800 && y <= 2200 {
			return s, true
		}
	}
	return "", false
}

var (
	// Words that introduce a date in a metadata line: "date 2025-05-10",
	// "Published: 10 May 2025", "Last updated on May 10, 2025".
	dateKeywordRe = regexp.MustCompile(`(?i)^(?:date(?:d|line)?|published(?:\s+(?:on|at))?|publication\s+date|pub(?:lished)?\s+date|posted(?:\s+on)?|(?:last\s+)?updated(?:\s+on)?|first\s+published(?:\s+on)?)\s*[:\-–—]?\s*`)
	// What follows a dateline's date: "(Reuters) —", " - ".
	datelineEndRe = regexp.MustCompile(`^\s*(?:\([^)]{1,30}\))?\s*[—–-]\s`)
	// Separators between a metadata date and the text after it.
	dateRestSepRe = regexp.MustCompile(`^[\s|•·:,—–-]*`)
	// A time of day that a keyword puts before its date: "Published 3:04
	// PM EDT, Fri August 22, 2025", "Updated 10.15 GMT+1 on 22 Aug 2025".
	timeFirstRe = regexp.MustCompile(`^(?i:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?)(?:\s*(?:[A-Z]{2,5}|UTC|GMT)(?:[+-]\d{1,2})?)?\s*,?\s*(?i:on\s+)?`)
)

// dateLine inspects one trimmed line for a date given as metadata.
//
//   - "date 2025-05-10", "Published: 10 May 2025 | Updated ...", a line that
//     is only a date: the whole line is metadata (whole).
//   - "date 2025-05-10 North Korean leader ...": a keyword and date start
//     the line; skip is how many bytes of it are metadata.
//   - "May 10, 2025 — text", "WASHINGTON, May 10, 2025 (Reuters) - text":
//     a dateline; the date is found but the text stays (skip 0).
func dateLine(s string) (iso string, skip int, whole, ok bool) {
	// Every form has a digit near the start; most lines have none, and
	// the regular expressions need only the line's head.
	h := s
	if len(h) > 160 {
		h = h[:160]
	}
	// Every form has a year, four digits in a row (\d{4} in each of
	// matchDate's expressions), and is matched in h: most lines with a
	// digit have no such run ("$17,000", "27").
	if !hasDigitRun(h, 4) {
		return "", 0, false, false
	}
	return dateLineHead(s, h)
}

// dateLineHead is dateLine on s, whose head h is.
func dateLineHead(s, h string) (iso string, skip int, whole, ok bool) {
	k := 0
	if first, _ := utf8.DecodeRuneInString(h); dateKeywordFirst.mayStart(first) {
		if m := dateKeywordRe.FindStringIndex(h); m != nil {
			k = m[1]
		}
	}
	iso, n, ok := matchDate(h[k:])
	if !ok && k > 0 {
		// "Published 3:04 PM EDT, Fri August 22, 2025"
		if t := timeFirstRe.FindStringIndex(h[k:]); t != nil {
			if iso, n, ok = matchDate(h[k+t[1]:]); ok {
				k += t[1]
			}
		}
	}
	if !ok {
		if k == 0 {
			return datelineDate(h)
		}
		return "", 0, false, false
	}
	end := k + n
	if t := timeRe.FindStringIndex(h[end:]); t != nil {
		end += t[1]
	}
	rest := strings.TrimSpace(s[end:])
	switch {
	case rest == "":
		return iso, len(s), true, true
	case (rest[0] == '|' || strings.HasPrefix(rest, "•") || strings.HasPrefix(rest, "·")) && len(rest) <= 120:
		return iso, len(s), true, true
	case k > 0:
		skip = end + len(dateRestSepRe.FindString(s[end:]))
		return iso, skip, false, true
	case datelineEndRe.MatchString(h[end:]):
		return iso, 0, false, true
	}
	return "", 0, false, false
}

// datelineDate finds the date of a dateline that starts with a place:
// "WASHINGTON, May 10, 2025 (Reuters) - ...", or of a line that is only a
// place in capitals and a date, as Reuters' wire copy writes it ("BAGHDAD
// 1996-08-22", "KHASAVYURT, Russia 1996-08-31"). The text stays: its place
// is part of the story. A dateline without a year ("MOSCOW, Aug 22
// (Reuters) -") gives no date: nothing in the line says which year.
func datelineDate(s string) (iso string, skip int, whole, ok bool) {
	if s == "" || s[0] < 'A' || s[0] > 'Z' && s[0] < 0x80 {
		return "", 0, false, false
	}
	for i := 1; i < len(s) && i <= 64; i++ {
		if s[i-1] != ' ' || !startsDate(s[i:]) {
			continue
		}
		iso, n, ok := matchDate(s[i:])
		if !ok || !datelinePlace(strings.TrimSpace(s[:i])) {
			continue
		}
		rest := s[i+n:]
		if t := timeRe.FindStringIndex(rest); t != nil {
			rest = rest[t[1]:]
		}
		if datelineEndRe.MatchString(rest) || strings.TrimSpace(rest) == "" && capitalWord(s) {
			return iso, 0, false, true
		}
	}
	return "", 0, false, false
}

// capitalWord reports whether s starts with a word of two or more letters
// all in capitals ("BAGHDAD", "N'DJAMENA"), as a wire dateline's place is:
// a headline that ends with a date ("Talks resume May 10, 2025") is not a
// dateline.
func capitalWord(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case r == ' ' || r == ',':
			return letters >= 2
		case r == '\'' || r == '’' || r == '.' || r == '-':
		case unicode.IsUpper(r):
			letters++
		default:
			return false
		}
	}
	return letters >= 2
}

// datelinePlace reports a place before a dateline's date: "WASHINGTON,",
// "Kyiv, Ukraine,". It is `^\p{Lu}[\p{L}\p{M}'’.,\- ]{1,60}$` written
// out: compiled, that bounded repeat of a large Unicode class took 2.3 MB
// and most of the package's init time.
func datelinePlace(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	if !unicode.Is(unicode.Lu, r) {
		return false
	}
	count := 0
	for _, r := range s[n:] {
		count++
		if count > 60 {
			return false
		}
		switch r {
		case '\'', '’', '.', ',', '-', ' ':
			continue
		}
		// An invalid byte decodes as U+FFFD, which is in neither class.
		if !unicode.IsLetter(r) && !unicode.Is(unicode.M, r) {
			return false
		}
	}
	return count >= 1
}

// startsDate: s starts with a digit or a month name, as dates do.
func startsDate(s string) bool {
	if s == "" {
		return false
	}
	if s[0] >= '0' && s[0] <= '9' {
		return true
	}
	return len(s) >= 3 && monthNumber(s[:3]) > 0
}
