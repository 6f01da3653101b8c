package relation

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entigraph/entigraph/kg"
)

// rel prints a relation compactly for comparisons:
// "subject predicate object modality loc=... date=... role=...".
func rel(r kg.Relation) string {
	return fmt.Sprintf("%s %s %s %s loc=%s date=%s role=%s", r.Subject, r.Predicate, r.Object, r.Modality, r.Location, r.Date, r.Role)
}

func newX(t testing.TB) *Extractor {
	t.Helper()
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// newsCases are sentences quoted exactly from testdata/news (checked by
// TestNewsCasesAreQuotes) with every relation a careful reader draws from
// them, and nothing else.
var newsCases = []struct {
	name, date, sentence string
	want                 []string
}{
	{
		name:     "treaty Kim signed with Putin in 2024",
		sentence: "North Korean leader Kim Jong Un's decision to deploy the troops, it said, was in accordance with a mutual defence treaty Kim signed with Putin in 2024.",
		want: []string{
			"person/kim-jong-un signed_agreement_with person/vladimir-putin asserted loc= date=2024 role=",
			"person/kim-jong-un holds_position country/north-korea asserted loc= date= role=leader",
		},
	},
	{
		name:     "handshake in Anchorage, Alaska",
		sentence: "US President Donald Trump and Russian President Vladimir Putin have touched down and shared a handshake in Anchorage, Alaska, for a historic and high-stakes meeting that could determine the future of Ukraine.",
		want: []string{
			"person/donald-trump met_with person/vladimir-putin asserted loc=place/anchorage date= role=",
			"person/donald-trump holds_position country/united-states asserted loc= date= role=president",
			"person/vladimir-putin holds_position country/russia asserted loc= date= role=president",
		},
	},
	{
		name:     "set to meet, now in a meeting",
		sentence: "Mr Trump and Mr Putin, who were originally set to meet one-on-one, are currently in a three-on-three meeting at a US military base after a last-minute change that reportedly had officials scrambling.",
		want: []string{
			"person/donald-trump met_with person/vladimir-putin asserted loc= date= role=",
		},
	},
	{
		name:     "for the first meeting with Mr Putin, Mr Trump",
		sentence: "For the first meeting with Mr Putin since the US President was reelected, after claiming he could end the Ukraine war in a day, Mr Trump rolled out the red carpet, literally, putting on a show for the Russian President.",
		want: []string{
			"person/donald-trump met_with person/vladimir-putin asserted loc= date= role=",
		},
	},
	{
		name:     "would not meet",
		sentence: "Moments before the presidential planes touched down, the White House confirmed Mr Trump would not meet Mr Putin alone.",
		want: []string{
			"person/donald-trump met_with person/vladimir-putin negated loc= date= role=",
		},
	},
	{
		name:     "would join Mr Trump in his meetings",
		sentence: "White House Press Secretary Karoline Leavitt revealed US Secretary of State Marco Rubio and Special Envoy Steve Witkoff would join Mr Trump in his meetings with Mr Putin.",
		want: []string{
			"person/donald-trump met_with person/vladimir-putin reported loc= date= role=",
			"person/marco-rubio met_with person/vladimir-putin reported loc= date= role=",
			"person/steve-witkoff met_with person/vladimir-putin reported loc= date= role=",
			"person/karoline-leavitt holds_position organization/white-house asserted loc= date= role=press secretary",
			"person/marco-rubio holds_position country/united-states asserted loc= date= role=secretary of state",
		},
	},
	{
		name:     "Kremlin spokesman; join without a meeting",
		sentence: "Like a quick move of political chess, Kremlin spokesman Dmitri Peskov announced Russian Foreign Minister Sergei Lavrov and foreign policy adviser Yuri Ushakov would join Mr Putin.",
		want: []string{
			"person/dmitri-peskov holds_position organization/kremlin asserted loc= date= role=spokesman",
			"person/sergei-lavrov holds_position country/russia asserted loc= date= role=foreign minister",
		},
	},
	{
		name:     "not invited to the talks",
		sentence: "Ukrainian President Volodymyr Zelenskiy, who was not invited to the talks, and his European allies fear Trump might sell out Ukraine by essentially freezing the conflict and recognising, if only informally, Russian control over one-fifth of Ukraine.",
		want: []string{
			"person/volodymyr-zelenskyy holds_position country/ukraine asserted loc= date= role=president",
		},
	},
	{
		name:     "greeted with a handshake ahead of a summit in Alaska",
		sentence: "US President Donald Trump has greeted Russian President Vladimir Putin with a handshake ahead of a high-stakes summit in Alaska that could determine whether a ceasefire can be reached in the deadliest war in Europe since the Second World War.",
		want: []string{
			"person/donald-trump met_with person/vladimir-putin asserted loc=place/alaska date= role=",
			"person/donald-trump holds_position country/united-states asserted loc= date= role=president",
			"person/vladimir-putin holds_position country/russia asserted loc= date= role=president",
		},
	},
	{
		name:     "will be joined in his meeting by",
		sentence: "Trump will be joined in his meeting with Putin by Secretary of State Marco Rubio and Trump's special envoy to Russia, Steve Witkoff, White House spokeswoman Karoline Leavitt said.",
		want: []string{
			"person/donald-trump met_with person/vladimir-putin reported loc= date= role=",
			"person/marco-rubio met_with person/vladimir-putin reported loc= date= role=",
			"person/karoline-leavitt holds_position organization/white-house asserted loc= date= role=spokeswoman",
		},
	},
	{
		name:     "welcomes his counterpart",
		sentence: "Donald Trump welcomes his Russian counterpart Vladimir Putin during a ceremony at an airport ahead of their meeting at Joint Base Elmendorf-Richardson.",
		want: []string{
			"person/donald-trump met_with person/vladimir-putin asserted loc=place/joint-base-elmendorf-richardson date= role=",
		},
	},
	{
		name:     "headline: shake hands ahead of Alaska summit",
		sentence: "Putin and Trump shake hands ahead of Alaska summit",
		want: []string{
			"person/donald-trump met_with person/vladimir-putin asserted loc=place/alaska date= role=",
		},
	},
	{
		name:     "headline: comma pair",
		sentence: "Trump, Putin shake hands in Alaska",
		want: []string{
			"person/donald-trump met_with person/vladimir-putin asserted loc=place/alaska date= role=",
		},
	},
	{
		name:     "a meeting with Russian leader Putin, On Saturday",
		date:     "2025-04-28", // a Monday
		sentence: "On Saturday, the Kremlin quoted Valery Gerasimov, the chief of staff of Russia's armed forces, thanking North Korean troops at a meeting with Russian leader Vladimir Putin.",
		want: []string{
			"person/valery-gerasimov met_with person/vladimir-putin asserted loc= date=2025-04-26 role=",
			"person/valery-gerasimov holds_position country/russia asserted loc= date= role=chief of staff",
			"person/vladimir-putin holds_position country/russia asserted loc= date= role=leader",
		},
	},
	{
		name:     "a meeting with Trump at the White House on Thursday",
		date:     "2025-06-06", // a Friday
		sentence: "German Chancellor Friedrich Merz sought to strengthen ties with the United States during a meeting with US President Donald Trump at the White House on Thursday.",
		want: []string{
			"person/donald-trump met_with person/friedrich-merz asserted loc= date=2025-06-05 role=",
			"person/donald-trump holds_position country/united-states asserted loc= date= role=president",
			"person/friedrich-merz holds_position country/germany asserted loc= date= role=chancellor",
		},
	},
	{
		name:     "agreement signed by Kim and Putin last year",
		date:     "2025-05-10",
		sentence: "Their partnership was solidified last year through a sweeping strategic agreement signed by Kim and Russian President Vladimir Putin, dramatically enhancing military and political ties.",
		want: []string{
			"person/kim-jong-un signed_agreement_with person/vladimir-putin asserted loc= date=2024 role=",
			"person/vladimir-putin holds_position country/russia asserted loc= date= role=president",
		},
	},
	{
		name:     "last year without a document date",
		sentence: "Their partnership was solidified last year through a sweeping strategic agreement signed by Kim and Russian President Vladimir Putin, dramatically enhancing military and political ties.",
		want: []string{
			"person/kim-jong-un signed_agreement_with person/vladimir-putin asserted loc= date= role=",
			"person/vladimir-putin holds_position country/russia asserted loc= date= role=president",
		},
	},
	{
		name:     "partnership agreement signed by Kim and Putin in 2024",
		sentence: "According to multiple reports, more than 10,000 North Korean soldiers, along with weapons, were sent to assist Russian forces—a move reflecting the deepening military cooperation between the two countries under a comprehensive strategic partnership agreement signed by Kim and Russian President Vladimir Putin in 2024.",
		want: []string{
			"person/kim-jong-un signed_agreement_with person/vladimir-putin asserted loc= date=2024 role=",
			"person/vladimir-putin holds_position country/russia asserted loc= date= role=president",
		},
	},
	{
		name:     "security agreement signed by Kim and Putin",
		date:     "2025-04-29",
		sentence: "The North’s move follows the landmark security agreement signed by Kim and Putin last year, pledging mutual support in the face of “aggression” — a deal that seems to be moving from paper promises to real-world consequences fast.",
		want: []string{
			"person/kim-jong-un signed_agreement_with person/vladimir-putin asserted loc= date=2024 role=",
		},
	},
	{
		name:     "whether Kim will attend; appositive professor at",
		sentence: "\"The question now is whether Kim Jong Un will attend Russia's Victory Day celebrations on May 9,\" said Lim Eul-chul, a professor at Seoul's Institute for Far Eastern Studies.",
		want: []string{
			"person/lim-eul-chul holds_position organization/institute-for-far-eastern-studies asserted loc= date= role=professor",
		},
	},
	{
		name:     "IAEA Director General",
		sentence: "\"Drones flying close to nuclear power plants could threaten their safety and security, with potentially serious consequences,\" IAEA Director General Rafael Grossi said.",
		want: []string{
			"person/rafael-grossi holds_position organization/iaea asserted loc= date= role=director general",
		},
	},
	{
		name:     "Russian Chief of Staff; Ukrainian President",
		sentence: "Russian Chief of Staff Valery Gerasimov on Saturday said North Korean soldiers \"provided significant assistance in defeating the group of Ukrainian armed forces\", but Ukrainian President Volodymyr Zelenskyy said on Sunday his military was still fighting in Kursk.",
		want: []string{
			"person/valery-gerasimov holds_position country/russia asserted loc= date= role=chief of staff",
			"person/volodymyr-zelenskyy holds_position country/ukraine asserted loc= date= role=president",
		},
	},
	{
		name:     "appositive head of the SBU",
		sentence: "Vasyl Maliuk, the head of the SBU tells the BBC that they were then loaded onto lorries with secret compartments and driven by unsuspecting Russian couriers to locations near air bases.",
		want: []string{
			"person/vasyl-maliuk holds_position organization/sbu asserted loc= date= role=head",
		},
	},
	{
		name:     "comrade is an honorific",
		sentence: "\"We appreciate it a lot and are deeply grateful to comrade Kim Jong Un personally... and the North Korean people,\" the Kremlin cited Putin as saying.",
	},
	{
		name:     "the two met: no names",
		sentence: "The two had only briefly met once many years ago in New York.",
	},
	{
		name:     "presidents due to meet: not named",
		sentence: "\" Both the US and Russian presidents, due to meet at a Cold War-era air force base in Alaska's largest city, are seeking wins from their first face-to-face talks since Trump returned to the White House.",
	},
	{
		name:     "pact strengthened, not signed",
		sentence: "According to KCNA, the deployment falls under a mutual defense pact recently strengthened by Kim Jong Un and Vladimir Putin.",
	},
	{
		name:     "alliance between is not an agreement",
		sentence: "His remarks highlight the deepening alliance between North Korea and Russia amid global tensions surrounding the war in Ukraine.",
	},
	{
		name:     "summit with Zelenskiy: hypothetical",
		sentence: "He said that if talks went well, quickly arranging a second three-way summit with Zelenskiy would be even more important than his encounter with Putin.",
	},
	{
		name:     "meeting in a quote attribution with no other person",
		sentence: "Asked what would make the meeting a success, he told reporters: \"I want to see a ceasefire rapidly...",
	},
}

func TestNews(t *testing.T) {
	x := newX(t)
	for _, c := range newsCases {
		t.Run(c.name, func(t *testing.T) {
			a := annotate(t, c.date, c.sentence)
			rels := x.Extract(a)
			checkInvariants(t, a, rels)
			var got []string
			for _, r := range rels {
				got = append(got, rel(r))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("%s\ngot:\n  %s\nwant:\n  %s", c.sentence, strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}

// TestNewsCasesAreQuotes keeps the table honest: every sentence is quoted
// exactly from the corpus.
func TestNewsCasesAreQuotes(t *testing.T) {
	files, err := filepath.Glob("../testdata/news/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	for _, c := range newsCases {
		if !strings.Contains(all.String(), c.sentence) {
			t.Errorf("%s: not a quote from testdata/news: %q", c.name, c.sentence)
		}
	}
}
