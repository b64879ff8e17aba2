package web_test

import (
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/apitoken"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/concerns"
	"github.com/vigil-icp/vigil/internal/controllist"
	"github.com/vigil-icp/vigil/internal/demo"
	"github.com/vigil-icp/vigil/internal/findings"
	"github.com/vigil-icp/vigil/internal/governance"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/products"
	"github.com/vigil-icp/vigil/internal/programme"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/internal/selfassess"
	"github.com/vigil-icp/vigil/internal/techsec"
	"github.com/vigil-icp/vigil/internal/testutil"
	"github.com/vigil-icp/vigil/internal/training"
)

// matrixWorld is what one role's probes of the authorization matrix act on:
// an application of its own with, seeded through the services, a real object
// for every parameter of every route, each in the state its route needs. A
// probe that changes its object (a hit decided, a case submitted) never
// changes the object of another route.
type matrixWorld struct {
	app *testutil.App
	ts  *httptest.Server
	// owner is the role's user (staff for visitors who are not signed in):
	// the sessions and training records of the probes are theirs.
	owner, ownerName string
	stylesheet       string

	user, token                    string // a staff user the user routes act on; an API token
	listVersion, job               string // a version of the demonstration list; a re-screening
	measureToConfirm, measureToEnd string // measures on matrixCountry, to verify
	licence                        string // a licence with its document

	course         string // a course with material; the course routes act on it
	tick, tickItem string // an assignment of owner's with an item to tick
	attest         string // an assignment of owner's with every item ticked
	certificate    string // a completion of owner's

	// The case routes act on the draft unless they need a case in another
	// state (see caseFor).
	draft                            *cases.Case // a surveillance case with two parties, two items, a document
	draftParty, draftItem, spareItem string      // of the draft; spareItem is the one the removal takes
	hitCase                          *cases.Case // a draft whose end user has an undecided hit
	hit                              string
	ready, submitted, approved       *cases.Case
	assessed, toSign, notified       *cases.Case // assessment not begun; complete, unsigned; signed, notified
	// corrections are, by correction route, a case blocked by a confirmed
	// match of its own and the hit: to propose a correction on, or with a
	// correction by a second compliance officer waiting for an answer.
	corrections map[string]correctionProbe
	// The licensing routes: a draft answered "aware" under Art. 4, one
	// notified and awaiting the decision, one with a licence application
	// pending, and an approved case to ship.
	art4Aware, art4Notified, applied, shipping *cases.Case
	application                                string
	// products are, by product route, a product with a classification
	// proposed by an export manager, waiting for a compliance officer.
	products map[string]productProbe
	// risk is a risk owned by manager@, who is not the matrix's export
	// manager: the probes see and review someone else's risk.
	risk, riskOwner string
	// concern is a named report of owner's; receipt follows an anonymous one.
	concern, receipt string
	// technology is an entry of the technology register, of a product
	// classified 5E001.a, that the matrix's export manager and compliance
	// officer may reach; techProduct is the product.
	technology, techProduct string
	// selfAssess are the periods of the self-assessment routes: a completed
	// one with a gap to raise and a file, and an open one with a question
	// left and a file to remove.
	selfAssess selfAssessProbe
	// finding is an auditor's finding with, by action route, an action of
	// manager@'s in the state the route needs, and an evidence file (entry)
	// of the action of the file route; closable is a finding with no action.
	finding, closable, entry string
	actions                  map[string]string
	// holding is the probe user's open-ended holding, as deputy, to end.
	holding string
	// recoveryCode is one of mfaUser's, for the second step of signing in.
	recoveryCode string
}

// selfAssessProbe is the self-assessment the probes act on.
type selfAssessProbe struct{ completed, completedFile, open, openFile string }

// seedSelfAssessment completes a period whose answer to 1.1 is a gap, and
// leaves one open with every question answered but the last.
func (w *matrixWorld) seedSelfAssessment(t *testing.T) {
	svc, officer := w.app.SelfAssess, w.app.SignedIn(t, "officer@example.com")
	doc := w.app.StoreDocument(t, "evidence.txt", "Evidence of the operational checks.")
	file := &selfassess.Document{SHA256: doc.SHA256, ContentType: doc.ContentType, Filename: doc.Filename, Size: doc.Size}
	period := func(name string, questions []selfassess.Question) (string, string) {
		p, err := svc.Open(officer, selfassess.PeriodInput{Name: name, From: name + "-01-01", To: name + "-12-31"})
		seeded(t, err)
		for i, q := range questions {
			var f *selfassess.Document
			if i == 1 {
				f = file
			}
			_, err := svc.Answer(officer, p.ID, q.Key, selfassess.AnswerInput{Maturity: map[bool]string{true: "1", false: "3"}[i == 0]}, f)
			seeded(t, err)
		}
		a, err := svc.Get(officer, p.ID)
		seeded(t, err)
		return p.ID, a.Attachments[a.Answers[questions[1].Key].ID][0].ID
	}
	w.selfAssess.completed, w.selfAssess.completedFile = period("2025", selfassess.Questions)
	_, err := svc.Complete(officer, w.selfAssess.completed)
	seeded(t, err)
	w.selfAssess.open, w.selfAssess.openFile = period("2026", selfassess.Questions[:len(selfassess.Questions)-1])
}

