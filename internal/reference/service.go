package reference

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	lru "github.com/hashicorp/golang-lru/v2"
	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// Service keeps the country reference data that human-rights due diligence
// reads (restrictive measures, human-rights indicators, risk tiers) and the
// red-flag catalogue. Reading needs auth.PermReadReference; recording facts
// auth.PermEditReference; judging them (confirming a measure, setting a
// tier) auth.PermJudgeCountries. Every change is one transaction with its
// audit event.
type Service struct {
	db *db.DB
	// standings keeps what Standing read, under the country's latest change
	// and the day (see Standing).
	standings *lru.Cache[standingKey, Standing]
}

// NewService returns the reference service over d.
func NewService(d *db.DB) *Service {
	standings, _ := lru.New[standingKey, Standing](512)
	return &Service{db: d, standings: standings}
}

// objectType is what the audit trail calls a country, the object of every
// change of reference data.
const objectType = "country"

// change runs fn for actor a in one transaction on the country with code,
// and records the audit event fn returns on the country.
func (s *Service) change(ctx context.Context, a *auth.Actor, code string, fn func(tx *gorm.DB, c Country, now time.Time) (audit.Event, error)) error {
	now := s.db.Now()
	return s.db.InTx(ctx, func(tx *gorm.DB) error {
		c, err := CountryByCode(ctx, tx, code)
		if err != nil {
			return err
		}
		ev, err := fn(tx, c, now)
		if err != nil {
			return err
		}
		ev.ObjectType, ev.ObjectID = objectType, c.Code
		return audit.Record(ctx, tx, now, ev)
	})
}

// fieldErrors collects the messages of a form being checked.
type fieldErrors map[string]string

// text trims v and checks it is present (else need) and at most limit characters.
func (e fieldErrors) text(field, v string, limit int, need string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "" && need != "":
		e[field] = need
	case utf8.RuneCountInString(v) > limit:
		e[field] = fmt.Sprintf("Use at most %d characters.", limit)
	}
	return v
}

// date parses an optional YYYY-MM-DD date (what a date input sends); need,
// when not "", makes it required.
func (e fieldErrors) date(field, v, need string) *time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		if need != "" {
			e[field] = need
		}
		return nil
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		e[field] = "Enter the date as YYYY-MM-DD, e.g. 2025-03-31."
		return nil
	}
	return &d
}

func (e fieldErrors) err() error {
	if len(e) == 0 {
		return nil
	}
	return apperr.Validation(e)
}

// today is the date of now, at midnight UTC as dates are stored.
func today(now time.Time) time.Time {
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
