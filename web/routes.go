package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/controllist"
	"github.com/vigil-icp/vigil/internal/files"
)

// Access is who may use a route: everyone, any signed-in user, holders of
// one permission, or other systems with an API token. There is no default:
// every route in the table states one. It also says whether the route takes
// files, since a request's body is read only once its access is granted.
type Access struct {
	Public bool
	Perm   auth.Permission // empty: any signed-in user
	// Token routes take a bearer API token instead of a session, and so no
	// CSRF token: no cookie is involved (see authorizeToken).
	Token bool
	// Scrape routes take the metrics token (VIGIL_METRICS_TOKEN) as a bearer
	// token, never a session; without the setting they are absent (see
	// authorizeScrape).
	Scrape bool
	// Upload is the largest file a request to the route may carry, in bytes;
	// 0 for routes that take no files (see readBody).
	Upload int64
	// Unattributed routes are open to anyone signed in, but their access log
	// line names neither the user nor the client address: they are where a
	// reporter of concern stays anonymous (see attribution).
	Unattributed bool
}

var (
	public   = Access{Public: true}
	signedIn = Access{}
	apiToken = Access{Token: true}
	scraper  = Access{Scrape: true}
	reporter = Access{Unattributed: true}
)

func need(p auth.Permission) Access { return Access{Perm: p} }

// uploads returns a for a route whose form carries files of up to limit bytes.
func (a Access) uploads(limit int64) Access {
	a.Upload = limit
	return a
}

// allows reports whether actor may use a route with this access, and the role
// that grants it (empty for public and signed-in routes). A session never
// opens a token route or the metrics.
func (a Access) allows(actor *auth.Actor) (auth.Role, bool) {
	switch {
	case a.Public:
		return "", true
	case a.Token, a.Scrape, actor == nil:
		return "", false
	case a.Perm == "":
		return "", true
	}
	return auth.GrantingRole(actor.Roles, a.Perm)
}

// Route is one entry of the route table.
type Route struct {
	Method  string
	Path    string
	Access  Access
	Handler echo.HandlerFunc
}