// seedFindings records the findings and actions of the finding routes.
func (w *matrixWorld) seedFindings(t *testing.T) {
	auditor, officer, manager := w.app.SignedIn(t, "auditor@example.com"), w.app.SignedIn(t, "officer@example.com"), w.app.SignedIn(t, "manager@example.com")
	record := func(title string) string {
		f, err := w.app.Findings.Record(auditor, findings.Input{Source: findings.FromAudit, Title: title, Severity: "medium", Element: 5})
		seeded(t, err)
		return f.ID
	}
	w.finding, w.closable, w.actions = record("Matrix finding"), record("Matrix finding to close"), map[string]string{}
	for _, route := range []string{"POST /actions/:id/reassign", "POST /actions/:id/start", "POST /actions/:id/evidence",
		"POST /actions/:id/review", "GET /actions/:id/files/:entry"} {
		a, err := w.app.Findings.AddAction(officer, w.finding, findings.ActionInput{What: "Probe for " + route, OwnerID: w.riskOwner, Due: "2099-01-01"})
		seeded(t, err)
		w.actions[route] = a.ID
	}
	_, err := w.app.Findings.MarkDone(manager, w.actions["POST /actions/:id/review"], findings.Evidence{Note: "Done.", Link: "https://example.com/proof"})
	seeded(t, err)
	stored, err := w.app.Files.Put(strings.NewReader("Evidence.\n"), "evidence.txt")
	seeded(t, err)
	a, err := w.app.Findings.AddEvidence(manager, w.actions["GET /actions/:id/files/:entry"], findings.Evidence{Note: "The list.",
		File: &findings.Document{SHA256: stored.SHA256, ContentType: stored.ContentType, Filename: stored.Filename, Size: stored.Size}})
	seeded(t, err)
	seeded(t, w.app.DB.Gorm.Model(&findings.Entry{}).Where("action_id = ? AND sha256 <> ''", a.ID).Pluck("id", &w.entry).Error)
}

// seedGovernance records a holding for the end route. The commitment
// statement of the demonstration (version 1) is the one the routes read.
func (w *matrixWorld) seedGovernance(t *testing.T) {
	h, err := w.app.Governance.Assign(w.app.SignedIn(t, "officer@example.com"), governance.HoldingInput{
		Responsibility: string(governance.DeputyOfficer), UserID: w.user, From: "2020-01-01"})
	seeded(t, err)
	w.holding = h.ID
}

// currentVersion is the number of the commitment statement's current version.
func (w *matrixWorld) currentVersion(t *testing.T) string {
	st, err := w.app.Governance.Current(w.app.SignedIn(t, "staff@example.com"))
	seeded(t, err)
	return fmt.Sprint(st.Version)
}

// seedConcerns files a named report as owner and an anonymous one.
func (w *matrixWorld) seedConcerns(t *testing.T) {
	svc, owner := concerns.NewService(w.app.DB), w.app.SignedIn(t, w.owner)
	r, _, err := svc.File(owner, concerns.Input{Subject: "Named probe", Body: "What happened."})
	seeded(t, err)
	_, receipt, err := svc.File(owner, concerns.Input{Subject: "Anonymous probe", Body: "What happened.", Anonymous: true})
	seeded(t, err)
	w.concern, w.receipt = r.ID, receipt
}

// productProbe is a product and its classification waiting for an answer.
type productProbe struct{ product, classification string }

// seedProducts proposes, for each product route, a classification of a
// product of its own.
func (w *matrixWorld) seedProducts(t *testing.T) {
	manager := w.app.SignedIn(t, "manager@example.com")
	w.products = map[string]productProbe{}
	for _, route := range []string{"GET /products/:id", "POST /products/:id/classifications",
		"POST /products/:id/classifications/:cid/confirm", "POST /products/:id/classifications/:cid/decline"} {
		p, err := w.app.Products.Create(manager, products.Input{Name: "Probe for " + route})
		seeded(t, err)
		if !strings.Contains(route, ":cid") {
			w.products[route] = productProbe{product: p.ID}
			continue
		}
		p, err = w.app.Products.Propose(manager, p.ID, products.ClassificationInput{EntryCode: "5A001.j", Rationale: "Layer 7 analysis."})
		seeded(t, err)
		w.products[route] = productProbe{product: p.ID, classification: p.Pending().ID}
	}
}

