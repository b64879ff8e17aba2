package web

import (
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/licensing"
	view "github.com/vigil-icp/vigil/templates/cases"
)

// licensingSubmit answers a post of one of the determination's forms: the
// change call makes is flashed with message, and a refusal shows the case
// again with the form put back where set puts it.
func (s *Server) licensingSubmit(c echo.Context, posted view.Form, message string, call func(id string, version int64) error,
	set func(*licensingForms, view.Form)) error {
	id := c.Param("id")
	return s.submit(c, posted, func() (outcome, error) {
		return outcome{message, caseHref(id) + "#licensing"}, call(id, version(c))
	}, func(status int, f view.Form) error {
		var forms caseForms
		set(&forms.lic, f)
		return s.renderCase(c, status, forms)
	})
}

// caseArt4 handles POST /cases/:id/art4.
func (s *Server) caseArt4(c echo.Context) error {
	in := licensing.Art4Input{Answers: map[licensing.Art4Question]string{}, Note: c.FormValue("note")}
	names := []string{"note"}
	for _, q := range licensing.Art4Questions {
		in.Answers[q.Value] = c.FormValue("art4_" + string(q.Value))
		names = append(names, "art4_"+string(q.Value))
	}
	return s.licensingSubmit(c, formOf(c, names...), "Art. 4 answers saved.", func(id string, v int64) error {
		_, err := s.Licensing.AnswerArt4(c.Request().Context(), id, v, in)
		return err
	}, func(l *licensingForms, f view.Form) { l.art4 = f })
}

// caseExportFacts handles POST /cases/:id/export-facts: fact_<name> = yes|no.
func (s *Server) caseExportFacts(c echo.Context) error {
	params, err := c.FormParams()
	if err != nil {
		return err
	}
	answers, names := map[licensing.Fact]string{}, []string{}
	for name := range params {
		if fact, ok := strings.CutPrefix(name, "fact_"); ok {
			answers[licensing.Fact(fact)] = params.Get(name)
			names = append(names, name)
		}
	}
	return s.licensingSubmit(c, formOf(c, names...), "Answers saved.", func(id string, v int64) error {
		_, err := s.Licensing.AnswerFacts(c.Request().Context(), id, v, answers)
		return err
	}, func(l *licensingForms, f view.Form) { l.facts = f })
}

// caseArt4Sent handles POST /cases/:id/art4/sent.
func (s *Server) caseArt4Sent(c echo.Context) error {
	return s.licensingSubmit(c, formOf(c, "sent_on"), "The Art. 4 notification is recorded as sent.", func(id string, v int64) error {
		_, err := s.Licensing.RecordArt4Sent(c.Request().Context(), id, v, c.FormValue("sent_on"))
		return err
	}, func(l *licensingForms, f view.Form) { l.authority = f })
}

// caseArt4Decision handles POST /cases/:id/art4/decision.
func (s *Server) caseArt4Decision(c echo.Context) error {
	return s.licensingSubmit(c, formOf(c, "decision", "reference", "decided_on"), "The authority's decision is recorded.", func(id string, v int64) error {
		_, err := s.Licensing.RecordArt4Decision(c.Request().Context(), id, v, c.FormValue("decision"), c.FormValue("reference"), c.FormValue("decided_on"))
		return err
	}, func(l *licensingForms, f view.Form) { l.authority = f })
}

// caseApplication handles POST /cases/:id/applications.
func (s *Server) caseApplication(c echo.Context) error {
	return s.licensingSubmit(c, formOf(c, "authority", "reference", "applied_on", "note"), "Licence application recorded.", func(id string, v int64) error {
		_, err := s.Licensing.RecordApplication(c.Request().Context(), id, v, c.FormValue("authority"), c.FormValue("reference"),
			c.FormValue("applied_on"), c.FormValue("note"))
		return err
	}, func(l *licensingForms, f view.Form) { l.application = f })
}

// caseApplicationDecision handles POST /cases/:id/applications/:app/decision.
func (s *Server) caseApplicationDecision(c echo.Context) error {
	return s.licensingSubmit(c, formOf(c, "outcome", "licence_id", "decided_on"), "Outcome recorded.", func(id string, v int64) error {
		_, err := s.Licensing.DecideApplication(c.Request().Context(), id, v, c.Param("app"), c.FormValue("outcome"),
			c.FormValue("licence_id"), c.FormValue("decided_on"))
		return err
	}, func(l *licensingForms, f view.Form) { l.application = f })
}

// caseShipment handles POST /cases/:id/shipments: quantity_<item> and
// value_<item> per item shipped.
func (s *Server) caseShipment(c echo.Context) error {
	params, err := c.FormParams()
	if err != nil {
		return err
	}
	in := licensing.ShipmentInput{ExportedOn: c.FormValue("exported_on"), MRN: c.FormValue("mrn"),
		Quantities: map[string]string{}, Values: map[string]string{}}
	names := []string{"exported_on", "mrn"}
	for name := range params {
		if item, ok := strings.CutPrefix(name, "quantity_"); ok {
			in.Quantities[item] = params.Get(name)
		} else if item, ok := strings.CutPrefix(name, "value_"); ok {
			in.Values[item] = params.Get(name)
		} else {
			continue
		}
		names = append(names, name)
	}
	return s.licensingSubmit(c, formOf(c, names...), "Shipment recorded.", func(id string, v int64) error {
		_, err := s.Licensing.RecordShipment(c.Request().Context(), id, v, in)
		return err
	}, func(l *licensingForms, f view.Form) { l.shipment = f })
}
