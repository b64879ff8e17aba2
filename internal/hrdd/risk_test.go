package hrdd_test

import (
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/testutil"
)

func newRiskWorld(t *testing.T) *riskWorld {
	d := testutil.NewDB(t)
	w := &riskWorld{d: d, cs: cases.NewService(d), svc: hrdd.NewService(d, highTier{}),
		manager:  testutil.NewUser(t, d, "m@example.com", "Max Manager", auth.RoleExportManager),
		officer:  testutil.NewUser(t, d, "o@example.com", "Olga Officer", auth.RoleComplianceOfficer),
		officer2: testutil.NewUser(t, d, "o2@example.com", "Oscar Officer", auth.RoleComplianceOfficer)}
	w.svc.Attach(w.cs)
	return w
}

// riskWorld is a case service with the assessment attached and the people
// who write, sign and set risks.
type riskWorld struct {
	d                          *db.DB
	cs                         *cases.Service
	svc                        *hrdd.Service
	manager, officer, officer2 context.Context
}

// open opens a case that needs the assessment.
func (w *riskWorld) open(t *testing.T) *cases.Case {
	t.Helper()
	f, err := w.cs.Create(w.manager, cases.Input{Title: "Probe", Destination: "DE", EndUserType: "private_company", EndUse: "Network monitoring"})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// save saves one section of the case's assessment as ctx.
func (w *riskWorld) save(t *testing.T, ctx context.Context, id string, in hrdd.SectionAnswers) {
	t.Helper()
	if _, err := w.svc.SaveSection(ctx, id, in); err != nil {
		t.Fatalf("save %s: %v", in.SectionName(), err)
	}
}

// sign completes the assessment of case id with the conclusion level (the
// answers propose low) and has the second officer sign it.
func (w *riskWorld) sign(t *testing.T, id, level string) *cases.Case {
	t.Helper()
	f, err := w.signWith(t, id, hrdd.Conclusion{Level: level, Rationale: "As found.", Aware: "no", Informed: "no"})
	if err != nil {
		t.Fatalf("sign %s: %v", level, err)
	}
	return f
}

// signWith completes the assessment of case id with conclusion c (the
// answers propose low; another level is justified) and has the second
// officer sign it.
func (w *riskWorld) signWith(t *testing.T, id string, c hrdd.Conclusion) (*cases.Case, error) {
	t.Helper()
	w.save(t, w.manager, id, hrdd.ItemSection{Use: "targeted", Customisation: "none"})
	w.save(t, w.manager, id, hrdd.EndUserSection{Type: "private_company", StateLink: "none", KnownMisuse: "none", Oversight: "effective"})
	w.save(t, w.manager, id, hrdd.EndUseSection{Purpose: "Monitoring", Plausibility: "plausible"})
	w.save(t, w.manager, id, hrdd.DestinationSection{Country: "DE", LegalBasis: "clear", JudicialOversight: "independent", Remedies: "effective"})
	w.save(t, w.manager, id, hrdd.RedFlagsSection{})
	w.save(t, w.manager, id, hrdd.SourcesSection{Sources: []hrdd.Source{{Title: "Report", URL: "https://example.org", Date: "2026-01-01"}}})
	w.save(t, w.manager, id, hrdd.MitigationSection{})
	c.Rationale = "As found."
	if c.Level != "low" {
		c.OverrideJustification = "The end user's record weighs more than the points."
	}
	w.save(t, w.officer, id, c)
	return w.svc.Sign(w.officer2, id, w.get(t, id).Version)
}

// get reads case id as the officer sees it.
func (w *riskWorld) get(t *testing.T, id string) *cases.Case {
	t.Helper()
	f, err := w.cs.Get(w.officer, id)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// event returns the summary of the one event of action on case id.
func (w *riskWorld) event(t *testing.T, action, id string) string {
	t.Helper()
	events, err := audit.List(context.Background(), w.d.Gorm, audit.Filter{Action: action, ObjectID: id, Limit: 10})
	if err != nil || len(events) != 1 {
		t.Fatalf("%s events: %v %d", action, err, len(events))
	}
	return events[0].Summary
}

// Rule: the case risk is at least the conclusion of its latest signed
// human-rights assessment. Signing raises a lower risk; setting it by hand
// needs a justification and may not go below the signed conclusion; a
// change that voids the signature leaves the floor until a new signature.
func TestRisk_CannotBeTalkedDown(t *testing.T) {
	w := newRiskWorld(t)
	const why = "Reviewed the end user."
	tests := []struct {
		name      string
		start     string            // risk set by hand first; "" none
		signed    string            // conclusion signed next; "" none
		voidAfter bool              // an answer changes after the signature
		set       *cases.RiskInput  // then set by hand; nil: not
		wantField map[string]string // the refusal's field messages; nil: accepted
		wantRisk  string
		wantFrom  string // cases.RiskByHand or cases.RiskByAssessment
	}{
		{name: "raise allowed", start: "low", set: &cases.RiskInput{Level: "high", Justification: why},
			wantRisk: "high", wantFrom: cases.RiskByHand},
		{name: "lower allowed when no signed assessment", start: "high", set: &cases.RiskInput{Level: "low", Justification: why},
			wantRisk: "low", wantFrom: cases.RiskByHand},
		{name: "lower below the signed conclusion refused", signed: "medium", set: &cases.RiskInput{Level: "low", Justification: why},
			wantField: map[string]string{"risk_level": "The signed human-rights assessment concluded MEDIUM: the case risk cannot be lower."},
			wantRisk:  "medium", wantFrom: cases.RiskByAssessment},
		{name: "not assessed below the signed conclusion refused", signed: "low", set: &cases.RiskInput{Level: "", Justification: why},
			wantField: map[string]string{"risk_level": "The signed human-rights assessment concluded LOW: the case risk cannot be lower."},
			wantRisk:  "low", wantFrom: cases.RiskByAssessment},
		{name: "equal to the signed conclusion allowed", start: "high", signed: "medium", set: &cases.RiskInput{Level: "medium", Justification: why},
			wantRisk: "medium", wantFrom: cases.RiskByHand},
		{name: "empty justification refused", start: "low", set: &cases.RiskInput{Level: "high", Justification: " \n "},
			wantField: map[string]string{"justification": "Say why the case carries this risk."}, wantRisk: "low", wantFrom: cases.RiskByHand},
		{name: "signing raises the risk", start: "low", signed: "high", wantRisk: "high", wantFrom: cases.RiskByAssessment},
		{name: "signing never lowers the risk", start: "high", signed: "low", wantRisk: "high", wantFrom: cases.RiskByHand},
		{name: "an unacceptable conclusion raises the risk to high", start: "medium", signed: "unacceptable",
			wantRisk: "high", wantFrom: cases.RiskByAssessment},
		{name: "a voided signature keeps its floor until signed again", signed: "high", voidAfter: true,
			set:       &cases.RiskInput{Level: "medium", Justification: why},
			wantField: map[string]string{"risk_level": "The signed human-rights assessment concluded HIGH: the case risk cannot be lower."},
			wantRisk:  "high", wantFrom: cases.RiskByAssessment},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := w.open(t)
			var err error
			if tt.start != "" {
				if f, err = w.cs.SetRisk(w.officer, f.ID, f.Version, cases.RiskInput{Level: tt.start, Justification: "First look."}); err != nil {
					t.Fatal(err)
				}
			}
			if tt.signed != "" {
				f = w.sign(t, f.ID, tt.signed)
			}
			if tt.voidAfter {
				w.save(t, w.manager, f.ID, hrdd.MitigationSection{Measures: []string{"audit_logging"}})
			}
			if tt.set != nil {
				_, err = w.cs.SetRisk(w.officer, f.ID, f.Version, *tt.set)
			}
			if got := apperr.FieldsOf(err); tt.wantField == nil && err != nil || !maps.Equal(got, tt.wantField) {
				t.Fatalf("SetRisk: %v %v, want fields %v", err, got, tt.wantField)
			}
			if f = w.get(t, f.ID); f.RiskLevel != tt.wantRisk || f.RiskSource != tt.wantFrom {
				t.Errorf("risk %q from %q, want %q from %q", f.RiskLevel, f.RiskSource, tt.wantRisk, tt.wantFrom)
			}
			if tt.signed != "" && (f.RiskFloor != hrdd.CaseRisk(tt.signed) || f.SignedConclusion != tt.signed || f.SignedVersion != 1) {
				t.Errorf("floor %q from conclusion %q v%d, want %q from %q v1", f.RiskFloor, f.SignedConclusion, f.SignedVersion,
					hrdd.CaseRisk(tt.signed), tt.signed)
			}
		})
	}
}