// seedRisk records a risk for the risk routes.
func (w *matrixWorld) seedRisk(t *testing.T) {
	w.riskOwner = userID(t, w.app, "manager@example.com")
	r, err := w.app.Programme.Create(w.app.SignedIn(t, "officer@example.com"), programme.Input{Kind: "product", Title: "Matrix risk",
		OwnerID: w.riskOwner, Status: "open", Likelihood: "3", Impact: "4", ResidualLikelihood: "2", ResidualImpact: "2", NextReview: "2099-01-01"})
	seeded(t, err)
	w.risk = r.ID
}

// correctionProbe is a case blocked by a confirmed match, and the hit.
type correctionProbe struct {
	f   *cases.Case
	hit string
}

// newMatrixWorld seeds the objects the matrix's routes act on, in an
// application of their own; owner is the email of the probing role's user.
func newMatrixWorld(t *testing.T, owner string) *matrixWorld {
	t.Helper()
	w := &matrixWorld{owner: owner}
	if w.owner == "" {
		w.owner = "staff@example.com"
	}
	w.app, w.ts = newServer(t)
	w.stylesheet = regexp.MustCompile(`/static/css/app\.[0-9a-f]+\.css`).FindString(newVisitor(t, w.ts).get("/signin").Body)
	if err := w.app.DB.Gorm.Raw("SELECT name FROM users WHERE email = ?", w.owner).Scan(&w.ownerName).Error; err != nil {
		t.Fatal(err)
	}
	w.seedAdministration(t)
	w.seedMFA(t)
	w.seedReference(t)
	w.seedTraining(t)
	w.seedCases(t)
	w.seedCorrections(t)
	w.seedProducts(t)
	w.seedRisk(t)
	w.seedConcerns(t)
	w.seedTechnology(t)
	w.seedSelfAssessment(t)
	w.seedFindings(t)
	w.seedGovernance(t)
	return w
}

// seeded fails the test on an error while seeding.
func seeded(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("seed the matrix's objects: %v", err)
	}
}

func (w *matrixWorld) seedAdministration(t *testing.T) {
	u, err := w.app.Auth.CreateUser(w.app.SignedIn(t, "admin@example.com"), auth.NewUser{Email: "probe@example.com", Name: "Pat Probe",
		Roles: []auth.Role{auth.RoleStaff}, Password: "long enough password"})
	seeded(t, err)
	token, _, err := w.app.Tokens.Create(systemCtx, "matrix", apitoken.DefaultRate)
	seeded(t, err)
	w.user, w.token = u.ID, token.ID
}

// mfaUser signs in with a second factor: the probes of the second step of
// signing in are theirs.
const mfaUser = "second@example.com"

func (w *matrixWorld) seedMFA(t *testing.T) {
	_, err := w.app.Auth.CreateUser(w.app.SignedIn(t, "admin@example.com"), auth.NewUser{Email: mfaUser, Name: "Sam Second",
		Roles: []auth.Role{auth.RoleStaff}, Password: demo.Password})
	seeded(t, err)
	_, codes := enrolMFA(t, w.app, mfaUser)
	w.recoveryCode = codes[0]
}

// matrixCountry is the country whose reference data the probes change: no
// case goes there, so that its measures raise no case's risk.
const matrixCountry = "FR"

func (w *matrixWorld) seedReference(t *testing.T) {
	officer := w.app.SignedIn(t, "officer@example.com")
	measure := func(act string) string {
		m, err := w.app.Reference.AddMeasure(officer, matrixCountry, reference.MeasureInput{Kind: string(reference.ArmsEmbargo),
			LegalAct: act, AdoptedOn: "2020-01-01", Scope: reference.FullScope, Evidence: "Official Journal"})
		seeded(t, err)
		return m.ID
	}
	w.measureToConfirm, w.measureToEnd = measure("Council Decision 2020/1/CFSP"), measure("Council Decision 2020/2/CFSP")
	w.licence = seedLicence(t, w.app).ID
}

