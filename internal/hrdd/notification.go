package hrdd

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/exporter"
)

// Snapshot is what the authority record says, fixed when it is made: the
// exporter and the authority, the case, its items and parties, the findings
// and who signed them, and the rule that applied.
type Snapshot struct {
	Exporter                   SnapshotExporter
	Rules                      []string
	InformedLetter             string
	NationalBasis              string
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

// SnapshotExporter is the exporter and the authority as the record names them.
type SnapshotExporter struct {
	Name, Address, EORI, MemberState string
	AuthorityName, AuthorityAddress  string
}

// SnapshotItem is an item as notified; Unlisted marks the cyber-surveillance
// items not listed in Annex I, with why they are such items.
type SnapshotItem struct {
	Description, Quantity, Classification string
	Unlisted                              bool
	CyberReason                           string
}

// SnapshotParty is a party as notified.
type SnapshotParty struct{ Role, Name, Country, Address string }

// SnapshotFlag is a red flag as notified.
type SnapshotFlag struct {
	Code, Title, Resolution string
	Resolved                bool
}

// record opens the authority record the outcome o of the signed state st
// needs, naming the exporter.
func (s *Service) record(ctx context.Context, tx *gorm.DB, st *State, o Outcome, signer *auth.Actor, now time.Time) error {
	profile, err := exporter.ProfileTx(ctx, tx)
	if err != nil {
		return err
	}
	f, a := st.Case, st.Answers
	snap := CaseSnapshot(f, profile, st.Destination.Name)
	snap.Rules, snap.InformedLetter, snap.NationalBasis = o.Rules, a.Conclusion.InformedLetter, a.Conclusion.NationalBasis
	snap.AssessmentVersion, snap.Conclusion, snap.Proposal, snap.Points = st.Current.Version, a.Conclusion.Level, st.Proposal.Level, st.Proposal.Points
	snap.Factors, snap.Rationale, snap.Aware, snap.Override = st.Proposal.Factors, a.Conclusion.Rationale, a.Conclusion.Aware, a.Conclusion.OverrideJustification
	snap.Sources, snap.SignedBy, snap.SignedByEmail, snap.SignedAt = a.Sources.Sources, signer.Name, signer.Email, now
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
	return tx.Create(&Notification{ID: db.NewID(), CaseID: f.ID, AssessmentID: st.Current.ID, Kind: o.Kind, CreatedAt: now,
		CreatedBy: signer.UserID, SnapshotJSON: string(b)}).Error
}

// CaseSnapshot is what any record to the authority says of case f: the
// exporter and the authority from profile, the case with its destination
// (destName is the country's name), its items and its parties.
func CaseSnapshot(f *cases.Case, profile *exporter.Profile, destName string) Snapshot {
	unlisted := ScopeOf(f).Unlisted
	snap := Snapshot{Exporter: SnapshotExporter{profile.Name, profile.Address, profile.EORI, profile.MemberState,
		profile.AuthorityName, profile.AuthorityAddress}, Reference: f.Reference, Title: f.Title,
		Destination: strings.TrimSpace(destName + " (" + f.DestinationCode() + ")"),
		EndUserType: cases.EndUserTypes.Label(f.EndUserType), EndUse: f.EndUse}
	for _, it := range f.Items {
		snap.Items = append(snap.Items, SnapshotItem{it.Description, cases.FormatDecimal(it.QuantityMilli, 3, 0) + " " + it.Unit,
			it.Classification, slices.Contains(unlisted, it.Description), it.CyberReason})
	}
	for _, p := range f.Parties {
		country := ""
		if p.Party.Country != nil {
			country = *p.Party.Country
		}
		snap.Parties = append(snap.Parties, SnapshotParty{cases.PartyRoles.Label(p.Role), p.Party.Name, country, p.Party.Address})
	}
	return snap
}

func flagTitle(flags []RedFlag, code string) string {
	for _, f := range flags {
		if f.Code == code {
			return f.Title
		}
	}
	return code
}

// Notice is an authority record with what it says and who recorded its
// sending and its reply.
type Notice struct {
	Notification
	Snapshot        Snapshot
	SenderName      string
	ReplyRecorderBy string // name
}

// Notification returns the newest authority record of a case.
// Errors: NotFound (no case, or no record), Forbidden.
func (s *Service) Notification(ctx context.Context, caseID string) (*cases.Case, *Notice, error) {
	f, err := s.cases.Get(ctx, caseID)
	if err != nil {
		return nil, nil, err
	}
	g := s.db.Gorm.WithContext(ctx)
	n, err := latestNotification(g, caseID)
	if err != nil {
		return nil, nil, err
	}
	if n == nil {
		return nil, nil, apperr.New(apperr.NotFound, "Nothing about this case has been notified to the authority.")
	}
	out := &Notice{Notification: *n}
	if err := json.Unmarshal([]byte(n.SnapshotJSON), &out.Snapshot); err != nil {
		return nil, nil, err
	}
	var ids []string
	for _, id := range []*string{n.SentBy, n.ReplyRecordedBy} {
		if id != nil {
			ids = append(ids, *id)
		}
	}
	names, err := auth.NamesOf(ctx, g, ids)
	if err != nil {
		return nil, nil, err
	}
	if n.SentBy != nil {
		out.SenderName = names[*n.SentBy]
	}
	if n.ReplyRecordedBy != nil {
		out.ReplyRecorderBy = names[*n.ReplyRecordedBy]
	}
	return f, out, nil
}

// latestNotification returns the newest authority record of the case, or
// nil when there is none.
func latestNotification(g *gorm.DB, caseID string) (*Notification, error) {
	var n Notification
	if err := g.Where("case_id = ?", caseID).Order("created_at DESC, id DESC").Take(&n).Error; err != nil {
		if db.IsNotFound(err) {
			return nil, nil
		}
		return nil, err
	}
	return &n, nil
}

// openRecord returns, in tx, the newest authority record of the case for
// a change. Errors: NotFound.
func openRecord(tx *gorm.DB, caseID string) (*Notification, error) {
	n, err := latestNotification(tx, caseID)
	if err == nil && n == nil {
		err = apperr.New(apperr.NotFound, "Nothing about this case has been notified to the authority.")
	}
	return n, err
}

// RecordSent records that the notification of the case was sent to the
// competent authority on the date sent (YYYY-MM-DD), on the case's timeline.
// Errors: Invalid (date), NotFound, Forbidden (role, training), Conflict
// (stale page, not a notification).
func (s *Service) RecordSent(ctx context.Context, caseID string, version int64, sent string) (*cases.Case, error) {
	sent = strings.TrimSpace(sent)
	if msg := pastDate(sent, s.db.Now().UTC(), "Give the date it was sent."); msg != "" {
		return nil, apperr.Validation(map[string]string{"sent_on": msg})
	}
	if err := s.cases.CheckActor(ctx, auth.PermSignAssessment); err != nil {
		return nil, err
	}
	actor := auth.ActorFrom(ctx)
	return s.cases.Apply(ctx, caseID, version, auth.PermSignAssessment, "assessment.sent", func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
		n, err := openRecord(tx, caseID)
		if err != nil {
			return "", err
		}
		if n.Kind != KindNotification {
			return "", apperr.New(apperr.Conflict, "There is no notification to send: the case needs a licence.")
		}
		err = tx.Model(&Notification{}).Where("id = ?", n.ID).Updates(map[string]any{"sent_on": sent, "sent_by": actor.UserID,
			"sent_recorded_at": now}).Error
		return "the notification under Art. 5(2) was sent to the competent authority on " + sent, err
	})
}

