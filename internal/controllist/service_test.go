package controllist_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/controllist"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// world is a fresh database with the seed, an administrator and a
// compliance officer.
type world struct {
	db             *db.DB
	svc            *controllist.Service
	admin, officer context.Context
}

func newWorld(t *testing.T) *world {
	t.Helper()
	d := testutil.NewDB(t)
	return &world{db: d, svc: controllist.NewService(d),
		admin:   testutil.NewUser(t, d, "admin@example.com", "Ada Admin", auth.RoleAdmin),
		officer: testutil.NewUser(t, d, "officer@example.com", "Olga Officer", auth.RoleComplianceOfficer)}
}

// v1 is a small list; v2 rewords 5A001.j, makes 5A004.b a cyber entry, drops
// 4A005, keeps 5A001.f and adds 5A001.j.1.
const (
	v1 = "code,title,category,cyber_surveillance\n" +
		"5,Telecommunications,5,false\n5A001.f,Mobile interception,5,true\n5A001.j,IP surveillance,5,true\n" +
		"5A004.b,Raw data extraction,5,false\n4A005,Intrusion software equipment,4,true\n"
	v2 = "code,title,category,cyber_surveillance\n" +
		"5,Telecommunications,5,false\n5A001.f,Mobile interception,5,true\n5A001.j,IP network surveillance,5,true\n" +
		"5A001.j.1,Carrier-class,5,true\n5A004.b,Raw data extraction,5,true\n"
)

func (w *world) importFile(t *testing.T, label, file string) *controllist.Version {
	t.Helper()
	v, err := w.svc.Import(w.admin, label, "2025-01-01", strings.NewReader(file))
	if err != nil {
		t.Fatalf("import %s: %v", label, err)
	}
	return v
}

// stored is what the database holds: versions by id, and entries per version.
func (w *world) stored(t *testing.T) (map[string]controllist.Version, map[string]int) {
	t.Helper()
	var versions []controllist.Version
	if err := w.db.Gorm.Find(&versions).Error; err != nil {
		t.Fatal(err)
	}
	byID, counts := map[string]controllist.Version{}, map[string]int{}
	for _, v := range versions {
		byID[v.ID] = v
	}
	var rows []controllist.Entry
	if err := w.db.Gorm.Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	for _, e := range rows {
		counts[e.VersionID]++
	}
	return byID, counts
}

func TestControlList_Import_MakesANewVersionInUse(t *testing.T) {
	w := newWorld(t)
	var watched []string
	w.svc.SetVersionWatcher(func(ctx context.Context, tx *gorm.DB, from, to string) error {
		changes, err := controllist.ChangedTx(ctx, tx, from, to)
		watched = append(watched, from, to, strings.Repeat("c", len(changes)))
		return err
	})
	v := w.importFile(t, "Annex I as amended by Delegated Regulation (EU) 2024/2547", v1)

	versions, counts := w.stored(t)
	sum := sha256.Sum256([]byte(v1))
	adminID := auth.ActorFrom(w.admin).UserID
	got := versions[v.ID]
	if got.Label != "Annex I as amended by Delegated Regulation (EU) 2024/2547" || got.ValidFrom != "2025-01-01" ||
		got.ImportedBy == nil || *got.ImportedBy != adminID || got.ImportedAt.IsZero() || got.SHA256 != hex.EncodeToString(sum[:]) ||
		got.EntryCount != 5 || !got.InUse || counts[v.ID] != 5 {
		t.Errorf("stored version %+v with %d entries", got, counts[v.ID])
	}
	if seed := versions[controllist.SeedVersionID]; seed.InUse || counts[seed.ID] != seed.EntryCount {
		t.Errorf("the seed after the import: %+v, %d entries", seed, counts[seed.ID])
	}
	// Every entry of the seed is gone from v1 or worded otherwise there.
	if want := []string{controllist.SeedVersionID, v.ID, strings.Repeat("c", 71)}; !reflect.DeepEqual(watched, want) {
		t.Errorf("the watcher heard %q, want %q", watched, want)
	}
	events, err := audit.List(t.Context(), w.db.Gorm, audit.Filter{ObjectType: "control_list"})
	if err != nil || len(events) != 1 {
		t.Fatalf("%d audit events (%v), want 1", len(events), err)
	}
	if e := events[0]; e.Action != "control_list.import" || e.ObjectID != v.ID || e.ActorID != adminID ||
		!strings.Contains(e.Summary, "5 entries") || !strings.Contains(e.Summary, "changed or gone against “Seed:") {
		t.Errorf("audit event %+v", e)
	}
}

