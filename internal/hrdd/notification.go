package hrdd

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
)

// Snapshot is what the notification says, fixed when it is made: the case,
// its items and parties, the findings and who signed them.
type Snapshot struct {
	Reference, Title           string
	Destination                string // name and code
	EndUserType, EndUse        string
	Items                      []SnapshotItem
	Parties                    []SnapshotParty
	AssessmentVersion          int
	Conclusion, Proposal       string
	Points                     int
	Factors                    []Factor
	Rationale, Aware, Override string
	RedFlags                   []SnapshotFlag
	Sources                    []Source
	Measures                   []string
	SignedBy, SignedByEmail    string
	SignedAt                   time.Time
}

// SnapshotItem is an item as notified.
type SnapshotItem struct{ Description, Quantity, Classification string }

// SnapshotParty is a party as notified.
type SnapshotParty struct{ Role, Name, Country, Address string }

// SnapshotFlag is a red flag as notified.
type SnapshotFlag struct {
	Code, Title, Resolution string
	Resolved                bool
}

// notify records the notification to the authority for the signed state st.
func (s *Service) notify(ctx context.Context, tx *gorm.DB, st *State, signer *auth.Actor, now time.Time) error {
	f, a := st.Case, st.Answers
	snap := Snapshot{Reference: f.Reference, Title: f.Title, Destination: strings.TrimSpace(st.Destination.Name + " (" + f.DestinationCode() + ")"),
		EndUserType: cases.EndUserTypes.Label(f.EndUserType), EndUse: f.EndUse, AssessmentVersion: st.Current.Version,
		Conclusion: a.Conclusion.Level, Proposal: st.Proposal.Level, Points: st.Proposal.Points, Factors: st.Proposal.Factors,
		Rationale: a.Conclusion.Rationale, Aware: a.Conclusion.Aware, Override: a.Conclusion.OverrideJustification,
		Sources: a.Sources.Sources, SignedBy: signer.Name, SignedByEmail: signer.Email, SignedAt: now}
	for _, it := range f.Items {
		snap.Items = append(snap.Items, SnapshotItem{it.Description, cases.FormatDecimal(it.QuantityMilli, 3, 0) + " " + it.Unit, it.Classification})
	}
	for _, p := range f.Parties {
		country := ""
		if p.Party.Country != nil {
			country = *p.Party.Country
		}
		snap.Parties = append(snap.Parties, SnapshotParty{cases.PartyRoles.Label(p.Role), p.Party.Name, country, p.Party.Address})
	}
	for _, fl := range a.RedFlags.Flags {
		snap.RedFlags = append(snap.RedFlags, SnapshotFlag{fl.Code, flagTitle(st.RedFlags, fl.Code), fl.Resolution, fl.Resolved})
	}
	for _, m := range Measures {
		if slices.Contains(a.Mitigation.Measures, m.Value) {
			snap.Measures = append(snap.Measures, m.Label)
		}
	}
	b, err := json.Marshal(snap)
	if err != nil {
		return err
	}
	return tx.Create(&Notification{ID: db.NewID(), CaseID: f.ID, AssessmentID: st.Current.ID, CreatedAt: now,
		CreatedBy: signer.UserID, SnapshotJSON: string(b)}).Error
}

func flagTitle(flags []RedFlag, code string) string {
	for _, f := range flags {
		if f.Code == code {
			return f.Title
		}
	}
	return code
}

// Notice is a notification with what it says and who recorded the reply.
type Notice struct {
	Notification
	Snapshot        Snapshot
	ReplyRecorderBy string // name
}

// Notification returns the newest notification of a case.
// Errors: NotFound (no case, or nothing notified), Forbidden.
func (s *Service) Notification(ctx context.Context, caseID string) (*cases.Case, *Notice, error) {
	f, err := s.cases.Get(ctx, caseID)
	if err != nil {
		return nil, nil, err
	}
	n, err := latestNotification(s.db.Gorm.WithContext(ctx), caseID)
	if err != nil {
		return nil, nil, err
	}
	out := &Notice{Notification: *n}
	if err := json.Unmarshal([]byte(n.SnapshotJSON), &out.Snapshot); err != nil {
		return nil, nil, err
	}
	if n.ReplyRecordedBy != nil {
		if err := s.db.Gorm.WithContext(ctx).Table("users").Select("name").Where("id = ?", *n.ReplyRecordedBy).Scan(&out.ReplyRecorderBy).Error; err != nil {
			return nil, nil, err
		}
	}
	return f, out, nil
}

