package web

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/screening"
	view "github.com/vigil-icp/vigil/templates/cases"
)

// formOf keeps what was posted, for showing the form again.
func formOf(c echo.Context, names ...string) view.Form {
	f := view.Form{Values: map[string]string{}}
	for _, n := range names {
		f.Values[n] = c.FormValue(n)
	}
	return f
}

// withError adds the error of a refused change to the form.
func withError(f view.Form, err error) view.Form {
	f.Errors = apperr.FieldsOf(err)
	f.Error = apperr.Message(err)
	return f
}

func version(c echo.Context) int64 {
	v, _ := strconv.ParseInt(c.FormValue("version"), 10, 64)
	return v
}

// caseList handles GET /cases.
func (s *Server) caseList(c echo.Context) error {
	ctx := c.Request().Context()
	q := c.QueryParams()
	page, err := wholeParam(c, "page")
	if err != nil {
		return err
	}
	f := cases.Filter{Status: cases.Status(q.Get("status")), Destination: q.Get("destination"), OwnerID: q.Get("owner"),
		Risk: q.Get("risk"), Query: q.Get("q"), Sort: q.Get("sort"), Page: int(page)}
	list, err := s.Cases.List(ctx, f)
	if err != nil {
		return err
	}
	countries, err := s.countries()
	if err != nil {
		return err
	}
	owners, ok := s.openers.Get("")
	if !ok {
		openers, err := s.Auth.Holders(ctx, auth.PermEditCases)
		if err != nil {
			return err
		}
		for _, u := range openers {
			owners = append(owners, view.Option{Value: u.ID, Label: u.Name})
		}
		s.openers.Add("", owners)
	}
	canCreate := auth.ActorFrom(ctx).Can(auth.PermEditCases)
	// The page is built from the filter alone, never from the raw address,
	// so the key below is all that shapes it.
	f.Page = list.Page
	key := fmt.Sprintf("list|%d|%+v|%v|%v", list.Epoch, f, canCreate, owners)
	return s.renderCached(c, http.StatusOK, "Export cases", key, func() (templ.Component, error) {
		v := view.List{Owners: owners, Filter: view.Form{Values: caseFilterValues(f)}, Countries: countries.choices, Risks: options(cases.RiskLevels),
			Sorts: options(cases.SortOrders), Total: list.Total, Page: list.Page, Pages: list.Pages(),
			CanCreate: canCreate}
		all := int64(0)
		for _, n := range list.Counts {
			all += n
		}
		v.Tabs = append(v.Tabs, view.StatusTab{Label: "All", Count: all, Href: caseListHref(f, "", 1), Active: f.Status == ""})
		for _, st := range cases.Statuses {
			v.Tabs = append(v.Tabs, view.StatusTab{Label: st.Label(), Count: list.Counts[st],
				Href: caseListHref(f, st, 1), Active: f.Status == st})
		}
		if list.Page > 1 {
			v.PrevHref = caseListHref(f, f.Status, list.Page-1)
		}
		if list.Page < list.Pages() {
			v.NextHref = caseListHref(f, f.Status, list.Page+1)
		}
		for _, r := range list.Rows {
			v.Rows = append(v.Rows, view.ListRow{ID: r.ID, Reference: r.Reference, Title: r.Title, Status: string(r.Status),
				StatusLabel: r.Status.Label(), Destination: r.Destination, Owner: r.OwnerName,
				Risk: cases.RiskLevels.Label(r.RiskLevel), Updated: r.UpdatedAt})
		}
		return view.ListPage(v), nil
	})
}

// caseFilterValues are the case list's filter parameters, by name.
func caseFilterValues(f cases.Filter) map[string]string {
	return map[string]string{"q": f.Query, "status": string(f.Status), "destination": f.Destination,
		"risk": f.Risk, "sort": f.Sort, "owner": f.OwnerID}
}

// caseListHref is the address of the case list with filter f in status on
// page: the known filter parameters only.
func caseListHref(f cases.Filter, status cases.Status, page int) string {
	f.Status = status
	u := queryOf(caseFilterValues(f))
	if page > 1 {
		u.Set("page", strconv.Itoa(page))
	}
	if len(u) == 0 {
		return "/cases"
	}
	return "/cases?" + u.Encode()
}