// seedTraining adds a course with material, and gives owner three courses of
// one item each: one to tick, one ticked to attest, one completed.
func (w *matrixWorld) seedTraining(t *testing.T) {
	app := w.app
	officer := app.SignedIn(t, "officer@example.com")
	stored, err := app.Files.Put(strings.NewReader(pdf), "rules.pdf")
	seeded(t, err)
	course := func(title string, material *training.Material) string {
		c, err := app.Training.CreateCourse(officer, training.CourseInput{Title: title, Description: "For the matrix.",
			Items: []string{"Read the rules"}, Material: material})
		seeded(t, err)
		return c.ID
	}
	w.course = course("Matrix: material", &training.Material{SHA256: stored.SHA256, Filename: stored.Filename,
		ContentType: stored.ContentType, Size: stored.Size})
	toTick, toAttest, completed := course("Matrix: to tick", nil), course("Matrix: to attest", nil), course("Matrix: completed", nil)
	for _, id := range []string{toTick, toAttest, completed} {
		seeded(t, app.Training.Assign(officer, id, []string{userID(t, app, w.owner)}, time.Time{}))
	}
	mine := app.SignedIn(t, w.owner)
	assignments, err := app.Training.Mine(mine)
	seeded(t, err)
	for _, p := range assignments {
		item := p.Course.Items[0].ID
		switch p.CourseID {
		case toTick:
			w.tick, w.tickItem = p.AssignmentID, item
		case toAttest:
			_, err = app.Training.Tick(mine, p.AssignmentID, item, true)
			seeded(t, err)
			w.attest = p.AssignmentID
		case completed:
			_, err = app.Training.Tick(mine, p.AssignmentID, item, true)
			seeded(t, err)
			done, err := app.Training.Attest(mine, p.AssignmentID, true, w.ownerName)
			seeded(t, err)
			w.certificate = done.CompletionID
		}
	}
}

// seedCases opens a case in every state a case route needs. The re-screening
// job comes first: it screens every known party again, which would leave the
// hit to decide stale.
func (w *matrixWorld) seedCases(t *testing.T) {
	app := w.app
	manager, manager2 := app.SignedIn(t, "manager@example.com"), app.SignedIn(t, "manager2@example.com")
	draft := surveillanceCase(t, app)
	draft, err := app.Cases.AddItem(manager, draft.ID, draft.Version, cases.ItemInput{Description: "Spare probe",
		Quantity: "1", Unit: "pcs", Value: "10", Currency: "EUR"})
	seeded(t, err)
	w.draft, w.draftParty, w.draftItem, w.spareItem = draft, draft.Parties[0].ID, draft.Items[0].ID, draft.Items[1].ID

	// The demonstration list imported again is a new version: every known
	// party is due for screening against it.
	seeded(t, demo.SeedLists(t.Context(), app.Screening.Lists))
	job, err := app.Screening.Refresh(t.Context(), slog.New(slog.DiscardHandler))
	seeded(t, err)
	app.Screening.WaitRescreen()
	w.job, w.listVersion = job.ID, app.Screening.Current().Versions[0].ID

	w.hitCase = caseWithListedEndUser(t, app)
	screened, err := app.Screening.ForCase(manager, w.hitCase)
	seeded(t, err)
	for _, ps := range screened.Parties {
		for _, h := range ps.Hits {
			w.hit = h.ID
		}
	}
	if w.hit == "" {
		t.Fatal("the listed end user has no hit to decide")
	}
	decided := func(d cases.Decision, comment string) *cases.Case {
		f := submittedCase(t, app, "manager@example.com")
		f, err := app.Cases.Decide(manager2, f.ID, f.Version, d, comment)
		seeded(t, err)
		return f
	}
	w.ready, w.submitted, w.approved = decided(cases.Return, "Back to draft for the matrix."), submittedCase(t, app, "manager@example.com"), decided(cases.Approve, "")

	author := newVisitor(t, w.ts)
	author.signIn("manager@example.com")
	w.assessed, w.toSign, w.notified = surveillanceCase(t, app), surveillanceCase(t, app), monitoringCase(t, app)
	fillAssessment(t, author, w.toSign.ID, url.Values{"level": {"medium"}, "rationale": {"As proposed."}, "aware": {"no"}})
	fillAssessment(t, author, w.notified.ID, url.Values{"level": {"high"}, "rationale": {"Used against journalists."},
		"informed": {"no"}, "aware": {"yes"}, "override_justification": {"Reports of targeting journalists."}})
	officer := app.SignedIn(t, "officer@example.com")
	_, err = app.Assessments.Sign(officer, w.notified.ID, current(t, app, w.notified.ID).Version)
	seeded(t, err)
	_, err = app.Assessments.RecordSent(officer, w.notified.ID, current(t, app, w.notified.ID).Version, "2025-01-02")
	seeded(t, err)
	w.seedLicensing(t)
}

// seedLicensing seeds the cases the licensing routes act on.
func (w *matrixWorld) seedLicensing(t *testing.T) {
	app := w.app
	manager, officer := app.SignedIn(t, "manager@example.com"), app.SignedIn(t, "officer@example.com")
	aware := func() *cases.Case {
		f := app.ReadyCase(t, "manager@example.com")
		in := licensing.Art4Input{Answers: map[licensing.Art4Question]string{licensing.Art4WMD: "aware",
			licensing.Art4MilitaryEmbargo: "no", licensing.Art4MilitaryParts: "no"}, Note: "The buyer named a missile programme."}
		f, err := app.Licensing.AnswerArt4(manager, f.ID, f.Version, in)
		seeded(t, err)
		return f
	}
	w.art4Aware, w.art4Notified = aware(), aware()
	_, err := app.Licensing.RecordArt4Sent(officer, w.art4Notified.ID, w.art4Notified.Version, "2025-01-02")
	seeded(t, err)
	w.applied = app.ReadyCase(t, "manager@example.com")
	f, err := app.Licensing.RecordApplication(manager, w.applied.ID, w.applied.Version, "BAFA", "APP-1", "2025-01-02", "")
	seeded(t, err)
	st, err := app.Licensing.ForCase(manager, f)
	seeded(t, err)
	w.application = st.Applications[0].ID
	w.shipping = submittedCase(t, app, "manager@example.com")
	w.shipping, err = app.Cases.Decide(app.SignedIn(t, "manager2@example.com"), w.shipping.ID, w.shipping.Version, cases.Approve, "")
	seeded(t, err)
}

