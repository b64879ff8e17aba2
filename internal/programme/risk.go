// Package programme is the company's internal compliance programme beyond
// single cases; here its export-control risk register (ICP element "risk
// assessment"): product, country, customer and process risks, each scored
// before and after its controls, owned by a user and reviewed on a date.
package programme

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind is what a risk is about.
type Kind string

const (
	Product  Kind = "product"
	Country  Kind = "country"
	Customer Kind = "customer"
	Process  Kind = "process"
)

// Kinds lists the kinds in the order pages show them.
var Kinds = []Kind{Product, Country, Customer, Process}

// Label is the kind's name for people.
func (k Kind) Label() string {
	if k == "" {
		return ""
	}
	return strings.ToUpper(string(k[:1])) + string(k[1:])
}

// Status says whether a risk is still watched.
type Status string

const (
	Open   Status = "open"
	Closed Status = "closed"
)

// Level is a score's band.
type Level string

const (
	Low      Level = "low"
	Medium   Level = "medium"
	High     Level = "high"
	Critical Level = "critical"
)

// Band is the scores a level covers.
type Band struct {
	Level    Level
	From, To int
}

// Bands are the company's choice, not the law's: a score (likelihood ×
// impact, 1 to 25) up to 4 is low, up to 9 medium, up to 16 high, and from
// 20 (the scores 17 to 19 cannot occur) critical.
var Bands = []Band{{Low, 1, 4}, {Medium, 5, 9}, {High, 10, 16}, {Critical, 17, 25}}

// Score is likelihood × impact, each on the scale 1 to 5.
func Score(likelihood, impact int) int { return likelihood * impact }

// LevelOf returns the band of score.
func LevelOf(score int) Level {
	for _, b := range Bands {
		if score <= b.To {
			return b.Level
		}
	}
	return Critical
}

// Risk is one entry of the register.
type Risk struct {
	ID                 string    `gorm:"column:id;primaryKey"`
	Kind               Kind      `gorm:"column:kind"`
	Title              string    `gorm:"column:title"`
	Description        string    `gorm:"column:description"`
	Likelihood         int       `gorm:"column:likelihood"`
	Impact             int       `gorm:"column:impact"`
	OwnerID            string    `gorm:"column:owner_id"`
	Controls           string    `gorm:"column:controls"`
	ResidualLikelihood int       `gorm:"column:residual_likelihood"`
	ResidualImpact     int       `gorm:"column:residual_impact"`
	NextReviewOn       time.Time `gorm:"column:next_review_on"`
	Status             Status    `gorm:"column:status"`
	CreatedBy          string    `gorm:"column:created_by"`
	CreatedAt          time.Time `gorm:"column:created_at"`
	UpdatedAt          time.Time `gorm:"column:updated_at"`
}

func (Risk) TableName() string { return "risks" }

// Inherent is the score before the controls.
func (r *Risk) Inherent() int { return Score(r.Likelihood, r.Impact) }

// Residual is the score after the controls.
func (r *Risk) Residual() int { return Score(r.ResidualLikelihood, r.ResidualImpact) }

// Overdue reports whether an open risk's review date has passed on the day
// of now.
func (r *Risk) Overdue(now time.Time) bool {
	return r.Status == Open && r.NextReviewOn.Before(day(now))
}

// Review is one review of a risk: who looked at it, what they found, and the
// date they set for the next one.
type Review struct {
	ID           string    `gorm:"column:id;primaryKey"`
	RiskID       string    `gorm:"column:risk_id"`
	ReviewedBy   string    `gorm:"column:reviewed_by"`
	ReviewedAt   time.Time `gorm:"column:reviewed_at"`
	Note         string    `gorm:"column:note"`
	NextReviewOn time.Time `gorm:"column:next_review_on"`
}

func (Review) TableName() string { return "risk_reviews" }

// day is midnight UTC of t's day: review dates are days.
func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Input is a risk as the form gives it: numbers and dates as typed.
type Input struct {
	Kind, Title, Description, OwnerID, Controls, Status    string
	Likelihood, Impact, ResidualLikelihood, ResidualImpact string
	NextReview                                             string // YYYY-MM-DD
}

