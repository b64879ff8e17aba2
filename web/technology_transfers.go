package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/techsec"
	"github.com/vigil-icp/vigil/templates/components"
	"github.com/vigil-icp/vigil/templates/format"
	view "github.com/vigil-icp/vigil/templates/technology"
)

// transferFields are the single-valued fields of the transfer form; the
// facts take several (see transferForm).
var transferFields = []string{"channel", "recipient_name", "recipient_org", "destination", "on", "transferred_by", "cover", "annex_iv", "for"}

// technologyShow handles GET /technology/:id.
func (s *Server) technologyShow(c echo.Context) error {
	return s.renderTechnology(c, http.StatusOK, view.Form{}, view.Form{})
}

// technologyTransfer handles POST /technology/:id/transfers: a transfer
// that nothing covers is refused with the reason (422), the form kept.
func (s *Server) technologyTransfer(c echo.Context) error {
	f := formOf(c, transferFields...)
	params, _ := c.FormParams()
	f.Values["facts"] = strings.Join(params["facts"], "\n")
	return s.submit(c, f, func() (outcome, error) {
		facts := params["facts"]
		in := techsec.TransferInput{Channel: f.V("channel"), RecipientName: f.V("recipient_name"), RecipientOrg: f.V("recipient_org"),
			Destination: f.V("destination"), On: f.V("on"), TransferredBy: f.V("transferred_by"), Cover: f.V("cover"),
			AnnexIV: f.V("annex_iv"), For: f.V("for"), IntraGroup: slices.Contains(facts, "intra_group"),
			Development: slices.Contains(facts, "product_development"), ICP: slices.Contains(facts, "icp")}
		if _, err := s.Technology.RecordTransfer(c.Request().Context(), c.Param("id"), in); err != nil {
			return outcome{}, err
		}
		return outcome{"Transfer recorded.", "/technology/" + c.Param("id")}, nil
	}, func(status int, tf view.Form) error { return s.renderTechnology(c, status, view.Form{}, tf) })
}

// renderTechnology shows an entry; edit is the change form as posted (empty:
// drawn from the entry), transfer the transfer form as posted.
func (s *Server) renderTechnology(c echo.Context, status int, edit, transfer view.Form) error {
	ctx := c.Request().Context()
	it, ts, err := s.Technology.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	extra := techsec.Item{}
	for _, t := range ts {
		extra.Access = append(extra.Access, t.TransferredBy)
	}
	ps, names, err := s.technologyContext(ctx, *it, extra)
	if err != nil {
		return err
	}
	a := auth.ActorFrom(ctx)
	v := view.Page{ID: it.ID, Name: it.Name, Kind: techsec.Kinds.Label(it.Kind), Description: it.Description, Location: it.Location,
		AccessGroups: it.AccessGroups, Owner: format.Or(names[it.OwnerID], "a former user"), Products: technologyProducts(it.Products, ps),
		CanManage: a.Can(auth.PermManageTechnology), CanTransfer: a.Can(auth.PermRecordTransfers), Edit: edit, TransferForm: transfer}
	for _, id := range it.Access {
		v.Access = append(v.Access, format.Or(names[id], "a former user"))
	}
	for _, t := range ts {
		v.Transfers = append(v.Transfers, view.Transfer{On: t.TransferOn, Channel: techsec.Channels.Label(t.Channel),
			Recipient: t.RecipientName + ", " + t.RecipientOrg, Destination: t.Destination, By: format.Or(names[t.TransferredBy], "a former user"),
			Cover: t.CoverName, Entries: t.Entries, Basis: t.Basis})
	}
	if v.CanManage {
		if v.Fields, err = s.technologyChoices(ctx); err != nil {
			return err
		}
		if v.Edit.Values == nil {
			v.Edit = technologyEdit(it)
		}
	}
	if v.CanTransfer {
		if v.Transfer, err = s.transferChoices(ctx, it, names); err != nil {
			return err
		}
		if v.TransferForm.Values == nil {
			v.TransferForm = view.Form{Values: map[string]string{"on": s.Technology.Now().Format(time.DateOnly)}}
			if slices.Contains(it.Access, a.UserID) {
				v.TransferForm.Values["transferred_by"] = a.UserID
			}
		}
	}
	return s.render(c, status, it.Name, view.ItemPage(v))
}

// transferChoices are the choices of the transfer form: the people on the
// access list, the licences and usable general authorisations, the
// countries.
func (s *Server) transferChoices(ctx context.Context, it *techsec.Item, names map[string]string) (view.TransferFields, error) {
	licences, geas, err := s.Technology.Covers(ctx)
	if err != nil {
		return view.TransferFields{}, err
	}
	countries, err := s.countries()
	if err != nil {
		return view.TransferFields{}, err
	}
	f := view.TransferFields{Channels: options(techsec.Channels), Countries: countries.choices}
	for _, id := range it.Access {
		f.Transferors = append(f.Transferors, components.Option{Value: id, Label: format.Or(names[id], "a former user")})
	}
	for _, l := range licences {
		f.Covers = append(f.Covers, components.Option{Value: "licence:" + l.ID, Label: "Licence " + l.Name() + ", valid to " + l.ValidUntil.Format(time.DateOnly)})
	}
	for _, g := range geas {
		f.Covers = append(f.Covers, components.Option{Value: "gea:" + g.Code, Label: g.Code + " " + g.Title})
	}
	return f, nil
}
