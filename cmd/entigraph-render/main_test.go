package main

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dot := "digraph { a [label=\"Kim Jong Un\"]; a -> b }"
	tests := []struct {
		args      []string
		in        string
		code      int
		out, errs string // prefixes
	}{
		{[]string{"svg"}, dot, 0, "<?xml", ""},
		{[]string{"png"}, dot, 0, "\x89PNG", ""},
		{nil, dot, 2, "", "usage: entigraph-render svg|png"},
		{[]string{"pdf"}, dot, 2, "", "usage: "},
		{[]string{"svg", "png"}, dot, 2, "", "usage: "},
		{[]string{"svg"}, "digraph { a -> ", 1, "", "entigraph-render: graphviz parsing the DOT: "},
	}
	for _, tt := range tests {
		var out, errs bytes.Buffer
		code := run(tt.args, strings.NewReader(tt.in), &out, &errs)
		if code != tt.code || !strings.HasPrefix(out.String(), tt.out) || !strings.HasPrefix(errs.String(), tt.errs) ||
			(tt.errs == "") != (errs.Len() == 0) || strings.Count(errs.String(), "\n") > 1 {
			t.Errorf("%q on %q: exit %d, stdout %.20q, stderr %q", tt.args, tt.in, code, out.String(), errs.String())
		}
		if tt.code == 0 && tt.args[0] == "png" {
			if _, err := png.DecodeConfig(&out); err != nil {
				t.Errorf("the PNG does not decode: %v", err)
			}
		}
	}
}