// pastDate says what is wrong with a date (YYYY-MM-DD) that must be given
// and not lie in the future, or "": need when it is missing or malformed.
func pastDate(value string, today time.Time, need string) string {
	d, err := time.Parse(time.DateOnly, value)
	switch {
	case err != nil:
		return need
	case d.After(today):
		return "The date cannot be in the future."
	}
	return ""
}

// Reply is the competent authority's answer: its date, reference and
// decision, with the licence number when it grants one.
type Reply struct{ Date, Reference, Decision, LicenceNumber string }

func (r *Reply) validate(kind string, today time.Time) map[string]string {
	r.Date, r.Reference, r.Decision = strings.TrimSpace(r.Date), strings.TrimSpace(r.Reference), strings.TrimSpace(r.Decision)
	r.LicenceNumber = strings.TrimSpace(r.LicenceNumber)
	errs := map[string]string{}
	if msg := pastDate(r.Date, today, "Give the date of the authority's reply."); msg != "" {
		errs["reply_date"] = msg
	}
	switch {
	case r.Reference == "":
		errs["reply_reference"] = "Give the authority's reference."
	case utf8.RuneCountInString(r.Reference) > 200:
		errs["reply_reference"] = "Use at most 200 characters."
	}
	if !RepliesTo(kind).Has(r.Decision) {
		errs["reply_decision"] = "Choose what the authority decided."
	}
	switch {
	case r.Decision == ReplyLicenceGranted && r.LicenceNumber == "":
		errs["licence_number"] = "Give the licence number."
	case r.Decision != ReplyLicenceGranted:
		r.LicenceNumber = ""
	case utf8.RuneCountInString(r.LicenceNumber) > 100:
		errs["licence_number"] = "Use at most 100 characters."
	}
	return errs
}

