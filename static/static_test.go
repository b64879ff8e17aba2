package static

import (
	"regexp"
	"strings"
	"testing"
)

var cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)

// Every block of the application's style sheet is closed: one brace left
// open makes browsers drop the rules after it without a word.
func TestAppCSS_EveryBlockIsClosed(t *testing.T) {
	b, err := files.ReadFile("css/app.css")
	if err != nil {
		t.Fatal(err)
	}
	depth := 0
	for i, line := range strings.Split(cssComment.ReplaceAllString(string(b), ""), "\n") {
		depth += strings.Count(line, "{") - strings.Count(line, "}")
		if depth < 0 {
			t.Fatalf("line %d closes a block that is not open", i+1)
		}
		if depth == 0 && strings.HasPrefix(line, "  ") && strings.Contains(line, "{") {
			t.Errorf("line %d is indented as inside a block, yet no block is open: %q", i+1, line)
		}
	}
	if depth != 0 {
		t.Errorf("%d blocks left open at the end", depth)
	}
}