// seedCorrections confirms a match of an end user of its own for each
// correction route, and has a second compliance officer propose the
// correction that the confirmation and the decline answer.
func (w *matrixWorld) seedCorrections(t *testing.T) {
	proposer := w.app.SignedIn(t, secondOfficer(t, w.app))
	w.corrections = map[string]correctionProbe{}
	for route, endUser := range map[string]string{
		"POST /cases/:id/hits/:hit/correction":         "Orion Data Systems FZE",
		"POST /cases/:id/hits/:hit/correction/confirm": "Meridian Intercept Solutions",
		"POST /cases/:id/hits/:hit/correction/decline": "Helix Wave Technologies Limited",
	} {
		f, hit := confirmedMatch(t, w.app, endUser)
		if !strings.HasSuffix(route, "/correction") {
			var err error
			f, err = w.app.Screening.ProposeCorrection(proposer, f.ID, f.Version, hit, "Another company of the same name.")
			seeded(t, err)
		}
		w.corrections[route] = correctionProbe{f: f, hit: hit}
	}
	f, hit := awaitingNotApplicable(t, w.app, "Grey Heron Shipping Co", "officer2@example.com")
	w.corrections["POST /cases/:id/hits/:hit/not-applicable/confirm"] = correctionProbe{f: f, hit: hit}
}

// probe returns the request a route gets: its path with every parameter
// filled with the id of the object seeded for it, and for a POST the
// smallest form that does the route's work, short of the CSRF token.
func (w *matrixWorld) probe(t *testing.T, route string) (method, path string, form url.Values) {
	method, path, _ = strings.Cut(route, " ")
	var ids []string // parameter, id, parameter, id …
	switch {
	case strings.HasPrefix(path, "/cases/:id"):
		item := w.draftItem
		if route == "POST /cases/:id/items/:item/remove" {
			item = w.spareItem
		}
		hit := w.hit
		if c, ok := w.corrections[route]; ok {
			hit = c.hit
		}
		ids = []string{":id", w.caseFor(route).ID, ":link", w.draftParty, ":item", item, ":att", w.draft.Attachments[0].ID,
			":hit", hit, ":section", "end_use", ":version", "1", ":app", w.application,
			":seq", fmt.Sprint(w.app.Case(t, w.caseFor(route).ID).Timeline[0].Seq)}
	case strings.HasPrefix(path, "/audit/events/:seq"):
		ids = []string{":seq", "1"}
	case strings.HasPrefix(path, "/account/sessions/:id"):
		ids = []string{":id", w.otherSession(t)}
	case strings.HasPrefix(path, "/admin/users/:id"):
		ids = []string{":id", w.user}
	case strings.HasPrefix(path, "/admin/tokens/:id"):
		ids = []string{":id", w.token}
	case strings.HasPrefix(path, "/lists/versions/:id"):
		ids = []string{":id", w.listVersion}
	case strings.HasPrefix(path, "/lists/jobs/:id"):
		ids = []string{":id", w.job}
	case strings.HasPrefix(path, "/countries/:code"):
		measure := w.measureToEnd
		if strings.HasSuffix(path, "/confirm") {
			measure = w.measureToConfirm
		}
		ids = []string{":code", matrixCountry, ":id", measure}
	case strings.HasPrefix(path, "/technology/:id"):
		ids = []string{":id", w.technology}
	case path == "/programme/review/:year":
		ids = []string{":year", fmt.Sprint(w.app.DB.Now().Year())}
	case strings.HasPrefix(path, "/risks/:id"):
		ids = []string{":id", w.risk}
	case strings.HasPrefix(path, "/products/:id"):
		ids = []string{":id", w.products[route].product, ":cid", w.products[route].classification}
	case strings.HasPrefix(path, "/self-assessments/:id"):
		period, file := w.selfAssess.open, w.selfAssess.openFile
		if route == "POST /self-assessments/:id/answers/:key/finding" || route == "GET /self-assessments/:id/files/:file" {
			period, file = w.selfAssess.completed, w.selfAssess.completedFile
		}
		ids = []string{":id", period, ":key", "1.1", ":file", file}
	case strings.HasPrefix(path, "/findings/:id"):
		finding := w.finding
		if strings.HasSuffix(path, "/close") {
			finding = w.closable
		}
		ids = []string{":id", finding}
	case strings.HasPrefix(path, "/actions/:id"):
		ids = []string{":id", w.actions[route], ":entry", w.entry}
	case strings.HasPrefix(path, "/commitment/versions/:version"):
		ids = []string{":version", "1"}
	case strings.HasPrefix(path, "/organisation/holdings/:id"):
		ids = []string{":id", w.holding}
	case strings.HasPrefix(path, "/concerns/:id"):
		ids = []string{":id", w.concern}
	case strings.HasPrefix(path, "/control-list/versions/:id"):
		ids = []string{":id", controllist.SeedVersionID}
	case strings.HasPrefix(path, "/licences/"):
		ids = []string{":code", "EU008", ":id", w.licence}
	case strings.HasPrefix(path, "/red-flags/:code"):
		ids = []string{":code", "RF01"}
	case strings.HasPrefix(path, "/training/assignments/:id"):
		assignment := w.tick
		if strings.HasSuffix(path, "/attest") {
			assignment = w.attest
		}
		ids = []string{":id", assignment, ":item", w.tickItem}
	case strings.HasPrefix(path, "/training/certificates/:id"):
		ids = []string{":id", w.certificate}
	case strings.HasPrefix(path, "/training/courses/:id"):
		ids = []string{":id", w.course}
	case path == "/static/*":
		ids = []string{path, w.stylesheet}
	}
	if len(ids) > 0 {
		path = strings.NewReplacer(ids...).Replace(path)
	}
	if strings.Contains(path, "/:") {
		t.Fatalf("no object is seeded for the parameters of %s", route)
	}
	if method == http.MethodPost {
		form = w.form(t, route)
	}
	return method, path, form
}

