package screening_test

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// lineParser reads "id|kind|name" lines: a stand-in for the official formats,
// so these tests are about versions, not parsing.
func lineParser(files []watchlist.File, emit watchlist.Emit) (any, error) {
	n := 0
	for _, f := range files {
		b, err := io.ReadAll(f.R)
		if err != nil {
			return nil, err
		}
		for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			parts := strings.Split(line, "|")
			if len(parts) != 3 {
				return nil, &watchlist.FormatError{File: f.Name, Line: i + 1, Msg: "want id|kind|name"}
			}
			if err := emit(watchlist.Entry{SourceID: parts[0], Kind: watchlist.Kind(parts[1]), Names: []watchlist.Name{{Text: parts[2]}}}); err != nil {
				return nil, err
			}
			n++
		}
	}
	return map[string]int{"rows": n}, nil
}

func file(name, content string) []watchlist.File {
	return []watchlist.File{{Name: name, R: strings.NewReader(content)}}
}

func TestImport_VersionsAndChanges(t *testing.T) {
	d := testutil.NewDB(t)
	lists := screening.NewLists(d)
	ctx := auth.AsSystem(context.Background())
	v1, ch, err := lists.Import(ctx, watchlist.UN, lineParser, file("un.txt", "1|individual|AL-QAIDA MEMBER\n2|entity|FRONT COMPANY LTD"))
	if err != nil {
		t.Fatal(err)
	}
	if v1.EntryCount != 2 || !v1.Active || len(ch.Added) != 2 || len(v1.Files()) != 1 || len(v1.Files()[0].SHA256) != 64 {
		t.Fatalf("v1 %+v, change %+v", v1, ch)
	}
	v2, ch, err := lists.Import(ctx, watchlist.UN, lineParser, file("un.txt", "2|entity|FRONT COMPANY LIMITED\n3|vessel|DARK SHIP"))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ch.Added, ch.Removed, ch.Changed) != "[{3 DARK SHIP}] [{1 AL-QAIDA MEMBER}] [{2 FRONT COMPANY LIMITED}]" {
		t.Errorf("change %+v", ch)
	}
	if stored := v2.Changes(); fmt.Sprint(stored) != fmt.Sprint(ch) {
		t.Errorf("stored change %+v, want %+v", stored, ch)
	}
	versions, _ := lists.Versions(ctx)
	if len(versions) != 2 || versions[0].ID != v2.ID || !versions[0].Active || versions[1].Active {
		t.Errorf("versions %+v", versions)
	}
	var names []string
	if err := lists.ActiveEntries(ctx, func(e watchlist.Entry) error {
		if e.VersionID != v2.ID || len(e.Hash) != 64 {
			t.Errorf("entry of version %s, hash %q", e.VersionID, e.Hash)
		}
		names = append(names, e.Names[0].Text)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	if fmt.Sprint(names) != "[DARK SHIP FRONT COMPANY LIMITED]" {
		t.Errorf("active entries %v", names)
	}
	events, _ := audit.List(ctx, d.Gorm, audit.Filter{Action: "lists.import"})
	if len(events) != 2 || !strings.Contains(events[0].Summary, "1 new, 1 removed, 1 changed") {
		t.Errorf("events %+v", events)
	}
}

func TestImport_MalformedFileChangesNothing(t *testing.T) {
	d := testutil.NewDB(t)
	lists := screening.NewLists(d)
	ctx := auth.AsSystem(context.Background())
	v1, _, err := lists.Import(ctx, watchlist.UK, lineParser, file("uk.txt", "1|entity|ONE"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, content, want string }{
		{"broken line", "1|entity|ONE\nbroken", "uk.txt, line 2: want id|kind|name"},
		{"duplicate id", "1|entity|ONE\n1|entity|AGAIN", "entry 1 appears twice"},
	}
	for _, tc := range tests {
		_, _, err := lists.Import(ctx, watchlist.UK, lineParser, file("uk.txt", tc.content))
		if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.Message(err), tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	versions, _ := lists.Versions(ctx)
	if len(versions) != 1 || versions[0].ID != v1.ID || !versions[0].Active {
		t.Errorf("versions after refused imports: %+v", versions)
	}
	officer := testutil.NewUser(t, d, "officer@example.com", "Olga Officer", auth.RoleComplianceOfficer)
	if _, _, err := lists.Import(officer, watchlist.UK, lineParser, file("uk.txt", "2|entity|TWO")); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("officer import: %v", err)
	}
	// A context that is neither a signed-in user nor the system may not
	// import either: no actor is no permission.
	if _, _, err := lists.Import(context.Background(), watchlist.UK, lineParser, file("uk.txt", "2|entity|TWO")); apperr.CodeOf(err) != apperr.Unauthenticated {
		t.Errorf("import with no actor: %v", err)
	}
	if versions, _ := lists.Versions(ctx); len(versions) != 1 || versions[0].ID != v1.ID {
		t.Errorf("versions after refused imports: %+v", versions)
	}
}