// TestControlList_Import_RefusedKeepsTheVersionInUse: a refused import stores
// nothing, tells nobody and records nothing.
func TestControlList_Import_RefusedKeepsTheVersionInUse(t *testing.T) {
	watcherFails := errors.New("the catalogue cannot mark its products")
	for _, tc := range []struct {
		name, as, label, validFrom, file string
		watcher                          error
		code                             apperr.Code
		problems                         []controllist.Problem
		fields                           []string
	}{
		{name: "malformed row", as: "admin", label: "Bad", validFrom: "2025-01-01", file: v1 + "5A002,Encryption,5,yes\n",
			code: apperr.Invalid, problems: []controllist.Problem{{Line: 7, Reason: "cyber_surveillance is “yes”; it must be true or false."}}},
		{name: "no label, no date", as: "admin", file: v1, code: apperr.Invalid, fields: []string{"label", "valid_from"}},
		{name: "date not a date", as: "admin", label: "Bad", validFrom: "1 January 2025", file: v1, code: apperr.Invalid,
			fields: []string{"valid_from"}},
		{name: "not an administrator", as: "officer", label: "Bad", validFrom: "2025-01-01", file: v1, code: apperr.Forbidden},
		{name: "the watcher fails", as: "admin", label: "Bad", validFrom: "2025-01-01", file: v1, watcher: watcherFails},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			heard := 0
			w.svc.SetVersionWatcher(func(context.Context, *gorm.DB, string, string) error { heard++; return tc.watcher })
			ctx := map[string]context.Context{"admin": w.admin, "officer": w.officer}[tc.as]
			before, beforeCounts := w.stored(t)
			_, err := w.svc.Import(ctx, tc.label, tc.validFrom, strings.NewReader(tc.file))
			switch {
			case tc.watcher != nil && !errors.Is(err, tc.watcher):
				t.Errorf("error %v, want the watcher's", err)
			case tc.watcher == nil && apperr.CodeOf(err) != tc.code:
				t.Errorf("error %v, want %s", err, tc.code)
			}
			if got := controllist.ProblemsOf(err); !reflect.DeepEqual(got, tc.problems) {
				t.Errorf("problems %+v, want %+v", got, tc.problems)
			}
			if got := slices.Sorted(func(yield func(string) bool) {
				for k := range apperr.FieldsOf(err) {
					yield(k)
				}
			}); !slices.Equal(got, tc.fields) {
				t.Errorf("fields %v, want %v", got, tc.fields)
			}
			after, afterCounts := w.stored(t)
			if !reflect.DeepEqual(after, before) || !reflect.DeepEqual(afterCounts, beforeCounts) || !after[controllist.SeedVersionID].InUse {
				t.Errorf("the refused import changed the versions: %+v", after)
			}
			if events, _ := audit.List(t.Context(), w.db.Gorm, audit.Filter{ObjectType: "control_list"}); len(events) != 0 {
				t.Errorf("%d audit events for a refused import", len(events))
			}
			if want := map[bool]int{true: 1, false: 0}[tc.watcher != nil]; heard != want {
				t.Errorf("the watcher heard of %d imports, want %d", heard, want)
			}
		})
	}
}

func TestControlList_Lookup(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct{ code, want string }{
		{"5A001.j", "5A001.j"},
		{"5A001.j.1", "5A001.j"},
		{"5a001.J.1.b", "5A001.j"},
		{"1C450.a.1", "1C450.a.1"},
		{"5D001.e.2", "5D001.e"},
		{"5D001.b", "5D001"},
		{"5", "5"},
		{"5A001", ""},   // the seed holds sub-entries of 5A001 only
		{"5A999.a", ""}, // the heading of category 5 does not answer for it
	} {
		e, ok, err := w.svc.Lookup(t.Context(), tc.code)
		if err != nil || ok != (tc.want != "") || e.Code != tc.want {
			t.Errorf("Lookup(%q) = %q, %v, %v; want %q", tc.code, e.Code, ok, err, tc.want)
		}
		if ok && e.VersionID != controllist.SeedVersionID {
			t.Errorf("Lookup(%q) answered from version %s, not the one in use", tc.code, e.VersionID)
		}
	}
	if _, _, err := w.svc.Lookup(t.Context(), "EU002"); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("Lookup of no code: %v, want Invalid", err)
	}
	v := w.importFile(t, "Version 2", v2)
	if e, ok, err := w.svc.Lookup(t.Context(), "5A001.j.1.a"); err != nil || !ok || e.Code != "5A001.j.1" || e.VersionID != v.ID ||
		e.Title != "Carrier-class" || !e.CyberSurveillance || e.Parent != "5A001.j" || e.Category != 5 {
		t.Errorf("Lookup in the imported version: %+v, %v, %v", e, ok, err)
	}
	if _, ok, _ := w.svc.Lookup(t.Context(), "4D004"); ok {
		t.Error("Lookup answers from a version no longer in use")
	}
}

