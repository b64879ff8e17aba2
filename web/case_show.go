package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/reference"
	"github.com/vigil-icp/vigil/internal/screening"
	view "github.com/vigil-icp/vigil/templates/cases"
	"github.com/vigil-icp/vigil/templates/format"
)

// caseShow handles GET /cases/:id; ?party_q= searches known parties.
func (s *Server) caseShow(c echo.Context) error {
	return s.renderCase(c, http.StatusOK, caseForms{partyQuery: c.QueryParam("party_q")})
}

// casePartySuggestions handles GET /cases/:id/party-suggestions: the known
// parties matching party_q, as the fragment htmx swaps in; the case page for
// a browser without JavaScript.
func (s *Server) casePartySuggestions(c echo.Context) error {
	forms := caseForms{partyQuery: c.QueryParam("party_q")}
	if fullPage(c) {
		return s.renderCase(c, http.StatusOK, forms)
	}
	ctx := c.Request().Context()
	cs, err := s.readCase(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	v, err := s.casePageView(ctx, cs, forms)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "", view.Suggestions(v))
}

// caseForms is the state of the case page's forms when one comes back with
// errors.
type caseForms struct {
	party, item, upload, decision, risk, hit view.Form
	lic                                      licensingForms
	partyQuery                               string
}

// isZero reports whether no form carries input or errors and no search runs.
func (f caseForms) isZero() bool {
	for _, form := range []view.Form{f.party, f.item, f.upload, f.decision, f.risk, f.hit,
		f.lic.art4, f.lic.facts, f.lic.authority, f.lic.application, f.lic.shipment} {
		if form.Values != nil || form.Errors != nil || form.Error != "" {
			return false
		}
	}
	return f.partyQuery == ""
}