func latestNotification(g *gorm.DB, caseID string) (*Notification, error) {
	var n Notification
	if err := g.Where("case_id = ?", caseID).Order("created_at DESC, id DESC").Take(&n).Error; err != nil {
		if db.IsNotFound(err) {
			return nil, apperr.New(apperr.NotFound, "Nothing about this case has been notified to the authority.")
		}
		return nil, err
	}
	return &n, nil
}

// Reply is the competent authority's answer to a notification.
type Reply struct{ Date, Reference, Decision string }

func (r *Reply) validate(today time.Time) map[string]string {
	r.Date, r.Reference, r.Decision = strings.TrimSpace(r.Date), strings.TrimSpace(r.Reference), strings.TrimSpace(r.Decision)
	errs := map[string]string{}
	if d, err := time.Parse(time.DateOnly, r.Date); err != nil {
		errs["reply_date"] = "Give the date of the authority's reply."
	} else if d.After(today) {
		errs["reply_date"] = "The date cannot be in the future."
	}
	switch {
	case r.Reference == "":
		errs["reply_reference"] = "Give the authority's reference."
	case len(r.Reference) > 200:
		errs["reply_reference"] = "Use at most 200 characters."
	}
	if !ReplyDecisions.Has(r.Decision) {
		errs["reply_decision"] = "Choose what the authority decided."
	}
	return errs
}

// RecordReply records the authority's reply to the newest notification of
// the case, on the case's timeline; recording it again corrects it.
// Errors: Invalid (fields), NotFound, Forbidden (role, training), Conflict (stale page).
func (s *Service) RecordReply(ctx context.Context, caseID string, version int64, r Reply) (*cases.Case, error) {
	if errs := r.validate(s.db.Now().UTC()); len(errs) > 0 {
		return nil, apperr.Validation(errs)
	}
	if err := s.cases.CheckActor(ctx, auth.PermSignAssessment); err != nil {
		return nil, err
	}
	actor := auth.ActorFrom(ctx)
	return s.cases.Apply(ctx, caseID, version, auth.PermSignAssessment, "assessment.reply", func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
		n, err := latestNotification(tx, caseID)
		if err != nil {
			return "", err
		}
		verb := "recorded"
		if n.ReplyRecordedBy != nil {
			verb = "corrected"
		}
		err = tx.Model(&Notification{}).Where("id = ?", n.ID).Updates(map[string]any{"reply_date": r.Date,
			"reply_reference": r.Reference, "reply_decision": r.Decision, "reply_recorded_by": actor.UserID, "reply_recorded_at": now}).Error
		return "the authority's reply " + verb + ": " + strings.ToLower(ReplyDecisions.Label(r.Decision)) +
			" (" + r.Reference + ", " + r.Date + ")", err
	})
}

// DefaultRedFlags is the consolidated red-flag checklist (BIS, EU ICP, UK,
// Rec. 2024/2659), used when no reference data provides one.
var DefaultRedFlags = []RedFlag{
	{"RF01", "Party or address similar to a denied or restricted party"},
	{"RF02", "Reluctant or evasive about end use, end user or re-export"},
	{"RF03", "Capabilities do not fit the buyer's business"},
	{"RF04", "Item or configuration incompatible with the destination"},
	{"RF05", "Cash or unusually favourable payment; third-party payer"},
	{"RF06", "Little business background; new customer, inconsistent data"},
	{"RF07", "Unfamiliar with the product's performance"},
	{"RF08", "Declines installation, training or maintenance"},
	{"RF09", "Vague or changed delivery terms or consignee"},
	{"RF10", "Forwarder, trader, bank or free-trade zone as final consignee"},
	{"RF11", "Abnormal route; packaging or labelling inconsistent"},
	{"RF12", "Military or government-research end user with a stated civil use"},
	{"RF13", "Contact details in a third country, or changed over time"},
	{"RF14", "Excessive confidentiality"},
	{"RF15", "Excessive spares, or no interest in spares"},
	{"RF16", "Restricted-access or high-security installation site"},
	{"RF17", "Immature or niche product ordered by an unknown party"},
	{"RF18", "Unconvincing explanation of need"},
	{"RF19", "Emphasis on covert or undetectable surveillance"},
	{"RF20", "Reported past misuse for repression"},
	{"RF21", "Police, intelligence or security end user in a high-risk destination"},
	{"RF22", "Customisation for individual targeting, biometrics or relational mapping"},
	{"RF23", "Party on the BIS Unverified List"},
}
