package training_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/app"
	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/files"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/training"
)

// trainedAct is one act that vouches for a case, done by the person under
// test on a case opened by a trained export manager; past is what the act
// meets after the training check when it lets the person through.
type trainedAct struct {
	name string
	do   func(f *fixture, svc *app.Services, c *cases.Case) (*cases.Case, error)
	past apperr.Code // "" the act succeeds
}

// Only someone who has completed every course mandatory for their roles, and
// not let it lapse, submits or approves a case, decides a screening hit,
// signs a human-rights assessment or records the authority's reply. The
// thirty days an assignment gives are time to take the course, not time to
// act without it.
func TestTrainedSigners_UntrainedIsRefused(t *testing.T) {
	acts := []trainedAct{
		{"submit", func(f *fixture, svc *app.Services, c *cases.Case) (*cases.Case, error) {
			own := testutil.LicensedCase(t, f.manager2, f.officer, svc)
			return svc.Cases.Submit(f.manager2, own.ID, own.Version)
		}, ""},
		{"approve", func(f *fixture, svc *app.Services, c *cases.Case) (*cases.Case, error) {
			return svc.Cases.Decide(f.manager2, c.ID, c.Version, cases.Approve, "")
		}, ""},
		{"decide a screening hit", func(f *fixture, svc *app.Services, c *cases.Case) (*cases.Case, error) {
			return svc.Screening.Decide(f.manager2, c.ID, c.Version, "no-such-hit", screening.FalsePositive, "Another company.")
		}, apperr.Conflict}, // no such open hit
		{"sign the assessment", func(f *fixture, svc *app.Services, c *cases.Case) (*cases.Case, error) {
			return svc.Assessments.Sign(f.officer, c.ID, c.Version)
		}, apperr.Conflict}, // nothing to sign yet
		{"record the authority's reply", func(f *fixture, svc *app.Services, c *cases.Case) (*cases.Case, error) {
			return svc.Assessments.RecordReply(f.officer, c.ID, c.Version, hrdd.Reply{Date: "2026-01-02", Reference: "BAFA-1", Decision: "licence_required"})
		}, apperr.NotFound}, // nothing notified
		{"record the notification as sent", func(f *fixture, svc *app.Services, c *cases.Case) (*cases.Case, error) {
			return svc.Assessments.RecordSent(f.officer, c.ID, c.Version, "2026-01-02")
		}, apperr.NotFound}, // nothing notified
	}
	states := []struct {
		name    string
		refused bool
		prepare func(f *fixture, c *training.Course, who context.Context)
	}{
		{"trained", false, func(f *fixture, c *training.Course, who context.Context) { f.complete(who, c) }},
		{"never completed, past the due day", true, func(f *fixture, _ *training.Course, _ context.Context) {
			f.now = f.now.AddDate(0, 0, training.DefaultDueDays+1)
		}},
		{"lapsed", true, func(f *fixture, c *training.Course, who context.Context) {
			f.complete(who, c)
			f.now = f.now.AddDate(0, 13, 0)
		}},
		{"within the due window, not completed", true, func(*fixture, *training.Course, context.Context) {}},
	}
	for _, act := range acts {
		for _, tr := range states {
			t.Run(act.name+"/"+tr.name, func(t *testing.T) {
				f := setup(t)
				svc := app.New(f.d, testutil.NewAuth(f.d), mustStore(t))
				t.Cleanup(svc.Screening.WaitRescreen)
				if err := demo.SeedLists(context.Background(), svc.Screening.Lists); err != nil {
					t.Fatal(err)
				}
				if _, err := svc.Screening.Load(context.Background()); err != nil {
					t.Fatal(err)
				}
				c := f.course(sanctions)
				officerCourse := f.course(training.CourseInput{Title: "Officer duties", Items: []string{"I know them"},
					RecurrenceMonths: 12, MandatoryRoles: []auth.Role{auth.RoleComplianceOfficer}})
				f.complete(f.manager, c)
				opened := testutil.LicensedCase(t, f.manager, f.officer, svc)
				opened, err := svc.Cases.Submit(f.manager, opened.ID, opened.Version)
				if err != nil {
					t.Fatal(err)
				}
				who, course := f.manager2, c
				if strings.HasPrefix(act.name, "sign") || strings.HasPrefix(act.name, "record") {
					who, course = f.officer, officerCourse
				}
				tr.prepare(f, course, who)
				got, err := act.do(f, svc, opened)
				var untrained *training.UntrainedError
				if tr.refused {
					if !errors.As(err, &untrained) || apperr.CodeOf(err) != apperr.Forbidden || len(untrained.Courses) != 1 ||
						untrained.Courses[0].ID != course.ID || !strings.Contains(apperr.Message(err), "“"+course.Title+"”") {
						t.Fatalf("got %v, want refused naming %q", err, course.Title)
					}
					return
				}
				if errors.As(err, &untrained) || apperr.CodeOf(err) != act.past {
					t.Fatalf("got %v, want %q past the training check", err, act.past)
				}
				if act.past == "" && got.Status != map[string]cases.Status{"submit": cases.Submitted, "approve": cases.Approved}[act.name] {
					t.Fatalf("%s: the case is %s", act.name, got.Status)
				}
			})
		}
	}
}

func mustStore(t *testing.T) *files.Store {
	t.Helper()
	s, err := files.NewStore(t.TempDir())
	if err != nil {
		t.Fatal(fmt.Errorf("store: %w", err))
	}
	return s
}