// parse checks in and returns the risk it describes (without its id and
// bookkeeping) or the message of each bad field. A review date must not be
// in the past on the day of now, unless it is kept as it was (kept): a
// risk overdue is changed without pretending it was reviewed.
func (in Input) parse(now time.Time, kept *time.Time) (Risk, map[string]string) {
	errs := map[string]string{}
	r := Risk{Kind: Kind(in.Kind), Title: strings.TrimSpace(in.Title), Description: strings.TrimSpace(in.Description),
		OwnerID: strings.TrimSpace(in.OwnerID), Controls: strings.TrimSpace(in.Controls), Status: Status(in.Status)}
	if !slices.Contains(Kinds, r.Kind) {
		errs["kind"] = "Choose product, country, customer or process."
	}
	if r.Title == "" {
		errs["title"] = "Give the risk a title."
	}
	for name, text := range map[string]string{"title": r.Title, "description": r.Description, "controls": r.Controls} {
		if utf8.RuneCountInString(text) > 4000 {
			errs[name] = "Use at most 4000 characters."
		}
	}
	if r.OwnerID == "" {
		errs["owner_id"] = "Choose who owns the risk."
	}
	if r.Status != Open && r.Status != Closed {
		errs["status"] = "Choose open or closed."
	}
	for _, f := range []struct {
		name, text string
		to         *int
	}{{"likelihood", in.Likelihood, &r.Likelihood}, {"impact", in.Impact, &r.Impact},
		{"residual_likelihood", in.ResidualLikelihood, &r.ResidualLikelihood}, {"residual_impact", in.ResidualImpact, &r.ResidualImpact}} {
		n, err := strconv.Atoi(strings.TrimSpace(f.text))
		if err != nil || n < 1 || n > 5 {
			errs[f.name] = "Give a whole number from 1 to 5."
		}
		*f.to = n
	}
	residualAbove(r, errs)
	next, msg := reviewDate(in.NextReview, now, kept)
	if msg != "" {
		errs["next_review"] = msg
	}
	r.NextReviewOn = next
	return r, errs
}

// residualAbove refuses a residual likelihood or impact above the inherent
// one: controls lower a risk, they never raise it.
func residualAbove(r Risk, errs map[string]string) {
	if errs["likelihood"] == "" && errs["residual_likelihood"] == "" && r.ResidualLikelihood > r.Likelihood {
		errs["residual_likelihood"] = fmt.Sprintf("The residual likelihood may not exceed the inherent one (%d).", r.Likelihood)
	}
	if errs["impact"] == "" && errs["residual_impact"] == "" && r.ResidualImpact > r.Impact {
		errs["residual_impact"] = fmt.Sprintf("The residual impact may not exceed the inherent one (%d).", r.Impact)
	}
}

// reviewDate reads a review date: required, and not before the day of now
// unless it is the date kept.
func reviewDate(text string, now time.Time, kept *time.Time) (time.Time, string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return time.Time{}, "Set the date of the next review."
	}
	d, err := time.Parse(time.DateOnly, text)
	if err != nil {
		return time.Time{}, "Give the date as YYYY-MM-DD."
	}
	if d.Before(day(now)) && (kept == nil || !day(*kept).Equal(d)) {
		return time.Time{}, "The next review cannot be in the past."
	}
	return d, ""
}

// HeatMap counts the open risks by residual position: Cells[l-1][i-1] is
// the number with residual likelihood l and residual impact i.
type HeatMap struct{ Cells [5][5]int }

// HeatMapOf counts the open risks of risks.
func HeatMapOf(risks []Risk) HeatMap {
	var h HeatMap
	for _, r := range risks {
		if r.Status == Open && r.ResidualLikelihood >= 1 && r.ResidualLikelihood <= 5 && r.ResidualImpact >= 1 && r.ResidualImpact <= 5 {
			h.Cells[r.ResidualLikelihood-1][r.ResidualImpact-1]++
		}
	}
	return h
}
