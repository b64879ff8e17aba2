package cases

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/reference"
)

// PartyInput adds a party to a case: an existing party by id, or a new one.
type PartyInput struct {
	Role               string
	PartyID            string // existing party; the fields below are then ignored
	Name               string
	Kind               string
	Country            string
	Address            string
	RegistrationNumber string
	VATNumber          string
	LEI                string
	PassportNumber     string
}

// validate checks in; blank tells a name with nothing to screen.
func (in *PartyInput) validate(tx *gorm.DB, blank func(string) bool) (map[string]string, error) {
	errs := map[string]string{}
	if !PartyRoles.Has(in.Role) {
		errs["role"] = "Choose the party's role on this case."
	}
	if in.PartyID != "" {
		return errs, nil
	}
	trim := func(p *string, max int, field string) {
		*p = strings.TrimSpace(*p)
		if len(*p) > max {
			errs[field] = "Too long."
		}
	}
	trim(&in.Name, 300, "name")
	trim(&in.Address, 1000, "address")
	trim(&in.RegistrationNumber, 100, "registration_number")
	trim(&in.VATNumber, 100, "vat_number")
	trim(&in.LEI, 20, "lei")
	trim(&in.PassportNumber, 100, "passport_number")
	in.LEI = strings.ToUpper(in.LEI)
	if blank(in.Name) {
		errs["name"] = "Enter the party's name."
	}
	if !PartyKinds.Has(in.Kind) {
		errs["kind"] = "Choose company, person or government body."
	}
	if in.LEI != "" && len(in.LEI) != 20 {
		errs["lei"] = "A Legal Entity Identifier has 20 characters."
	}
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	return errs, checkCountry(tx, in.Country, "country", errs)
}

// AddParty adds a party in a role; a new party is created for reuse on other
// cases. Errors: Invalid (fields), NotFound, Forbidden, Conflict.
func (s *Service) AddParty(ctx context.Context, caseID string, version int64, in PartyInput) (*Case, error) {
	actor := auth.ActorFrom(ctx)
	return s.change(ctx, caseID, version, auth.PermEditCases, "case.party_add", true, func(tx *gorm.DB, f *Case, now time.Time) (string, error) {
		errs, err := in.validate(tx, s.blankName)
		if err != nil {
			return "", err
		}
		if len(errs) > 0 {
			return "", apperr.Validation(errs)
		}
		var p Party
		if in.PartyID != "" {
			if err := tx.Where("id = ?", in.PartyID).Take(&p).Error; err != nil {
				if db.IsNotFound(err) {
					return "", apperr.Validation(map[string]string{"party_id": "That party no longer exists; search again."})
				}
				return "", err
			}
		} else {
			p = Party{ID: db.NewID(), Name: in.Name, SearchName: reference.Fold(in.Name), Kind: in.Kind, Address: in.Address,
				RegistrationNumber: in.RegistrationNumber, VATNumber: in.VATNumber, LEI: in.LEI, PassportNumber: in.PassportNumber,
				CreatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now}
			if in.Country != "" {
				p.Country = &in.Country
			}
			if err := tx.Create(&p).Error; err != nil {
				return "", err
			}
		}
		for _, cp := range f.Parties {
			if cp.PartyID == p.ID && cp.Role == in.Role {
				return "", apperr.Validation(map[string]string{"role": p.Name + " is already on this case in that role."})
			}
		}
		link := CaseParty{ID: db.NewID(), CaseID: caseID, PartyID: p.ID, Role: in.Role, AddedBy: actor.UserID, AddedAt: now}
		if err := tx.Omit("Party").Create(&link).Error; err != nil {
			return "", err
		}
		summary := "added " + p.Name + " as " + strings.ToLower(PartyRoles.Label(in.Role))
		if s.screener != nil {
			screened, err := s.screener.ScreenPartyTx(ctx, tx, &p)
			if err != nil {
				return "", err
			}
			summary += "; " + screened
		}
		return summary, nil
	})
}

// blankName reports whether a party's name has nothing to screen: the
// screener decides; without one, only an empty name.
func (s *Service) blankName(name string) bool {
	if s.screener == nil {
		return name == ""
	}
	return s.screener.Blank(name)
}

// RemoveParty takes a party off the case for reason (the party itself stays
// for other cases); the link is kept, marked removed.
// Errors: Invalid (no reason), NotFound, Forbidden, Conflict.
func (s *Service) RemoveParty(ctx context.Context, caseID string, version int64, linkID, reason string) (*Case, error) {
	return s.remove(ctx, caseID, version, "case.party_remove", "party", &CaseParty{}, linkID, reason, func(f *Case) (string, bool) {
		for _, cp := range f.Parties {
			if cp.ID == linkID {
				return cp.Party.Name + " (" + strings.ToLower(PartyRoles.Label(cp.Role)) + ")", true
			}
		}
		return "", false
	})
}

// SearchParties finds known parties whose name contains q, for reuse.
// Errors: Forbidden, Invalid (q too long).
func (s *Service) SearchParties(ctx context.Context, q string, limit int) ([]Party, error) {
	if _, err := auth.Require(ctx, auth.PermEditCases); err != nil {
		return nil, err
	}
	if err := db.CheckSearch("party_q", q); err != nil {
		return nil, err
	}
	key := reference.Fold(q)
	if len([]rune(key)) < 2 {
		return nil, nil
	}
	var out []Party
	err := s.db.Gorm.WithContext(ctx).Where(`search_name LIKE ? ESCAPE '\'`, "%"+db.EscapeLike(key)+"%").
		Order("name").Limit(limit).Find(&out).Error
	return out, err
}