var caseFields = []string{"title", "destination", "end_user_type", "end_use", "notes"}

func caseInput(c echo.Context) cases.Input {
	return cases.Input{Title: c.FormValue("title"), Destination: c.FormValue("destination"),
		EndUserType: c.FormValue("end_user_type"), EndUse: c.FormValue("end_use"), Notes: c.FormValue("notes")}
}

func (s *Server) renderCaseForm(c echo.Context, status int, v view.Edit) error {
	countries, err := s.countries()
	if err != nil {
		return err
	}
	v.Countries, v.EndUserTypes = countries.choices, options(cases.EndUserTypes)
	title := "New export case"
	if v.ID != "" {
		title = "Edit " + v.Reference
	}
	return s.render(c, status, title, view.EditPage(v))
}

// caseNew handles GET /cases/new.
func (s *Server) caseNew(c echo.Context) error {
	return s.renderCaseForm(c, http.StatusOK, view.Edit{Form: view.Form{Values: map[string]string{}}})
}

// caseCreate handles POST /cases.
func (s *Server) caseCreate(c echo.Context) error {
	f, err := s.Cases.Create(c.Request().Context(), caseInput(c))
	if apperr.CodeOf(err) == apperr.Invalid {
		return s.renderCaseForm(c, http.StatusUnprocessableEntity, view.Edit{Form: withError(formOf(c, caseFields...), err)})
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "Opened "+f.Reference+". Add its parties, items and documents.")
	return redirect(c, "/cases/"+f.ID)
}

// caseEdit handles GET /cases/:id/edit.
func (s *Server) caseEdit(c echo.Context) error {
	f, err := s.Cases.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.renderCaseForm(c, http.StatusOK, view.Edit{ID: f.ID, Reference: f.Reference, Version: f.Version,
		Form: view.Form{Values: map[string]string{"title": f.Title, "destination": f.DestinationCode(),
			"end_user_type": f.EndUserType, "end_use": f.EndUse, "notes": f.Notes}}})
}

// caseUpdate handles POST /cases/:id.
func (s *Server) caseUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	f, err := s.Cases.Update(ctx, c.Param("id"), version(c), caseInput(c))
	if code := apperr.CodeOf(err); code == apperr.Invalid || code == apperr.Conflict {
		cur, gerr := s.Cases.Get(ctx, c.Param("id"))
		if gerr != nil {
			return gerr
		}
		return s.renderCaseForm(c, statusOf[code], view.Edit{ID: cur.ID, Reference: cur.Reference, Version: version(c),
			Form: withError(formOf(c, caseFields...), err)})
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "Saved "+f.Reference+".")
	return redirect(c, "/cases/"+f.ID)
}

// caseForms is the state of the case page's forms when one comes back with
// errors.
type caseForms struct {
	party, item, upload, decision, risk, hit view.Form
	partyQuery                               string
}

// caseShow handles GET /cases/:id; ?party_q= searches known parties.
func (s *Server) caseShow(c echo.Context) error {
	return s.renderCase(c, http.StatusOK, caseForms{partyQuery: c.QueryParam("party_q")})
}

// casePartySuggestions handles GET /cases/:id/party-suggestions: the known
// parties matching party_q, as the fragment htmx swaps in.
func (s *Server) casePartySuggestions(c echo.Context) error {
	return s.renderCase(c, http.StatusOK, caseForms{partyQuery: c.QueryParam("party_q")})
}

