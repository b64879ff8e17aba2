package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// Service is the export-case capability.
type Service struct {
	db       *db.DB
	gates    []Gate
	screener PartyScreener // nil: parties are not screened
	// rescreener screens stale parties again before an approval; nil: nobody.
	rescreener ApprovalScreener
	catalogue  Catalogue     // nil: items are described on the case alone
	watcher    ChangeWatcher // nil: nobody watches content changes
	// actorCheck may refuse a person the acts that vouch for a case; nil: nobody is refused.
	actorCheck ActorCheck
	authors    AssessmentAuthors // nil: no assessment has authors
	blockers   []Blocker
	// statusWatcher hears of status changes; nil: nobody.
	statusWatcher StatusWatcher
	// Read caches. A case is cached under its version and the list under the
	// case epoch; both move in the same transaction as any change, in the
	// database, so every instance sees at once when its copy is stale.
	files *lru.Cache[string, *Case]
	lists *lru.Cache[string, *List]
}

// NewService returns the service with the basic gates; AddGate appends the
// gates of other capabilities.
func NewService(d *db.DB) *Service {
	files, _ := lru.New[string, *Case](1024)
	lists, _ := lru.New[string, *List](256)
	return &Service{db: d, gates: BasicGates(), files: files, lists: lists}
}

// MoveEpoch moves the case epoch on, which tells every instance that its
// cached case lists are stale. Every transaction that changes cases calls it,
// including writers outside this package such as the demonstration seed.
func MoveEpoch(tx *gorm.DB) error {
	return tx.Exec("UPDATE case_epoch SET n = n + 1 WHERE id = 1").Error
}

// AddGate registers a readiness gate run at submission and approval.
func (s *Service) AddGate(g Gate) { s.gates = append(s.gates, g) }

// Readiness returns the checklist of f.
func (s *Service) Readiness(ctx context.Context, f *Case) ([]Check, error) {
	return Readiness(ctx, s.gates, f)
}

var errNoCase = apperr.New(apperr.NotFound, "No such case.")

// Get returns a case with its parties, items, documents, sign-offs, the names
// of the people involved and its timeline. The result is shared with other
// readers: treat it as read-only. Errors: NotFound, Forbidden.
func (s *Service) Get(ctx context.Context, id string) (*Case, error) {
	if _, err := auth.Require(ctx, auth.PermReadCases); err != nil {
		return nil, err
	}
	g := s.db.Gorm.WithContext(ctx)
	var version int64
	if err := s.db.QueryRow(ctx, "SELECT version FROM cases WHERE id = ?", id).Scan(&version); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errNoCase
		}
		return nil, err
	}
	if f, ok := s.files.Get(id); ok && f.Version == version {
		return s.withAuthors(ctx, g, f)
	}
	f, err := load(ctx, g, id)
	if err != nil {
		return nil, err
	}
	ids := append([]string{f.OwnerID}, f.Removed.by()...)
	for _, a := range append(slices.Clone(f.Attachments), f.Removed.Attachments...) {
		ids = append(ids, a.UploadedBy)
	}
	for _, so := range f.SignOffs {
		ids = append(ids, so.UserID)
	}
	if f.RiskSetBy != nil {
		ids = append(ids, *f.RiskSetBy)
	}
	if f.Names, err = auth.NamesOf(ctx, g, ids); err != nil {
		return nil, err
	}
	events, err := audit.List(ctx, g, audit.Filter{ObjectType: "case", ObjectID: id, Limit: 500})
	if err != nil {
		return nil, err
	}
	slices.Reverse(events)
	f.Timeline = events
	s.files.Add(id, f)
	return s.withAuthors(ctx, g, f)
}

func load(ctx context.Context, g *gorm.DB, id string) (*Case, error) {
	g = g.WithContext(ctx)
	f := &Case{}
	if err := g.Where("id = ?", id).Take(&f.Record).Error; err != nil {
		if db.IsNotFound(err) {
			return nil, errNoCase
		}
		return nil, err
	}
	err := firstErr(
		g.Preload("Party").Where("case_id = ?", id).Order("added_at, id").Find(&f.Parties).Error,
		g.Where("case_id = ?", id).Order("created_at, id").Find(&f.Items).Error,
		g.Where("case_id = ?", id).Order("uploaded_at, id").Find(&f.Attachments).Error,
		g.Where("case_id = ?", id).Order("created_at, id").Find(&f.SignOffs).Error,
		g.Table("case_editors").Where("case_id = ?", id).Pluck("user_id", &f.Editors).Error,
	)
	if err != nil {
		return nil, err
	}
	f.Parties, f.Removed.Parties = split(f.Parties)
	f.Items, f.Removed.Items = split(f.Items)
	f.Attachments, f.Removed.Attachments = split(f.Attachments)
	f.ContentHash = ContentHash(f)
	return f, nil
}

