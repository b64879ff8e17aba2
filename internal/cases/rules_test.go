package cases

import (
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
)

func TestLifecycle_TableReadsLikeTheProduct(t *testing.T) {
	all := []Action{ActSubmit, ActApprove, ActReject, ActHold, ActReturn, ActClose, ActBlock, ActReopen, ActRelease}
	allowed := map[Status]map[Action]Status{
		Draft:     {ActSubmit: Submitted, ActBlock: Blocked},
		Submitted: {ActApprove: Approved, ActReject: Rejected, ActHold: OnHold, ActReturn: Draft, ActBlock: Blocked},
		OnHold:    {ActReturn: Draft, ActBlock: Blocked},
		Approved:  {ActClose: Closed, ActReopen: Submitted, ActBlock: Blocked, ActReturn: Draft},
		Rejected:  {},
		Closed:    {},
		Blocked:   {ActRelease: Draft},
	}
	for _, from := range Statuses {
		for _, a := range all {
			to, ok := Next(from, a)
			want, wantOK := allowed[from][a]
			if ok != wantOK || to != want {
				t.Errorf("%s --%s--> %q (%v), want %q (%v)", from, a, to, ok, want, wantOK)
			}
		}
	}
}

func TestStatus_EditableAndOpen(t *testing.T) {
	for _, s := range Statuses {
		want := s == Draft || s == Submitted || s == OnHold || s == Approved
		if s.Editable() != want || s.Open() != want {
			t.Errorf("%s: editable=%v open=%v, want %v", s, s.Editable(), s.Open(), want)
		}
	}
}

func actor(id string, roles ...auth.Role) *auth.Actor { return &auth.Actor{UserID: id, Roles: roles} }