// RecordReply records the authority's reply to the newest authority record
// of the case, on the case's timeline; recording it again corrects it. A
// reply that gives the case what it needed returns a blocked case to draft,
// once nothing else holds it. Errors: Invalid (fields), NotFound, Forbidden
// (role, training), Conflict (stale page, notification not yet sent).
func (s *Service) RecordReply(ctx context.Context, caseID string, version int64, r Reply) (*cases.Case, error) {
	if err := s.cases.CheckActor(ctx, auth.PermSignAssessment); err != nil {
		return nil, err
	}
	actor := auth.ActorFrom(ctx)
	return s.cases.Apply(ctx, caseID, version, auth.PermSignAssessment, "assessment.reply", func(tx *gorm.DB, f *cases.Case, now time.Time) (string, error) {
		n, err := openRecord(tx, caseID)
		if err != nil {
			return "", err
		}
		if n.Kind == KindNotification && n.SentOn == "" {
			return "", apperr.New(apperr.Conflict, "Record when the notification was sent before its reply.")
		}
		if errs := r.validate(n.Kind, s.db.Now().UTC()); len(errs) > 0 {
			return "", apperr.Validation(errs)
		}
		verb := map[bool]string{false: "recorded", true: "corrected"}[n.ReplyRecordedBy != nil]
		err = tx.Model(&Notification{}).Where("id = ?", n.ID).Updates(map[string]any{"reply_date": r.Date,
			"reply_reference": r.Reference, "reply_decision": r.Decision, "licence_number": r.LicenceNumber,
			"reply_recorded_by": actor.UserID, "reply_recorded_at": now}).Error
		if err != nil {
			return "", err
		}
		summary := "the authority's reply " + verb + ": " + strings.ToLower(ReplyDecisions.Label(r.Decision))
		if r.LicenceNumber != "" {
			summary += " (licence " + r.LicenceNumber + ")"
		}
		summary += " (" + r.Reference + ", " + r.Date + ")"
		note, err := s.cases.ReleaseTx(ctx, tx, f, now)
		return summary + note, err
	})
}

// BlocksTx says why the case's signed assessment still holds it blocked,
// or "": the company's refusal, or what the authority has not yet given.
func (s *Service) BlocksTx(ctx context.Context, tx *gorm.DB, f *cases.Case) (string, error) {
	st, err := s.state(ctx, tx, f, 0, false)
	if err != nil || !st.Signed() {
		return "", err
	}
	return st.holding(), nil
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
