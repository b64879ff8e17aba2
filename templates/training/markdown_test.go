package training

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestMarkdown_LinksToAnotherHostMustBeWrittenInFull(t *testing.T) {
	tests := []struct {
		src, want, notWant string
	}{
		{"[guide](//evil.example/login)", "<p>guide</p>", "evil.example"},
		{`[guide](\\evil.example/login)`, "<p>guide</p>", "evil.example"},
		{`[guide](/\evil.example/login)`, "<p>guide</p>", "evil.example"},
		{"[**bold** guide](//evil.example)", "<strong>bold</strong> guide", "href"},
		{"![logo](//evil.example/logo.png)", "<p>logo</p>", "evil.example"},
		{"[manual](/training/courses)", `<a href="/training/courses">manual</a>`, ""},
		{"[manual](manual.pdf#page=2)", `<a href="manual.pdf#page=2">manual</a>`, ""},
		{"[regulation](https://eur-lex.europa.eu/eli/reg/2021/821/oj)", `<a href="https://eur-lex.europa.eu/eli/reg/2021/821/oj">regulation</a>`, ""},
		{"[x](javascript:alert(1))", "<p>", "javascript:"},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		if err := Markdown(tc.src).Render(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		got := buf.String()
		if !strings.Contains(got, tc.want) || (tc.notWant != "" && strings.Contains(got, tc.notWant)) {
			t.Errorf("%q renders %q, want %q without %q", tc.src, got, tc.want, tc.notWant)
		}
	}
}
