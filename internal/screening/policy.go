package screening

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// Requirement is what the company's list policy asks of one list.
type Requirement string

const (
	// Required: the screening gate fails while the list is not imported or
	// its version in use is older than the policy allows.
	Required Requirement = "required"
	// Recommended: warned about on the lists page and the compliance home
	// page, never blocking.
	Recommended Requirement = "recommended"
	// Optional: screened against when imported, nothing asked.
	Optional Requirement = "optional"
)

// Requirements are the choices, strictest first.
var Requirements = []Requirement{Required, Recommended, Optional}

// Label is the requirement for people.
func (r Requirement) Label() string {
	return map[Requirement]string{Required: "Required", Recommended: "Recommended", Optional: "Optional"}[r]
}

// ListRule is the policy for one list: whether it must be in use and how
// many days its version in use may be old, counted from its import.
type ListRule struct {
	Source      watchlist.Source `gorm:"column:source;primaryKey"`
	Requirement Requirement      `gorm:"column:requirement"`
	MaxAgeDays  int              `gorm:"column:max_age_days"`
	UpdatedBy   *string          `gorm:"column:updated_by"`
	UpdatedAt   time.Time        `gorm:"column:updated_at"`
}

func (ListRule) TableName() string { return "list_policy" }

// Policy is the rule of every list, in watchlist.Sources order.
type Policy []ListRule

const (
	// DefaultMaxAgeDays is how old a list's version may be by default: the
	// official lists change weekly or more often.
	DefaultMaxAgeDays = 7
	// MaxAgeLimit bounds what the policy may allow.
	MaxAgeLimit = 90
	// WarnDays is how long before a required list becomes too old the
	// compliance home page warns.
	WarnDays = 2
)

// DefaultPolicy is the policy of an EU exporter until a compliance officer
// changes it: the EU, UN and UK lists required, OFAC SDN recommended, the
// others optional, each at most DefaultMaxAgeDays old. It is the company's
// choice, not a rule of the law.
func DefaultPolicy() Policy {
	p := make(Policy, 0, len(watchlist.Sources))
	for _, src := range watchlist.Sources {
		req := Optional
		switch src {
		case watchlist.EU, watchlist.UN, watchlist.UK:
			req = Required
		case watchlist.OFACSDN:
			req = Recommended
		}
		p = append(p, ListRule{Source: src, Requirement: req, MaxAgeDays: DefaultMaxAgeDays})
	}
	return p
}

// Rule returns the policy's rule for src.
func (p Policy) Rule(src watchlist.Source) ListRule {
	for _, r := range p {
		if r.Source == src {
			return r
		}
	}
	return ListRule{Source: src, Requirement: Optional, MaxAgeDays: DefaultMaxAgeDays}
}

// Freshness is where a list stands against its rule.
type Freshness string

const (
	Missing Freshness = "missing" // not imported
	TooOld  Freshness = "too_old" // its version in use is older than the rule allows
	Ageing  Freshness = "ageing"  // within WarnDays of becoming too old
	Fresh   Freshness = "fresh"
)

// Finding is what the policy says about one list at one moment.
type Finding struct {
	Rule       ListRule
	State      Freshness
	ImportedAt time.Time // of the version in use; zero when missing
	Due        time.Time // when the version in use becomes too old
	Text       string    // one sentence for people
}

// Blocks says whether the finding fails the screening gate.
func (f Finding) Blocks() bool {
	return f.Rule.Requirement == Required && (f.State == Missing || f.State == TooOld)
}

// Warns says whether the finding is worth a warning: a required list
// missing, too old or ageing, a recommended one missing or too old.
func (f Finding) Warns() bool {
	switch f.Rule.Requirement {
	case Required:
		return f.State != Fresh
	case Recommended:
		return f.State == Missing || f.State == TooOld
	}
	return false
}

