package hrdd_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/exporter"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// listedScope and unlistedScope are cases with a listed cyber-surveillance
// item, and with one not listed in Annex I.
var (
	listedScope   = hrdd.Scope{Listed: []string{"IP probe"}}
	unlistedScope = hrdd.Scope{Unlisted: []string{"Social-media monitoring suite"}}
)

// Art. 5(2): the notification is produced only for an unlisted
// cyber-surveillance item the exporter is aware of; an unacceptable
// conclusion is the company's refusal whatever the authority says.
func TestArt5_NotificationProducedOrNot(t *testing.T) {
	for _, sc := range []struct {
		name  string
		scope hrdd.Scope
	}{{"listed", listedScope}, {"unlisted", unlistedScope}, {"no cyber item", hrdd.Scope{}}} {
		for _, aware := range []string{"yes", "no"} {
			for _, level := range []string{"low", "medium", "high", "unacceptable"} {
				c := hrdd.Conclusion{Level: level, Informed: "no", Aware: aware}
				o := hrdd.Art5Outcome(c, sc.scope)
				notify := sc.scope.Applies() && aware == "yes"
				refused := level == "unacceptable"
				if o.Notify != notify || o.Refused != refused || o.Blocks() != (notify || refused) {
					t.Errorf("%s, aware %s, %s: notify %v refused %v blocks %v; want %v %v %v", sc.name, aware, level,
						o.Notify, o.Refused, o.Blocks(), notify, refused, notify || refused)
				}
				if notify && (o.Need != hrdd.NeedDecision || o.Kind != hrdd.KindNotification) {
					t.Errorf("%s, aware, %s: need %q kind %q, want the authority's decision on a notification", sc.name, level, o.Need, o.Kind)
				}
				if len(o.Rules) == 0 {
					t.Errorf("%s, aware %s, %s: no rule named", sc.name, aware, level)
				}
			}
		}
	}
}

// The three questions of Art. 5 lead to different duties, each named.
func TestArt5_EachQuestionItsOwnDuty(t *testing.T) {
	for _, tc := range []struct {
		name     string
		c        hrdd.Conclusion
		scope    hrdd.Scope
		need     hrdd.Need
		kind     string
		notify   bool
		ruleSays string
	}{
		{"5(1) informed: licence", hrdd.Conclusion{Level: "high", Informed: "yes", InformedLetter: "BAFA 2026-17 of 3 Jan 2026", Aware: "no"},
			unlistedScope, hrdd.NeedLicence, hrdd.KindInformed, false, "Art. 5(1): the competent authority informed us (BAFA 2026-17"},
		{"5(1) informed and aware: the licence already required", hrdd.Conclusion{Level: "high", Informed: "yes", InformedLetter: "L-1", Aware: "yes"},
			unlistedScope, hrdd.NeedLicence, hrdd.KindInformed, false, "Art. 5(1)"},
		{"5(2) aware: notify", hrdd.Conclusion{Level: "high", Informed: "no", Aware: "yes"},
			unlistedScope, hrdd.NeedDecision, hrdd.KindNotification, true, "Art. 5(2): we are aware"},
		{"5(3) grounds for suspecting under national law", hrdd.Conclusion{Level: "medium", Informed: "no", Aware: "no", Suspect: "yes", NationalBasis: "DE: AWV § 9"},
			unlistedScope, hrdd.NeedLicence, hrdd.KindNational, false, "Art. 5(3)"},
		{"neither: no notification", hrdd.Conclusion{Level: "medium", Informed: "no", Aware: "no", Suspect: "no"},
			unlistedScope, hrdd.NeedNothing, "", false, "no notification"},
		{"listed items need an authorisation", hrdd.Conclusion{Level: "high"}, listedScope, hrdd.NeedNothing, "", false, "authorisation as listed items"},
		{"unacceptable without awareness: the company refuses", hrdd.Conclusion{Level: "unacceptable", Informed: "no", Aware: "no"},
			unlistedScope, hrdd.NeedNothing, "", false, "the company refuses the export"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := hrdd.Art5Outcome(tc.c, tc.scope)
			if o.Need != tc.need || o.Kind != tc.kind || o.Notify != tc.notify {
				t.Errorf("need %q kind %q notify %v, want %q %q %v", o.Need, o.Kind, o.Notify, tc.need, tc.kind, tc.notify)
			}
			if rules := strings.Join(o.Rules, " "); !strings.Contains(rules, tc.ruleSays) {
				t.Errorf("rules %q do not say %q", rules, tc.ruleSays)
			}
		})
	}
}

