package dashboard

import (
	"fmt"
	"time"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/concerns"
	"github.com/vigil-icp/vigil/internal/icp"
	"github.com/vigil-icp/vigil/internal/licensing"
	"github.com/vigil-icp/vigil/internal/programme"
	"github.com/vigil-icp/vigil/internal/screening"
)

// The ICP core elements of Recommendation (EU) 2019/1318 the charts report
// on, and the company's risk assessment, which serves them all.
var (
	elementProcedures = icp.Label(4)
	elementTraining   = icp.Label(3)
	elementRisk       = "Risk assessment"
	elementReview     = icp.Label(5)
)

// statusTones colour each case status as its badge does.
var statusTones = map[cases.Status]Tone{cases.Draft: Neutral, cases.Submitted: Active, cases.OnHold: Waiting,
	cases.Approved: Good, cases.Rejected: Bad, cases.Blocked: Bad, cases.Closed: Done}

// caseCharts: the cases by status, and the cases opened month by month.
func caseCharts(r *reader) ([]Chart, error) {
	n, err := r.countBy("SELECT status AS k, COUNT(*) AS n FROM cases GROUP BY status")
	if err != nil {
		return nil, err
	}
	byState := Chart{ID: "cases-by-state", Category: "Status", Unit: "Cases", Title: "Export cases by status", Element: elementProcedures, Kind: Bars,
		Text: "Every export case, by where it stands now."}
	var inProgress int64
	for _, st := range cases.Statuses {
		byState.Bars = append(byState.Bars, Bar{Key: string(st), Label: st.Label(), Value: n[string(st)], Tone: statusTones[st]})
		if st.InProgress() {
			inProgress += n[string(st)]
		}
	}
	opened, err := r.byMonth("cases", "created_at")
	if err != nil {
		return nil, err
	}
	r.figures = append(r.figures, Figure{ID: "cases-in-progress", Label: "export cases in progress (draft, submitted, on hold)", Value: inProgress})
	return []Chart{byState, {ID: "cases-opened", Category: "Month", Unit: "Cases opened", Title: "Export cases opened, last 12 months", Element: elementProcedures, Kind: Columns,
		Text: fmt.Sprintf("Cases opened each month; %d in the 12 months.", sum(opened)), Bars: opened}}, nil
}

// verdictTones colour the decisions on screening hits.
var verdictTones = map[screening.Verdict]Tone{screening.FalsePositive: Good, screening.Confirmed: Bad, screening.NotApplicable: Waiting}

// screeningCharts: the hits decided in the last 12 months by decision and
// by month; the hits still open are a headline figure.
func screeningCharts(r *reader) ([]Chart, error) {
	open, err := r.openHits()
	if err != nil {
		return nil, err
	}
	from := months(r.now, 12)[0]
	n, err := r.countBy("SELECT decision AS k, COUNT(*) AS n FROM hit_decisions WHERE decided_at >= ? GROUP BY decision", from)
	if err != nil {
		return nil, err
	}
	byVerdict := Chart{ID: "hits-by-decision", Category: "Decision", Unit: "Hits", Title: "Screening hits decided, last 12 months", Element: elementProcedures, Kind: Bars,
		Text: fmt.Sprintf("Decisions on screening hits since %s, by decision. Hits open now on cases in progress: %d.", from.Format("January 2006"), open)}
	for _, v := range screening.Verdicts {
		byVerdict.Bars = append(byVerdict.Bars, Bar{Key: string(v.Value), Label: v.Label, Value: n[string(v.Value)], Tone: verdictTones[v.Value]})
	}
	byMonth, err := r.byMonth("hit_decisions", "decided_at")
	if err != nil {
		return nil, err
	}
	r.figures = append(r.figures, Figure{ID: "hits-open", Label: "screening hits open on cases in progress", Value: int64(open)})
	return []Chart{byVerdict, {ID: "hits-decided", Category: "Month", Unit: "Hits decided", Title: "Screening decisions by month", Element: elementProcedures, Kind: Columns,
		Text: "Hits decided each month (false positives, confirmed matches and matches on a list not applicable).", Bars: byMonth}}, nil
}

// trainingCharts: each course's current assignments of active people, and
// how many of them are completed and still current (not expired).
func trainingCharts(r *reader) ([]Chart, error) {
	var courses []struct {
		ID, Title string
		Months    int
	}
	if err := r.g.Raw(`SELECT c.id, v.title, c.recurrence_months AS months FROM courses c
		JOIN course_versions v ON v.course_id = c.id AND v.version = c.version ORDER BY v.title, c.id`).Scan(&courses).Error; err != nil {
		return nil, err
	}
	var rows []struct {
		CourseID    string
		CompletedAt *time.Time
	}
	if err := r.g.Raw(`SELECT a.course_id, k.completed_at FROM assignments a JOIN users u ON u.id = a.user_id
		LEFT JOIN completions k ON k.assignment_id = a.id WHERE a.superseded_by IS NULL AND u.active = ?`, true).Scan(&rows).Error; err != nil {
		return nil, err
	}
	chart := Chart{ID: "training-completion", Category: "Course", Unit: "Completed and current", Title: "Training completion by course", Element: elementTraining, Kind: Shares,
		Text: "Of each course's assignments to active people, the share completed and still current (not expired)."}
	for _, c := range courses {
		b := Bar{Key: c.ID, Label: c.Title, Tone: Good}
		for _, row := range rows {
			if row.CourseID != c.ID {
				continue
			}
			b.Of++
			if row.CompletedAt != nil && (c.Months <= 0 || r.now.Before(row.CompletedAt.AddDate(0, c.Months, 0))) {
				b.Value++
			}
		}
		b.Text = fmt.Sprintf("%d of %d", b.Value, b.Of)
		chart.Bars = append(chart.Bars, b)
	}
	return []Chart{chart}, nil
}