// caseFor returns the case a case route acts on: the one in the state the
// route needs, else the draft.
func (w *matrixWorld) caseFor(route string) *cases.Case {
	f, ok := map[string]*cases.Case{
		"POST /cases/:id/submit":                       w.ready,
		"POST /cases/:id/decision":                     w.submitted,
		"POST /cases/:id/close":                        w.approved,
		"POST /cases/:id/hits/:hit/decision":           w.hitCase,
		"GET /cases/:id/assessment":                    w.assessed,
		"POST /cases/:id/assessment/sections/:section": w.assessed,
		"POST /cases/:id/assessment/conclusion":        w.assessed,
		"POST /cases/:id/assessment/sign":              w.toSign,
		"GET /cases/:id/assessment/versions/:version":  w.toSign,
		"GET /cases/:id/notification":                  w.notified,
		"POST /cases/:id/notification/sent":            w.notified,
		"POST /cases/:id/notification/reply":           w.notified,
		"GET /cases/:id/art4/notification":             w.art4Aware,
		"POST /cases/:id/art4/sent":                    w.art4Aware,
		"POST /cases/:id/art4/decision":                w.art4Notified,
		"POST /cases/:id/applications/:app/decision":   w.applied,
		"POST /cases/:id/shipments":                    w.shipping,
	}[route]
	if c, correcting := w.corrections[route]; correcting {
		f, ok = c.f, true
	}
	if !ok {
		f = w.draft
	}
	return f
}

