package reference_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// people are the demo users' contexts by role.
type people map[auth.Role]context.Context

func setUp(t *testing.T) (*db.DB, *reference.Service, people) {
	t.Helper()
	d := testutil.NewDB(t)
	if _, err := demo.Seed(context.Background(), testutil.NewAuth(d)); err != nil {
		t.Fatal(err)
	}
	as := people{}
	for role, email := range map[auth.Role]string{auth.RoleAdmin: "admin@example.com", auth.RoleExportManager: "manager@example.com",
		auth.RoleComplianceOfficer: "officer@example.com", auth.RoleStaff: "staff@example.com", auth.RoleAuditor: "auditor@example.com"} {
		as[role] = testutil.SignedIn(t, d, email)
	}
	return d, reference.NewService(d), as
}

var (
	goodMeasure = reference.MeasureInput{Kind: "telecom_monitoring_ban", LegalAct: "Council Regulation (EU) 359/2011",
		AdoptedOn: "2011-04-12", Scope: "equipment for monitoring telecommunications", Evidence: "Read Art. 1a on EUR-Lex."}
	goodIndicator = reference.IndicatorInput{Indicator: "Freedom House — Freedom in the World", Edition: "2025", Value: "11/100, Not Free",
		Scale: "0–100; Free / Partly Free / Not Free", SourceURL: "https://freedomhouse.org/country/iran/freedom-world/2025", RetrievedAt: "2025-03-01"}
)

func TestReference_SeededMeasures(t *testing.T) {
	_, s, as := setUp(t)
	ctx := as[auth.RoleAuditor]
	for _, tc := range []struct {
		code, legalAct, scope, adopted string
		kind                           reference.MeasureKind
		embargoed                      bool
	}{
		{"SY", "Council Decision 2013/255/CFSP; Reg. (EU) 36/2012", "equipment for internal repression and telecom monitoring; arms embargo status disputed — verify", "", reference.RestrictiveMeasures, false},
		{"RU", "Council Decision 2014/512/CFSP (Art. 2); Reg. (EU) 833/2014", "full", "", reference.ArmsEmbargo, true},
		{"IR", "Council Decision 2010/413/CFSP; Reg. (EU) 267/2012", "full", "", reference.ArmsEmbargo, true},
		{"CN", "European Council (Madrid) declaration of 27 June 1989; political, not a legal act", "partial (1989 declaration, interpreted nationally)", "1989-06-27", reference.ArmsEmbargo, false},
		{"AZ", "OSCE Committee of Senior Officials decision, 28 Feb 1992 (not an EU act; an arms embargo for dual-use purposes under Art. 2(19) of Reg. 2021/821)", "full", "1992-02-28", reference.ArmsEmbargo, true},
		{"LB", "Common Position 2006/625/CFSP", "non-government forces", "", reference.ArmsEmbargo, false},
		{"HT", "Council Decision (CFSP) 2022/2319; Reg. (EU) 2022/2309", "listed persons", "", reference.ArmsEmbargo, false},
	} {
		t.Run(tc.code, func(t *testing.T) {
			p, err := s.Profile(ctx, tc.code)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Measures) != 1 {
				t.Fatalf("%d measures, want the one seeded", len(p.Measures))
			}
			m := p.Measures[0]
			adopted := ""
			if m.AdoptedOn != nil {
				adopted = m.AdoptedOn.Format(time.DateOnly)
			}
			if m.Kind != tc.kind || m.LegalAct != tc.legalAct || m.Scope != tc.scope || adopted != tc.adopted ||
				m.Confidence != reference.ToVerify || m.CreatedBy != nil || m.ConfirmedBy != nil || m.EndedOn != nil || m.Evidence == "" {
				t.Errorf("got %+v", m)
			}
			if got, ok := p.ArmsEmbargoed(); ok != tc.embargoed || (ok && got.ID != m.ID) {
				t.Errorf("ArmsEmbargoed = %v, want %v", ok, tc.embargoed)
			}
			if p.Tier != nil || len(p.Indicators) != 0 {
				t.Errorf("seeded a tier or indicator: %+v", p)
			}
		})
	}
	rows, err := s.Overview(ctx, reference.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	measured := 0
	for _, r := range rows {
		for _, m := range r.Measures {
			measured++
			if m.Confidence != reference.ToVerify {
				t.Errorf("%s seeded as %s, want to_verify", r.Code, m.Confidence)
			}
		}
	}
	if measured != 22 {
		t.Errorf("%d seeded measures, want the 22 of VERIFIED.md §4 (Armenia and Azerbaijan apart)", measured)
	}
	p, _ := s.Profile(ctx, "DE")
	if _, ok := p.ArmsEmbargoed(); ok || len(p.Measures) != 0 {
		t.Errorf("Germany: %+v", p.Measures)
	}
}