func (s *Server) renderCase(c echo.Context, status int, forms caseForms) error {
	ctx := c.Request().Context()
	actor := auth.ActorFrom(ctx)
	f, err := s.Cases.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	// The screening and the assessment are read once: the page shows them
	// and their gates judge them.
	screened, err := s.Screening.ForCase(ctx, f)
	if err != nil {
		return err
	}
	assessed, err := s.Assessments.ForCase(ctx, f)
	if err != nil {
		return err
	}
	checks, err := s.Cases.Readiness(hrdd.WithState(screening.WithCaseState(ctx, f, screened), f, assessed), f)
	if err != nil {
		return err
	}
	box := assessmentBox(assessed)
	if forms.isZero() {
		// The page as a viewer first sees it depends only on the case's
		// version, its readiness, its screening and who looks at it.
		key := fmt.Sprintf("case|%s|%d|%s|%s|%v|%s|%v", f.ID, f.Version, actor.UserID, auth.JoinRoles(actor.Roles), checks, screened.Stamp, box)
		return s.renderCached(c, status, f.Reference, key, func() (templ.Component, error) {
			v, err := s.caseView(c, f, checks, screened, box, forms)
			return view.CasePage(v), err
		})
	}
	v, err := s.caseView(c, f, checks, screened, box, forms)
	if err != nil {
		return err
	}
	if isHTMX(c) && c.Request().Header.Get("HX-Boosted") != "true" && c.Path() == "/cases/:id/party-suggestions" {
		return s.render(c, status, "", view.Suggestions(v))
	}
	return s.render(c, status, f.Reference, view.CasePage(v))
}

// isZero reports whether no form carries input or errors and no search runs.
func (f caseForms) isZero() bool {
	for _, form := range []view.Form{f.party, f.item, f.upload, f.decision, f.risk, f.hit} {
		if form.Values != nil || form.Errors != nil || form.Error != "" {
			return false
		}
	}
	return f.partyQuery == ""
}

