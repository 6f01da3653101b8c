package ner

import "github.com/entigraph/entigraph/kg"

// Tagger is the work of the "tags" stage: it gives every token of
// ann.Tokens a Penn Treebank POS tag (Token.Tag) and an entity label
// (Token.Label), and sets ann.LabelsComplete to say whether its labels are
// meant to mark every name. It reads Doc.Text, Tokens and Sentences; a
// sentence with Repeat set may take the tags and labels of the sentence it
// repeats. ModelTagger and ProseTagger are the two entigraph has.
//
// Annotate must be safe for concurrent use on different documents. ann is
// never nil and its tokens lie inside their sentences; an error is about
// this document (the pipeline names the document and the stage) and
// leaves the tags incomplete.
type Tagger interface {
	Annotate(ann *kg.Annotated) error
}

// copyRepeat gives the tokens of sentence s the tags and labels of the
// sentence it repeats, when it repeats one with as many tokens, and
// reports whether it did.
func copyRepeat(ann *kg.Annotated, s *kg.Sentence) bool {
	r, ok := s.RepeatOf()
	if !ok || r < 0 || r >= len(ann.Sentences) {
		return false
	}
	src := ann.Sentences[r]
	if src.TokEnd-src.TokStart != s.TokEnd-s.TokStart {
		return false
	}
	from := ann.Tokens[src.TokStart:src.TokEnd]
	to := ann.Tokens[s.TokStart:s.TokEnd]
	for k := range to {
		to[k].Tag, to[k].Label = from[k].Tag, from[k].Label
	}
	return true
}
