package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/exporter"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/licensing"
	view "github.com/vigil-icp/vigil/templates/hrdd"
)

// art4Notification handles GET /cases/:id/art4/notification: the
// notification an "aware" answer to an Art. 4 question calls for, to print.
func (s *Server) art4Notification(c echo.Context) error {
	ctx := c.Request().Context()
	f, err := s.Cases.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	st, err := s.Licensing.ForCase(ctx, f)
	if err != nil {
		return err
	}
	n := view.Art4Notice{Notice: view.Notice{CaseID: f.ID}, Prepared: s.DB.Now().Format(time.DateOnly)}
	for _, r := range st.Art4Records {
		if r.Answer == licensing.Art4Aware {
			n.Uses, n.Note = append(n.Uses, licensing.Art4Questions.Label(r.Question)), r.Note
		}
	}
	if len(n.Uses) == 0 {
		return apperr.New(apperr.NotFound, "This case has no Art. 4 notification: no answer says we are aware of a use it catches.")
	}
	if k := len(st.Notifications); k > 0 {
		n.Sent = st.Notifications[k-1].SentOn.Format(time.DateOnly) + " by " + st.Names[st.Notifications[k-1].SentBy]
	}
	profile, err := exporter.ProfileTx(ctx, s.DB.Gorm)
	if err != nil {
		return err
	}
	countries, err := s.countries()
	if err != nil {
		return err
	}
	n.Snapshot = hrdd.CaseSnapshot(f, profile, countries.name(f.Destination))
	return s.render(c, http.StatusOK, "Art. 4 notification "+f.Reference, view.Art4NotificationPage(n))
}