// renderCase shows the case in :id with its forms as forms left them. The
// page as a viewer first sees it is rendered once and cached.
func (s *Server) renderCase(c echo.Context, status int, forms caseForms) error {
	ctx := c.Request().Context()
	cs, err := s.readCase(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	build := func() (templ.Component, error) {
		v, err := s.casePageView(ctx, cs, forms)
		return view.CasePage(v), err
	}
	if forms.isZero() {
		return s.renderCached(c, status, cs.f.Reference, cs.key(auth.ActorFrom(ctx)), build)
	}
	body, err := build()
	if err != nil {
		return err
	}
	return s.render(c, status, cs.f.Reference, body)
}

// caseRead is a case with what its page judges it by.
type caseRead struct {
	f        *cases.Case
	screened *screening.CaseState
	box      view.AssessmentBox
	licensed *licensing.CaseState
	checks   []cases.Check
}

// readCase reads the case id with its screening and assessment, each once:
// the page shows them and its readiness gates judge them.
func (s *Server) readCase(ctx context.Context, id string) (*caseRead, error) {
	ctx = reference.Remembering(ctx)
	f, err := s.Cases.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	screened, err := s.Screening.ForCase(ctx, f)
	if err != nil {
		return nil, err
	}
	assessed, err := s.Assessments.ForCase(ctx, f)
	if err != nil {
		return nil, err
	}
	ctx = hrdd.WithState(screening.WithCaseState(ctx, f, screened), f, assessed)
	licensed, err := s.Licensing.ForCase(ctx, f)
	if err != nil {
		return nil, err
	}
	checks, err := s.Cases.Readiness(licensing.WithState(ctx, f, licensed), f)
	if err != nil {
		return nil, err
	}
	return &caseRead{f: f, screened: screened, box: assessmentBox(assessed), licensed: licensed, checks: checks}, nil
}

// key is the cache key of the case page as actor first sees it: it depends
// only on the case's version, its readiness, its screening, its
// determination (which licences move without the case) and who looks.
func (cs *caseRead) key(actor *auth.Actor) string {
	return fmt.Sprintf("case|%s|%d|%s|%s|%v|%s|%v|%s", cs.f.ID, cs.f.Version, actor.UserID, auth.JoinRoles(actor.Roles),
		cs.checks, cs.screened.Stamp, cs.box, cs.licensed.Stamp())
}

// casePageView is the case page's view model for the signed-in viewer.
func (s *Server) casePageView(ctx context.Context, cs *caseRead, forms caseForms) (view.Page, error) {
	actor, f := auth.ActorFrom(ctx), cs.f
	countries, err := s.countries()
	if err != nil {
		return view.Page{}, err
	}
	canEdit := actor.Can(auth.PermEditCases) && f.Status.Editable()
	if forms.item.Values == nil {
		forms.item.Values = map[string]string{"unit": "pcs", "currency": "EUR"}
	}
	v := view.Page{ID: f.ID, Reference: f.Reference, Title: f.Title, Status: string(f.Status),
		StatusLabel: f.Status.Label(), Version: f.Version,
		Destination: format.Or(countries.name(f.Destination), "Destination not yet set"),
		EndUserType: cases.EndUserTypes.Label(f.EndUserType), EndUse: f.EndUse, Notes: f.Notes, Owner: f.Names[f.OwnerID],
		Risk: f.RiskLevel, RiskLabel: cases.RiskLevels.Label(f.RiskLevel), RiskBasis: riskBasis(f), ContentHash: f.ContentHash,
		Approvals: fmt.Sprintf("%d of %d approvals", len(f.ValidApprovals()), f.ApprovalsNeeded()),
		CanEdit:   canEdit, CanSubmit: canEdit && f.Status == cases.Draft,
		CanClose:   actor.Can(auth.PermEditCases) && f.Status == cases.Approved,
		CanSetRisk: actor.Can(auth.PermSetCaseRisk) && f.Status.Open(), Risks: options(cases.RiskLevels),
		Ready: cases.Ready(cs.checks), PartyRoles: options(cases.PartyRoles), PartyKinds: options(cases.PartyKinds),
		Countries: countries.choices, DocKinds: options(cases.AttachmentKinds), PartyQuery: forms.partyQuery,
		PartyForm: forms.party, ItemForm: forms.item, UploadForm: forms.upload, DecisionForm: forms.decision, RiskForm: forms.risk,
		Screening: screeningPanel(f, cs.screened, actor, forms.hit), Assessment: cs.box,
		Licensing: licensingPanel(f, cs.licensed, actor, forms.lic, s.Config.Retention),
		Decisions: decisionChoices(f, actor), Checks: checkRows(cs.checks), Parties: partyRows(f, countries),
		Items: itemRows(f), Docs: documentRows(f), SignOff: signOffRows(f), Events: eventRows(f)}
	v.RemovedParties, v.RemovedItems, v.RemovedDocs = removedRows(f, countries)
	if forms.partyQuery != "" && canEdit {
		if v.Suggestions, err = s.partySuggestions(ctx, forms.partyQuery, countries); err != nil {
			return view.Page{}, err
		}
	}
	return v, nil
}

// decisionChoices are the decisions actor may take on f now.
func decisionChoices(f *cases.Case, actor *auth.Actor) []view.Option {
	var out []view.Option
	for _, d := range cases.Decisions {
		if cases.CheckSignOff(f, actor, d.Value) == nil {
			out = append(out, view.Option{Value: string(d.Value), Label: d.Label})
		}
	}
	return out
}

func checkRows(checks []cases.Check) []view.Check {
	var out []view.Check
	for _, ch := range checks {
		out = append(out, view.Check{Name: ch.Name, OK: ch.OK, Why: ch.Why, FixHref: fixHref(ch.Fix)})
	}
	return out
}

func partyRows(f *cases.Case, countries *countryData) []view.Party {
	var out []view.Party
	for _, p := range f.Parties {
		var ids []string
		for _, id := range [][2]string{{"Reg.", p.Party.RegistrationNumber}, {"VAT", p.Party.VATNumber}, {"LEI", p.Party.LEI}, {"Passport", p.Party.PassportNumber}} {
			if id[1] != "" {
				ids = append(ids, id[0]+" "+id[1])
			}
		}
		out = append(out, view.Party{LinkID: p.ID, Name: p.Party.Name, Role: cases.PartyRoles.Label(p.Role),
			Kind: cases.PartyKinds.Label(p.Party.Kind), Country: countries.name(p.Party.Country), Address: p.Party.Address,
			Identifiers: strings.Join(ids, " · ")})
	}
	return out
}

func itemRows(f *cases.Case) []view.Item {
	var out []view.Item
	for _, it := range f.Items {
		out = append(out, view.Item{ID: it.ID, Description: it.Description, Quantity: cases.FormatDecimal(it.QuantityMilli, 3, 0),
			Unit: it.Unit, Value: it.Currency + " " + cases.FormatDecimal(it.ValueMinor, 2, 2), Classification: it.Classification,
			Cyber: it.CyberSurveillance, CyberReason: it.CyberReason, ECCN: it.ECCN})
		if it.ProductID != nil {
			out[len(out)-1].ProductID = *it.ProductID
		}
	}
	return out
}

func documentRows(f *cases.Case) []view.Document {
	var out []view.Document
	for _, a := range f.Attachments {
		out = append(out, view.Document{ID: a.ID, Kind: cases.AttachmentKinds.Label(a.Kind), Filename: a.Filename,
			Size: byteSize(a.Size), SHA256: a.SHA256, UploadedBy: f.Names[a.UploadedBy], UploadedAt: a.UploadedAt, Current: a.Current()})
	}
	return out
}

// removedRows are the parties, items and documents taken off f.
func removedRows(f *cases.Case, countries *countryData) (parties, items, docs []view.Removed) {
	row := func(what, detail, href string, r cases.Removal) view.Removed {
		out := view.Removed{What: what, Detail: detail, Href: href, Why: r.RemovedReason, At: *r.RemovedAt}
		if r.RemovedBy != nil {
			out.By = f.Names[*r.RemovedBy]
		}
		return out
	}
	for _, p := range f.Removed.Parties {
		parties = append(parties, row(p.Party.Name, strings.Join([]string{cases.PartyRoles.Label(p.Role),
			cases.PartyKinds.Label(p.Party.Kind), countries.name(p.Party.Country)}, " · "), "", p.Removal))
	}
	for _, it := range f.Removed.Items {
		items = append(items, row(it.Description, cases.FormatDecimal(it.QuantityMilli, 3, 0)+" "+it.Unit+" · "+it.Currency+" "+
			cases.FormatDecimal(it.ValueMinor, 2, 2)+" · classification: "+format.Or(it.Classification, "not yet classified"), "", it.Removal))
	}
	for _, a := range f.Removed.Attachments {
		docs = append(docs, row(a.Filename, cases.AttachmentKinds.Label(a.Kind)+" · sha256 "+a.SHA256,
			"/cases/"+f.ID+"/attachments/"+a.ID, a.Removal))
	}
	return parties, items, docs
}

func signOffRows(f *cases.Case) []view.SignOff {
	var out []view.SignOff
	void := "void: the case changed since"
	if f.SubmittedAt == nil {
		void = "void: the case went back to draft"
	}
	for _, so := range f.SignOffs {
		row := view.SignOff{Decision: cases.Decisions.Label(so.Decision), Who: f.Names[so.UserID],
			Role: auth.Role(so.Role).Label(), Comment: so.Comment, At: so.CreatedAt}
		if so.Decision == cases.Approve && f.Void(so) {
			row.Void = void
		}
		out = append(out, row)
	}
	return out
}

func eventRows(f *cases.Case) []view.Event {
	var out []view.Event
	for _, e := range f.Timeline {
		out = append(out, view.Event{Seq: e.Seq, At: e.OccurredAt, Actor: e.ActorEmail, Role: e.ActorRole, Action: e.Action,
			What: e.Summary, Before: e.BeforeJSON, After: e.AfterJSON})
	}
	return out
}

// partySuggestions are the known parties matching query, offered for reuse.
func (s *Server) partySuggestions(ctx context.Context, query string, countries *countryData) ([]view.Suggestion, error) {
	found, err := s.Cases.SearchParties(ctx, query, 8)
	if err != nil {
		return nil, err
	}
	var out []view.Suggestion
	for _, p := range found {
		out = append(out, view.Suggestion{ID: p.ID, Name: p.Name,
			Detail: strings.TrimSpace(cases.PartyKinds.Label(p.Kind) + " " + countries.name(p.Country))})
	}
	return out, nil
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