func TestReference_SeededRedFlags(t *testing.T) {
	_, s, as := setUp(t)
	flags, err := s.RedFlags(as[auth.RoleExportManager])
	if err != nil {
		t.Fatal(err)
	}
	if len(flags) != 23 {
		t.Fatalf("%d red flags, want 23", len(flags))
	}
	for i, f := range flags {
		if want := "RF" + twoDigits(i+1); f.Code != want || f.Title == "" || f.Source == "" || !f.Active || f.UpdatedBy != nil {
			t.Errorf("flag %d: %+v", i, f)
		}
	}
	if f := flags[18]; f.Title != "Emphasis on covert or undetectable surveillance" || f.Source != "2024/2659" {
		t.Errorf("RF19: %+v", f)
	}
	if f := flags[22]; f.Title != "Party on the BIS Unverified List" || f.Source != "CSL" {
		t.Errorf("RF23: %+v", f)
	}
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

func TestReference_Permissions(t *testing.T) {
	_, s, as := setUp(t)
	allowed := func(err error) bool {
		if err != nil && apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("unexpected error %v", err)
		}
		return err == nil
	}
	actions := map[string]func(ctx context.Context) error{
		"read": func(ctx context.Context) error { _, err := s.Record(ctx, "IR"); return err },
		"overview": func(ctx context.Context) error {
			_, err := s.Overview(ctx, reference.Filter{})
			return err
		},
		"red flags":     func(ctx context.Context) error { _, err := s.RedFlags(ctx); return err },
		"add measure":   func(ctx context.Context) error { _, err := s.AddMeasure(ctx, "IR", goodMeasure); return err },
		"add indicator": func(ctx context.Context) error { _, err := s.AddIndicator(ctx, "IR", goodIndicator); return err },
		"end measure":   func(ctx context.Context) error { return s.EndMeasure(ctx, "LY", "seed-LY", "2025-01-01") },
		"edit red flag": func(ctx context.Context) error {
			_, err := s.UpdateRedFlag(ctx, "RF14", reference.RedFlagInput{Title: "Secrecy", Active: true})
			return err
		},
		"set tier": func(ctx context.Context) error {
			_, err := s.SetTier(ctx, "IR", "high", "Arms embargo; Not Free.")
			return err
		},
		"confirm measure": func(ctx context.Context) error { return s.ConfirmMeasure(ctx, "IR", "seed-IR") },
	}
	// columns: admin, export_manager, compliance_officer, staff, auditor
	for _, tc := range []struct {
		action string
		want   [5]bool
	}{
		{"read", [5]bool{true, true, true, false, true}},
		{"overview", [5]bool{true, true, true, false, true}},
		{"red flags", [5]bool{true, true, true, false, true}},
		{"add measure", [5]bool{true, false, true, false, false}},
		{"add indicator", [5]bool{true, false, true, false, false}},
		{"edit red flag", [5]bool{true, false, true, false, false}},
		{"set tier", [5]bool{false, false, true, false, false}},
	} {
		for i, role := range []auth.Role{auth.RoleAdmin, auth.RoleExportManager, auth.RoleComplianceOfficer, auth.RoleStaff, auth.RoleAuditor} {
			if got := allowed(actions[tc.action](as[role])); got != tc.want[i] {
				t.Errorf("%s as %s: allowed %v, want %v", tc.action, role, got, tc.want[i])
			}
		}
	}
	// One-time changes: refused to everyone else first, then done once.
	for _, action := range []string{"confirm measure", "end measure"} {
		for _, role := range []auth.Role{auth.RoleExportManager, auth.RoleStaff, auth.RoleAuditor} {
			if allowed(actions[action](as[role])) {
				t.Errorf("%s as %s allowed", action, role)
			}
		}
	}
	if allowed(actions["confirm measure"](as[auth.RoleAdmin])) {
		t.Error("admin confirmed a measure: that is for compliance officers")
	}
	if !allowed(actions["confirm measure"](as[auth.RoleComplianceOfficer])) || !allowed(actions["end measure"](as[auth.RoleAdmin])) {
		t.Error("compliance officer could not confirm, or admin could not end, a measure")
	}
	if _, err := s.Record(context.Background(), "IR"); apperr.CodeOf(err) != apperr.Unauthenticated {
		t.Errorf("no actor: %v, want unauthenticated", err)
	}
}