func TestCheckSignOff_SeparationOfDuties(t *testing.T) {
	submitted := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	base := func() *Case {
		return &Case{Record: Record{OwnerID: "owner", Status: Submitted, SubmittedAt: &submitted}, ContentHash: "h1"}
	}
	approval := func(user string, role auth.Role, hash string) SignOff {
		return SignOff{UserID: user, Role: string(role), Decision: Approve, ContentHash: hash, CreatedAt: submitted.Add(time.Hour)}
	}
	mgr2 := actor("mgr2", auth.RoleExportManager)
	officer := actor("officer", auth.RoleComplianceOfficer)
	tests := []struct {
		name  string
		setup func(f *Case)
		who   *auth.Actor
		d     Decision
		want  apperr.Code // "" allowed
	}{
		{"another manager approves", nil, mgr2, Approve, ""},
		{"a compliance officer approves", nil, officer, Approve, ""},
		{"the opener cannot approve", nil, actor("owner", auth.RoleExportManager), Approve, apperr.Forbidden},
		{"the opener cannot reject", nil, actor("owner", auth.RoleExportManager), Reject, apperr.Forbidden},
		{"the opener cannot hold", nil, actor("owner", auth.RoleExportManager), Hold, apperr.Forbidden},
		{"the opener may return to draft", nil, actor("owner", auth.RoleExportManager), Return, ""},
		{"who edited after submission cannot approve", func(f *Case) { f.Editors = []string{"mgr2"} }, mgr2, Approve, apperr.Forbidden},
		{"who wrote part of the human-rights assessment cannot approve", func(f *Case) { f.AssessmentAuthors = []string{"mgr3", "mgr2"} }, mgr2, Approve, apperr.Forbidden},
		{"an officer who wrote part of the assessment cannot give the second approval", func(f *Case) {
			f.RiskLevel = "high"
			f.AssessmentAuthors = []string{"officer"}
			f.SignOffs = []SignOff{approval("mgr3", auth.RoleExportManager, "h1")}
		}, officer, Approve, apperr.Forbidden},
		{"who wrote part of the assessment may still return the case", func(f *Case) { f.AssessmentAuthors = []string{"mgr2"} }, mgr2, Return, ""},
		{"staff cannot sign off", nil, actor("s", auth.RoleStaff), Approve, apperr.Forbidden},
		{"an auditor cannot sign off", nil, actor("a", auth.RoleAuditor), Reject, apperr.Forbidden},
		{"an admin cannot sign off by being admin", nil, actor("root", auth.RoleAdmin), Approve, apperr.Forbidden},
		{"a draft cannot be approved", func(f *Case) { f.Status = Draft }, mgr2, Approve, apperr.Conflict},
		{"an on-hold case cannot be approved", func(f *Case) { f.Status = OnHold }, mgr2, Approve, apperr.Conflict},
		{"an on-hold case can be returned", func(f *Case) { f.Status = OnHold }, mgr2, Return, ""},
		{"an approved case cannot be rejected", func(f *Case) { f.Status = Approved }, mgr2, Reject, apperr.Conflict},
		{"no second approval by the same person", func(f *Case) {
			f.RiskLevel = "high"
			f.SignOffs = []SignOff{approval("officer", auth.RoleComplianceOfficer, "h1")}
		}, officer, Approve, apperr.Conflict},
		{"a void approval of one's own does not stop a new one", func(f *Case) {
			f.SignOffs = []SignOff{approval("mgr2", auth.RoleExportManager, "old")}
		}, mgr2, Approve, ""},
		{"high risk: a manager after a manager is refused", func(f *Case) {
			f.RiskLevel = "high"
			f.SignOffs = []SignOff{approval("mgr3", auth.RoleExportManager, "h1")}
		}, mgr2, Approve, apperr.Forbidden},
		{"high risk: an officer after a manager completes it", func(f *Case) {
			f.RiskLevel = "high"
			f.SignOffs = []SignOff{approval("mgr3", auth.RoleExportManager, "h1")}
		}, officer, Approve, ""},
		{"high risk: a manager after an officer completes it", func(f *Case) {
			f.RiskLevel = "high"
			f.SignOffs = []SignOff{approval("officer", auth.RoleComplianceOfficer, "h1")}
		}, mgr2, Approve, ""},
		{"unknown decision", nil, mgr2, Decision("veto"), apperr.Invalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			if tc.setup != nil {
				tc.setup(f)
			}
			err := CheckSignOff(f, tc.who, tc.d)
			if apperr.CodeOf(err) != tc.want {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestApprovalComplete(t *testing.T) {
	submitted := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	ok := func(user string, role auth.Role) SignOff {
		return SignOff{UserID: user, Role: string(role), Decision: Approve, ContentHash: "h", CreatedAt: submitted.Add(time.Minute)}
	}
	tests := []struct {
		name      string
		risk      string
		approvals []SignOff
		want      bool
	}{
		{"none", "", nil, false},
		{"one approval, normal risk", "medium", []SignOff{ok("a", auth.RoleExportManager)}, true},
		{"one approval, high risk", "high", []SignOff{ok("a", auth.RoleComplianceOfficer)}, false},
		{"two managers, high risk", "high", []SignOff{ok("a", auth.RoleExportManager), ok("b", auth.RoleExportManager)}, false},
		{"manager and officer, high risk", "high", []SignOff{ok("a", auth.RoleExportManager), ok("b", auth.RoleComplianceOfficer)}, true},
		{"same person twice, high risk", "high", []SignOff{ok("a", auth.RoleComplianceOfficer), ok("a", auth.RoleComplianceOfficer)}, false},
	}
	for _, tc := range tests {
		f := &Case{Record: Record{RiskLevel: tc.risk, SubmittedAt: &submitted}, ContentHash: "h", SignOffs: tc.approvals}
		if got := f.approvalComplete(f.ValidApprovals()); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestVoid(t *testing.T) {
	submitted := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	f := &Case{Record: Record{SubmittedAt: &submitted}, ContentHash: "now"}
	tests := []struct {
		name string
		so   SignOff
		void bool
	}{
		{"same content, this round", SignOff{ContentHash: "now", CreatedAt: submitted.Add(time.Second)}, false},
		{"content changed since", SignOff{ContentHash: "before", CreatedAt: submitted.Add(time.Second)}, true},
		{"an earlier round", SignOff{ContentHash: "now", CreatedAt: submitted.Add(-time.Second)}, true},
	}
	for _, tc := range tests {
		if f.Void(tc.so) != tc.void {
			t.Errorf("%s: void=%v", tc.name, !tc.void)
		}
	}
	backInDraft := &Case{ContentHash: "now"}
	if !backInDraft.Void(SignOff{ContentHash: "now", CreatedAt: submitted.Add(time.Second)}) {
		t.Error("an approval of a case back in draft still counts")
	}
}

func TestContentHash_CoversContentNotBookkeeping(t *testing.T) {
	dest := "DE"
	base := func() *Case {
		return &Case{Record: Record{ID: "c", Reference: "EXP-2026-00001", Title: "T", Destination: &dest, Status: Draft, Version: 3},
			Parties:     []CaseParty{{Role: "consignee", Party: Party{ID: "p1", Name: "Acme"}}, {Role: "end_user", Party: Party{ID: "p2", Name: "Beta"}}},
			Items:       []Item{{ID: "i1", Description: "Probe", QuantityMilli: 1000}, {ID: "i2", Description: "Licence key", QuantityMilli: 2000}},
			Attachments: []Attachment{{ID: "a1", Kind: "end_use_statement", SHA256: "aa"}}}
	}
	h := ContentHash(base())
	same := []func(f *Case){
		func(f *Case) { f.Status, f.Version = Approved, 9 },
		func(f *Case) { f.Parties[0], f.Parties[1] = f.Parties[1], f.Parties[0] },
		func(f *Case) { f.Items[0], f.Items[1] = f.Items[1], f.Items[0] },
		func(f *Case) { f.SignOffs = []SignOff{{Decision: Approve}} },
		func(f *Case) {
			old := "x"
			f.Attachments = append(f.Attachments, Attachment{Kind: "contract", SHA256: "bb", SupersededBy: &old})
		},
	}
	for i, change := range same {
		f := base()
		change(f)
		if ContentHash(f) != h {
			t.Errorf("bookkeeping change %d changed the content hash", i)
		}
	}
	differs := []func(f *Case){
		func(f *Case) { f.Title = "T2" },
		func(f *Case) { f.Destination = nil },
		func(f *Case) { f.Items[0].QuantityMilli = 2000 },
		func(f *Case) { f.Parties[1].Party.Name = "Beta Ltd" },
		func(f *Case) { f.Parties[1].Role = "intermediary" },
		func(f *Case) { f.Attachments[0].SHA256 = "ab" },
		func(f *Case) { f.RiskLevel = "high" },
		func(f *Case) { f.Items = f.Items[:1] },
	}
	for i, change := range differs {
		f := base()
		change(f)
		if ContentHash(f) == h {
			t.Errorf("content change %d kept the hash", i)
		}
	}
}

// Sign-offs stored in databases are bound to content hashes: a change of
// the code must not change the hash of the same content.
func TestContentHash_IsStable(t *testing.T) {
	de := "DE"
	f := &Case{Record: Record{ID: "c1", Reference: "EXP-1", Title: "T", Destination: &de, EndUserType: "government", EndUse: "use",
		Notes: "n", RiskLevel: "high", Status: Draft, Version: 3},
		Parties: []CaseParty{{Role: "consignee", Party: Party{ID: "p1", Name: "Acme", Kind: "company", Country: &de}}},
		Items: []Item{{ID: "i1", Description: "Probe", QuantityMilli: 1000, Unit: "pcs", ValueMinor: 100, Currency: "EUR",
			CreatedAt: time.Unix(5, 0)}},
		Attachments: []Attachment{{Kind: "contract", Filename: "a.pdf", SHA256: "abc"}}}
	if got, want := ContentHash(f), "a64950d9a3184db90f591cf2c11ddba612ac7d1134804985b0f4f9394db3e5d2"; got != want {
		t.Errorf("ContentHash = %s, want %s", got, want)
	}
}

func TestDecimal(t *testing.T) {
	tests := []struct {
		in     string
		places int
		want   int64
		ok     bool
	}{
		{"1", 3, 1000, true},
		{"1.5", 3, 1500, true},
		{"1,250.25", 2, 125025, true},
		{".5", 2, 50, true},
		{"0", 2, 0, true},
		{"", 2, 0, false},
		{"1.234", 2, 0, false},
		{"-1", 2, 0, false},
		{"1e3", 2, 0, false},
		{"12a", 2, 0, false},
		{"1234567890123456", 2, 0, false},
	}
	for _, tc := range tests {
		got, err := parseDecimal(tc.in, tc.places)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseDecimal(%q, %d) = %d, %v", tc.in, tc.places, got, err)
		}
	}
	for _, tc := range []struct {
		n           int64
		places, min int
		want        string
	}{
		{1500, 3, 0, "1.5"}, {1000, 3, 0, "1"}, {125025, 2, 2, "1,250.25"}, {5, 2, 2, "0.05"}, {123456789, 2, 2, "1,234,567.89"},
	} {
		if got := FormatDecimal(tc.n, tc.places, tc.min); got != tc.want {
			t.Errorf("FormatDecimal(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func FuzzDecimalRoundTrip(f *testing.F) {
	for _, s := range []string{"1", "1.5", "1,250.25", ".5", "0.001", "999999999999999.99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseDecimal(s, 3)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("%q parsed negative: %d", s, n)
		}
		back, err := parseDecimal(FormatDecimal(n, 3, 0), 3)
		if err != nil || back != n {
			t.Fatalf("%q → %d → %q → %d, %v", s, n, FormatDecimal(n, 3, 0), back, err)
		}
	})
}
