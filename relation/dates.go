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

// dateWord reports whether a lower-case word names a day or month, so that
// "Trump met Putin Thursday" does not read "Putin" as a modifier.
func dateWord(w string) bool {
	if _, ok := weekdays[w]; ok {
		return true
	}
	if _, ok := months[w]; ok && len(w) > 3 {
		return true
	}
	return w == "yesterday" || w == "today" || w == "tonight"
}

// docDate parses the document's date (ISO 8601, date part), or reports
// false.
func docDate(s string) (time.Time, bool) {
	if len(s) < 10 {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", s[:10])
	return t, err == nil
}

// dateAt reads a date expression starting at token i and returns it as ISO
// 8601 ("2024", "2025-04", "2025-05-09") with the number of tokens it
// spans, or ("", 0). Expressions without a year ("May 9", "on Thursday",
// "last year") are resolved against the document date and give "" when it
// is unknown:
//   - "May 9", "9 May", "May 9th": that day in the document's year;
//   - "May 9, 2025", "9 May 2025", "May 2025", "in 2024": as written;
//   - "Thursday": the last Thursday on or before the document date, or the
//     next one on or after it when future is set ("will meet on Thursday");
//   - "today", "yesterday", "last/this/next year", "last/this/next month";
//   - "last/this/next week" is a date expression without a value.
func (v *view) dateAt(i int, future bool) (string, int) {
	toks := v.toks
	n := len(toks)
	doc, known := docDate(v.a.Doc.Date)
	w := toks[i]
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
		if j >= n {
			return 0, false
		}
		m, ok := months[strings.TrimSuffix(toks[j].low, ".")]
		// "may" is a month only when capitalised and followed by a number.
		if !ok || toks[j].Text[0] < 'A' || toks[j].Text[0] > 'Z' {
			return 0, false
		}
		return m, true
	}
	day := func(j int) (int, bool) {
		x, ok := num(j)
		if !ok || len(toks[j].Text) > 4 {
			return 0, false
		}
		return x, x >= 1 && x <= 31
	}
	// Month first: "May 9", "May 9, 2025", "May 2025".
	if m, ok := isMonth(i); ok {
		if d, ok := day(i + 1); ok {
			if y, ok := year(i + 2); ok {
				return fmt.Sprintf("%04d-%02d-%02d", y, m, d), 3
			}
			if i+3 < n && toks[i+2].Text == "," {
				if y, ok := year(i + 3); ok {
					return fmt.Sprintf("%04d-%02d-%02d", y, m, d), 4
				}
			}
			if known {
				return fmt.Sprintf("%04d-%02d-%02d", doc.Year(), m, d), 2
			}
			return "", 2
		}
		if y, ok := year(i + 1); ok {
			return fmt.Sprintf("%04d-%02d", y, m), 2
		}
		if !(i > 0 && (toks[i-1].low == "in" || toks[i-1].low == "early" || toks[i-1].low == "late" || toks[i-1].low == "mid")) {
			return "", 0
		}
		if known {
			return fmt.Sprintf("%04d-%02d", doc.Year(), m), 1
		}
		return "", 1
	}
	// Day first: "9 May", "9 May 2025".
	if d, ok := day(i); ok {
		if m, ok := isMonth(i + 1); ok {
			if y, ok := year(i + 2); ok {
				return fmt.Sprintf("%04d-%02d-%02d", y, m, d), 3
			}
			if known {
				return fmt.Sprintf("%04d-%02d-%02d", doc.Year(), m, d), 2
			}
			return "", 2
		}
	}
	// A bare year only after "in": "in 2024" (not "the 2022 invasion").
	if y, ok := year(i); ok {
		if i > 0 && toks[i-1].low == "in" && !(i+1 < n && toks[i+1].noun()) {
			return fmt.Sprintf("%04d", y), 1
		}
		return "", 0
	}
	if wd, ok := weekdays[w.low]; ok {
		if !known {
			return "", 1
		}
		if future {
			ahead := (int(wd) - int(doc.Weekday()) + 7) % 7
			return doc.AddDate(0, 0, ahead).Format("2006-01-02"), 1
		}
		back := (int(doc.Weekday()) - int(wd) + 7) % 7
		return doc.AddDate(0, 0, -back).Format("2006-01-02"), 1
	}
	switch w.low {
	case "today":
		if known {
			return doc.Format("2006-01-02"), 1
		}
		return "", 1
	case "yesterday":
		if known {
			return doc.AddDate(0, 0, -1).Format("2006-01-02"), 1
		}
		return "", 1
	case "last", "this", "next":
		shift := map[string]int{"last": -1, "this": 0, "next": 1}[w.low]
		if i+1 < n {
			switch toks[i+1].low {
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
			case "week", "weekend":
				return "", 2 // a date expression, too vague for a day
			}
		}
	}
	return "", 0
}
