package parse

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/entigraph/entigraph/kg"
	"github.com/entigraph/entigraph/syntax/conllu"
)

// Document parses each sentence of an annotated document (its tokens, as
// ner gives them, tagged again by the parser's own POS tagger, POSTagger) and returns the sentences as
// CoNLL-U: comments sent_id (the document's ID, a slash and the sentence's number)
// and text, then one word line per token with FORM, UPOS, XPOS, HEAD and
// DEPREL, and MISC's SpaceAfter=No where the next token follows with no
// space, as UD writes it.
func (p *Parser) Document(ann *kg.Annotated) ([]*conllu.Sentence, error) {
	tagger, err := POSTagger()
	if err != nil {
		return nil, err
	}
	var words, tags, labels []string
	var heads []int
	out := make([]*conllu.Sentence, 0, len(ann.Sentences))
	text := ann.Doc.Text
	for si, s := range ann.Sentences {
		toks := ann.Tokens[s.TokStart:s.TokEnd]
		words, tags = resize(words, len(toks)), resize(tags, len(toks))
		heads, labels = resize(heads, len(toks)), resize(labels, len(toks))
		for i, t := range toks {
			words[i] = t.Text
		}
		tags = tagger.TagInto(tags[:0], words)
		if err := p.Parse(words, tags, heads, labels); err != nil {
			return nil, err
		}
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
				strconv.Itoa(i + 1), field(t.Text), "_", UPOS(t.Text, tags[i], labels[i]), tags[i], "_",
				strconv.Itoa(heads[i]), labels[i], "_", misc,
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