// riskCharts: the open risks whose review is overdue, and the heat map of
// the open risks by residual likelihood and impact.
func riskCharts(r *reader) ([]Chart, error) {
	var open []programme.Risk
	if err := r.g.Where("status = ?", programme.Open).Find(&open).Error; err != nil {
		return nil, err
	}
	var overdue int64
	for i := range open {
		if open[i].Overdue(r.now) {
			overdue++
		}
	}
	reviews := Chart{ID: "risk-reviews", Category: "Review", Unit: "Open risks", Title: "Reviews of the open risks", Element: elementRisk, Kind: Bars,
		Text: "Open risks of the register whose next review is still ahead, and those whose review date has passed.",
		Bars: []Bar{{Key: "on_schedule", Label: "On schedule", Value: int64(len(open)) - overdue, Tone: Good},
			{Key: "overdue", Label: "Review overdue", Value: overdue, Tone: Bad}}}
	heat := Chart{ID: "risk-heat-map", Category: "Likelihood", Unit: "Impact", Title: "Open risks by residual likelihood and impact", Element: elementRisk, Kind: HeatMap,
		Text: "The risk register's open risks placed by their residual likelihood and impact after the controls.",
		Grid: programme.HeatMapOf(open)}
	r.figures = append(r.figures, Figure{ID: "risk-reviews-overdue", Label: "risk reviews overdue", Value: overdue})
	return []Chart{reviews, heat}, nil
}

// licenceCharts: what each licence valid today has used of its limits:
// reserved by approved cases and drawn by shipments.
func licenceCharts(r *reader) ([]Chart, error) {
	var valid []licensing.Licence
	today := r.today()
	if err := r.g.Where("valid_until >= ?", today).Order("number, id").Find(&valid).Error; err != nil {
		return nil, err
	}
	chart := Chart{ID: "licence-use", Category: "Licence and limit", Unit: "Used", Title: "Licence use", Element: elementProcedures, Kind: Shares,
		Text: "Of each limit of the licences valid today, the part reserved by approved cases and drawn by shipments."}
	unlimited := 0
	for _, l := range valid {
		b := l.Balance()
		if !b.Value.Has && !b.Quantity.Has {
			unlimited++
		}
		if a := b.Value; a.Has {
			used := a.Reserved + a.Drawn
			chart.Bars = append(chart.Bars, Bar{Key: l.ID + "/value", Label: l.Name() + ", value", Value: used, Of: a.Limit, Tone: Active,
				Text: licensing.Money(used, l.Currency) + " of " + licensing.Money(a.Limit, l.Currency)})
		}
		if a := b.Quantity; a.Has {
			used := a.Reserved + a.Drawn
			chart.Bars = append(chart.Bars, Bar{Key: l.ID + "/quantity", Label: l.Name() + ", quantity", Value: used, Of: a.Limit, Tone: Active,
				Text: licensing.Quantity(used, l.Unit) + " of " + licensing.Quantity(a.Limit, l.Unit)})
		}
	}
	if unlimited > 0 {
		chart.Text += fmt.Sprintf(" Valid licences without a limit, not shown: %d.", unlimited)
	}
	return []Chart{chart}, nil
}

// concernStatuses are the statuses of a report of concern in their order.
var concernStatuses = []concerns.Status{concerns.Received, concerns.Acknowledged, concerns.Investigating, concerns.Closed}

// concernCharts: the reports of concern by status.
func concernCharts(r *reader) ([]Chart, error) {
	n, err := r.countBy("SELECT status AS k, COUNT(*) AS n FROM concern_reports GROUP BY status")
	if err != nil {
		return nil, err
	}
	chart := Chart{ID: "concerns-by-status", Category: "Status", Unit: "Reports", Title: "Reports of concern by status", Element: elementReview, Kind: Bars,
		Text: "Every report of a suspected violation, named or anonymous, by where its handling stands."}
	tones := map[concerns.Status]Tone{concerns.Received: Waiting, concerns.Acknowledged: Active, concerns.Investigating: Active, concerns.Closed: Done}
	for _, st := range concernStatuses {
		chart.Bars = append(chart.Bars, Bar{Key: string(st), Label: st.Label(), Value: n[string(st)], Tone: tones[st]})
	}
	r.figures = append(r.figures, Figure{ID: "concerns-open", Label: "reports of concern not closed", Value: sum(chart.Bars) - n[string(concerns.Closed)]})
	return []Chart{chart}, nil
}
