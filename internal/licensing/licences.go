package licensing

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/hrdd"
)

// LicenceInput is a licence as the form gives it. Destinations and entry
// codes are separated by spaces or commas, end users and products one a
// line; the limits are decimals ("5,000.00", "12.5"), each optional.
type LicenceInput struct {
	Type, Number, Authority, ValidFrom, ValidUntil string
	Destinations, EndUsers, Products, EntryCodes   string
	Limit, Currency, Quantity, Unit                string
	Document                                       *cases.Document
}

// Create records a licence of the company with its document. A validity
// longer than Art. 12(3) provides is recorded with a warning (see
// Licence.ValidityWarning), not refused. Errors: Invalid, Forbidden,
// Conflict (the authority's number is recorded already).
func (s *Service) Create(ctx context.Context, in LicenceInput) (*Licence, error) {
	actor, err := auth.Require(ctx, auth.PermManageLicences)
	if err != nil {
		return nil, err
	}
	l, e := in.licence()
	if err := s.checkCountries(ctx, l.Destinations, e); err != nil {
		return nil, err
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	now := s.db.Now()
	l.ID, l.CreatedBy, l.CreatedAt = db.NewID(), actor.UserID, now
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Licence{}).Where("authority = ? AND number = ?", l.Authority, l.Number).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, "Licence %s is recorded already.", l.Name())
		}
		if err := tx.Create(l).Error; err != nil {
			return err
		}
		return record(ctx, tx, now, "licence.create", l.ID, "Recorded "+strings.ToLower(l.Type.Label())+" "+l.Name()+
			", valid "+l.ValidFrom.Format(time.DateOnly)+" to "+l.ValidUntil.Format(time.DateOnly)+", document "+l.DocFilename+
			" (sha256 "+l.DocSHA256+")", l)
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// licence reads the input into a licence, with what is wrong with it.
func (in LicenceInput) licence() (*Licence, fields) {
	e := fields{}
	l := &Licence{Type: Type(in.Type),
		Number:       e.text("number", in.Number, 100, "Enter the licence number."),
		Authority:    e.text("authority", in.Authority, 300, "Name the authority that issued the licence."),
		ValidFrom:    e.date("valid_from", in.ValidFrom, "Enter the first valid day as YYYY-MM-DD."),
		ValidUntil:   e.date("valid_until", in.ValidUntil, "Enter the last valid day as YYYY-MM-DD."),
		Destinations: Words(strings.Fields(strings.ToUpper(strings.ReplaceAll(in.Destinations, ",", " ")))),
		Currency:     strings.ToUpper(strings.TrimSpace(in.Currency)), Unit: strings.TrimSpace(in.Unit)}
	if !Types.Has(l.Type) {
		e["type"] = "Choose the type of licence."
	}
	if e["valid_until"] == "" && e["valid_from"] == "" && l.ValidUntil.Before(l.ValidFrom) {
		e["valid_until"] = "The last valid day cannot come before the first."
	}
	l.EndUsers, l.Products = e.lines("end_users", in.EndUsers), e.lines("products", in.Products)
	l.EntryCodes = e.entryCodes(in.EntryCodes)
	l.LimitMinor = e.decimal("limit", in.Limit, 2)
	if l.LimitMinor != nil && (len(l.Currency) != 3 || strings.Trim(l.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
		e["currency"] = "Use a three-letter currency code such as EUR."
	}
	if l.LimitMilli = e.decimal("quantity", in.Quantity, 3); l.LimitMilli != nil && l.Unit == "" {
		e["unit"] = "Say what the quantity counts, such as pcs."
	}
	if in.Document == nil {
		e["document"] = "Upload the licence document."
	} else {
		d := in.Document
		l.DocSHA256, l.DocFilename, l.DocContentType, l.DocSize = d.SHA256, d.Filename, d.ContentType, d.Size
	}
	return l, e
}

// checkCountries adds an error for destinations that are no ISO code.
func (s *Service) checkCountries(ctx context.Context, codes []string, e fields) error {
	if len(codes) == 0 {
		return nil
	}
	var known []string
	if err := s.db.Gorm.WithContext(ctx).Table("countries").Where("code IN ?", codes).Pluck("code", &known).Error; err != nil {
		return err
	}
	for _, c := range codes {
		if !slices.Contains(known, c) {
			e["destinations"] = "“" + c + "” is not an ISO country code; use codes such as US or JP."
		}
	}
	return nil
}

// Licences returns every licence of the company, the soonest to expire
// first. Errors: Forbidden.
func (s *Service) Licences(ctx context.Context) ([]Licence, error) {
	if _, err := auth.Require(ctx, auth.PermReadReference); err != nil {
		return nil, err
	}
	return licencesIn(s.db.Gorm.WithContext(ctx), func(q *gorm.DB) *gorm.DB { return q })
}

// licencesIn reads the licences where picks, in g.
func licencesIn(g *gorm.DB, where func(*gorm.DB) *gorm.DB) ([]Licence, error) {
	var out []Licence
	q := g.Table("licences l").Select("l.*, u.name AS created_by_name").Joins("JOIN users u ON u.id = l.created_by")
	if err := where(q).Find(&out).Error; err != nil {
		return nil, err
	}
	slices.SortFunc(out, byValidUntil)
	return out, nil
}

// Licence returns one licence. Errors: NotFound, Forbidden.
func (s *Service) Licence(ctx context.Context, id string) (*Licence, error) {
	if _, err := auth.Require(ctx, auth.PermReadReference); err != nil {
		return nil, err
	}
	out, err := licencesIn(s.db.Gorm.WithContext(ctx), func(q *gorm.DB) *gorm.DB { return q.Where("l.id = ?", id) })
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, apperr.New(apperr.NotFound, "No such licence.")
	}
	return &out[0], nil
}

