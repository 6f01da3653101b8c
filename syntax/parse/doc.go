package parse

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/syntax/conllu"
)

// Document returns the sentences of an annotated document, every one
// parsed (Stage with EverySentence), as CoNLL-U: comments sent_id (the
// document's ID, a slash and the sentence's number) and text, then one
// word line per token with FORM, UPOS, XPOS (the parser's own POS tagger,
// POSTagger, which the stage parsed with), HEAD and DEPREL, and MISC's
// SpaceAfter=No where the next token follows with no space, as UD writes
// it. A sentence without its parse is an error.
func Document(ann *kg.Annotated) ([]*conllu.Sentence, error) {
	tagger, err := POSTagger()
	if err != nil {
		return nil, err
	}
	var words, tags []string
	out := make([]*conllu.Sentence, 0, len(ann.Sentences))
	text := ann.Doc.Text
	for si, s := range ann.Sentences {
		toks := ann.Tokens[s.TokStart:s.TokEnd]
		if len(s.Heads) != len(toks) || len(s.Deprels) != len(toks) {
			return nil, fmt.Errorf("sentence %d (byte %d) is not parsed", si+1, s.Start)
		}
		words = resize(words, len(toks))
		for i, t := range toks {
			words[i] = t.Text
		}
		tags = tagger.TagInto(tags[:0], words)
		cs := &conllu.Sentence{Comments: []string{
			fmt.Sprintf("# sent_id = %s/%d", ann.Doc.ID, si+1),
			"# text = " + oneLine(text[s.Start:s.End]),
		}}
		for i, t := range toks {
			misc := "_"
			if i+1 < len(toks) && toks[i+1].Start == t.End {
				misc = "SpaceAfter=No"
			}
			cs.Tokens = append(cs.Tokens, conllu.Token{Kind: conllu.Word, Fields: [conllu.NumFields]string{
				strconv.Itoa(i + 1), field(t.Text), "_", UPOS(t.Text, tags[i], s.Deprels[i]), tags[i], "_",
				strconv.Itoa(s.Heads[i] + 1), s.Deprels[i], "_", misc,
			}})
		}
		out = append(out, cs)
	}
	return out, nil
}

// oneLine joins the lines of s with spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// field makes s fit a CoNLL-U field: no tabs or line breaks, not empty.
func field(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
	if s == "" {
		return "_"
	}
	return s
}
