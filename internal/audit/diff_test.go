package audit_test

import (
	"reflect"
	"testing"

	"github.com/vigil-icp/vigil/internal/audit"
)

func TestChanges(t *testing.T) {
	for _, tc := range []struct {
		name          string
		before, after string
		want          []audit.Change
	}{
		{"nothing changed", `{"status":"draft","version":1}`, `{"version":1,"status":"draft"}`, nil},
		{"a field changed", `{"status":"draft","version":1}`, `{"status":"submitted","version":2}`, []audit.Change{
			{Field: "status", Before: "draft", After: "submitted"}, {Field: "version", Before: "1", After: "2"}}},
		{"a record created", ``, `{"title":"Probes","items":null,"notes":""}`, []audit.Change{{Field: "title", After: "Probes"}}},
		{"a field gone", `{"note":"x","n":1}`, `{"n":1}`, []audit.Change{{Field: "note", Before: "x"}}},
		{"a list gains and loses", `{"items":["2 pcs Probe","1 pcs Cable"]}`, `{"items":["2 pcs Probe","3 pcs Router"]}`, []audit.Change{
			{Field: "items", Before: "2 pcs Probe\n1 pcs Cable", After: "2 pcs Probe\n3 pcs Router", Removed: []string{"1 pcs Cable"}, Added: []string{"3 pcs Router"}}}},
		{"a list from nothing", `{"items":null}`, `{"items":["2 pcs Probe"]}`, []audit.Change{
			{Field: "items", After: "2 pcs Probe", Added: []string{"2 pcs Probe"}}}},
		{"a nested object", `{"basis":{"rule":"a"}}`, `{"basis":{"rule":"b & c"}}`, []audit.Change{
			{Field: "basis", Before: `{"rule":"a"}`, After: `{"rule":"b & c"}`}}},
		{"not objects", `"old"`, `"new"`, []audit.Change{{Field: "record", Before: `"old"`, After: `"new"`}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := audit.Changes(tc.before, tc.after); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
		})
	}
}
