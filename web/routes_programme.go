package web

import (
	"net/http"
	"slices"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/files"
)

// programmeRoutes are the routes of the programme's parts (see
// programmeSections), a part of the route table.
func (s *Server) programmeRoutes() []Route {
	return slices.Concat(s.governanceRoutes(), s.registerRoutes(), s.reportingRoutes())
}

// governanceRoutes are elements 1 and 2: the commitment and the
// organisation.
func (s *Server) governanceRoutes() []Route {
	return []Route{
		// The management's commitment statement: everyone reads and
		// acknowledges it; management publishes and signs new versions.
		{http.MethodGet, "/commitment", signedIn, s.commitmentShow},
		{http.MethodGet, "/commitment/new", need(auth.PermSignCommitment), s.commitmentNew},
		{http.MethodPost, "/commitment", need(auth.PermSignCommitment), s.commitmentPublish},
		{http.MethodPost, "/commitment/acknowledge", signedIn, s.commitmentAcknowledge},
		{http.MethodGet, "/commitment/versions/:version", signedIn, s.commitmentVersion},
		{http.MethodGet, "/commitment/acknowledgements", need(auth.PermReadProgramme), s.commitmentLog},
		// Who holds each compliance responsibility: everyone reads it.
		{http.MethodGet, "/organisation", signedIn, s.organisation},
		{http.MethodPost, "/organisation/holdings", need(auth.PermManageOrganisation), s.organisationAssign},
		{http.MethodPost, "/organisation/holdings/:id/end", need(auth.PermManageOrganisation), s.organisationEnd},
	}
}

// registerRoutes are the programme's registers: risks, technology and the
// self-assessment.
func (s *Server) registerRoutes() []Route {
	return []Route{
		{http.MethodGet, "/programme", signedIn, s.programme},
		// How the programme performs: the dashboard and the yearly review.
		{http.MethodGet, "/dashboard", need(auth.PermReadProgramme), s.dashboardPage},
		{http.MethodGet, "/programme/review", need(auth.PermReadProgramme), s.reviewChoose},
		{http.MethodGet, "/programme/review/:year", need(auth.PermReadProgramme), s.reviewPage},
		// The risk register; a risk's owner sees it and records its reviews
		// without reading the register (the service checks ownership).
		{http.MethodGet, "/risks", need(auth.PermReadRisks), s.riskList},
		{http.MethodGet, "/risks/new", need(auth.PermManageRisks), s.riskNew},
		{http.MethodPost, "/risks", need(auth.PermManageRisks), s.riskCreate},
		{http.MethodGet, "/risks/:id", signedIn, s.riskShow},
		{http.MethodPost, "/risks/:id", need(auth.PermManageRisks), s.riskUpdate},
		{http.MethodPost, "/risks/:id/review", signedIn, s.riskReview},
		// The register of controlled technology and software (ICP element 7)
		// and its transfers out of the company.
		{http.MethodGet, "/technology", need(auth.PermReadTechnology), s.technologyList},
		{http.MethodGet, "/technology/new", need(auth.PermManageTechnology), s.technologyNew},
		{http.MethodPost, "/technology", need(auth.PermManageTechnology), s.technologyCreate},
		{http.MethodGet, "/technology/:id", need(auth.PermReadTechnology), s.technologyShow},
		{http.MethodPost, "/technology/:id", need(auth.PermManageTechnology), s.technologyUpdate},
		{http.MethodPost, "/technology/:id/transfers", need(auth.PermRecordTransfers), s.technologyTransfer},
		// The ICP self-assessment: compliance officers answer, those who
		// read the programme (management, auditors) follow it.
		{http.MethodGet, "/self-assessments", need(auth.PermReadProgramme), s.selfAssessList},
		{http.MethodPost, "/self-assessments", need(auth.PermSelfAssess), s.selfAssessOpen},
		{http.MethodGet, "/self-assessments/:id", need(auth.PermReadProgramme), s.selfAssessShow},
		{http.MethodGet, "/self-assessments/:id/comparison", need(auth.PermReadProgramme), s.selfAssessCompare},
		{http.MethodPost, "/self-assessments/:id/answers/:key", need(auth.PermSelfAssess).uploads(files.MaxSize), s.selfAssessAnswer},
		{http.MethodPost, "/self-assessments/:id/answers/:key/finding", need(auth.PermSelfAssess), s.selfAssessFinding},
		{http.MethodPost, "/self-assessments/:id/complete", need(auth.PermSelfAssess), s.selfAssessComplete},
		{http.MethodGet, "/self-assessments/:id/files/:file", need(auth.PermReadProgramme), s.selfAssessFile},
		{http.MethodPost, "/self-assessments/:id/files/:file/remove", need(auth.PermSelfAssess), s.selfAssessFileRemove},
	}
}

// reportingRoutes are element 5's reporting: reports of concern, findings
// and corrective actions.
func (s *Server) reportingRoutes() []Route {
	return []Route{
		// Reports of concern: anyone reports, named or anonymously; the
		// service shows named reporters their own reports.
		{http.MethodGet, "/concerns/new", reporter, s.concernNew},
		{http.MethodPost, "/concerns", reporter, s.concernCreate},
		{http.MethodGet, "/concerns/follow-up", reporter, s.concernFollowUpForm},
		{http.MethodPost, "/concerns/follow-up", reporter, s.concernFollowUp},
		{http.MethodPost, "/concerns/follow-up/information", reporter, s.concernInformation},
		{http.MethodGet, "/concerns", signedIn, s.concernList},
		{http.MethodGet, "/concerns/:id", signedIn, s.concernShow},
		{http.MethodPost, "/concerns/:id/steps", need(auth.PermHandleConcerns), s.concernStep},
		{http.MethodPost, "/concerns/:id/messages", need(auth.PermHandleConcerns), s.concernMessage},
		{http.MethodPost, "/concerns/:id/disclosure", need(auth.PermHandleConcerns), s.concernDisclosure},
		{http.MethodPost, "/concerns/:id/findings", need(auth.PermRecordFindings), s.concernFinding},

		// Findings and corrective actions (ICP element 5): recorded by
		// compliance officers and auditors, read with the programme; an
		// action's owner sees its finding and works on it without reading
		// the programme (the service checks ownership and the four-eyes
		// sign-off).
		{http.MethodGet, "/findings", need(auth.PermReadProgramme), s.findingList},
		{http.MethodGet, "/findings/new", need(auth.PermRecordFindings), s.findingNew},
		{http.MethodPost, "/findings", need(auth.PermRecordFindings), s.findingCreate},
		{http.MethodGet, "/findings/:id", signedIn, s.findingShow},
		{http.MethodPost, "/findings/:id/close", need(auth.PermManageActions), s.findingClose},
		{http.MethodPost, "/findings/:id/actions", need(auth.PermManageActions), s.actionCreate},
		{http.MethodPost, "/actions/:id/reassign", need(auth.PermManageActions), s.actionReassign},
		{http.MethodPost, "/actions/:id/start", signedIn, s.actionStart},
		{http.MethodPost, "/actions/:id/evidence", signedIn.uploads(files.MaxSize), s.actionEvidence},
		{http.MethodPost, "/actions/:id/review", need(auth.PermManageActions), s.actionReview},
		{http.MethodGet, "/actions/:id/files/:entry", signedIn, s.actionFile},
	}
}