// fields collects what is wrong with a form, by field.
type fields map[string]string

func (e fields) text(field, v string, limit int, need string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		e[field] = need
	case utf8.RuneCountInString(v) > limit:
		e[field] = fmt.Sprintf("Use at most %d characters.", limit)
	}
	return v
}

func (e fields) date(field, v, need string) time.Time {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(v))
	if err != nil {
		e[field] = need
	}
	return d
}

func (e fields) lines(field, v string) Lines {
	var l Lines
	if err := l.Scan(v); err == nil && utf8.RuneCountInString(v) > 4000 {
		e[field] = "Use at most 4,000 characters."
	}
	return l
}

// entryCodes reads Annex I entry codes; every word must be one.
func (e fields) entryCodes(v string) Words {
	var out Words
	for _, w := range strings.Fields(strings.NewReplacer(",", " ", ";", " ").Replace(v)) {
		codes := hrdd.EntryCodes(w)
		if len(codes) != 1 || !strings.EqualFold(codes[0], strings.TrimSuffix(w, ".")) {
			e["entry_codes"] = "“" + w + "” is not an Annex I entry code such as 5A002.a."
			continue
		}
		out = append(out, codes[0])
	}
	return out
}

// decimal reads an optional amount in units of 10^-places; nil when empty.
func (e fields) decimal(field, v string, places int) *int64 {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	n, err := cases.ParseDecimal(v, places)
	if err != nil {
		e[field] = strings.ToUpper(err.Error()[:1]) + err.Error()[1:] + "."
	} else if n == 0 {
		e[field] = "A limit of nothing leaves nothing to use; leave it empty for no limit."
	}
	return &n
}

func (e fields) err() error {
	if len(e) == 0 {
		return nil
	}
	return apperr.Validation(e)
}

// record appends the audit event of a change to a GEA's registration or a
// licence, in its transaction, and moves the licence epoch on: every change
// of the company's authorisations comes through here.
func record(ctx context.Context, tx *gorm.DB, now time.Time, action, id, summary string, after any) error {
	kind, _, _ := strings.Cut(action, ".")
	if err := tx.Exec("UPDATE licence_epoch SET n = n + 1 WHERE id = 1").Error; err != nil {
		return err
	}
	return audit.Record(ctx, tx, now, audit.Event{Action: action, ObjectType: kind, ObjectID: id, Summary: summary, After: after})
}
