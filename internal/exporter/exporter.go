// Package exporter is who the company running Vigil is, as the competent
// authority sees it: the exporter's name, address and EORI number, the
// Member State it exports from, the authority its notifications go to, and
// the Member States whose national law uses Art. 5(3) of Regulation (EU)
// 2021/821.
package exporter

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// MemberStates are the ISO codes of the EU Member States, the states that
// can be the exporter's and that may adopt national rules under Art. 5(3).
var MemberStates = []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
	"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}

// Settings is the exporter as notifications name it.
type Settings struct {
	ID               int        `gorm:"column:id;primaryKey"`
	Name             string     `gorm:"column:name"`
	Address          string     `gorm:"column:address"`
	EORI             string     `gorm:"column:eori"`
	MemberState      string     `gorm:"column:member_state"`
	AuthorityName    string     `gorm:"column:authority_name"`
	AuthorityAddress string     `gorm:"column:authority_address"`
	UpdatedBy        *string    `gorm:"column:updated_by"`
	UpdatedAt        *time.Time `gorm:"column:updated_at"`
}

func (Settings) TableName() string { return "exporter_settings" }

// Missing names what a notification needs and the settings lack.
func (s *Settings) Missing() []string {
	var out []string
	for _, f := range []struct{ value, name string }{{s.Name, "the exporter's name"}, {s.Address, "its address"},
		{s.EORI, "its EORI number"}, {s.MemberState, "its Member State"}, {s.AuthorityName, "the competent authority"},
		{s.AuthorityAddress, "the authority's address"}} {
		if f.value == "" {
			out = append(out, f.name)
		}
	}
	return out
}

// NationalRule is a Member State's legislation under Art. 5(3): an
// authorisation is required where the exporter has grounds for suspecting
// the uses of Art. 5(1).
type NationalRule struct {
	MemberState string    `gorm:"column:member_state;primaryKey"`
	LegalBasis  string    `gorm:"column:legal_basis"`
	UpdatedBy   string    `gorm:"column:updated_by"`
	UpdatedAt   time.Time `gorm:"column:updated_at"`
}

func (NationalRule) TableName() string { return "national_art5_rules" }

// Service reads and keeps the exporter settings.
type Service struct{ db *db.DB }

// NewService returns the service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// Profile is the settings with the national rule of the exporter's Member
// State, if it has one.
type Profile struct {
	Settings
	NationalRule *NationalRule
}

// ProfileTx reads the exporter's profile in tx. It asks for no permission:
// every act that names the exporter reads it.
func ProfileTx(ctx context.Context, tx *gorm.DB) (*Profile, error) {
	var p Profile
	if err := tx.WithContext(ctx).Take(&p.Settings, 1).Error; err != nil {
		return nil, fmt.Errorf("exporter settings: %w", err)
	}
	if p.MemberState == "" {
		return &p, nil
	}
	var r NationalRule
	err := tx.WithContext(ctx).Where("member_state = ?", p.MemberState).Take(&r).Error
	switch {
	case err == nil:
		p.NationalRule = &r
	case !db.IsNotFound(err):
		return nil, err
	}
	return &p, nil
}

// Profile reads the exporter's profile for its administrator.
// Errors: Forbidden.
func (s *Service) Profile(ctx context.Context) (*Profile, error) {
	if _, err := auth.Require(ctx, auth.PermManageExporter); err != nil {
		return nil, err
	}
	return ProfileTx(ctx, s.db.Gorm)
}

// Input is the settings as the administrator's form gives them. Art53 says
// whether the exporter's Member State has legislation under Art. 5(3), and
// Art53Basis names it.
type Input struct {
	Name, Address, EORI, MemberState, AuthorityName, AuthorityAddress string
	Art53                                                             bool
	Art53Basis                                                        string
}

