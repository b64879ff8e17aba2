package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/cases"
	view "github.com/vigil-icp/vigil/templates/cases"
)

var itemFields = []string{"description", "quantity", "unit", "value", "currency", "classification", "cyber_surveillance", "cyber_reason",
	"subject_to_us", "eccn", "product_id"}

func itemInput(c echo.Context) cases.ItemInput {
	return cases.ItemInput{Description: c.FormValue("description"), Quantity: c.FormValue("quantity"), Unit: c.FormValue("unit"),
		Value: c.FormValue("value"), Currency: c.FormValue("currency"), Classification: c.FormValue("classification"),
		CyberSurveillance: c.FormValue("cyber_surveillance") != "", CyberReason: c.FormValue("cyber_reason"),
		SubjectToUS: c.FormValue("subject_to_us") != "", ECCN: c.FormValue("eccn"), ProductID: c.FormValue("product_id")}
}

// caseItemAdd handles POST /cases/:id/items: an item described here, or a
// product of the catalogue (product_id), whose form comes back on its own page.
func (s *Server) caseItemAdd(c echo.Context) error {
	return s.submit(c, formOf(c, itemFields...), func() (outcome, error) {
		_, err := s.Cases.AddItem(c.Request().Context(), c.Param("id"), version(c), itemInput(c))
		return outcome{"Item added.", caseHref(c.Param("id")) + "#items"}, err
	}, func(status int, f view.Form) error {
		if c.FormValue("product_id") != "" {
			return s.renderCatalogueItem(c, status, f)
		}
		return s.renderCase(c, status, caseForms{item: f})
	})
}

// caseItemCatalogue handles GET /cases/:id/items/catalogue.
func (s *Server) caseItemCatalogue(c echo.Context) error {
	return s.renderCatalogueItem(c, http.StatusOK, view.Form{Values: map[string]string{"unit": "pcs", "currency": "EUR"}})
}

func (s *Server) renderCatalogueItem(c echo.Context, status int, form view.Form) error {
	ctx := c.Request().Context()
	f, err := s.Cases.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	if status == http.StatusUnprocessableEntity {
		f.Version = version(c)
	}
	classified, err := s.Products.Classified(ctx)
	if err != nil {
		return err
	}
	v := view.CatalogueItem{CaseID: f.ID, Reference: f.Reference, Version: f.Version, Form: form}
	for _, p := range classified {
		v.Products = append(v.Products, view.Option{Value: p.ID, Label: p.Name + " — " + p.Current().Text()})
	}
	return s.render(c, status, "Add a product to "+f.Reference, view.CatalogueItemPage(v))
}

// caseItemRemove handles POST /cases/:id/items/:item/remove, with the reason.
func (s *Server) caseItemRemove(c echo.Context) error {
	return s.submit(c, formOf(c, "reason"), func() (outcome, error) {
		_, err := s.Cases.RemoveItem(c.Request().Context(), c.Param("id"), version(c), c.Param("item"), c.FormValue("reason"))
		return outcome{"Item removed.", caseHref(c.Param("id")) + "#items"}, err
	}, func(status int, f view.Form) error { return s.renderCase(c, status, caseForms{item: f}) })
}

// caseItemEdit handles GET /cases/:id/items/:item/edit.
func (s *Server) caseItemEdit(c echo.Context) error {
	f, err := s.Cases.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	for _, it := range f.Items {
		if it.ID == c.Param("item") {
			return s.renderItemForm(c, http.StatusOK, f, view.Form{Values: map[string]string{"description": it.Description,
				"quantity": cases.FormatDecimal(it.QuantityMilli, 3, 0), "unit": it.Unit, "value": cases.FormatDecimal(it.ValueMinor, 2, 2),
				"currency": it.Currency, "classification": it.Classification, "cyber_surveillance": ticked(it.CyberSurveillance),
				"cyber_reason": it.CyberReason, "subject_to_us": ticked(it.SubjectToUS), "eccn": it.ECCN}})
		}
	}
	return apperr.New(apperr.NotFound, "That item is not on this case.")
}

func (s *Server) renderItemForm(c echo.Context, status int, f *cases.Case, form view.Form) error {
	return s.render(c, status, "Change item", view.ItemEditPage(view.ItemEdit{CaseID: f.ID,
		Reference: f.Reference, ItemID: c.Param("item"), Version: f.Version, Form: form}))
}

// caseItemUpdate handles POST /cases/:id/items/:item. Bad input keeps the
// version the user started from; a conflict shows the current one.
func (s *Server) caseItemUpdate(c echo.Context) error {
	ctx, id := c.Request().Context(), c.Param("id")
	return s.submit(c, formOf(c, itemFields...), func() (outcome, error) {
		_, err := s.Cases.UpdateItem(ctx, id, version(c), c.Param("item"), itemInput(c))
		return outcome{"Item saved.", caseHref(id) + "#items"}, err
	}, func(status int, form view.Form) error {
		cur, err := s.Cases.Get(ctx, id)
		if err != nil {
			return err
		}
		if status == http.StatusUnprocessableEntity {
			cur.Version = version(c)
		}
		return s.renderItemForm(c, status, cur, form)
	})
}

// ticked is a checkbox's posted value for b: "1" when ticked.
func ticked(b bool) string {
	if b {
		return "1"
	}
	return ""
}