// Art. 5 concerns cyber-surveillance items not listed in Annex I: an item
// marked as one whose classification names no Annex I entry.
func TestArt5_ScopeOf(t *testing.T) {
	marked := func(desc, class string) cases.Item {
		return cases.Item{Description: desc, Classification: class, CyberSurveillance: true, CyberReason: "Covert collection."}
	}
	for _, tc := range []struct {
		name             string
		items            []cases.Item
		unlisted, listed []string
	}{
		{"listed cyber entry", []cases.Item{item("probe", "5A001.j.1")}, nil, []string{"probe"}},
		{"marked, not listed", []cases.Item{marked("suite", "Not listed in Annex I")}, []string{"suite"}, nil},
		{"marked, no classification yet", []cases.Item{marked("suite", "")}, []string{"suite"}, nil},
		{"marked but in another Annex I entry", []cases.Item{marked("crypto box", "5A002.a")}, nil, nil},
		{"not marked, not listed", []cases.Item{item("router", "not listed")}, nil, nil},
		{"both", []cases.Item{item("probe", "5A001.j"), marked("suite", "EAR99")}, []string{"suite"}, []string{"probe"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := hrdd.ScopeOf(&cases.Case{Items: tc.items})
			if !slices.Equal(sc.Unlisted, tc.unlisted) || !slices.Equal(sc.Listed, tc.listed) {
				t.Errorf("scope %+v, want unlisted %v listed %v", sc, tc.unlisted, tc.listed)
			}
		})
	}
}

