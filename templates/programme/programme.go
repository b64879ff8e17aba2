// Package programme renders the company's export-control risk register:
// the register with its heat map, and each risk with its reviews.
package programme

import (
	"fmt"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/templates/components"
)

// Form is what a form was filled with and what was wrong with it.
type Form = components.Form

// Score is a score with its level.
type Score struct {
	Value int
	Level string // low, medium, high, critical
}

// Class is the badge class of the score's level.
func (s Score) Class() string {
	if s.Level == "critical" {
		return "risk-unacceptable"
	}
	return "risk-" + s.Level
}

// Row is a risk in the register.
type Row struct {
	ID, Kind, Title, Owner, Status string
	Inherent, Residual             Score
	NextReview                     time.Time
	Overdue                        bool
}

// Cell is a cell of the heat map: the open risks at its position, and the
// score of the position.
type Cell struct {
	Count int
	Score Score
}

// Band is the scores of a level, as the page explains them.
type Band struct {
	Level    string
	From, To int
}

// Register is the register page: its filters, the risks that match, and the
// heat map of the open ones.
type Register struct {
	Rows                []Row
	Kind, Status, Order string // the filters and the order chosen
	Kinds               []components.Option
	// HeatMap[l-1][i-1] is the cell of residual likelihood l and impact i.
	HeatMap   [5][5]Cell
	Bands     []Band
	CanManage bool
}

// Review is one review of a risk.
type Review struct {
	By, Note   string
	At         time.Time
	NextReview time.Time
}

// Page is one risk: its content, the form to change it for managers, the
// review form for its owner and managers, and its reviews, newest first.
type Page struct {
	Row                                                    Row
	Description, Controls                                  string
	Likelihood, Impact, ResidualLikelihood, ResidualImpact int
	Reviews                                                []Review
	CanManage, CanReview                                   bool
	Edit, ReviewForm                                       Form
	Fields                                                 Fields
}

// Fields are the choices of the risk form.
type Fields struct {
	Kinds, Owners []components.Option
}

// New is the page of the form for a new risk.
type New struct {
	Form   Form
	Fields Fields
}

// statuses are the choices of a risk's status.
var statuses = []components.Option{{Value: "open", Label: "Open"}, {Value: "closed", Label: "Closed"}}

// bandsText writes the level bands as one phrase: "low 1–4; medium 5–9; …".
func bandsText(bs []Band) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = fmt.Sprintf("%s %d–%d", b.Level, b.From, b.To)
	}
	return strings.Join(parts, "; ")
}