// split parts rows into those on the case and those removed from it.
func split[T interface{ Removed() bool }](rows []T) (kept, removed []T) {
	for _, r := range rows {
		if r.Removed() {
			removed = append(removed, r)
		} else {
			kept = append(kept, r)
		}
	}
	return kept, removed
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// state is what the audit trail records of a case before and after a change.
type state struct {
	Status  Status `json:"status"`
	Version int64  `json:"version"`
	details
	Parties     []string    `json:"parties"`
	Items       []itemState `json:"items"`
	Documents   []string    `json:"documents"`
	ContentHash string      `json:"content_hash"`
}

// itemState is what the audit trail records of an item: enough to tell what
// was to be exported, how much of it and under which classification.
type itemState struct {
	Description       string `json:"description"`
	Quantity          string `json:"quantity"`
	Value             string `json:"value"`
	Classification    string `json:"classification"`
	CyberSurveillance bool   `json:"cyber_surveillance"`
	CyberReason       string `json:"cyber_reason,omitempty"`
}

func snapshot(f *Case) state {
	st := state{Status: f.Status, Version: f.Version, details: detailsOf(f), ContentHash: f.ContentHash}
	for _, p := range f.Parties {
		st.Parties = append(st.Parties, PartyRoles.Label(p.Role)+": "+p.Party.Name)
	}
	for _, it := range f.Items {
		st.Items = append(st.Items, itemState{Description: it.Description, Quantity: FormatDecimal(it.QuantityMilli, 3, 0) + " " + it.Unit,
			Value: it.Currency + " " + FormatDecimal(it.ValueMinor, 2, 2), Classification: it.Classification,
			CyberSurveillance: it.CyberSurveillance, CyberReason: it.CyberReason})
	}
	for _, a := range f.Attachments {
		if a.Current() {
			st.Documents = append(st.Documents, AttachmentKinds.Label(a.Kind)+": "+a.Filename+" sha256:"+a.SHA256)
		}
	}
	return st
}

// change is the one way a case is changed. In one transaction it takes the
// case's row lock by moving it from version to version+1 — a concurrent
// change of the same version finds nothing to move and gets Conflict — then
// lets fn change rows and returns the event summary, keeps the life cycle
// consistent with the new content and appends the audit event.
//
// edit says fn changes the content: the case must then be editable, a change
// after submission marks the actor as an editor (who may not approve), and an
// approved case goes back to submitted.
func (s *Service) change(ctx context.Context, caseID string, version int64, p auth.Permission, action string, edit bool,
	fn func(tx *gorm.DB, f *Case, now time.Time) (string, error)) (*Case, error) {
	actor, err := auth.Require(ctx, p)
	if err != nil {
		return nil, err
	}
	var out *Case
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		now := s.db.Now()
		res := tx.Model(&Record{}).Where("id = ? AND version = ?", caseID, version).
			Updates(map[string]any{"version": gorm.Expr("version + 1"), "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if err := MoveEpoch(tx); err != nil {
			return err
		}
		before, err := load(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if res.RowsAffected == 0 {
			return apperr.New(apperr.Conflict, "Someone else changed this case while you were looking at it. Reload it to see their change, then try again.")
		}
		if edit && !before.Status.Editable() {
			return apperr.New(apperr.Conflict, "A case that is %s cannot be changed.", strings.ToLower(before.Status.Label()))
		}
		before.Version = version
		summary, err := fn(tx, before, now)
		if err != nil {
			return err
		}
		after, err := load(ctx, tx, caseID)
		if err != nil {
			return err
		}
		if edit && after.ContentHash != before.ContentHash {
			if s.watcher != nil {
				if err := s.watcher.CaseChangedTx(ctx, tx, after); err != nil {
					return err
				}
			}
			if err := s.recordEdit(tx, after, actor, now); err != nil {
				return err
			}
			if after, err = load(ctx, tx, caseID); err != nil {
				return err
			}
		}
		if after.Status != before.Status && s.statusWatcher != nil {
			if err := s.statusWatcher.StatusChangedTx(ctx, tx, after, before.Status); err != nil {
				return err
			}
		}
		out = after
		return audit.Record(ctx, tx, now, audit.Event{Action: action, ObjectType: "case", ObjectID: caseID,
			Summary: after.Reference + ": " + summary, Before: snapshot(before), After: snapshot(after)})
	})
	return out, err
}

// recordEdit applies what a content change means after submission: the editor
// may no longer approve, and an approved case needs approval again.
func (s *Service) recordEdit(tx *gorm.DB, f *Case, actor *auth.Actor, now time.Time) error {
	if f.SubmittedAt == nil {
		return nil
	}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&caseEditor{CaseID: f.ID, UserID: actor.UserID}).Error; err != nil {
		return err
	}
	if next, ok := Next(f.Status, ActReopen); ok {
		return tx.Model(&Record{}).Where("id = ?", f.ID).Updates(map[string]any{"status": next, "submitted_at": now, "decided_at": nil}).Error
	}
	return nil
}