// unlistedCase opens a case holding an unlisted cyber-surveillance item.
func (w *riskWorld) unlistedCase(t *testing.T) *cases.Case {
	t.Helper()
	f := w.open(t)
	f, err := w.cs.AddItem(w.manager, f.ID, f.Version, cases.ItemInput{Description: "Social-media monitoring suite", Quantity: "1",
		Value: "1000", Currency: "EUR", Classification: "Not listed in Annex I", CyberSurveillance: true,
		CyberReason: "Collects the posts and contacts of chosen people covertly."})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The Art. 5 questions are asked only where Art. 5 applies, 5(3) only under
// a national rule, and the authority's letter is named when it informed us.
func TestArt5_QuestionsAskedOnlyWhereTheyApply(t *testing.T) {
	w := newRiskWorld(t)
	unlisted := w.unlistedCase(t)
	conclude := func(id string, c hrdd.Conclusion) (hrdd.Conclusion, map[string]string) {
		c.Rationale = "As found."
		st, err := w.svc.SaveSection(w.officer, id, c)
		if err != nil {
			return hrdd.Conclusion{}, apperr.FieldsOf(err)
		}
		return st.Answers.Conclusion, nil
	}
	for _, tc := range []struct {
		name  string
		c     hrdd.Conclusion
		field string
	}{
		{"5(1) unanswered", hrdd.Conclusion{Level: "low", Aware: "no"}, "informed"},
		{"5(2) unanswered", hrdd.Conclusion{Level: "low", Informed: "no"}, "aware"},
		{"informed without the letter", hrdd.Conclusion{Level: "low", Informed: "yes", Aware: "no"}, "informed_letter"},
	} {
		if _, errs := conclude(unlisted.ID, tc.c); errs[tc.field] == "" {
			t.Errorf("%s: no message for %s (%v)", tc.name, tc.field, errs)
		}
	}
	if c, errs := conclude(unlisted.ID, hrdd.Conclusion{Level: "low", Informed: "no", Aware: "no", Suspect: "yes"}); errs != nil || c.Suspect != "" {
		t.Errorf("without a national rule the 5(3) answer is kept: %+v %v", c, errs)
	}
	setNationalRule(t, w, "German Foreign Trade Regulation (demonstration)")
	if _, errs := conclude(unlisted.ID, hrdd.Conclusion{Level: "low", Informed: "no", Aware: "no"}); errs["suspect"] == "" {
		t.Errorf("under a national rule the 5(3) question is not asked: %v", errs)
	}
	c, errs := conclude(unlisted.ID, hrdd.Conclusion{Level: "low", Informed: "no", Aware: "no", Suspect: "no"})
	if errs != nil || c.NationalBasis != "DE: German Foreign Trade Regulation (demonstration)" {
		t.Errorf("the national rule is not kept with the answer: %+v %v", c, errs)
	}
	listed := w.open(t)
	if _, err := w.cs.AddItem(w.manager, listed.ID, listed.Version, cases.ItemInput{Description: "IP probe", Quantity: "1", Value: "1",
		Currency: "EUR", Classification: "5A001.j"}); err != nil {
		t.Fatal(err)
	}
	if c, errs := conclude(listed.ID, hrdd.Conclusion{Level: "low", Informed: "yes", Aware: "yes", Suspect: "yes"}); errs != nil || c.Aware != "" || c.Informed != "" || c.Suspect != "" {
		t.Errorf("Art. 5 answers kept for listed items: %+v %v", c, errs)
	}
}

// setNationalRule makes the demonstration exporter's Member State one with
// a national rule under Art. 5(3).
func setNationalRule(t *testing.T, w *riskWorld, basis string) {
	t.Helper()
	if err := demo.SeedExporter(t.Context(), w.d); err != nil {
		t.Fatal(err)
	}
	admin := adminOf(t, w)
	if _, err := exporter.NewService(w.d).Save(admin, exporter.Input{Name: demo.Exporter.Name, Address: demo.Exporter.Address,
		EORI: demo.Exporter.EORI, MemberState: "DE", AuthorityName: demo.Exporter.AuthorityName,
		AuthorityAddress: demo.Exporter.AuthorityAddress, Art53: true, Art53Basis: basis}); err != nil {
		t.Fatal(err)
	}
}

func adminOf(t *testing.T, w *riskWorld) context.Context {
	t.Helper()
	return testutil.NewUser(t, w.d, "a@example.com", "Ada Admin", auth.RoleAdmin)
}

// A way out of "blocked": the authority's reply that gives the case what it
// needed returns it to draft; any other reply, or the company's own refusal,
// keeps it blocked. Each step is on the case's timeline.
func TestArt5_AuthorityReplyReturnsTheBlockedCaseToDraft(t *testing.T) {
	granted := hrdd.Reply{Date: "2026-01-10", Reference: "BAFA-9", Decision: hrdd.ReplyLicenceGranted, LicenceNumber: "DE-42"}
	noneNeeded := hrdd.Reply{Date: "2026-01-10", Reference: "BAFA-9", Decision: hrdd.ReplyNoAuthorisation}
	refused := hrdd.Reply{Date: "2026-01-10", Reference: "BAFA-9", Decision: hrdd.ReplyLicenceRefused}
	for _, tc := range []struct {
		name     string
		c        hrdd.Conclusion
		national bool
		reply    hrdd.Reply
		invalid  bool // the reply does not answer this record
		want     cases.Status
	}{
		{"5(2) no authorisation required", hrdd.Conclusion{Level: "high", Informed: "no", Aware: "yes"}, false, noneNeeded, false, cases.Draft},
		{"5(2) licence granted", hrdd.Conclusion{Level: "high", Informed: "no", Aware: "yes"}, false, granted, false, cases.Draft},
		{"5(2) licence refused", hrdd.Conclusion{Level: "high", Informed: "no", Aware: "yes"}, false, refused, false, cases.Blocked},
		{"5(2) but the company refuses", hrdd.Conclusion{Level: "unacceptable", Informed: "no", Aware: "yes"}, false, noneNeeded, false, cases.Blocked},
		{"5(1) licence granted", hrdd.Conclusion{Level: "high", Informed: "yes", InformedLetter: "BAFA letter 17 of 2026-01-03", Aware: "no"}, false, granted, false, cases.Draft},
		{"5(1) cannot be answered 'none required'", hrdd.Conclusion{Level: "high", Informed: "yes", InformedLetter: "BAFA 17", Aware: "no"}, false, noneNeeded, true, cases.Blocked},
		{"5(3) licence granted", hrdd.Conclusion{Level: "medium", Informed: "no", Aware: "no", Suspect: "yes"}, true, granted, false, cases.Draft},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newRiskWorld(t)
			if err := demo.SeedExporter(t.Context(), w.d); err != nil {
				t.Fatal(err)
			}
			if tc.national {
				setNationalRule(t, w, "national act, Art. 9 (demonstration)")
			}
			f := w.unlistedCase(t)
			f, err := w.signWith(t, f.ID, tc.c)
			if err != nil {
				t.Fatal(err)
			}
			if f.Status != cases.Blocked {
				t.Fatalf("signed: case is %s, want blocked", f.Status)
			}
			if tc.c.Aware == "yes" && tc.c.Informed == "no" {
				if f, err = w.svc.RecordSent(w.officer, f.ID, f.Version, "2026-01-02"); err != nil {
					t.Fatal(err)
				}
			}
			_, err = w.svc.RecordReply(w.officer, f.ID, f.Version, tc.reply)
			switch {
			case tc.invalid && apperr.FieldsOf(err)["reply_decision"] == "":
				t.Fatalf("want the decision refused, got %v", err)
			case !tc.invalid && err != nil:
				t.Fatal(err)
			}
			if got := w.get(t, f.ID).Status; got != tc.want {
				t.Errorf("after the reply the case is %s, want %s", got, tc.want)
			}
			if !tc.invalid {
				ev := w.event(t, "assessment.reply", f.ID)
				if says := map[cases.Status]string{cases.Draft: "the case returns to draft", cases.Blocked: "the case stays blocked"}[tc.want]; !strings.Contains(ev, says) {
					t.Errorf("timeline %q does not say %q", ev, says)
				}
			}
		})
	}
}