// routes is THE route table: it reads as the access-control matrix, and
// TestAuthorizationMatrix checks every row against every role.
func (s *Server) routes() []Route {
	manage, audit := need(auth.PermManageUsers), need(auth.PermReadAudit)
	read, edit := need(auth.PermReadCases), need(auth.PermEditCases)
	tokens := need(auth.PermManageAPITokens)
	// Everyone signed in has their own training; the service keeps each to
	// their own records unless they hold auth.PermReadTraining.
	courses := need(auth.PermManageCourses)
	courseForm := courses.uploads(files.MaxSize)
	return append([]Route{
		{http.MethodGet, "/healthz", public, s.healthz},
		{http.MethodGet, "/readyz", public, s.readyz},
		{http.MethodGet, "/metrics", scraper, s.metrics},
		{http.MethodGet, "/static/*", public, echo.WrapHandler(s.assets)},
		{http.MethodGet, "/favicon.ico", public, s.favicon},
		{http.MethodGet, "/signin", public, s.signinForm},
		{http.MethodPost, "/signin", public, s.signin},
		{http.MethodGet, "/signin/second-factor", public, s.signinSecondStepForm},
		{http.MethodPost, "/signin/second-factor", public, s.signinSecondStep},
		{http.MethodGet, ssoPath, public, s.ssoStart},
		{http.MethodGet, ssoCallback, public, s.ssoFinish},

		{http.MethodPost, "/signout", signedIn, s.signout},
		{http.MethodGet, "/", signedIn, s.home},
		{http.MethodGet, "/account", signedIn, s.account},
		{http.MethodPost, "/account/password", signedIn, s.accountPassword},
		{http.MethodPost, "/account/sessions/:id/end", signedIn, s.accountSessionEnd},
		{http.MethodPost, "/account/sessions/end-others", signedIn, s.accountSessionsEndOthers},
		{http.MethodPost, "/account/mfa", signedIn, s.accountMFABegin},
		{http.MethodGet, "/account/mfa", signedIn, s.accountMFA},
		{http.MethodPost, "/account/mfa/confirm", signedIn, s.accountMFAConfirm},
		{http.MethodPost, "/account/mfa/recovery-codes", signedIn, s.accountMFARecoveryCodes},
		{http.MethodPost, "/account/mfa/disable", signedIn, s.accountMFADisable},

		{http.MethodGet, "/admin/users", manage, s.userList},
		{http.MethodGet, "/admin/users/new", manage, s.userNew},
		{http.MethodPost, "/admin/users", manage, s.userCreate},
		{http.MethodGet, "/admin/users/:id", manage, s.userShow},
		{http.MethodPost, "/admin/users/:id/roles", manage, s.userRoles},
		{http.MethodPost, "/admin/users/:id/deactivate", manage, s.userDeactivate},
		{http.MethodPost, "/admin/users/:id/reactivate", manage, s.userReactivate},
		{http.MethodPost, "/admin/users/:id/password", manage, s.userPassword},

		{http.MethodGet, "/admin/sign-in-policy", need(auth.PermSetMFAPolicy), s.mfaPolicyShow},
		{http.MethodPost, "/admin/sign-in-policy", need(auth.PermSetMFAPolicy), s.mfaPolicySave},

		{http.MethodGet, "/admin/exporter", need(auth.PermManageExporter), s.exporterShow},
		{http.MethodPost, "/admin/exporter", need(auth.PermManageExporter), s.exporterSave},

		{http.MethodGet, "/admin/tokens", tokens, s.tokenList},
		{http.MethodPost, "/admin/tokens", tokens, s.tokenCreate},
		{http.MethodPost, "/admin/tokens/:id/revoke", tokens, s.tokenRevoke},

		{http.MethodGet, "/api/v1/openapi.json", public, s.apiDescription},
		{http.MethodPost, "/api/v1/screen", apiToken, s.apiScreen},
		{http.MethodPost, "/api/v1/screen/batch", apiToken, s.apiScreenBatch},

		{http.MethodGet, "/audit", audit, s.auditList},
		{http.MethodGet, "/audit/verify", audit, s.auditVerify},
		{http.MethodGet, "/audit.csv", audit, s.auditCSV},
		{http.MethodGet, "/audit/events/:seq", audit, s.auditEvent},

		{http.MethodGet, "/screening", need(auth.PermScreen), s.screeningAdhoc},
		{http.MethodGet, "/lists", need(auth.PermReadLists), s.listsPage},
		{http.MethodPost, "/lists", need(auth.PermImportLists).uploads(maxListFile), s.listsImport},
		{http.MethodPost, "/lists/policy", need(auth.PermSetListPolicy), s.listPolicySave},
		{http.MethodGet, "/lists/versions/:id", need(auth.PermReadLists), s.listVersion},
		{http.MethodGet, "/lists/jobs/:id", need(auth.PermReadLists), s.listJob},

		{http.MethodGet, "/countries", need(auth.PermReadReference), s.countryList},
		{http.MethodGet, "/countries/:code", need(auth.PermReadReference), s.countryShow},
		{http.MethodPost, "/countries/:code/measures", need(auth.PermEditReference), s.countryMeasureAdd},
		{http.MethodPost, "/countries/:code/measures/:id/confirm", need(auth.PermJudgeCountries), s.countryMeasureConfirm},
		{http.MethodPost, "/countries/:code/measures/:id/end", need(auth.PermEditReference), s.countryMeasureEnd},
		{http.MethodPost, "/countries/:code/indicators", need(auth.PermEditReference), s.countryIndicatorAdd},
		{http.MethodPost, "/countries/:code/tier", need(auth.PermJudgeCountries), s.countryTier},
		{http.MethodGet, "/red-flags", need(auth.PermReadReference), s.redFlagList},
		{http.MethodPost, "/red-flags/:code", need(auth.PermEditReference), s.redFlagUpdate},

		{http.MethodGet, "/licences", need(auth.PermReadReference), s.licenceList},
		{http.MethodGet, "/licences/new", need(auth.PermManageLicences), s.licenceNew},
		{http.MethodPost, "/licences", need(auth.PermManageLicences).uploads(files.MaxSize), s.licenceCreate},
		{http.MethodGet, "/licences/gea/:code", need(auth.PermReadReference), s.geaShow},
		{http.MethodPost, "/licences/gea/:code/registration", need(auth.PermManageLicences), s.geaRegister},
		{http.MethodGet, "/licences/:id", need(auth.PermReadReference), s.licenceShow},
		{http.MethodGet, "/licences/:id/document", need(auth.PermReadReference), s.licenceDocument},
		{http.MethodGet, "/control-list", need(auth.PermReadReference), s.controlList},
		{http.MethodPost, "/control-list", need(auth.PermImportLists).uploads(controllist.MaxFileSize), s.controlListImport},
		{http.MethodGet, "/control-list/versions/:id", need(auth.PermReadReference), s.controlListVersion},

		{http.MethodGet, "/training", signedIn, s.trainingMine},
		{http.MethodGet, "/training/assignments/:id", signedIn, s.trainingAssignment},
		{http.MethodPost, "/training/assignments/:id/items/:item", signedIn, s.trainingTick},
		{http.MethodPost, "/training/assignments/:id/attest", signedIn, s.trainingAttest},
		{http.MethodGet, "/training/certificates/:id", signedIn, s.trainingCertificate},
		{http.MethodGet, "/training/courses", signedIn, s.trainingCourses},
		{http.MethodGet, "/training/courses/new", courses, s.trainingCourseNew},
		{http.MethodPost, "/training/courses", courseForm, s.trainingCourseCreate},
		{http.MethodGet, "/training/courses/:id", signedIn, s.trainingCourse},
		{http.MethodGet, "/training/courses/:id/material", signedIn, s.trainingCourseMaterial},
		{http.MethodGet, "/training/courses/:id/edit", courses, s.trainingCourseEdit},
		{http.MethodPost, "/training/courses/:id", courseForm, s.trainingCourseUpdate},
		{http.MethodPost, "/training/courses/:id/assign", courses, s.trainingAssign},
		{http.MethodGet, "/training/matrix", need(auth.PermReadTraining), s.trainingMatrix},
		{http.MethodGet, "/training/matrix.csv", need(auth.PermReadTraining), s.trainingMatrixCSV},

		{http.MethodGet, "/products", read, s.productList},
		{http.MethodPost, "/products", need(auth.PermClassifyProducts), s.productCreate},
		{http.MethodGet, "/products/:id", read, s.productShow},
		{http.MethodPost, "/products/:id/classifications", need(auth.PermClassifyProducts), s.productClassify},
		{http.MethodPost, "/products/:id/classifications/:cid/confirm", need(auth.PermConfirmClassification), s.productConfirm},
		{http.MethodPost, "/products/:id/classifications/:cid/decline", need(auth.PermConfirmClassification), s.productDecline},

		{http.MethodGet, "/cases", read, s.caseList},
		{http.MethodGet, "/cases/new", edit, s.caseNew},
		{http.MethodGet, "/cases/sample", read, s.caseSample},
		{http.MethodPost, "/cases", edit, s.caseCreate},
		{http.MethodGet, "/cases/:id", read, s.caseShow},
		{http.MethodGet, "/cases/:id/edit", edit, s.caseEdit},
		{http.MethodPost, "/cases/:id", edit, s.caseUpdate},
		{http.MethodGet, "/cases/:id/party-suggestions", edit, s.casePartySuggestions},
		{http.MethodPost, "/cases/:id/parties", edit, s.casePartyAdd},
		{http.MethodPost, "/cases/:id/parties/:link/remove", edit, s.casePartyRemove},
		{http.MethodPost, "/cases/:id/items", edit, s.caseItemAdd},
		{http.MethodGet, "/cases/:id/items/catalogue", edit, s.caseItemCatalogue},
		{http.MethodGet, "/cases/:id/items/:item/edit", edit, s.caseItemEdit},
		{http.MethodPost, "/cases/:id/items/:item", edit, s.caseItemUpdate},
		{http.MethodPost, "/cases/:id/items/:item/remove", edit, s.caseItemRemove},
		{http.MethodPost, "/cases/:id/attachments", edit.uploads(files.MaxSize), s.caseAttachmentAdd},
		{http.MethodGet, "/cases/:id/attachments/:att", read, s.caseAttachmentGet},
		{http.MethodGet, "/cases/:id/events/:seq", read, s.caseEvent},
		{http.MethodGet, "/cases/:id/dossier", read, s.caseDossier},
		{http.MethodGet, "/cases/:id/dossier.json", read, s.caseDossierJSON},
		{http.MethodGet, "/cases/:id/dossier.csv", read, s.caseDossierCSV},
		{http.MethodGet, "/cases/:id/dossier.zip", read, s.caseDossierZip},
		{http.MethodPost, "/cases/:id/attachments/:att/remove", edit, s.caseAttachmentRemove},
		{http.MethodPost, "/cases/:id/submit", edit, s.caseSubmit},
		{http.MethodPost, "/cases/:id/decision", need(auth.PermSignOffCases), s.caseDecision},
		{http.MethodPost, "/cases/:id/close", edit, s.caseClose},
		{http.MethodPost, "/cases/:id/risk", need(auth.PermSetCaseRisk), s.caseRisk},
		{http.MethodPost, "/cases/:id/art4", edit, s.caseArt4},
		{http.MethodGet, "/cases/:id/art4/notification", read, s.art4Notification},
		{http.MethodPost, "/cases/:id/art4/sent", need(auth.PermRecordAuthority), s.caseArt4Sent},
		{http.MethodPost, "/cases/:id/art4/decision", need(auth.PermRecordAuthority), s.caseArt4Decision},
		{http.MethodPost, "/cases/:id/export-facts", edit, s.caseExportFacts},
		{http.MethodPost, "/cases/:id/applications", need(auth.PermRecordAuthority), s.caseApplication},
		{http.MethodPost, "/cases/:id/applications/:app/decision", need(auth.PermRecordAuthority), s.caseApplicationDecision},
		{http.MethodPost, "/cases/:id/shipments", need(auth.PermRecordShipments), s.caseShipment},
		{http.MethodPost, "/cases/:id/screen", edit, s.caseScreen},
		{http.MethodPost, "/cases/:id/hits/:hit/decision", need(auth.PermDecideHits), s.caseHitDecision},
		{http.MethodPost, "/cases/:id/hits/:hit/not-applicable/confirm", need(auth.PermDecideHits), s.caseHitNotApplicableConfirm},
		{http.MethodPost, "/cases/:id/hits/:hit/correction", need(auth.PermDecideHits), s.caseHitCorrection},
		{http.MethodPost, "/cases/:id/hits/:hit/correction/confirm", need(auth.PermDecideHits), s.caseHitCorrectionConfirm},
		{http.MethodPost, "/cases/:id/hits/:hit/correction/decline", need(auth.PermDecideHits), s.caseHitCorrectionDecline},
		{http.MethodGet, "/cases/:id/assessment", read, s.assessmentShow},
		{http.MethodPost, "/cases/:id/assessment/sections/:section", need(auth.PermEditAssessment), s.assessmentSave},
		{http.MethodPost, "/cases/:id/assessment/conclusion", need(auth.PermEditAssessment), s.assessmentSave},
		{http.MethodPost, "/cases/:id/assessment/sign", need(auth.PermSignAssessment), s.assessmentSign},
		{http.MethodGet, "/cases/:id/assessment/versions/:version", read, s.assessmentVersion},
		{http.MethodGet, "/cases/:id/notification", read, s.notificationShow},
		{http.MethodPost, "/cases/:id/notification/sent", need(auth.PermSignAssessment), s.notificationSent},
		{http.MethodPost, "/cases/:id/notification/reply", need(auth.PermSignAssessment), s.notificationReply},
	}, s.programmeRoutes()...)
}

// navigation lists the main menu; an entry shows only to those whose access
// allows its target, decided by the same Access as the route.
var navigation = []struct {
	Label, Href string
	Access      Access
}{
	{"Home", "/", signedIn},
	{"Cases", "/cases", need(auth.PermReadCases)},
	{"Products", "/products", need(auth.PermReadCases)},
	{"Licences", "/licences", need(auth.PermReadReference)},
	{"Screening", "/screening", need(auth.PermScreen)},
	{"Lists", "/lists", need(auth.PermReadLists)},
	{"Countries", "/countries", need(auth.PermReadReference)},
	{"Training", "/training", signedIn},
	{"Programme", "/programme", signedIn},
	{"Report a concern", "/concerns/new", signedIn},
	{"Users", "/admin/users", need(auth.PermManageUsers)},
	{"API tokens", "/admin/tokens", need(auth.PermManageAPITokens)},
	{"Audit trail", "/audit", need(auth.PermReadAudit)},
	{"My account", "/account", signedIn},
}