// The risk set by hand records who set it and why, on the case and in the
// audit trail; the signature that raises it says so.
func TestRisk_JustificationIsRecorded(t *testing.T) {
	w := newRiskWorld(t)
	f := w.open(t)
	if _, err := w.cs.SetRisk(w.officer, f.ID, f.Version, cases.RiskInput{Level: "low", Justification: "  Known distributor.  "}); err != nil {
		t.Fatal(err)
	}
	f = w.get(t, f.ID)
	if f.RiskReason != "Known distributor." || f.RiskSetBy == nil || f.Names[*f.RiskSetBy] != "Olga Officer" || f.RiskSetAt == nil {
		t.Errorf("recorded %+v", f.RiskBasis)
	}
	if got := w.event(t, "case.risk", f.ID); !strings.HasSuffix(got, "risk level set to low: Known distributor.") {
		t.Errorf("audit summary %q", got)
	}
	w.sign(t, f.ID, "high")
	f = w.get(t, f.ID)
	if f.RiskReason != "The signed human-rights assessment v1 concluded HIGH." || f.Names[*f.RiskSetBy] != "Oscar Officer" {
		t.Errorf("after the signature: %+v", f.RiskBasis)
	}
	if got := w.event(t, "assessment.sign", f.ID); !strings.Contains(got, "risk level raised to high") {
		t.Errorf("signature event %q", got)
	}
}
