package dashboard

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/findings"
	"github.com/vigil-icp/vigil/internal/icp"
	"github.com/vigil-icp/vigil/internal/selfassess"
)

// elementAll is what the self-assessment reports on.
const elementAll = "All seven core elements"

// actionTones colour each corrective action's status.
var actionTones = map[findings.ActionStatus]Tone{findings.ActionOpen: Waiting, findings.ActionInProgress: Active,
	findings.ActionDone: Waiting, findings.ActionClosed: Done}

// actionCharts: the corrective actions by status; those overdue (due date
// passed, not closed) are a headline figure.
func actionCharts(r *reader) ([]Chart, error) {
	n, err := r.countBy("SELECT status AS k, COUNT(*) AS n FROM corrective_actions GROUP BY status")
	if err != nil {
		return nil, err
	}
	overdue, err := r.count("SELECT COUNT(*) FROM corrective_actions WHERE status <> ? AND due_on < ?", findings.ActionClosed, r.today())
	if err != nil {
		return nil, err
	}
	chart := Chart{ID: "actions-by-status", Category: "Status", Unit: "Actions", Title: "Corrective actions by status", Element: elementReview, Kind: Bars,
		Text: fmt.Sprintf("Every corrective action of the findings, by where it stands. Overdue now (due date passed, not closed): %d.", overdue)}
	for _, st := range findings.ActionStatuses {
		chart.Bars = append(chart.Bars, Bar{Key: string(st), Label: st.Label(), Value: n[string(st)], Tone: actionTones[st]})
	}
	r.figures = append(r.figures, Figure{ID: "actions-overdue", Label: "corrective actions overdue", Value: overdue})
	return []Chart{chart}, nil
}

// today is midnight UTC of the reader's day.
func (r *reader) today() time.Time { return r.now.Truncate(24 * time.Hour) }

// answer is one answer of a self-assessment period.
type answer struct {
	QuestionKey string
	Maturity    int
}

// element is the core element a question key belongs to ("4.2": 4).
func (a answer) element() int {
	n, _ := strconv.Atoi(strings.SplitN(a.QuestionKey, ".", 2)[0])
	return n
}

// selfAssessCharts: the mean maturity of each core element in the newest
// self-assessment period, completed or open.
func selfAssessCharts(r *reader) ([]Chart, error) {
	chart := Chart{ID: "self-assessment-maturity", Category: "Core element", Unit: "Mean maturity", Title: "Self-assessment: maturity by core element",
		Element: elementAll, Kind: Shares, Text: "No self-assessment period yet."}
	var periods []struct{ ID, Name, Status string }
	if err := r.g.Raw("SELECT id, name, status FROM selfassess_periods ORDER BY from_on DESC, opened_at DESC LIMIT 1").Scan(&periods).Error; err != nil {
		return nil, err
	}
	if len(periods) == 0 {
		return []Chart{chart}, nil
	}
	p := periods[0]
	var answers []answer
	if err := r.g.Raw("SELECT question_key, maturity FROM selfassess_answers WHERE period_id = ?", p.ID).Scan(&answers).Error; err != nil {
		return nil, err
	}
	chart.Text = fmt.Sprintf("Period %s (%s): each element's mean maturity on the scale 0 to %d, over the questions answered.", p.Name, p.Status, selfassess.MaxMaturity)
	for _, e := range icp.Elements {
		var sum, answered int64
		for _, a := range answers {
			if a.element() == e.Number {
				sum, answered = sum+int64(a.Maturity), answered+1
			}
		}
		b := Bar{Key: strconv.Itoa(e.Number), Label: e.Label(), Value: sum, Of: answered * selfassess.MaxMaturity, Tone: Good,
			Text: fmt.Sprintf("%d of %d questions answered", answered, len(selfassess.QuestionsOf(e.Number)))}
		if answered > 0 {
			b.Text = fmt.Sprintf("%.1f of %d (%s)", float64(sum)/float64(answered), selfassess.MaxMaturity, b.Text)
		}
		chart.Bars = append(chart.Bars, b)
	}
	return []Chart{chart}, nil
}

