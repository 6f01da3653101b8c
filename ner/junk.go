package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/resolve"
)

// Junk rules on resolved entities: the last check before an entity leaves
// the ner stage, whatever found its mentions (the rules of mentions.go or
// a trained model). Each rule is about the shape of the name, never a list
// of particular names:
//
//   - time: a time expression ("19 minutes ago", "2 hours", "Monday",
//     "March 2025");
//   - number: a name of two words or more ending in a number word, or in
//     a number of one to three digits (any longer number: for a Person),
//     a page counter, a vehicle or a model ("Yahoo 14", "Air Force One",
//     "Boeing 747");
//   - furniture: a name made only of the words web pages label their
//     parts with ("Hashtags", "Comments", "Related Articles", "Sign In");
//   - event: a name of two words or more, not a Person, whose last word
//     names an event or a work ("Victory Day", "Nobel Peace Prize", "Cold
//     War"): lexicon/eventwords.txt;
//   - possessive: a Person whose name holds a possessive ("Spider's Web"):
//     people's names have none;
//   - legal form: a name made only of the words of a company's legal
//     form ("Inc.", "Co Ltd");
//   - work title (workTitle, on the mentions): a one-word name that is,
//     every time it is written, the possessive start of a capitalised
//     name that is no entity ("Spider's Web depended on...", "Ukraine's
//     Spider's Web strike"): the title of an operation or a work.
//
// junkName returns the rule that rejects the entity, or "".
func (a *Annotator) junkName(name string, t kg.EntityType) string {
	words := strings.Fields(name)
	if len(words) == 0 {
		return "empty"
	}
	lw := make([]string, len(words))
	for i, w := range words {
		lw[i] = strings.ToLower(strings.Trim(w, ".,:;!?\"“”‘’()"))
	}
	last := lw[len(lw)-1]
	// time
	for i, w := range lw {
		if timeUnits[w] && i > 0 && (isNumber(lw[i-1]) || numberWords[lw[i-1]]) {
			return "time"
		}
		if w == "ago" {
			return "time"
		}
	}
	allCalendar := true
	for _, w := range lw {
		if !a.lex.calendar[w] && !isNumber(w) {
			allCalendar = false
		}
	}
	if allCalendar {
		return "time"
	}
	// number
	if len(words) >= 2 && (numberWords[last] || isNumber(last) && (len(last) <= 3 || t == kg.Person)) {
		return "number"
	}
	// furniture
	furniture := true
	for _, w := range lw {
		if !furnitureWords[w] {
			furniture = false
		}
	}
	if furniture {
		return "furniture"
	}
	// event
	if len(words) >= 2 && t != kg.Person && a.lex.eventWords[last] {
		return "event"
	}
	// possessive
	if t == kg.Person && (strings.Contains(name, "'s ") || strings.Contains(name, "’s ")) {
		return "possessive"
	}
	// legal form alone: "Inc.", "Co Ltd" (a table's column, a name cut
	// from its company)
	if resolve.IsLegalForm(name) {
		return "legal form"
	}
	return ""
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) && r != ',' && r != '.' {
			return false
		}
	}
	return true
}

// timeUnits follow a number in a time expression ("19 minutes ago").
var timeUnits = map[string]bool{"second": true, "seconds": true, "sec": true, "secs": true, "minute": true,
	"minutes": true, "min": true, "mins": true, "hour": true, "hours": true, "hr": true, "hrs": true, "day": true,
	"days": true, "week": true, "weeks": true, "month": true, "months": true, "year": true, "years": true,
	"h": true, "m": true, "d": true}

// furnitureWords are the words web pages label their own parts with:
// navigation, sharing, comments, subscriptions, credits. A name made only
// of them is page furniture.
var furnitureWords = map[string]bool{"hashtags": true, "hashtag": true, "tags": true, "comments": true,
	"comment": true, "share": true, "shares": true, "related": true, "articles": true, "article": true,
	"stories": true, "story": true, "more": true, "read": true, "advertisement": true, "advertising": true,
	"ad": true, "ads": true, "sponsored": true, "subscribe": true, "newsletter": true, "newsletters": true,
	"sign": true, "in": true, "up": true, "log": true, "login": true, "logout": true, "menu": true,
	"home": true, "search": true, "follow": true, "cookie": true, "cookies": true, "privacy": true,
	"policy": true, "terms": true, "trending": true, "video": true, "videos": true, "photos": true,
	"photo": true, "gallery": true, "features": true, "feature": true, "updates": true, "latest": true,
	"top": true, "popular": true, "print": true, "email": true, "next": true, "previous": true, "back": true,
	"watch": true, "listen": true, "download": true, "app": true, "try": true, "our": true, "ai": true,
	"explore": true, "recommended": true, "topics": true, "contact": true, "about": true, "help": true,
	"feedback": true, "skip": true, "content": true, "navigation": true, "click": true, "here": true}

// workTitle reports whether every member of a cluster is one word
// written as the possessive start of a capitalised word that starts no
// mention of an entity (candAt): "Spider" in "Spider's Web" (Web is no
// entity), not "Putin" in "Putin's Russia".
func workTitle(text string, members []*cand, candAt map[int]bool) bool {
	if len(members) == 0 {
		return false
	}
	for _, c := range members {
		if len(c.words) != 1 {
			return false
		}
		rest := text[c.end:]
		switch {
		case strings.HasPrefix(rest, "'s "):
			rest = rest[3:]
		case strings.HasPrefix(rest, "’s "):
			rest = rest[len("’s "):]
		default:
			return false
		}
		r, _ := utf8.DecodeRuneInString(rest)
		if !unicode.IsUpper(r) || candAt[len(text)-len(rest)] {
			return false
		}
	}
	return true
}
