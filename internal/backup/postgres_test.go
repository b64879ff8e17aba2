package backup

import (
	"strings"
	"testing"
)

func TestToolURL_DropsThePasswordAndSearchPath(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://postgres@127.0.0.1:5432/test?sslmode=disable&search_path=vigil_test_1": "postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
		"postgres://u:p%40ss@h/db?search_path=x":                                           "postgres://u@h/db",
		"postgresql://h":                                                                   "postgresql://h",
	} {
		if got := toolURL(in); got != want {
			t.Errorf("toolURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRewriteSchema_RenamesQualifiersNotRows(t *testing.T) {
	in := "CREATE SCHEMA src;\nCREATE TABLE src.notes (body text);\nCOPY src.notes (body) FROM stdin;\nsrc.notes stays\n\\.\n" +
		"ALTER TABLE ONLY src.notes ADD CONSTRAINT x CHECK (body <> 'mysrc.a');\n"
	var out strings.Builder
	if err := rewriteSchema(strings.NewReader(in), &out, "src", "dst"); err != nil {
		t.Fatal(err)
	}
	want := "DROP SCHEMA IF EXISTS dst CASCADE;\nCREATE SCHEMA dst;\nCREATE TABLE dst.notes (body text);\nCOPY dst.notes (body) FROM stdin;\nsrc.notes stays\n\\.\n" +
		"ALTER TABLE ONLY dst.notes ADD CONSTRAINT x CHECK (body <> 'mysrc.a');\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}