// selfAssessSection: the periods completed in the year, the answers below
// their period's target in them and the findings raised from them, and the
// newest period's answers by element and maturity.
func selfAssessSection(r *reader, p period) (Section, error) {
	sec := Section{ID: "self-assessment", Title: "Self-assessment", Element: elementAll,
		Text: "Self-assessment periods completed in the year, their answers below the period's target, and the findings raised from them."}
	var err error
	sec.Figures, err = r.counts(p, []Figure{{ID: "completed", Label: "periods completed"}, {ID: "gaps", Label: "answers below the target"},
		{ID: "raised", Label: "gaps raised as findings"}}, []string{
		"SELECT COUNT(*) FROM selfassess_periods WHERE " + inYear("completed_at"),
		"SELECT COUNT(*) FROM selfassess_answers a JOIN selfassess_periods p ON p.id = a.period_id WHERE " + inYear("p.completed_at") + " AND a.maturity < p.target",
		"SELECT COUNT(*) FROM selfassess_answers a JOIN selfassess_periods p ON p.id = a.period_id WHERE " + inYear("p.completed_at") + " AND a.finding_id <> ''"})
	if err != nil {
		return sec, err
	}
	var periods []struct{ ID, Name string }
	err = r.g.Raw("SELECT id, name FROM selfassess_periods WHERE "+inYear("completed_at")+" ORDER BY completed_at DESC LIMIT 1", p.from, p.to).Scan(&periods).Error
	if err != nil || len(periods) == 0 {
		return sec, err
	}
	var answers []answer
	if err := r.g.Raw("SELECT question_key, maturity FROM selfassess_answers WHERE period_id = ?", periods[0].ID).Scan(&answers).Error; err != nil {
		return sec, err
	}
	t := Table{ID: "maturity-by-element", Caption: "Period " + periods[0].Name + ": answers by core element and maturity",
		Head: []string{"Core element", "0", "1", "2", "3", "4"}}
	for _, e := range icp.Elements {
		row := Row{Key: strconv.Itoa(e.Number), Label: e.Label(), Values: make([]int64, selfassess.MaxMaturity+1)}
		for _, a := range answers {
			if a.element() == e.Number {
				row.Values[a.Maturity]++
			}
		}
		t.Rows = append(t.Rows, row)
	}
	sec.Tables = []Table{t}
	return sec, nil
}

// findingsSection: the findings recorded and closed in the year, by source
// and severity, and the corrective actions closed in it and overdue now.
func findingsSection(r *reader, p period) (Section, error) {
	sec := Section{ID: "findings", Title: "Findings and corrective actions", Element: elementReview,
		Text: "Findings recorded and closed in the year, corrective actions signed off in it, and those overdue at the time of compiling."}
	var err error
	sec.Figures, err = r.counts(p, []Figure{{ID: "recorded", Label: "findings recorded"}, {ID: "closed", Label: "findings closed"},
		{ID: "actions-closed", Label: "corrective actions signed off"}}, []string{
		"SELECT COUNT(*) FROM findings WHERE " + inYear("recorded_at"),
		"SELECT COUNT(*) FROM findings WHERE " + inYear("closed_at"),
		"SELECT COUNT(*) FROM corrective_actions WHERE " + inYear("closed_at")})
	if err != nil {
		return sec, err
	}
	overdue, err := r.count("SELECT COUNT(*) FROM corrective_actions WHERE status <> ? AND due_on < ?", findings.ActionClosed, r.today())
	if err != nil {
		return sec, err
	}
	sec.Figures = append(sec.Figures, Figure{ID: "actions-overdue", Label: "corrective actions overdue at the time of compiling", Value: overdue})
	bySource, err := r.countBy("SELECT source AS k, COUNT(*) AS n FROM findings WHERE "+inYear("recorded_at")+" GROUP BY source", p.from, p.to)
	if err != nil {
		return sec, err
	}
	bySeverity, err := r.countBy("SELECT severity AS k, COUNT(*) AS n FROM findings WHERE "+inYear("recorded_at")+" GROUP BY severity", p.from, p.to)
	var keys, labels []string
	for _, s := range findings.Sources {
		keys, labels = append(keys, string(s)), append(labels, s.Label())
	}
	sec.Tables = []Table{
		{ID: "findings-by-source", Caption: "Findings recorded in the year, by source", Head: []string{"Source", "Findings"}, Rows: rowsOf(keys, labels, bySource, false)},
		{ID: "findings-by-severity", Caption: "Findings recorded in the year, by severity", Head: []string{"Severity", "Findings"},
			Rows: rowsOf(findings.Severities, findings.Severities, bySeverity, false)},
	}
	return sec, err
}
