package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/products"
	"github.com/vigil-icp/vigil/internal/techsec"
	"github.com/vigil-icp/vigil/templates/components"
	"github.com/vigil-icp/vigil/templates/format"
	view "github.com/vigil-icp/vigil/templates/technology"
)

// technologyFields are the single-valued fields of the entry form; products
// and access take several values (see technologyForm).
var technologyFields = []string{"name", "kind", "description", "location", "access_groups", "owner_id"}

// technologyList handles GET /technology: the register.
func (s *Server) technologyList(c echo.Context) error {
	ctx := c.Request().Context()
	items, err := s.Technology.List(ctx)
	if err != nil {
		return err
	}
	ps, names, err := s.technologyContext(ctx, items...)
	if err != nil {
		return err
	}
	v := view.Register{CanManage: auth.ActorFrom(ctx).Can(auth.PermManageTechnology)}
	for _, it := range items {
		v.Rows = append(v.Rows, view.Row{ID: it.ID, Name: it.Name, Kind: techsec.Kinds.Label(it.Kind), Location: it.Location,
			Owner: format.Or(names[it.OwnerID], "a former user"), Products: technologyProducts(it.Products, ps), Access: len(it.Access)})
	}
	return s.render(c, http.StatusOK, "Technology register", view.RegisterPage(v))
}

// technologyContext reads the catalogue, by id, and the names of the users
// items name.
func (s *Server) technologyContext(ctx context.Context, items ...techsec.Item) (map[string]products.Product, map[string]string, error) {
	all, err := s.Technology.Products(ctx)
	if err != nil {
		return nil, nil, err
	}
	ps := make(map[string]products.Product, len(all))
	for _, p := range all {
		ps[p.ID] = p
	}
	var ids []string
	for _, it := range items {
		ids = append(append(ids, it.OwnerID), it.Access...)
	}
	names, err := auth.NamesOf(ctx, s.DB.Gorm, ids)
	return ps, names, err
}

// technologyProducts are the products ids with their classification.
func technologyProducts(ids []string, ps map[string]products.Product) []view.Product {
	var out []view.Product
	for _, id := range ids {
		p := ps[id]
		v := view.Product{ID: id, Name: p.Name, Class: "no confirmed classification yet"}
		if cur := p.Current(); cur != nil {
			v.Class, v.Listed = cur.Text(), cur.Listed()
		}
		out = append(out, v)
	}
	return out
}

// technologyNew handles GET /technology/new.
func (s *Server) technologyNew(c echo.Context) error {
	return s.renderTechnologyNew(c, http.StatusOK, view.Form{Values: map[string]string{}})
}

func (s *Server) renderTechnologyNew(c echo.Context, status int, f view.Form) error {
	fields, err := s.technologyChoices(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, status, "Record technology or software", view.NewPage(view.New{Form: f, Fields: fields}))
}

// technologyCreate handles POST /technology.
func (s *Server) technologyCreate(c echo.Context) error {
	return s.submit(c, technologyForm(c), func() (outcome, error) {
		it, err := s.Technology.Create(c.Request().Context(), technologyInput(c))
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Recorded in the technology register.", "/technology/" + it.ID}, nil
	}, func(status int, f view.Form) error { return s.renderTechnologyNew(c, status, f) })
}

// technologyUpdate handles POST /technology/:id.
func (s *Server) technologyUpdate(c echo.Context) error {
	return s.submit(c, technologyForm(c), func() (outcome, error) {
		it, err := s.Technology.Update(c.Request().Context(), c.Param("id"), technologyInput(c))
		if err != nil {
			return outcome{}, err
		}
		return outcome{"Entry changed.", "/technology/" + it.ID}, nil
	}, func(status int, f view.Form) error { return s.renderTechnology(c, status, f, view.Form{}) })
}

// technologyForm is the entry form as posted, several values one a line.
func technologyForm(c echo.Context) components.Form {
	f := formOf(c, technologyFields...)
	params, _ := c.FormParams()
	f.Values["products"] = strings.Join(params["products"], "\n")
	f.Values["access"] = strings.Join(params["access"], "\n")
	return f
}

func technologyInput(c echo.Context) techsec.Input {
	params, _ := c.FormParams()
	return techsec.Input{Name: c.FormValue("name"), Kind: c.FormValue("kind"), Description: c.FormValue("description"),
		Location: c.FormValue("location"), AccessGroups: c.FormValue("access_groups"), OwnerID: c.FormValue("owner_id"),
		Products: params["products"], Access: params["access"]}
}

// technologyEdit is the change form drawn from it.
func technologyEdit(it *techsec.Item) view.Form {
	return view.Form{Values: map[string]string{"name": it.Name, "kind": string(it.Kind), "description": it.Description,
		"location": it.Location, "access_groups": it.AccessGroups, "owner_id": it.OwnerID,
		"products": strings.Join(it.Products, "\n"), "access": strings.Join(it.Access, "\n")}}
}

// technologyChoices are the kinds, users and products of the entry form.
func (s *Server) technologyChoices(ctx context.Context) (view.Fields, error) {
	users, err := s.Technology.Users(ctx)
	if err != nil {
		return view.Fields{}, err
	}
	ps, err := s.Technology.Products(ctx)
	if err != nil {
		return view.Fields{}, err
	}
	f := view.Fields{Kinds: options(techsec.Kinds)}
	for _, u := range users {
		f.Users = append(f.Users, components.Option{Value: u.ID, Label: u.Name})
	}
	for _, p := range ps {
		label := p.Name + ": no confirmed classification yet"
		if cur := p.Current(); cur != nil {
			label = p.Name + ": " + cur.Text()
		}
		f.Products = append(f.Products, components.Option{Value: p.ID, Label: label})
	}
	return f, nil
}
