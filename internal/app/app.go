// Package app wires Vigil's services together. `vigil serve` and the tests'
// application builder both call New, so the services and the order of the
// case gates on the readiness checklist are the same in both.
package app

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apitoken"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/concerns"
	"github.com/vigil-icp/vigil/internal/controllist"
	"github.com/vigil-icp/vigil/internal/dashboard"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/exporter"
	"github.com/vigil-icp/vigil/internal/files"
	"github.com/vigil-icp/vigil/internal/findings"
	"github.com/vigil-icp/vigil/internal/governance"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/lease"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/metrics"
	"github.com/vigil-icp/vigil/internal/products"
	"github.com/vigil-icp/vigil/internal/programme"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/internal/screenapi"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/selfassess"
	"github.com/vigil-icp/vigil/internal/techsec"
	"github.com/vigil-icp/vigil/internal/training"
)

// Services are the capabilities of one Vigil process over one database.
type Services struct {
	DB        *db.DB
	Auth      *auth.Service
	Audit     *audit.Service // reads the trail for those with auth.PermReadAudit
	Cases     *cases.Service
	Screening *screening.Service
	Reference *reference.Service
	// Assessments is the human-rights due diligence of cases.
	Assessments *hrdd.Service
	Training    *training.Service
	Tokens      *apitoken.Service
	ScreenAPI   *screenapi.Service
	Files       *files.Store
	// Exporter is who the company is, as notifications name it.
	Exporter *exporter.Service
	// Licensing is the GEAs, the company's licences and their ledger.
	Licensing *licensing.Service
	Products  *products.Service
	// ControlList is Annex I of the dual-use regulation, in versions.
	ControlList *controllist.Service
	// Programme is the company's export-control risk register.
	Programme *programme.Service
	// Concerns are the reports of suspected violations.
	Concerns *concerns.Service
	// Technology is the register of controlled technology and software and
	// its transfers.
	Technology *techsec.Service
	// SelfAssess is the periodic ICP self-assessment. Its gaps are raised
	// as findings once a findings register is set as its recorder.
	SelfAssess *selfassess.Service
	// Findings are the programme's findings and corrective actions.
	Findings *findings.Service
	// Governance is the management's commitment statement and who holds
	// each compliance responsibility.
	Governance *governance.Service
	// Dashboard is how the programme performs: the dashboard and the
	// yearly ICP review.
	Dashboard *dashboard.Service
	// Leases are this instance's leases on the background jobs that run on
	// one instance at a time (the re-screening's among them).
	Leases *lease.Leases
	// Metrics are the process's measurements, served at /metrics.
	Metrics *metrics.Metrics
}

// New builds the services over d. The capabilities that judge a case attach
// their gates to it here, in the order the readiness checklist shows them:
// screening, human-rights due diligence, training, classification and
// licences.
func New(d *db.DB, a *auth.Service, store *files.Store) *Services {
	s := &Services{DB: d, Auth: a, Files: store, Cases: cases.NewService(d), Screening: screening.NewService(d),
		Reference: reference.NewService(d), Training: training.NewService(d), Tokens: apitoken.NewService(d),
		Exporter: exporter.NewService(d), Products: products.NewService(d)}
	s.ControlList = controllist.NewService(d)
	s.Programme = programme.NewService(d)
	s.Concerns = concerns.NewService(d)
	s.Technology = techsec.NewService(d)
	s.SelfAssess = selfassess.NewService(d)
	s.Findings = findings.NewService(d)
	s.SelfAssess.SetFindingRecorder(gapFindings{s.Findings})
	s.Governance = governance.NewService(d)
	s.Dashboard = dashboard.NewService(d)
	s.Licensing = licensing.NewService(d)
	s.Audit = audit.NewService(d, func(ctx context.Context) error {
		_, err := auth.Require(ctx, auth.PermReadAudit)
		return err
	})
	s.Assessments = hrdd.NewService(d, hrdd.ReferenceData{Ref: s.Reference})
	s.ScreenAPI = screenapi.NewService(d, s.Screening, s.Tokens)
	s.Leases = s.Screening.Leases
	s.Screening.Attach(s.Cases)
	s.Assessments.Attach(s.Cases)
	s.Training.Attach(s.Cases)
	s.Licensing.SetReference(s.Reference)
	s.Licensing.SetArt5(func(ctx context.Context, f *cases.Case) (licensing.Art5, error) {
		st, err := s.Assessments.ForCase(ctx, f)
		if err != nil {
			return licensing.Art5{}, err
		}
		var a licensing.Art5
		a.Answered, a.Need, a.Released = st.Art5()
		return a, nil
	})
	s.Licensing.Attach(s.Cases)
	s.Cases.SetCatalogue(s.Products)
	s.ControlList.SetVersionWatcher(s.Products.ControlListChanged)
	s.observe()
	return s
}

// observe builds the metrics and lets the capabilities report to them.
func (s *Services) observe() {
	s.Metrics = metrics.New(s.DB)
	s.Screening.Observe(s.Metrics)
	for _, r := range auth.SignInFailures {
		s.Metrics.SignInFailures.WithLabelValues(string(r))
	}
	s.Auth.OnSignInFailure(func(r auth.SignInFailure) { s.Metrics.SignInFailed(string(r)) })
}

// gapFindings raises the self-assessment's gaps as findings of the register.
type gapFindings struct{ register *findings.Service }

// RecordGap records g as a finding whose severity grows with the distance
// to the target (the company's choice): three levels or more high, two
// medium, one low.
func (r gapFindings) RecordGap(ctx context.Context, tx *gorm.DB, g selfassess.Gap) (string, string, error) {
	severity := [...]string{"low", "low", "medium", "high", "high"}[min(g.Target-g.Maturity, 4)]
	f, err := r.register.RecordIn(ctx, tx, findings.Input{Source: findings.FromSelfAssessment, SourceRef: g.AnswerID, Element: g.Element,
		Title:       fmt.Sprintf("Self-assessment %s: maturity %d, target %d", g.QuestionKey, g.Maturity, g.Target),
		Description: strings.TrimSpace(g.Question + "\n\n" + g.Comment), Severity: severity})
	if err != nil {
		return "", "", err
	}
	return f.ID, f.Reference, nil
}