func TestReference_Validation(t *testing.T) {
	_, s, as := setUp(t)
	ctx := as[auth.RoleComplianceOfficer]
	measure := func(change func(*reference.MeasureInput)) error {
		in := goodMeasure
		change(&in)
		_, err := s.AddMeasure(ctx, "IR", in)
		return err
	}
	indicator := func(change func(*reference.IndicatorInput)) error {
		in := goodIndicator
		change(&in)
		_, err := s.AddIndicator(ctx, "IR", in)
		return err
	}
	for _, tc := range []struct {
		name, field, msg string
		err              error
	}{
		{"measure without legal act", "legal_act", "Name the legal act, e.g. Council Decision 2014/512/CFSP.",
			measure(func(in *reference.MeasureInput) { in.LegalAct = "  " })},
		{"measure of unknown kind", "kind", "Choose the kind of measure.", measure(func(in *reference.MeasureInput) { in.Kind = "ban" })},
		{"measure without scope", "scope", "Say whom or what the measure covers: full, non-government forces, listed persons …",
			measure(func(in *reference.MeasureInput) { in.Scope = "" })},
		{"measure without evidence", "evidence", "Say what you read and where, so that it can be checked.",
			measure(func(in *reference.MeasureInput) { in.Evidence = "" })},
		{"measure with a bad date", "adopted_on", "Enter the date as YYYY-MM-DD, e.g. 2025-03-31.",
			measure(func(in *reference.MeasureInput) { in.AdoptedOn = "12.4.2011" })},
		{"measure with a long legal act", "legal_act", "Use at most 500 characters.",
			measure(func(in *reference.MeasureInput) { in.LegalAct = strings.Repeat("é", 501) })},
		{"indicator without source", "source_url", "Give the address of the page the value was read on.",
			indicator(func(in *reference.IndicatorInput) { in.SourceURL = "" })},
		{"indicator with a non-web source", "source_url", "Give a web address starting with http:// or https://.",
			indicator(func(in *reference.IndicatorInput) { in.SourceURL = "javascript:alert(1)" })},
		{"indicator with a relative source", "source_url", "Give a web address starting with http:// or https://.",
			indicator(func(in *reference.IndicatorInput) { in.SourceURL = "freedomhouse.org/country/iran" })},
		{"indicator without retrieval date", "retrieved_at", "Give the date the value was read.",
			indicator(func(in *reference.IndicatorInput) { in.RetrievedAt = "" })},
		{"indicator read in the future", "retrieved_at", "The date the value was read cannot be in the future.",
			indicator(func(in *reference.IndicatorInput) { in.RetrievedAt = time.Now().AddDate(0, 0, 2).Format(time.DateOnly) })},
		{"indicator without value", "value", "Give the value as published.", indicator(func(in *reference.IndicatorInput) { in.Value = "" })},
		{"indicator without scale", "scale", "Give the scale the value is on, e.g. 0–100; Free / Partly Free / Not Free.",
			indicator(func(in *reference.IndicatorInput) { in.Scale = "" })},
		{"indicator without edition", "edition", "Give the edition or year of publication.", indicator(func(in *reference.IndicatorInput) { in.Edition = "" })},
		{"indicator without name", "indicator", "Name the indicator, e.g. Freedom House — Freedom in the World.",
			indicator(func(in *reference.IndicatorInput) { in.Indicator = "" })},
		{"tier without rationale", "rationale", "Give the rationale for the tier: the measures, indicators and reports it rests on.",
			func() error { _, err := s.SetTier(ctx, "IR", "high", " "); return err }()},
		{"unknown tier", "tier", "Choose low, medium or high.", func() error { _, err := s.SetTier(ctx, "IR", "severe", "Why"); return err }()},
		{"lifting without date", "ended_on", "Enter the date the measure was lifted.", s.EndMeasure(ctx, "CN", "seed-CN", "")},
		{"lifting before adoption", "ended_on", "A measure cannot end before it was adopted (1989-06-27).", s.EndMeasure(ctx, "CN", "seed-CN", "1988-01-01")},
		{"red flag without title", "title", "Give the red flag a title.",
			func() error { _, err := s.UpdateRedFlag(ctx, "RF01", reference.RedFlagInput{Active: true}); return err }()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if apperr.CodeOf(tc.err) != apperr.Invalid {
				t.Fatalf("got %v, want invalid", tc.err)
			}
			if got := apperr.FieldsOf(tc.err); len(got) != 1 || got[tc.field] != tc.msg {
				t.Errorf("fields %v, want %s: %q", got, tc.field, tc.msg)
			}
		})
	}
	for name, err := range map[string]error{
		"unknown country":  func() error { _, err := s.AddMeasure(ctx, "ZZ", goodMeasure); return err }(),
		"unknown country2": func() error { _, err := s.SetTier(ctx, "ZZ", "low", "Why"); return err }(),
		"other's measure":  s.ConfirmMeasure(ctx, "IR", "seed-RU"),
		"unknown flag":     func() error { _, err := s.UpdateRedFlag(ctx, "RF99", reference.RedFlagInput{Title: "X"}); return err }(),
	} {
		if apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("%s: %v, want not_found", name, err)
		}
	}
	p, _ := s.Profile(ctx, "IR")
	if len(p.Measures) != 1 || len(p.Indicators) != 0 || p.Tier != nil {
		t.Errorf("refused input changed the profile: %+v", p)
	}
}