// validEORI reports whether s is an EORI number: a two-letter country code
// and up to 15 letters or digits, in capitals.
func validEORI(s string) bool {
	if len(s) < 3 || len(s) > 17 {
		return false
	}
	for i, r := range s {
		letter, digit := r >= 'A' && r <= 'Z', r >= '0' && r <= '9'
		if !letter && (i < 2 || !digit) {
			return false
		}
	}
	return true
}

func (in *Input) validate() map[string]string {
	for _, f := range []*string{&in.Name, &in.Address, &in.EORI, &in.MemberState, &in.AuthorityName, &in.AuthorityAddress, &in.Art53Basis} {
		*f = strings.TrimSpace(*f)
	}
	in.EORI, in.MemberState = strings.ToUpper(strings.ReplaceAll(in.EORI, " ", "")), strings.ToUpper(in.MemberState)
	errs := map[string]string{}
	for _, f := range []struct {
		name, value string
		max         int
	}{{"name", in.Name, 300}, {"address", in.Address, 1000}, {"authority_name", in.AuthorityName, 300},
		{"authority_address", in.AuthorityAddress, 1000}, {"art53_basis", in.Art53Basis, 1000}} {
		if utf8.RuneCountInString(f.value) > f.max {
			errs[f.name] = fmt.Sprintf("Use at most %d characters.", f.max)
		}
	}
	if in.EORI != "" && !validEORI(in.EORI) {
		errs["eori"] = "An EORI number is a country code and up to 15 letters or digits, such as DE1234567890123."
	}
	if in.MemberState != "" && !slices.Contains(MemberStates, in.MemberState) {
		errs["member_state"] = "Choose an EU Member State."
	}
	if in.Art53 && in.MemberState == "" {
		errs["member_state"] = "Choose the Member State whose national rule applies."
	}
	if in.Art53 && in.Art53Basis == "" {
		errs["art53_basis"] = "Name the national legislation (act and article) that imposes the requirement."
	}
	return errs
}

// Save stores the settings and the national rule of the Member State, on
// the audit trail. Errors: Invalid (fields), Forbidden.
func (s *Service) Save(ctx context.Context, in Input) (*Profile, error) {
	actor, err := auth.Require(ctx, auth.PermManageExporter)
	if err != nil {
		return nil, err
	}
	if errs := in.validate(); len(errs) > 0 {
		return nil, apperr.Validation(errs)
	}
	var out *Profile
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		before, err := ProfileTx(ctx, tx)
		if err != nil {
			return err
		}
		now := s.db.Now()
		err = tx.Model(&Settings{}).Where("id = 1").Updates(map[string]any{"name": in.Name, "address": in.Address, "eori": in.EORI,
			"member_state": in.MemberState, "authority_name": in.AuthorityName, "authority_address": in.AuthorityAddress,
			"updated_by": actor.UserID, "updated_at": now}).Error
		if err != nil {
			return err
		}
		if err := saveRule(tx, in, actor.UserID, now); err != nil {
			return err
		}
		if out, err = ProfileTx(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "exporter.update", ObjectType: "exporter", ObjectID: "1",
			Summary: "Exporter settings changed: " + describe(out), Before: before, After: out})
	})
	return out, err
}

// saveRule keeps the national rule of in's Member State as in says.
func saveRule(tx *gorm.DB, in Input, userID string, now time.Time) error {
	if in.MemberState == "" {
		return nil
	}
	if !in.Art53 {
		return tx.Where("member_state = ?", in.MemberState).Delete(&NationalRule{}).Error
	}
	return tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&NationalRule{MemberState: in.MemberState,
		LegalBasis: in.Art53Basis, UpdatedBy: userID, UpdatedAt: now}).Error
}

func describe(p *Profile) string {
	rule := "no national rule under Art. 5(3)"
	if p.NationalRule != nil {
		rule = "national rule under Art. 5(3): " + p.NationalRule.LegalBasis
	}
	return fmt.Sprintf("%s, EORI %s, %s; notifications to %s; %s", p.Name, p.EORI, p.MemberState, p.AuthorityName, rule)
}
