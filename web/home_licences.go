package web

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/templates/format"
	"github.com/vigil-icp/vigil/templates/home"
)

// Licences to watch on the compliance home page: those that expire within
// licenceNotice, and those with at most a fifth of a limit left. Both are
// the company's choice of margin, not the law's.
const (
	licenceNotice   = 60 * 24 * time.Hour
	licenceNearUsed = 0.8
)

// homeLicences adds the licences that expire soon or are nearly used up,
// for those who keep the licences.
func (s *Server) homeLicences(ctx context.Context, a *auth.Actor, v *home.Page) error {
	if !a.Can(auth.PermManageLicences) {
		return nil
	}
	expiring, err := s.Licensing.Expiring(ctx, licenceNotice)
	if err != nil {
		return err
	}
	near, err := s.Licensing.NearLimit(ctx, licenceNearUsed)
	if err != nil {
		return err
	}
	l := home.CaseList{ID: "licences-to-watch", Title: "Licences to watch",
		Empty: "No licence expires within 60 days or has less than a fifth left (the company's margins)."}
	link := func(lc licensing.Licence, status string) {
		l.Cases = append(l.Cases, home.CaseLink{Href: "/licences/" + lc.ID, Reference: lc.Number, Title: lc.Authority, Status: status})
	}
	for _, lc := range expiring {
		link(lc, "valid until "+format.Date(lc.ValidUntil))
	}
	for _, lc := range near {
		b := lc.Balance()
		link(lc, fmt.Sprintf("%d%% used", max(usedPercent(b.Value), usedPercent(b.Quantity))))
	}
	v.CaseLists = append(v.CaseLists, l)
	return nil
}

// usedPercent is how much of a limit is reserved or drawn, 0 without one.
func usedPercent(a licensing.Amounts) int64 {
	if !a.Has || a.Limit <= 0 {
		return 0
	}
	return 100 - 100*a.Remain/a.Limit
}
