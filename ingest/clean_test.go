package ingest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

const (
	p1 = "Kim Jong Un met Vladimir Putin in Vladivostok on Thursday, the Kremlin said."
	p2 = "The two leaders discussed military cooperation and the war in Ukraine for several hours."
	p3 = "South Korea said it was watching the talks closely and urged Pyongyang to stop its weapons tests."
)

func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

func TestCleanBoilerplate(t *testing.T) {
	// Each furniture line sits between two real paragraphs and must go;
	// the paragraphs must stay.
	furniture := []string{
		"We use cookies to give you the best experience. By continuing you accept our cookie policy.",
		"To find out more about how we use cookies, please see our Cookie Guide.",
		"If you'd like to view this content, please adjust your cookie settings.",
		"Related Articles",
		"Related stories:",
		"More from Reuters",
		"You may also like",
		"Read more: Kim visits Moscow",
		"19 minutes ago",
		"3 hours ago",
		"about an hour ago",
		"2 days ago",
		"Updated 5 mins ago",
		"5 min read",
		"Comments",
		"12 Comments",
		"No comments yet...",
		"Be the first to comment",
		"Hashtags",
		"Tags: North Korea, Russia",
		"Try Our AI Features",
		"Explore what Daily8 AI can do for you:",
		"More to come...",
		"This is a developing story.",
		"Share",
		"Share this article",
		"Share on Facebook",
		"Facebook Twitter Email Copy link",
		"Subscribe to our newsletter",
		"Sign in to continue reading",
		"Sign up for our free daily briefing",
		"Log in",
		"Follow us on Twitter",
		"Advertisement",
		"Story continues below advertisement",
		"© 2025 Example Media Ltd. All rights reserved.",
		"Reporting by Jane Doe; Editing by John Smith",
		"Photo credit: Getty Images",
		"Image: Tomas Berg",
		"Photo: Hanna Lind / Scanpix",
		"Pictures: Reuters",
		"Photograph by Ruth Okafor for The Observer",
		"IMAGE: Supplied",
		"- West Australian",
		"– The Advertiser",
		"Back to top",
	}
	for _, f := range furniture {
		t.Run(f, func(t *testing.T) {
			got := cleaned(t, lines(p1, f, p2))
			if want := []string{p1, p2}; !reflect.DeepEqual(got, want) {
				t.Errorf("kept %q, want %q", got, want)
			}
		})
	}
}

func TestCleanKeepsProse(t *testing.T) {
	// Lines that look a little like furniture but are content.
	keep := []string{
		"Russia said it would share intelligence with North Korea.",
		"Officials said comments by the foreign minister were unhelpful.",
		"The Kremlin said more talks would follow in the coming days.",
		"Kim Jong Un met Putin three hours ago, state media said.",
		"- Kim met Putin in Vladivostok",
		"Images of the flooded square in Oslo spread quickly online.",
		"Photographers from the Associated Press were detained in Minsk.",
	}
	for _, k := range keep {
		t.Run(k, func(t *testing.T) {
			got := cleaned(t, lines(p1, k, p2))
			if want := []string{p1, k, p2}; !reflect.DeepEqual(got, want) {
				t.Errorf("kept %q, want %q", got, want)
			}
		})
	}
}

func TestCleanBoilerplateInsideLineStays(t *testing.T) {
	long := p1 + " If you'd like to view this content, please adjust your . To find out more about how we use cookies, please see our Cookie Guide. " + p2 + " " + p3 + " More to come... Contact us at letters@"
	got := cleaned(t, lines(long))
	if want := []string{long}; !reflect.DeepEqual(got, want) {
		t.Errorf("kept %q, want %q", got, want)
	}
}