func TestReference_MeasureLifeCycle(t *testing.T) {
	d, s, as := setUp(t)
	officer, admin := as[auth.RoleComplianceOfficer], as[auth.RoleAdmin]
	m, err := s.AddMeasure(admin, "ir ", goodMeasure)
	if err != nil {
		t.Fatal(err)
	}
	if m.CountryCode != "IR" || m.Confidence != reference.ToVerify || m.AdoptedOn.Format(time.DateOnly) != "2011-04-12" {
		t.Errorf("added %+v", m)
	}
	if err := s.ConfirmMeasure(officer, "IR", m.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.ConfirmMeasure(officer, "IR", m.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("confirming twice: %v, want conflict", err)
	}
	r, err := s.Record(officer, "IR")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Measures) != 2 || r.Measures[0].ID != "seed-IR" || r.Measures[1].ID != m.ID {
		t.Fatalf("measures %+v, want the arms embargo then the new one", r.Measures)
	}
	got := r.Measures[1]
	if got.Confidence != reference.Confirmed || got.ConfirmedAt == nil || got.ConfirmedByName != "Olga Officer" || got.CreatedByName == "" {
		t.Errorf("confirmed measure %+v", got)
	}
	if err := s.EndMeasure(admin, "IR", "seed-IR", "2025-01-02"); err != nil {
		t.Fatal(err)
	}
	if err := s.EndMeasure(admin, "IR", "seed-IR", "2025-01-03"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("ending twice: %v, want conflict", err)
	}
	p, err := s.Profile(officer, "IR")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Measures) != 1 || p.Measures[0].ID != m.ID {
		t.Errorf("in force %+v, want only the new measure", p.Measures)
	}
	if _, ok := p.ArmsEmbargoed(); ok {
		t.Error("a lifted arms embargo still counts")
	}
	r, _ = s.Record(officer, "IR")
	if len(r.Measures) != 2 || r.Measures[1].ID != "seed-IR" || r.Measures[1].EndedOn.Format(time.DateOnly) != "2025-01-02" {
		t.Errorf("the lifted measure is not kept last: %+v", r.Measures)
	}
	wantEvents(t, d, "country", "IR", "country.measure_add", "country.measure_confirm", "country.measure_end")
}

func TestReference_IndicatorsLatestPerIndicator(t *testing.T) {
	d, s, as := setUp(t)
	ctx := as[auth.RoleAdmin]
	add := func(indicator, edition, value string) {
		t.Helper()
		in := goodIndicator
		in.Indicator, in.Edition, in.Value = indicator, edition, value
		if _, err := s.AddIndicator(ctx, "IR", in); err != nil {
			t.Fatal(err)
		}
	}
	add("Freedom House — Freedom in the World", "2025", "11/100, Not Free")
	add("Freedom House — Freedom in the World", "2023", "12/100, Not Free") // entered later, older edition
	add("RSF — World Press Freedom Index", "2024", "176th of 180")
	p, err := s.Profile(as[auth.RoleAuditor], "IR")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Indicators) != 2 {
		t.Fatalf("%d indicators, want 2: %+v", len(p.Indicators), p.Indicators)
	}
	fh, rsf := p.Indicators[0], p.Indicators[1]
	if fh.Edition != "2025" || fh.Value != "11/100, Not Free" || fh.Scale != goodIndicator.Scale || fh.SourceURL != goodIndicator.SourceURL ||
		fh.RetrievedAt.Format(time.DateOnly) != "2025-03-01" || fh.EnteredByName != "Ada Admin" || fh.CountryCode != "IR" {
		t.Errorf("Freedom House: %+v", fh)
	}
	if rsf.Indicator != "RSF — World Press Freedom Index" || rsf.Value != "176th of 180" {
		t.Errorf("RSF: %+v", rsf)
	}
	r, _ := s.Record(ctx, "IR")
	if len(r.Indicators) != 3 || r.Indicators[1].Edition != "2023" {
		t.Errorf("history %+v", r.Indicators)
	}
	wantEvents(t, d, "country", "IR", "country.indicator_add", "country.indicator_add", "country.indicator_add")
}