// form returns what a POST to route sends: a form that passes validation
// where a small one can, else none (the matrix then expects 422). A form on
// a case carries the case's version as it stands when the probe runs.
func (w *matrixWorld) form(t *testing.T, route string) url.Values {
	course := url.Values{"title": {"Matrix course"}, "description": {"For the matrix."}, "items": {"Read the rules"}, "recurrence_months": {"0"}}
	item := url.Values{"description": {"Probe"}, "quantity": {"3"}, "unit": {"pcs"}, "value": {"30"}, "currency": {"EUR"}}
	form := map[string]url.Values{
		"POST /signin":                   {"email": {w.owner}, "password": {demo.Password}},
		"POST /signin/second-factor":     {"code": {w.recoveryCode}},
		"POST /account/mfa/confirm":      {"code": {"0"}},
		"POST /account/mfa/disable":      {"password": {demo.Password}},
		"POST /admin/users":              {"email": {"new@example.com"}, "name": {"Nora New"}, "password": {"long enough password"}, "roles": {"staff"}},
		"POST /admin/users/:id/roles":    {"roles": {"auditor"}},
		"POST /admin/users/:id/password": {"password": {"another long password"}},
		"POST /admin/tokens":             {"name": {"erp"}},
		"POST /admin/exporter":           {"name": {"Exporter GmbH"}, "eori": {"DE123"}, "member_state": {"DE"}},
		"POST /products":                 {"name": {"Matrix product"}},
		"POST /risks":                    w.riskForm(),
		"POST /risks/:id":                w.riskForm(),
		"POST /risks/:id/review":         {"note": {"Controls hold."}, "next_review": {"2099-06-01"}},
		"POST /technology":               w.technologyForm(t),
		"POST /technology/:id":           w.technologyForm(t),
		"POST /technology/:id/transfers": {"channel": {"email"}, "recipient_name": {"Anna Probe"}, "recipient_org": {"Probe SARL"},
			"destination": {"FR"}, "on": {"2026-06-01"}, "transferred_by": {userID(t, w.app, "officer@example.com")}, "annex_iv": {"outside"}},
		"POST /products/:id/classifications":              {"entry_code": {"5A002.a"}, "rationale": {"Symmetric cryptography."}},
		"POST /products/:id/classifications/:cid/decline": {"reason": {"Wrong entry."}},
		"POST /cases/:id/notification/sent":               {"sent_on": {"2025-01-03"}},
		"POST /cases/:id/art4":                            {"art4_wmd": {"no"}, "art4_military_embargo": {"no"}, "art4_military_parts": {"no"}},
		"POST /cases/:id/art4/sent":                       {"sent_on": {"2025-01-03"}},
		"POST /cases/:id/art4/decision":                   {"decision": {"no_licence_required"}, "reference": {"BAFA-4"}, "decided_on": {"2025-01-09"}},
		"POST /cases/:id/export-facts":                    {"fact_outside_annex_iv": {"yes"}},
		"POST /cases/:id/applications":                    {"authority": {"BAFA"}, "reference": {"APP-2"}, "applied_on": {"2025-01-02"}},
		"POST /cases/:id/applications/:app/decision":      {"outcome": {"refused"}, "decided_on": {"2025-02-01"}},
		"POST /cases/:id/shipments": {"exported_on": {"2025-01-05"}, "mrn": {"25DE123456789012A1"},
			"quantity_" + w.shipping.Items[0].ID: {"1"}, "value_" + w.shipping.Items[0].ID: {"100"}},
		"POST /cases":                                  {"title": {"Matrix case"}},
		"POST /cases/:id":                              {"title": {"Matrix case, renamed"}, "destination": {"DE"}},
		"POST /cases/:id/parties":                      {"role": {"consignee"}, "name": {"Probe Logistics GmbH"}, "kind": {"company"}},
		"POST /cases/:id/items":                        item,
		"POST /cases/:id/items/:item":                  item,
		"POST /cases/:id/items/:item/remove":           {"reason": {"Ordered twice."}},
		"POST /cases/:id/decision":                     {"decision": {"approve"}},
		"POST /cases/:id/risk":                         {"risk_level": {"low"}, "justification": {"A known distributor, a civil end use."}},
		"POST /cases/:id/hits/:hit/decision":           {"verdict": {"false_positive"}, "reason": {"Another company of the same name."}},
		"POST /cases/:id/hits/:hit/correction":         {"reason": {"Another company of the same name."}},
		"POST /cases/:id/hits/:hit/correction/decline": {"reason": {"The registration number is the listed one."}},
		"POST /cases/:id/assessment/sections/:section": answers["end_use"],
		"POST /cases/:id/assessment/conclusion": {"level": {"medium"}, "rationale": {"A police end user."}, "aware": {"no"},
			"override_justification": {"Whatever the points, a police end user is no low risk."}},
		"POST /cases/:id/notification/reply": {"reply_date": {"2025-01-10"}, "reply_reference": {"BAFA-1"}, "reply_decision": {"licence_required"}},
		"POST /countries/:code/measures": {"kind": {"arms_embargo"}, "legal_act": {"Council Decision 2021/3/CFSP"}, "adopted_on": {"2021-01-01"},
			"scope": {"full"}, "evidence": {"Official Journal"}},
		"POST /countries/:code/measures/:id/end": {"ended_on": {"2025-01-15"}},
		"POST /countries/:code/indicators": {"indicator": {"Freedom House — Freedom in the World"}, "edition": {"2025"}, "value": {"93/100, Free"},
			"scale": {"0–100"}, "source_url": {"https://freedomhouse.org"}, "retrieved_at": {"2025-06-01"}},
		"POST /countries/:code/tier":                 {"tier": {"low"}, "rationale": {"Independent courts and oversight."}},
		"POST /licences/gea/:code/registration":      {"registered_on": {"2025-01-02"}, "authority": {"BAFA"}, "reference": {"EU008-42"}},
		"POST /red-flags/:code":                      {"title": {"Party similar to a listed one"}, "active": {"1"}},
		"POST /training/assignments/:id/items/:item": {"done": {"1"}},
		"POST /training/assignments/:id/attest":      {"understood": {"1"}, "name": {w.ownerName}},
		"POST /training/courses":                     course,
		"POST /training/courses/:id":                 course,
		"POST /training/courses/:id/assign":          {"users": {w.user}},
		"POST /concerns":                             {"subject": {"Matrix report"}, "body": {"What happened."}, "anonymous": {"1"}},
		"POST /concerns/follow-up":                   {"receipt": {w.receipt}},
		"POST /concerns/follow-up/information":       {"receipt": {w.receipt}, "information": {"More."}},
		"POST /concerns/:id/steps":                   {"step": {"acknowledge"}},
		"POST /concerns/:id/messages":                {"message": {"Thank you."}},
		"POST /concerns/:id/disclosure":              {"disclosed_on": {"2025-01-03"}, "disclosure_reference": {"BAFA-VD-1"}},
		"POST /self-assessments/:id/answers/:key":    {"maturity": {"3"}, "links": {"/audit/verify"}},
		"POST /concerns/:id/findings":                {"title": {"Matrix finding from a report"}, "severity": {"low"}},
		"POST /findings":                             {"title": {"Matrix finding, probed"}, "severity": {"low"}},
		"POST /findings/:id/close":                   {"closing_note": {"Nothing to correct."}},
		"POST /findings/:id/actions":                 {"what": {"Matrix action"}, "owner_id": {w.riskOwner}, "due": {"2099-01-01"}},
		"POST /actions/:id/reassign":                 {"owner_id": {w.riskOwner}, "due": {"2099-02-01"}},
		"POST /actions/:id/evidence":                 {"note": {"Done so far."}, "step": {"evidence"}},
		"POST /actions/:id/review":                   {"decision": {"sign_off"}},
		"POST /commitment":                           {"text": {"The matrix's version of the statement."}, "sign": {"1"}},
		"POST /organisation/holdings": {"responsibility": {"deputy_export_control_officer"}, "user_id": {userID(t, w.app, "admin@example.com")},
			"from": {"2099-01-01"}},
		"POST /organisation/holdings/:id/end": {"to": {"2030-01-01"}},
	}[route]
	if route == "POST /commitment/acknowledge" {
		form = url.Values{"version": {w.currentVersion(t)}}
	}
	out := url.Values{}
	maps.Copy(out, form)
	if strings.HasPrefix(route, "POST /cases/:id") {
		out.Set("version", v(current(t, w.app, w.caseFor(route).ID)))
	}
	return out
}