func TestCleanHeadlines(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{
			"headline directly followed by its article is kept",
			[]string{"Donald Trump, Vladimir Putin meet in Anchorage", p1, p2},
			[]string{"Donald Trump, Vladimir Putin meet in Anchorage", p1, p2},
		},
		{
			"title-case headline followed by its article is kept",
			[]string{"Trump And Putin Meet In Alaska", "", p1},
			[]string{"Trump And Putin Meet In Alaska", p1},
		},
		{
			"list of three title-case headlines is dropped",
			[]string{p1, "", "Israeli Airstrike in Gaza Targets Senior Hamas Commander", "Belarus Frees 123 Political Prisoners in U.S.-Brokered Deal", "Ireland Limits Planned Trade Ban on Israeli Settlements"},
			[]string{p1},
		},
		{
			"headline list with blank lines between is dropped",
			[]string{p1, "", "Israeli Airstrike in Gaza Targets Senior Hamas Commander", "", "Belarus Frees 123 Political Prisoners", "", "Ireland Limits Planned Trade Ban", "", p2},
			[]string{p1, p2},
		},
		{
			"list before an article keeps the article's headline",
			[]string{"Israeli Airstrike in Gaza Targets Senior Hamas Commander", "Belarus Frees 123 Political Prisoners", "Ireland Limits Planned Trade Ban", "Kim Meets Putin in Vladivostok", p1},
			[]string{"Kim Meets Putin in Vladivostok", p1},
		},
		{
			"two title-case lines are not a list",
			[]string{p1, "Israeli Airstrike in Gaza Targets Senior Hamas Commander", "Belarus Frees 123 Political Prisoners in Minsk"},
			[]string{p1, "Israeli Airstrike in Gaza Targets Senior Hamas Commander", "Belarus Frees 123 Political Prisoners in Minsk"},
		},
		{
			"sentence-case lines without punctuation are not a headline list",
			[]string{p1, "Kim met Putin in the far east of Russia", "the two signed a treaty on mutual defence", "officials in Seoul were alarmed by the news"},
			[]string{p1, "Kim met Putin in the far east of Russia\nthe two signed a treaty on mutual defence\nofficials in Seoul were alarmed by the news"},
		},
		{
			"source label before a headline goes, headline stays",
			[]string{"Yahoo", "14 minutes ago", "- Yahoo", "IAEA team at Ukraine's Zaporizhzhia says it heard gunfire", p1},
			[]string{"IAEA team at Ukraine's Zaporizhzhia says it heard gunfire", p1},
		},
		{
			"short label with no article after it goes",
			[]string{p1, "West Australian", "", "Perth Now", "", p2},
			[]string{p1, p2},
		},
		{
			"a wire dateline is no label, even before a short line",
			[]string{"GOLF - DUTCH OPEN LEADING SCORES.", "HILVERSUM, Netherlands 1996-08-24", "Leading scores after", "the third round on Saturday:"},
			[]string{"GOLF - DUTCH OPEN LEADING SCORES.", "HILVERSUM, Netherlands 1996-08-24", "Leading scores after\nthe third round on Saturday:"},
		},
		{
			"a wire dateline is not part of a headline list",
			[]string{"Acme Buys Rival Widget Maker", "Widget Maker Shares Jump On Bid", "NEWARK, N.J. 1996-08-24", "Acme Corp said on Saturday it would buy a rival widget maker for $20 million."},
			[]string{"Acme Buys Rival Widget Maker", "Widget Maker Shares Jump On Bid", "NEWARK, N.J. 1996-08-24", "Acme Corp said on Saturday it would buy a rival widget maker for $20 million."},
		},
		{
			"articles after a Related Articles marker are kept",
			[]string{p1, "Related Articles", "", "The Advertiser", "19 minutes ago", "- The Advertiser", "Putin and Trump shake hands ahead of Alaska summit", p3},
			[]string{p1, "Putin and Trump shake hands ahead of Alaska summit", p3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleaned(t, lines(tt.in...)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("kept %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestCleanRepeats(t *testing.T) {
	const (
		p4 = "Putin arrived at the Vostochny cosmodrome by train after a journey of several days across Siberia."
		p5 = "The Kremlin gave no details of any agreement, and neither side held a news conference afterwards."
	)
	more := " Kim travelled in his armoured train, which crossed the border at Khasan early on Tuesday." +
		" Russian state television showed the two men touring the launch pads and a rocket assembly hall." +
		" Western officials fear Moscow will share satellite and missile technology in return for artillery shells."
	article := p1 + " " + p2 + " " + p3 + " " + p4 + " " + p5 + more
	// The same story again with a photo caption and a cookie note inserted,
	// as one aggregator page repeats another's copy (seed 000).
	longer := p1 + " " + p2 + " Kim Jong Un greets Vladimir Putin at the airport. Photo: Reuters/Pool Credit: Pool " + p3 + " " + p4 +
		" To find out more about how we use cookies, please see our Cookie Guide. " + p5 + more
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"exact repeat", []string{p1, p2, p1}, []string{p1, p2}},
		{"repeat differing in case and spacing", []string{p1, p2, strings.ToUpper(p1[:20]) + p1[20:], strings.ReplaceAll(p2, " ", "   ")}, []string{p1, p2}},
		{"paragraph contained in an earlier one", []string{article, p2}, []string{article}},
		{"near copy of an earlier paragraph", []string{article, longer}, []string{article}},
		{"headline of a repeated article goes with it", []string{"Kim and Putin meet", article, "", "Kim, Putin hold talks in Vladivostok", longer}, []string{"Kim and Putin meet", article}},
		{"earlier paragraph contained in a later one stays", []string{p2, article}, []string{p2, article}},
		{"different paragraphs sharing a sentence both stay", []string{p1 + " " + p2, p1 + " " + p3 + " " + strings.Repeat("Officials gave no further details of the agenda. ", 3)},
			[]string{p1 + " " + p2, p1 + " " + p3 + " " + strings.TrimSpace(strings.Repeat("Officials gave no further details of the agenda. ", 3))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleaned(t, lines(tt.in...)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("kept %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestCleanDates(t *testing.T) {
	tests := []struct {
		name, in, date string
		want           []string
	}{
		{"date token before the text (seed 004)", " date 2025-05-10 " + p1 + "\n\n" + p2, "2025-05-10", []string{p1, p2}},
		{"Published line", "Published: 10 May 2025\n" + p1, "2025-05-10", []string{p1}},
		{"Published line with update", "Published: 10 May 2025 | Updated: 11 May 2025\n" + p1, "2025-05-10", []string{p1}},
		{"month-day-year line", "Kim meets Putin\nMay 10, 2025\n" + p1, "2025-05-10", []string{"Kim meets Putin", p1}},
		{"ISO timestamp line", "2025-05-10T08:30:00Z\n" + p1, "2025-05-10", []string{p1}},
		{"weekday and time", "Posted on Saturday, 10th May 2025 at 08:30 BST\n" + p1, "2025-05-10", []string{p1}},
		{"dateline keeps its text", "WASHINGTON, May 10, 2025 (Reuters) - " + p1, "2025-05-10", []string{"WASHINGTON, May 10, 2025 (Reuters) - " + p1}},
		{"date inside a sentence is not a dateline", "On May 9, 2025 Kim attended a reception at the embassy.\n" + p1, "", []string{"On May 9, 2025 Kim attended a reception at the embassy.", p1}},
		{"date far from the top is not the document's", lines(p1, p2, p3, p1+" A", p2+" B", p3+" C", "Published: 10 May 2025"), "", []string{p1, p2, p3, p1 + " A", p2 + " B", p3 + " C"}},
		{"impossible date", "Published: 31 April 2025\n" + p1, "", []string{"Published: 31 April 2025", p1}},
		{"wire dateline line (CoNLL)", "Canada cash balances fall in week.\nOTTAWA 1996-08-30\n" + p1, "1996-08-30", []string{"Canada cash balances fall in week.", "OTTAWA 1996-08-30", p1}},
		{"wire dateline with a country", "Lebed, Chechens sign framework political deal.\nKHASAVYURT, Russia 1996-08-31\n" + p1, "1996-08-31", []string{"Lebed, Chechens sign framework political deal.", "KHASAVYURT, Russia 1996-08-31", p1}},
		{"dateline with abbreviated month", "LONDON, Aug. 22, 2025 (Reuters) - " + p1, "2025-08-22", []string{"LONDON, Aug. 22, 2025 (Reuters) - " + p1}},
		{"dateline without a year gives nothing", "MOSCOW, Aug 22 (Reuters) - " + p1, "", []string{"MOSCOW, Aug 22 (Reuters) - " + p1}},
		{"headline ending with a date is not a dateline", "Talks resume May 10, 2025\n" + p1, "", []string{"Talks resume May 10, 2025", p1}},
		{"abbreviated month line", "Aug. 22, 2025\n" + p1, "2025-08-22", []string{p1}},
		{"time before the date", "Published 3:04 PM EDT, Fri August 22, 2025\n" + p1, "2025-08-22", []string{p1}},
		{"Updated with time and on", "Updated 10.15 GMT+1 on 22 Aug 2025\n" + p1, "2025-08-22", []string{p1}},
		{"relative stamp has no reference", "19 minutes ago\n" + p1, "", []string{p1}},
		{"relative Published stamp", "Published 3 days ago\n" + p1, "", []string{p1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &kg.Document{ID: "t", Text: tt.in}
			Clean(doc)
			if doc.Date != tt.date {
				t.Errorf("Date = %q, want %q", doc.Date, tt.date)
			}
			if got := segTexts(t, doc); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("kept %q\nwant %q", got, tt.want)
			}
		})
	}
	t.Run("metadata date is not overridden", func(t *testing.T) {
		doc := &kg.Document{ID: "t", Text: "Published: 10 May 2025\n" + p1, Date: "2024-01-02"}
		Clean(doc)
		if doc.Date != "2024-01-02" {
			t.Errorf("Date = %q, want the metadata's 2024-01-02", doc.Date)
		}
	})
}

func TestNormalizeDate(t *testing.T) {
	tests := map[string]string{
		"2025-05-10":                      "2025-05-10",
		"2025-05-10T08:00:00Z":            "2025-05-10",
		"2025-05-10T08:00:00.123+09:00":   "2025-05-10",
		"2025-5-9":                        "2025-05-09",
		"2025/05/10":                      "2025-05-10",
		"10 May 2025":                     "2025-05-10",
		"May 10, 2025":                    "2025-05-10",
		"Sept. 1, 2025":                   "2025-09-01",
		"Sat, 10 May 2025 08:00:00 GMT":   "2025-05-10",
		"Saturday, May 10th, 2025":        "2025-05-10",
		"2025-05":                         "2025-05",
		"2025":                            "2025",
		"":                                "",
		"yesterday":                       "",
		"2025-02-30":                      "",
		"2025-13-01":                      "",
		"12345":                           "",
		"10 Mayday 2025":                  "",
		"Published 10 May 2025 (in meta)": "",
	}
	for in, want := range tests {
		got, ok := NormalizeDate(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormalizeDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestCleanMarkdown(t *testing.T) {
	in := lines(
		"---",
		"title: Kim meets Putin",
		"date: 2024-06-19",
		"---",
		"",
		"# Kim and Putin sign a pact",
		"",
		"![Kim and Putin](img/summit.jpg)",
		"",
		p1,
		"",
		"[Read the treaty](https://example.com/treaty.pdf)",
		"",
		"```",
		"Xi Jinping met Kim in code block text.",
		"```",
		"",
		"> "+p2,
		"",
		"---",
		"",
		"## Reaction ##",
		p3,
	)
	doc := &kg.Document{ID: "t.md", Text: in}
	Clean(doc)
	want := []string{"Kim and Putin sign a pact", p1, p2, "Reaction", p3}
	if got := segTexts(t, doc); !reflect.DeepEqual(got, want) {
		t.Errorf("kept %q\nwant %q", got, want)
	}
	if doc.Date != "2024-06-19" {
		t.Errorf("Date = %q, want the front matter's 2024-06-19", doc.Date)
	}
}

func TestCleanHardWrapped(t *testing.T) {
	in := lines(
		"Kim Jong Un met Vladimir Putin in the far eastern city of",
		"Vladivostok", // a short line inside the paragraph is no label
		"on Thursday, the Kremlin said, in their first meeting",
		"since 2019.",
		"",
		"The two leaders discussed military cooperation and",
		"the war in Ukraine for several hours, officials in",
		"Moscow said after the talks ended late at night.",
	)
	want := []string{
		"Kim Jong Un met Vladimir Putin in the far eastern city of\nVladivostok\non Thursday, the Kremlin said, in their first meeting\nsince 2019.",
		"The two leaders discussed military cooperation and\nthe war in Ukraine for several hours, officials in\nMoscow said after the talks ended late at night.",
	}
	if got := cleaned(t, in); !reflect.DeepEqual(got, want) {
		t.Errorf("kept %q\nwant %q", got, want)
	}
}

func TestCleanOneLinePerParagraph(t *testing.T) {
	// Seed-style text: consecutive lines are separate paragraphs.
	got := cleaned(t, lines(p1, p2, p3))
	if want := []string{p1, p2, p3}; !reflect.DeepEqual(got, want) {
		t.Errorf("kept %q\nwant %q", got, want)
	}
}

func TestCleanNothingLeft(t *testing.T) {
	doc := &kg.Document{ID: "t", Text: "Comments\nNo comments yet...\n\nRelated Articles\n"}
	Clean(doc)
	if doc.Segments == nil || len(doc.Segments) != 0 {
		t.Errorf("Segments = %#v, want empty and non-nil", doc.Segments)
	}
}

func TestCleanCRLFAndBOM(t *testing.T) {
	in := "\uFEFF" + p1 + "\r\nAdvertisement\r\n" + p2 + "\r\n"
	got := cleaned(t, in)
	if want := []string{p1, p2}; !reflect.DeepEqual(got, want) {
		t.Errorf("kept %q\nwant %q", got, want)
	}
}

func TestCleanHash(t *testing.T) {
	a := &kg.Document{Text: "Kim met Putin."}
	b := &kg.Document{Text: "Kim met Putin!"}
	Clean(a)
	Clean(b)
	if a.Hash == b.Hash {
		t.Errorf("different texts share a hash")
	}
	checkDoc(t, a)
}