// After approval the assessment cannot change until the case goes back to
// draft, which voids the approval.
func TestApproved_AssessmentFrozenUntilBackToDraft(t *testing.T) {
	w := newRiskWorld(t)
	f := testutil.ReadyCase(t, w.manager, w.cs)
	f = w.sign(t, f.ID, "low")
	f, err := w.cs.Submit(w.manager, f.ID, f.Version)
	if err != nil {
		t.Fatal(err)
	}
	manager2 := testutil.NewUser(t, w.d, "m2@example.com", "Mia Manager", auth.RoleExportManager)
	if f, err = w.cs.Decide(manager2, f.ID, f.Version, cases.Approve, ""); err != nil || f.Status != cases.Approved {
		t.Fatalf("approve: %v", err)
	}
	change := hrdd.MitigationSection{Notes: "A new clause."}
	if _, err := w.svc.SaveSection(w.manager, f.ID, change); apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(err.Error(), "return the case to draft") {
		t.Fatalf("change of an approved case's assessment: %v", err)
	}
	if f, err = w.cs.Decide(manager2, f.ID, f.Version, cases.Return, "The customer asked for a new clause."); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.SaveSection(w.manager, f.ID, change); err != nil {
		t.Errorf("change after the return to draft: %v", err)
	}
}

// A conclusion that notifies the authority cannot be signed while the
// notification could not name the exporter and the authority.
func TestArt5_NotifyingNeedsTheExporterSettings(t *testing.T) {
	w := newRiskWorld(t)
	f := w.unlistedCase(t)
	_, err := w.signWith(t, f.ID, hrdd.Conclusion{Level: "high", Informed: "no", Aware: "yes"})
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "exporter settings") || !strings.Contains(err.Error(), "EORI") {
		t.Fatalf("sign without exporter settings: %v", err)
	}
	if got := w.get(t, f.ID).Status; got != cases.Draft {
		t.Errorf("case is %s, want draft", got)
	}
	if err := demo.SeedExporter(t.Context(), w.d); err != nil {
		t.Fatal(err)
	}
	if f, err = w.svc.Sign(w.officer2, f.ID, w.get(t, f.ID).Version); err != nil || f.Status != cases.Blocked {
		t.Fatalf("sign with the exporter set: %v", err)
	}
}