// caseView builds the case page's view model for the signed-in viewer.
func (s *Server) caseView(c echo.Context, f *cases.Case, checks []cases.Check, screened *screening.CaseState, box view.AssessmentBox, forms caseForms) (view.Page, error) {
	ctx := c.Request().Context()
	actor := auth.ActorFrom(ctx)
	names := f.Names
	countries, err := s.countries()
	if err != nil {
		return view.Page{}, err
	}
	countryName := func(code *string) string {
		if code == nil {
			return ""
		}
		return or(countries.names[*code], *code)
	}
	canEdit := actor.Can(auth.PermEditCases) && f.Status.Editable()
	if forms.item.Values == nil {
		forms.item.Values = map[string]string{"unit": "pcs", "currency": "EUR"}
	}
	v := view.Page{ID: f.ID, Reference: f.Reference, Title: f.Title, Status: string(f.Status),
		StatusLabel: f.Status.Label(), Version: f.Version, Destination: or(countryName(f.Destination), "Destination not yet set"),
		EndUserType: cases.EndUserTypes.Label(f.EndUserType), EndUse: f.EndUse, Notes: f.Notes, Owner: names[f.OwnerID],
		Risk: f.RiskLevel, RiskLabel: cases.RiskLevels.Label(f.RiskLevel), ContentHash: f.ContentHash,
		Approvals: fmt.Sprintf("%d of %d approvals", len(f.ValidApprovals()), f.ApprovalsNeeded()),
		CanEdit:   canEdit, CanSubmit: canEdit && f.Status == cases.Draft,
		CanClose:   actor.Can(auth.PermEditCases) && f.Status == cases.Approved,
		CanSetRisk: actor.Can(auth.PermSetCaseRisk) && f.Status.Open(), Risks: options(cases.RiskLevels),
		Ready: cases.Ready(checks), PartyRoles: options(cases.PartyRoles), PartyKinds: options(cases.PartyKinds),
		Countries: countries.choices, DocKinds: options(cases.AttachmentKinds), PartyQuery: forms.partyQuery,
		PartyForm: forms.party, ItemForm: forms.item, UploadForm: forms.upload, DecisionForm: forms.decision, RiskForm: forms.risk,
		Screening: screeningPanel(f, screened, actor, forms.hit), Assessment: box}
	for _, d := range cases.Decisions {
		if cases.CheckSignOff(f, actor, d.Value) == nil {
			v.Decisions = append(v.Decisions, view.Option{Value: string(d.Value), Label: d.Label})
		}
	}
	for _, ch := range checks {
		v.Checks = append(v.Checks, view.Check{Name: ch.Name, OK: ch.OK, Why: ch.Why, FixHref: fixHref(ch.Fix)})
	}
	for _, p := range f.Parties {
		var ids []string
		for _, id := range [][2]string{{"Reg.", p.Party.RegistrationNumber}, {"VAT", p.Party.VATNumber}, {"LEI", p.Party.LEI}, {"Passport", p.Party.PassportNumber}} {
			if id[1] != "" {
				ids = append(ids, id[0]+" "+id[1])
			}
		}
		v.Parties = append(v.Parties, view.Party{LinkID: p.ID, Name: p.Party.Name, Role: cases.PartyRoles.Label(p.Role),
			Kind: cases.PartyKinds.Label(p.Party.Kind), Country: countryName(p.Party.Country), Address: p.Party.Address,
			Identifiers: strings.Join(ids, " · ")})
	}
	for _, it := range f.Items {
		v.Items = append(v.Items, view.Item{ID: it.ID, Description: it.Description, Quantity: cases.FormatDecimal(it.QuantityMilli, 3, 0),
			Unit: it.Unit, Value: it.Currency + " " + cases.FormatDecimal(it.ValueMinor, 2, 2), Classification: it.Classification,
			Cyber: it.CyberSurveillance})
	}
	for _, a := range f.Attachments {
		v.Docs = append(v.Docs, view.Document{ID: a.ID, Kind: cases.AttachmentKinds.Label(a.Kind), Filename: a.Filename,
			Size: byteSize(a.Size), SHA256: a.SHA256, UploadedBy: names[a.UploadedBy], UploadedAt: a.UploadedAt, Current: a.Current()})
	}
	for _, so := range f.SignOffs {
		v.SignOff = append(v.SignOff, view.SignOff{Decision: cases.Decisions.Label(so.Decision), Who: names[so.UserID],
			Role: auth.Role(so.Role).Label(), Comment: so.Comment, At: so.CreatedAt, Void: so.Decision == cases.Approve && f.Void(so)})
	}
	for _, e := range f.Timeline {
		v.Events = append(v.Events, view.Event{Seq: e.Seq, At: e.OccurredAt, Actor: e.ActorEmail, Role: e.ActorRole, Action: e.Action,
			What: e.Summary, Before: e.BeforeJSON, After: e.AfterJSON})
	}
	if forms.partyQuery != "" && canEdit {
		found, err := s.Cases.SearchParties(ctx, forms.partyQuery, 8)
		if err != nil {
			return view.Page{}, err
		}
		for _, p := range found {
			v.Suggestions = append(v.Suggestions, view.Suggestion{ID: p.ID, Name: p.Name,
				Detail: strings.TrimSpace(cases.PartyKinds.Label(p.Kind) + " " + countryName(p.Country))})
		}
	}
	return v, nil
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
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

// caseChange runs one change on the case in :id. A refusal the user can act on
// (bad input, a rule, a concurrent change) comes back on the case page with
// what they typed; success goes back to the case at anchor.
func (s *Server) caseChange(c echo.Context, anchor, done string, change func() (*cases.Case, error), refused func(err error) caseForms) error {
	f, err := change()
	switch apperr.CodeOf(err) {
	case "":
		s.flash(c, "success", done)
		return redirect(c, "/cases/"+f.ID+anchor)
	case apperr.Invalid, apperr.Conflict:
		return s.renderCase(c, statusOf[apperr.CodeOf(err)], refused(err))
	}
	return err
}

func (s *Server) partyInput(c echo.Context) cases.PartyInput {
	return cases.PartyInput{Role: c.FormValue("role"), PartyID: c.FormValue("party_id"), Name: c.FormValue("name"),
		Kind: c.FormValue("kind"), Country: c.FormValue("country"), Address: c.FormValue("address"),
		RegistrationNumber: c.FormValue("registration_number"), VATNumber: c.FormValue("vat_number"), LEI: c.FormValue("lei"),
		PassportNumber: c.FormValue("passport_number")}
}

var partyFields = []string{"role", "name", "kind", "country", "address", "registration_number", "vat_number", "lei", "passport_number"}

// casePartyAdd handles POST /cases/:id/parties.
func (s *Server) casePartyAdd(c echo.Context) error {
	return s.caseChange(c, "#parties", "Party added.", func() (*cases.Case, error) {
		return s.Cases.AddParty(c.Request().Context(), c.Param("id"), version(c), s.partyInput(c))
	}, func(err error) caseForms { return caseForms{party: withError(formOf(c, partyFields...), err)} })
}

// casePartyRemove handles POST /cases/:id/parties/:link/remove.
func (s *Server) casePartyRemove(c echo.Context) error {
	return s.caseChange(c, "#parties", "Party removed from the case.", func() (*cases.Case, error) {
		return s.Cases.RemoveParty(c.Request().Context(), c.Param("id"), version(c), c.Param("link"))
	}, func(err error) caseForms { return caseForms{party: withError(view.Form{}, err)} })
}

var itemFields = []string{"description", "quantity", "unit", "value", "currency", "classification", "cyber_surveillance"}

func itemInput(c echo.Context) cases.ItemInput {
	return cases.ItemInput{Description: c.FormValue("description"), Quantity: c.FormValue("quantity"), Unit: c.FormValue("unit"),
		Value: c.FormValue("value"), Currency: c.FormValue("currency"), Classification: c.FormValue("classification"),
		CyberSurveillance: c.FormValue("cyber_surveillance") != ""}
}

// caseItemAdd handles POST /cases/:id/items.
func (s *Server) caseItemAdd(c echo.Context) error {
	return s.caseChange(c, "#items", "Item added.", func() (*cases.Case, error) {
		return s.Cases.AddItem(c.Request().Context(), c.Param("id"), version(c), itemInput(c))
	}, func(err error) caseForms { return caseForms{item: withError(formOf(c, itemFields...), err)} })
}

// caseItemRemove handles POST /cases/:id/items/:item/remove.
func (s *Server) caseItemRemove(c echo.Context) error {
	return s.caseChange(c, "#items", "Item removed.", func() (*cases.Case, error) {
		return s.Cases.RemoveItem(c.Request().Context(), c.Param("id"), version(c), c.Param("item"))
	}, func(err error) caseForms { return caseForms{item: withError(view.Form{}, err)} })
}

// caseItemEdit handles GET /cases/:id/items/:item/edit.
func (s *Server) caseItemEdit(c echo.Context) error {
	f, err := s.Cases.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	for _, it := range f.Items {
		if it.ID == c.Param("item") {
			cyber := ""
			if it.CyberSurveillance {
				cyber = "1"
			}
			return s.renderItemForm(c, http.StatusOK, f, view.Form{Values: map[string]string{"description": it.Description,
				"quantity": cases.FormatDecimal(it.QuantityMilli, 3, 0), "unit": it.Unit, "value": cases.FormatDecimal(it.ValueMinor, 2, 2),
				"currency": it.Currency, "classification": it.Classification, "cyber_surveillance": cyber}})
		}
	}
	return apperr.New(apperr.NotFound, "That item is not on this case.")
}

func (s *Server) renderItemForm(c echo.Context, status int, f *cases.Case, form view.Form) error {
	return s.render(c, status, "Change item", view.ItemEditPage(view.ItemEdit{CaseID: f.ID,
		Reference: f.Reference, ItemID: c.Param("item"), Version: f.Version, Form: form}))
}

// caseItemUpdate handles POST /cases/:id/items/:item.
func (s *Server) caseItemUpdate(c echo.Context) error {
	ctx := c.Request().Context()
	f, err := s.Cases.UpdateItem(ctx, c.Param("id"), version(c), c.Param("item"), itemInput(c))
	if code := apperr.CodeOf(err); code == apperr.Invalid || code == apperr.Conflict {
		cur, gerr := s.Cases.Get(ctx, c.Param("id"))
		if gerr != nil {
			return gerr
		}
		if code == apperr.Invalid {
			cur.Version = version(c) // keep the version the user started from
		}
		return s.renderItemForm(c, statusOf[code], cur, withError(formOf(c, itemFields...), err))
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "Item saved.")
	return redirect(c, "/cases/"+f.ID+"#items")
}

// caseAttachmentAdd handles POST /cases/:id/attachments: the file is checked
// and stored by its SHA-256 first, then filed on the case.
func (s *Server) caseAttachmentAdd(c echo.Context) error {
	refused := func(err error) caseForms {
		form := withError(formOf(c, "doc_kind", "supersedes"), err)
		if apperr.FieldsOf(err) == nil && apperr.CodeOf(err) == apperr.Invalid {
			form.Errors = map[string]string{"file": apperr.Message(err)}
		}
		return caseForms{upload: form}
	}
	return s.caseChange(c, "#documents", "Document uploaded.", func() (*cases.Case, error) {
		fh, err := c.FormFile("file")
		if err != nil {
			return nil, apperr.New(apperr.Invalid, "Choose a file to upload.")
		}
		r, err := fh.Open()
		if err != nil {
			return nil, err
		}
		defer r.Close()
		stored, err := s.Files.Put(r, fh.Filename)
		if err != nil {
			return nil, err
		}
		return s.Cases.AddAttachment(c.Request().Context(), c.Param("id"), version(c), c.FormValue("doc_kind"),
			cases.Document{SHA256: stored.SHA256, Size: stored.Size, ContentType: stored.ContentType, Filename: stored.Filename},
			c.FormValue("supersedes"))
	}, refused)
}

// caseAttachmentGet handles GET /cases/:id/attachments/:att: always a
// download, never shown inline, with the type found when it was stored.
func (s *Server) caseAttachmentGet(c echo.Context) error {
	a, err := s.Cases.Attachment(c.Request().Context(), c.Param("id"), c.Param("att"))
	if err != nil {
		return err
	}
	return s.download(c, a.SHA256, a.ContentType, a.Filename, a.UploadedAt)
}

// download sends a stored file as an attachment, never shown inline (a
// document could carry script), with the type found when it was stored.
func (s *Server) download(c echo.Context, sha256, contentType, filename string, modified time.Time) error {
	r, err := s.Files.Open(sha256)
	if err != nil {
		return err
	}
	defer r.Close()
	h := c.Response().Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(c.Response(), c.Request(), "", modified, r)
	return nil
}

// caseSubmit handles POST /cases/:id/submit.
func (s *Server) caseSubmit(c echo.Context) error {
	return s.caseChange(c, "", "Submitted for sign-off.", func() (*cases.Case, error) {
		return s.Cases.Submit(c.Request().Context(), c.Param("id"), version(c))
	}, func(err error) caseForms { return caseForms{decision: withError(view.Form{}, err)} })
}

// caseDecision handles POST /cases/:id/decision.
func (s *Server) caseDecision(c echo.Context) error {
	d := cases.Decision(c.FormValue("decision"))
	return s.caseChange(c, "#signoff", "Decision recorded: "+strings.ToLower(cases.Decisions.Label(d))+".", func() (*cases.Case, error) {
		return s.Cases.Decide(c.Request().Context(), c.Param("id"), version(c), d, c.FormValue("comment"))
	}, func(err error) caseForms { return caseForms{decision: withError(formOf(c, "comment"), err)} })
}

// caseClose handles POST /cases/:id/close.
func (s *Server) caseClose(c echo.Context) error {
	return s.caseChange(c, "", "Case closed.", func() (*cases.Case, error) {
		return s.Cases.Close(c.Request().Context(), c.Param("id"), version(c))
	}, func(err error) caseForms { return caseForms{decision: withError(view.Form{}, err)} })
}

// caseRisk handles POST /cases/:id/risk.
func (s *Server) caseRisk(c echo.Context) error {
	return s.caseChange(c, "#signoff", "Risk level set.", func() (*cases.Case, error) {
		return s.Cases.SetRisk(c.Request().Context(), c.Param("id"), version(c), c.FormValue("risk_level"))
	}, func(err error) caseForms { return caseForms{risk: withError(view.Form{}, err)} })
}