type caseEditor struct {
	CaseID string `gorm:"column:case_id;primaryKey"`
	UserID string `gorm:"column:user_id;primaryKey"`
}

func (caseEditor) TableName() string { return "case_editors" }

// Input is the case's own fields, as a form gives them.
type Input struct {
	Title       string
	Destination string // ISO 3166-1 alpha-2, or empty
	EndUserType string
	EndUse      string
	Notes       string
}

// validate checks the input and normalises it; destination must exist in the
// country table.
func (in *Input) validate(tx *gorm.DB) (map[string]string, error) {
	errs := map[string]string{}
	in.Title, in.EndUse, in.Notes = strings.TrimSpace(in.Title), strings.TrimSpace(in.EndUse), strings.TrimSpace(in.Notes)
	in.Destination = strings.ToUpper(strings.TrimSpace(in.Destination))
	switch {
	case in.Title == "":
		errs["title"] = "Give the case a title."
	case len(in.Title) > 200:
		errs["title"] = "Use at most 200 characters."
	}
	if in.EndUserType != "" && !EndUserTypes.Has(in.EndUserType) {
		errs["end_user_type"] = "Choose one of the listed end-user types."
	}
	if len(in.EndUse) > 5000 {
		errs["end_use"] = "Use at most 5,000 characters."
	}
	if len(in.Notes) > 20000 {
		errs["notes"] = "Use at most 20,000 characters."
	}
	return errs, checkCountry(tx, in.Destination, "destination", errs)
}

// checkCountry adds a message for field to errs unless code is empty or a
// country of the reference table.
func checkCountry(tx *gorm.DB, code, field string, errs map[string]string) error {
	if code == "" {
		return nil
	}
	var n int64
	if err := tx.Table("countries").Where("code = ?", code).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		errs[field] = "Choose a country from the list."
	}
	return nil
}

func (in *Input) destination() *string {
	if in.Destination == "" {
		return nil
	}
	return &in.Destination
}

// Create opens a draft case owned by the actor, with the next reference of
// the year. Errors: Invalid (fields), Forbidden.
func (s *Service) Create(ctx context.Context, in Input) (*Case, error) {
	actor, err := auth.Require(ctx, auth.PermEditCases)
	if err != nil {
		return nil, err
	}
	var out *Case
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		errs, err := in.validate(tx)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return apperr.Validation(errs)
		}
		now := s.db.Now()
		ref, err := nextReference(tx, now.Year())
		if err != nil {
			return err
		}
		c := Record{ID: db.NewID(), Reference: ref, Title: in.Title, Destination: in.destination(), EndUserType: in.EndUserType,
			EndUse: in.EndUse, Notes: in.Notes, OwnerID: actor.UserID, Status: Draft, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		if err := MoveEpoch(tx); err != nil {
			return err
		}
		if out, err = load(ctx, tx, c.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "case.create", ObjectType: "case", ObjectID: c.ID,
			Summary: ref + ": opened “" + c.Title + "”", After: snapshot(out)})
	})
	return out, err
}

// nextReference hands out EXP-YYYY-NNNNN. The upsert takes the counter row's
// lock until the transaction ends, so concurrent creations queue, and a
// creation that fails returns its number: references stay gap-free.
func nextReference(tx *gorm.DB, year int) (string, error) {
	var n int64
	err := tx.Raw(`INSERT INTO case_counters (year, last_number) VALUES (?, 1)
		ON CONFLICT (year) DO UPDATE SET last_number = case_counters.last_number + 1
		RETURNING last_number`, year).Scan(&n).Error
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("EXP-%d-%05d", year, n), nil
}

// Update changes the case's own fields. Errors: Invalid, NotFound, Forbidden, Conflict.
func (s *Service) Update(ctx context.Context, id string, version int64, in Input) (*Case, error) {
	return s.change(ctx, id, version, auth.PermEditCases, "case.update", true, func(tx *gorm.DB, f *Case, now time.Time) (string, error) {
		errs, err := in.validate(tx)
		if err != nil {
			return "", err
		}
		if len(errs) > 0 {
			return "", apperr.Validation(errs)
		}
		return "changed the case details", tx.Model(&Record{}).Where("id = ?", id).Updates(map[string]any{
			"title": in.Title, "destination": in.destination(), "end_user_type": in.EndUserType,
			"end_use": in.EndUse, "notes": in.Notes}).Error
	})
}

// roleIn returns the role a sign-off is recorded in: the compliance officer's
// when the person holds it, since that is what the high-risk rule asks for.
func roleIn(a *auth.Actor) auth.Role {
	if a.HasRole(auth.RoleComplianceOfficer) {
		return auth.RoleComplianceOfficer
	}
	r, _ := auth.GrantingRole(a.Roles, auth.PermSignOffCases)
	return r
}

// editedBy reports whether user changed the content after submission.
func (f *Case) editedBy(userID string) bool { return slices.Contains(f.Editors, userID) }