func TestReference_TierHistory(t *testing.T) {
	d, s, as := setUp(t)
	ctx := as[auth.RoleComplianceOfficer]
	for _, tc := range []struct{ tier, rationale string }{
		{"medium", "Partly free; no embargo."},
		{"high", "Arms embargo to verify; Not Free (FH 2025)."},
		{"low", "Re-assessed after the embargo was lifted."},
	} {
		if _, err := s.SetTier(ctx, "IR", tc.tier, tc.rationale); err != nil {
			t.Fatal(err)
		}
	}
	r, err := s.Record(ctx, "IR")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tr := range r.Tiers {
		got = append(got, string(tr.Tier))
	}
	if strings.Join(got, ",") != "low,high,medium" {
		t.Errorf("history %v, want newest first", got)
	}
	p := r.Profile(d.Now())
	if p.Tier == nil || p.Tier.Tier != reference.Low || p.Tier.Rationale != "Re-assessed after the embargo was lifted." ||
		p.Tier.SetByName != "Olga Officer" || p.Tier.SetAt.IsZero() {
		t.Errorf("current tier %+v", p.Tier)
	}
	for _, tc := range []struct {
		filter reference.Filter
		want   string
	}{
		{reference.Filter{Tier: "low"}, "IR"},
		{reference.Filter{Tier: "high"}, ""},
		{reference.Filter{Query: "iran", Tier: reference.NoTier}, ""},
		{reference.Filter{Query: " IRAN"}, "IR"},
		{reference.Filter{Query: "kp"}, "KP"}, // by code too
		{reference.Filter{Query: "cote d'iv"}, "CI"},
		{reference.Filter{Query: strings.Repeat("x", db.MaxSearch)}, ""},
	} {
		rows, err := s.Overview(ctx, tc.filter)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, row := range rows {
			if row.Code == "IR" && row.Tier != reference.Low {
				t.Errorf("overview tier of IR %q", row.Tier)
			}
			codes = append(codes, row.Code)
		}
		if strings.Join(codes, ",") != tc.want {
			t.Errorf("%+v: %v, want %s", tc.filter, codes, tc.want)
		}
	}
	if _, err := s.Overview(ctx, reference.Filter{Query: strings.Repeat("x", db.MaxSearch+1)}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("search text beyond the limit: %v, want Invalid", err)
	}
	wantEvents(t, d, "country", "IR", "country.tier_set", "country.tier_set", "country.tier_set")
	ev, _ := audit.List(context.Background(), d.Gorm, audit.Filter{Action: "country.tier_set", Limit: 1})
	if len(ev) != 1 || !strings.Contains(ev[0].BeforeJSON, `"high"`) || !strings.Contains(ev[0].AfterJSON, `"low"`) {
		t.Errorf("newest tier event %+v", ev)
	}
}

func TestReference_UpdateRedFlag(t *testing.T) {
	d, s, as := setUp(t)
	ctx := as[auth.RoleComplianceOfficer]
	f, err := s.UpdateRedFlag(ctx, "rf14", reference.RedFlagInput{Title: " Excessive confidentiality about the end use ", Guidance: "Ask why.", Active: false})
	if err != nil {
		t.Fatal(err)
	}
	if f.Code != "RF14" || f.Title != "Excessive confidentiality about the end use" || f.Guidance != "Ask why." || f.Active || f.UpdatedBy == nil {
		t.Errorf("updated %+v", f)
	}
	active, _ := s.RedFlags(ctx)
	all, _ := s.Catalogue(ctx)
	if len(active) != 22 || len(all) != 23 || all[13].Active {
		t.Errorf("%d active, %d in all", len(active), len(all))
	}
	wantEvents(t, d, "red_flag", "RF14", "red_flag.update")
}

// wantEvents checks the audit events on one object, oldest first.
func wantEvents(t *testing.T, d *db.DB, objectType, objectID string, actions ...string) {
	t.Helper()
	events, err := audit.List(context.Background(), d.Gorm, audit.Filter{ObjectType: objectType, ObjectID: objectID})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(events) - 1; i >= 0; i-- {
		got = append(got, events[i].Action)
	}
	if strings.Join(got, " ") != strings.Join(actions, " ") {
		t.Errorf("events on %s %s: %v, want %v", objectType, objectID, got, actions)
	}
}
