package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/hrdd"
	view "github.com/vigil-icp/vigil/templates/hrdd"
)

var replyFields = []string{"reply_date", "reply_reference", "reply_decision", "licence_number"}

// notificationForms are the forms of the authority record page that came back.
type notificationForms struct{ sent, reply view.Form }

func (s *Server) renderNotification(c echo.Context, status int, forms notificationForms) error {
	ctx := c.Request().Context()
	f, n, err := s.Assessments.Notification(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	officer := auth.ActorFrom(ctx).Can(auth.PermSignAssessment)
	v := view.Notice{CaseID: f.ID, CaseVersion: f.Version, Kind: n.Kind, Title: hrdd.RecordKinds.Label(n.Kind), Created: n.CreatedAt,
		Snapshot: n.Snapshot, SentOn: n.SentOn, SentBy: n.SenderName, Sent: forms.sent, CanSend: officer,
		Reply: forms.reply, Replied: n.ReplyRecordedBy != nil, RecordedBy: n.ReplyRecorderBy,
		CanReply: officer, Decisions: options(hrdd.RepliesTo(n.Kind))}
	if n.ReplyRecordedAt != nil {
		v.RecordedAt = *n.ReplyRecordedAt
	}
	if v.Reply.Values == nil {
		v.Reply.Values = map[string]string{"reply_date": n.ReplyDate, "reply_reference": n.ReplyReference,
			"reply_decision": n.ReplyDecision, "licence_number": n.LicenceNumber}
	}
	v.Reply.Values["reply_decision_label"] = hrdd.ReplyDecisions.Label(n.ReplyDecision)
	return s.render(c, status, v.Title+" "+f.Reference, view.NotificationPage(v))
}

// notificationShow handles GET /cases/:id/notification: printable.
func (s *Server) notificationShow(c echo.Context) error {
	return s.renderNotification(c, http.StatusOK, notificationForms{})
}

// notificationSent handles POST /cases/:id/notification/sent.
func (s *Server) notificationSent(c echo.Context) error {
	return s.submit(c, formOf(c, "sent_on"), func() (outcome, error) {
		f, err := s.Assessments.RecordSent(c.Request().Context(), c.Param("id"), version(c), c.FormValue("sent_on"))
		if err != nil {
			return outcome{}, err
		}
		return outcome{"The notification is recorded as sent.", caseHref(f.ID) + "/notification#reply"}, nil
	}, func(status int, f view.Form) error {
		return s.renderNotification(c, status, notificationForms{sent: f})
	})
}

// notificationReply handles POST /cases/:id/notification/reply.
func (s *Server) notificationReply(c echo.Context) error {
	r := hrdd.Reply{Date: c.FormValue("reply_date"), Reference: c.FormValue("reply_reference"), Decision: c.FormValue("reply_decision"),
		LicenceNumber: c.FormValue("licence_number")}
	return s.submit(c, formOf(c, replyFields...), func() (outcome, error) {
		f, err := s.Assessments.RecordReply(c.Request().Context(), c.Param("id"), version(c), r)
		if err != nil {
			return outcome{}, err
		}
		msg := "The authority's reply is recorded."
		if f.Status == cases.Draft {
			msg += " The case is back in draft: submit it for approval."
		}
		return outcome{msg, caseHref(f.ID) + "/notification#reply"}, nil
	}, func(status int, f view.Form) error {
		return s.renderNotification(c, status, notificationForms{reply: f})
	})
}
