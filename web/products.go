package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/products"
	"github.com/vigil-icp/vigil/templates/format"
	view "github.com/vigil-icp/vigil/templates/products"
)

// productList handles GET /products.
func (s *Server) productList(c echo.Context) error {
	return s.renderProducts(c, http.StatusOK, view.Form{})
}

// productCreate handles POST /products.
func (s *Server) productCreate(c echo.Context) error {
	in := products.Input{Name: c.FormValue("name"), Description: c.FormValue("description")}
	return s.submit(c, formOf(c, "name", "description"), func() (outcome, error) {
		p, err := s.Products.Create(c.Request().Context(), in)
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Product added: classify it next.", "/products/" + p.ID + "#classify"}, nil
	}, func(status int, f view.Form) error { return s.renderProducts(c, status, f) })
}

func (s *Server) renderProducts(c echo.Context, status int, form view.Form) error {
	ctx := c.Request().Context()
	all, err := s.Products.List(ctx)
	if err != nil {
		return err
	}
	v := view.List{CanCreate: auth.ActorFrom(ctx).Can(auth.PermClassifyProducts), New: form}
	for _, p := range all {
		row := view.Row{ID: p.ID, Name: p.Name, Pending: p.Pending() != nil, Review: p.ReviewReason}
		if cur := p.Current(); cur != nil {
			row.Classification = cur.Text()
		}
		v.Rows = append(v.Rows, row)
	}
	return s.render(c, status, "Products", view.ListPage(v))
}

// productShow handles GET /products/:id.
func (s *Server) productShow(c echo.Context) error {
	return s.renderProduct(c, http.StatusOK, productForms{})
}

// productForms are the forms of a product page that came back.
type productForms struct{ propose, answer view.Form }

var classifyFields = []string{"entry_code", "not_listed", "cyber", "rationale", "us_eccn"}

// productClassify handles POST /products/:id/classifications.
func (s *Server) productClassify(c echo.Context) error {
	in := products.ClassificationInput{NotListed: c.FormValue("not_listed") != "", EntryCode: c.FormValue("entry_code"),
		Rationale: c.FormValue("rationale"), USECCN: c.FormValue("us_eccn"), Cyber: c.FormValue("cyber") != ""}
	return s.productChange(c, formOf(c, classifyFields...), "Classification proposed: a compliance officer who is someone else confirms it.",
		func() (*products.Product, error) {
			return s.Products.Propose(c.Request().Context(), c.Param("id"), in)
		}, func(f view.Form) productForms { return productForms{propose: f} })
}

// productConfirm handles POST /products/:id/classifications/:cid/confirm.
func (s *Server) productConfirm(c echo.Context) error {
	return s.productChange(c, view.Form{}, "Classification confirmed: it holds from now on.", func() (*products.Product, error) {
		return s.Products.Confirm(c.Request().Context(), c.Param("id"), c.Param("cid"))
	}, func(f view.Form) productForms { return productForms{answer: f} })
}

// productDecline handles POST /products/:id/classifications/:cid/decline.
func (s *Server) productDecline(c echo.Context) error {
	return s.productChange(c, formOf(c, "reason"), "Classification declined.", func() (*products.Product, error) {
		return s.Products.Decline(c.Request().Context(), c.Param("id"), c.Param("cid"), c.FormValue("reason"))
	}, func(f view.Form) productForms { return productForms{answer: f} })
}

// productChange submits one change of a product and leads back to its page.
func (s *Server) productChange(c echo.Context, posted view.Form, done string, call func() (*products.Product, error),
	forms func(view.Form) productForms) error {
	return s.submit(c, posted, func() (outcome, error) {
		p, err := call()
		if err != nil {
			return outcome{}, err
		}
		return outcome{done, "/products/" + p.ID}, nil
	}, func(status int, f view.Form) error { return s.renderProduct(c, status, forms(f)) })
}

func (s *Server) renderProduct(c echo.Context, status int, forms productForms) error {
	ctx := c.Request().Context()
	p, err := s.Products.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	actor := auth.ActorFrom(ctx)
	var ids []string
	for _, h := range p.Classifications {
		ids = append(ids, h.ProposedBy)
		if h.AnsweredBy != nil {
			ids = append(ids, *h.AnsweredBy)
		}
	}
	names, err := auth.NamesOf(ctx, s.DB.Gorm, ids)
	if err != nil {
		return err
	}
	v := view.Page{ID: p.ID, Name: p.Name, Description: p.Description, Review: p.ReviewReason,
		CanPropose: actor.Can(auth.PermClassifyProducts), Propose: forms.propose, Answer: forms.answer}
	current := p.Current()
	for _, h := range p.Classifications {
		row := classificationRow(&h, names, current != nil && current.ID == h.ID)
		v.History = append(v.History, row)
		if h.Status == products.Proposed {
			v.Pending = &row
			if err := products.CheckConfirmer(&h, actor); err == nil {
				v.CanAnswer = true
			} else if actor.Can(auth.PermClassifyProducts) {
				v.WhyNotAnswer = apperr.Message(err)
			}
		}
	}
	return s.render(c, status, p.Name, view.ProductPage(v))
}

func classificationRow(h *products.Classification, names map[string]string, holds bool) view.Classification {
	row := view.Classification{ID: h.ID, Text: h.Text(), Rationale: h.Rationale, USECCN: h.USECCN, Cyber: h.Cyber,
		Status: string(h.Status), StatusLabel: products.Statuses.Label(h.Status), ProposedBy: format.Or(names[h.ProposedBy], "a former user"),
		ProposedAt: h.ProposedAt, AnswerReason: h.AnswerReason, Holds: holds}
	if h.AnsweredBy != nil {
		row.AnsweredBy, row.AnsweredAt = format.Or(names[*h.AnsweredBy], "a former user"), *h.AnsweredAt
	}
	return row
}