// otherSession signs owner in elsewhere and returns that session's id.
func (w *matrixWorld) otherSession(t *testing.T) string {
	t.Helper()
	_, a, err := w.app.Auth.SignIn(t.Context(), w.owner, demo.Password, auth.Client{IP: "192.0.2.1", UserAgent: "another browser"})
	if err != nil {
		t.Fatal(err)
	}
	return a.SessionID
}

// riskForm is a valid risk, as the risk form posts it.
func (w *matrixWorld) riskForm() url.Values {
	return url.Values{"kind": {"country"}, "title": {"Matrix risk, probed"}, "owner_id": {w.riskOwner}, "status": {"open"},
		"likelihood": {"4"}, "impact": {"4"}, "residual_likelihood": {"3"}, "residual_impact": {"3"}, "next_review": {"2099-02-01"}}
}

// seedTechnology records an entry of the technology register, of a product
// whose classification 5E001.a an export manager proposed and a compliance
// officer confirmed; the matrix's export manager and compliance officer are
// on its access list.
func (w *matrixWorld) seedTechnology(t *testing.T) {
	manager, officer := w.app.SignedIn(t, "manager@example.com"), w.app.SignedIn(t, "officer@example.com")
	p, err := w.app.Products.Create(manager, products.Input{Name: "Matrix router"})
	seeded(t, err)
	p, err = w.app.Products.Propose(manager, p.ID, products.ClassificationInput{EntryCode: "5E001.a", Rationale: "Development technology."})
	seeded(t, err)
	_, err = w.app.Products.Confirm(officer, p.ID, p.Pending().ID)
	seeded(t, err)
	w.techProduct = p.ID
	it, err := w.app.Technology.Create(officer, w.technologyInput(t))
	seeded(t, err)
	w.technology = it.ID
}

func (w *matrixWorld) technologyInput(t *testing.T) techsec.Input {
	return techsec.Input{Name: "Matrix router design", Kind: "technology", Location: "Git repository router-hw", OwnerID: userID(t, w.app, "officer@example.com"),
		Products: []string{w.techProduct}, Access: []string{userID(t, w.app, "officer@example.com"), userID(t, w.app, "manager2@example.com")}}
}

// technologyForm changes the entry and keeps its access list: the transfer
// probe that follows needs the compliance officer on it.
func (w *matrixWorld) technologyForm(t *testing.T) url.Values {
	in := w.technologyInput(t)
	return url.Values{"name": {"Matrix router design, probed"}, "kind": {"technology"}, "location": {"Document store"},
		"owner_id": {w.riskOwner}, "products": in.Products, "access": in.Access}
}