func TestControlList_Changed(t *testing.T) {
	w := newWorld(t)
	first, second := w.importFile(t, "Version 1", v1), w.importFile(t, "Version 2", v2)
	changes, err := w.svc.Changed(t.Context(), first.ID, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, c.Reason())
	}
	want := []string{
		"4A005: the new control list no longer holds this entry.",
		"5A001.j: its wording changed.",
		"5A004.b: it is now a cyber-surveillance entry.",
	}
	if !slices.Equal(got, want) {
		t.Errorf("changes\n got %q\nwant %q", got, want)
	}
	if c := changes[1]; c.Before.Title != "IP surveillance" || c.After.Title != "IP network surveillance" || c.Gone() || c.CyberChanged() {
		t.Errorf("5A001.j's change: %+v", c)
	}
	if _, err := w.svc.Changed(t.Context(), first.ID, "no-such-version"); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("Changed to no version: %v, want NotFound", err)
	}
}

func TestControlList_Entries(t *testing.T) {
	w := newWorld(t)
	codes := func(f controllist.Filter) []string {
		t.Helper()
		entries, err := w.svc.Entries(w.officer, controllist.SeedVersionID, f)
		if err != nil {
			t.Fatalf("entries %+v: %v", f, err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Code)
		}
		return out
	}
	for _, tc := range []struct {
		filter controllist.Filter
		want   []string
	}{
		{controllist.Filter{Query: "5a001.J"}, []string{"5A001.j"}},
		{controllist.Filter{Query: "3a001"}, []string{"3A001.a.3", "3A001.a.6", "3A001.a.7", "3A001.a.9", "3A001.a.10", "3A001.a.11", "3A001.a.12"}},
		{controllist.Filter{Query: "Intrusion Software"}, []string{"4A005", "4D004", "4E001.c"}},
		{controllist.Filter{Query: "4a005", Category: "5"}, []string{"5A004.b"}}, // its wording names 4A005
		{controllist.Filter{Query: "100%"}, nil},
		{controllist.Filter{Category: "7"}, []string{"7", "7E104"}},
	} {
		if got := codes(tc.filter); !slices.Equal(got, tc.want) {
			t.Errorf("entries %+v: %v, want %v", tc.filter, got, tc.want)
		}
	}
	if _, err := w.svc.Entries(w.officer, controllist.SeedVersionID, controllist.Filter{Category: "x"}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("category x: %v, want Invalid", err)
	}
	if _, err := w.svc.Entries(w.officer, "no-such-version", controllist.Filter{}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("no such version: %v, want NotFound", err)
	}
	staff := testutil.NewUser(t, w.db, "staff@example.com", "Sam Staff", auth.RoleStaff)
	if _, err := w.svc.Versions(staff); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("staff reading the versions: %v, want Forbidden", err)
	}
}

// TestControlList_Import_TwoAtOnce: imports queue, each replacing the one
// before it, and one version stays in use.
func TestControlList_Import_TwoAtOnce(t *testing.T) {
	w := newWorld(t)
	errs := make(chan error, 2)
	for _, file := range []string{v1, v2} {
		go func() {
			_, err := w.svc.Import(w.admin, "At once", "2025-01-01", strings.NewReader(file))
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	versions, _ := w.stored(t)
	inUse := 0
	for _, v := range versions {
		if v.InUse {
			inUse++
		}
	}
	if len(versions) != 3 || inUse != 1 {
		t.Errorf("%d versions, %d in use; want 3, 1", len(versions), inUse)
	}
}