// Check says, for every list the policy requires or recommends, where it
// stands at now given the versions in use.
func (p Policy) Check(versions []Version, now time.Time) []Finding {
	var out []Finding
	for _, rule := range p {
		if rule.Requirement == Optional {
			continue
		}
		f := Finding{Rule: rule, State: Missing}
		label := rule.Source.Label()
		var v *Version
		for i := range versions {
			if versions[i].Source == rule.Source {
				v = &versions[i]
			}
		}
		if v == nil {
			f.Text = fmt.Sprintf("%s: %s by the list policy and not imported.", label, strings.ToLower(rule.Requirement.Label()))
			out = append(out, f)
			continue
		}
		f.ImportedAt = v.ImportedAt
		f.Due = v.ImportedAt.Add(time.Duration(rule.MaxAgeDays) * 24 * time.Hour)
		days := int(now.Sub(v.ImportedAt).Hours() / 24)
		switch {
		case now.After(f.Due):
			f.State = TooOld
			f.Text = fmt.Sprintf("%s: the version in use was imported %s (%s ago); the list policy allows %s. Import a newer version.",
				label, v.ImportedAt.Format("2 Jan 2006"), plural(days, "day"), plural(rule.MaxAgeDays, "day"))
		case !now.Before(f.Due.Add(-WarnDays * 24 * time.Hour)):
			f.State = Ageing
			f.Text = fmt.Sprintf("%s: the version in use becomes too old for the list policy on %s. Import a newer version before then.",
				label, f.Due.Format("2 Jan 2006 15:04 MST"))
		default:
			f.State = Fresh
			f.Text = fmt.Sprintf("%s: the version in use was imported %s.", label, v.ImportedAt.Format("2 Jan 2006"))
		}
		out = append(out, f)
	}
	return out
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// Policy returns the list policy: the stored rules over the default.
func (l *Lists) Policy(ctx context.Context) (Policy, error) {
	var stored []ListRule
	if err := l.db.Gorm.WithContext(ctx).Find(&stored).Error; err != nil {
		return nil, err
	}
	p := DefaultPolicy()
	for _, s := range stored {
		for i := range p {
			if p[i].Source == s.Source {
				p[i] = s
			}
		}
	}
	return p, nil
}

// PolicyFindings returns the list policy and where each list it requires
// or recommends stands now, against the versions in use.
func (s *Service) PolicyFindings(ctx context.Context) (Policy, []Finding, error) {
	p, err := s.Lists.Policy(ctx)
	if err != nil {
		return nil, nil, err
	}
	return p, p.Check(s.Current().Versions, s.db.Now()), nil
}

// PolicySet says whether anyone ever set the list policy.
func (l *Lists) PolicySet(ctx context.Context) (bool, error) {
	var n int64
	err := l.db.Gorm.WithContext(ctx).Model(&ListRule{}).Count(&n).Error
	return n > 0, err
}

// RuleInput is a rule as a form gives it.
type RuleInput struct {
	Source      watchlist.Source
	Requirement string
	MaxAgeDays  string
}

// SetPolicy stores the rules of the lists in, audited (the system may set
// it too: the demonstration seeds a policy of its own). Every rule is
// checked first; a bad one stores nothing. Errors: Forbidden, Invalid
// (fields named "<source>.requirement" and "<source>.max_age_days").
func (l *Lists) SetPolicy(ctx context.Context, in []RuleInput) (Policy, error) {
	actor, err := auth.RequireOrSystem(ctx, auth.PermSetListPolicy)
	if err != nil {
		return nil, err
	}
	var by *string
	if actor != nil {
		by = &actor.UserID
	}
	before, err := l.Policy(ctx)
	if err != nil {
		return nil, err
	}
	rules, err := parseRules(in, by, l.db.Now())
	if err != nil {
		return nil, err
	}
	after := slices.Clone(before)
	for _, r := range rules {
		after[slices.IndexFunc(after, func(a ListRule) bool { return a.Source == r.Source })] = r
	}
	err = l.db.InTx(ctx, func(tx *gorm.DB) error {
		for _, r := range rules {
			if err := tx.Save(&r).Error; err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, l.db.Now(), audit.Event{Action: "lists.policy", ObjectType: "list_policy", ObjectID: "lists",
			Summary: "Changed the list policy: " + describe(rules), Before: byList(before), After: byList(after)})
	})
	if err != nil {
		return nil, err
	}
	return after, nil
}

func parseRules(in []RuleInput, by *string, now time.Time) ([]ListRule, error) {
	bad := map[string]string{}
	var rules []ListRule
	for _, r := range in {
		if !slices.Contains(watchlist.Sources, r.Source) {
			return nil, apperr.New(apperr.Invalid, "There is no list %q.", r.Source)
		}
		req := Requirement(r.Requirement)
		if req.Label() == "" {
			bad[string(r.Source)+".requirement"] = "Choose required, recommended or optional."
		}
		days, err := strconv.Atoi(strings.TrimSpace(r.MaxAgeDays))
		if err != nil || days < 1 || days > MaxAgeLimit {
			bad[string(r.Source)+".max_age_days"] = fmt.Sprintf("Give a whole number of days from 1 to %d.", MaxAgeLimit)
		}
		rules = append(rules, ListRule{Source: r.Source, Requirement: req, MaxAgeDays: days, UpdatedBy: by, UpdatedAt: now})
	}
	if len(bad) > 0 {
		return nil, apperr.Validation(bad)
	}
	return rules, nil
}

// describe writes rules as one line: "EU financial sanctions required,
// 7 days; …".
func describe(p []ListRule) string {
	parts := make([]string, len(p))
	for i, r := range p {
		parts[i] = fmt.Sprintf("%s %s, %s", r.Source.Label(), strings.ToLower(r.Requirement.Label()), plural(r.MaxAgeDays, "day"))
	}
	return strings.Join(parts, "; ")
}

// byList is rules as an audit event keeps them: the list's name to its rule.
func byList(p []ListRule) map[string]string {
	out := make(map[string]string, len(p))
	for _, r := range p {
		out[string(r.Source)] = fmt.Sprintf("%s, %s", strings.ToLower(r.Requirement.Label()), plural(r.MaxAgeDays, "day"))
	}
	return out
}
