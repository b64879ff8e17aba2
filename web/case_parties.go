package web

import (
	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/cases"
	view "github.com/vigil-icp/vigil/templates/cases"
)

var partyFields = []string{"role", "name", "kind", "country", "address", "registration_number", "vat_number", "lei", "passport_number"}

func partyInput(c echo.Context) cases.PartyInput {
	return cases.PartyInput{Role: c.FormValue("role"), PartyID: c.FormValue("party_id"), Name: c.FormValue("name"),
		Kind: c.FormValue("kind"), Country: c.FormValue("country"), Address: c.FormValue("address"),
		RegistrationNumber: c.FormValue("registration_number"), VATNumber: c.FormValue("vat_number"), LEI: c.FormValue("lei"),
		PassportNumber: c.FormValue("passport_number")}
}

// casePartyAdd handles POST /cases/:id/parties.
func (s *Server) casePartyAdd(c echo.Context) error {
	return s.submit(c, formOf(c, partyFields...), func() (outcome, error) {
		_, err := s.Cases.AddParty(c.Request().Context(), c.Param("id"), version(c), partyInput(c))
		return outcome{"Party added.", caseHref(c.Param("id")) + "#parties"}, err
	}, func(status int, f view.Form) error { return s.renderCase(c, status, caseForms{party: f}) })
}

// casePartyRemove handles POST /cases/:id/parties/:link/remove, with the reason.
func (s *Server) casePartyRemove(c echo.Context) error {
	return s.submit(c, formOf(c, "reason"), func() (outcome, error) {
		_, err := s.Cases.RemoveParty(c.Request().Context(), c.Param("id"), version(c), c.Param("link"), c.FormValue("reason"))
		return outcome{"Party removed from the case.", caseHref(c.Param("id")) + "#parties"}, err
	}, func(status int, f view.Form) error { return s.renderCase(c, status, caseForms{party: f}) })
}
