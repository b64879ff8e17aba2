package dashboard

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/programme"
	"github.com/vigil-icp/vigil/internal/screening"
	"github.com/vigil-icp/vigil/internal/watchlist"
)

// inYear is the condition that col falls within the period's two bounds.
func inYear(col string) string { return col + " >= ? AND " + col + " < ?" }

// casesSection: the cases opened in the year, by destination and by
// status, and those approved and rejected in it.
func casesSection(r *reader, p period) (Section, error) {
	sec := Section{ID: "cases", Title: "Export cases", Element: elementProcedures,
		Text: "Cases opened in the year, and cases whose final decision fell in it and still stands (an approval undone later does not count)."}
	var err error
	sec.Figures, err = r.counts(p, []Figure{{ID: "opened", Label: "cases opened"}, {ID: "approved", Label: "cases approved"},
		{ID: "rejected", Label: "cases rejected"}}, []string{
		"SELECT COUNT(*) FROM cases WHERE " + inYear("created_at"),
		"SELECT COUNT(*) FROM cases WHERE " + inYear("decided_at") + " AND status IN ('approved', 'closed')",
		"SELECT COUNT(*) FROM cases WHERE " + inYear("decided_at") + " AND status = 'rejected'"})
	if err != nil {
		return sec, err
	}
	byDest, err := r.destinations(p)
	if err != nil {
		return sec, err
	}
	n, err := r.countBy("SELECT status AS k, COUNT(*) AS n FROM cases WHERE "+inYear("created_at")+" GROUP BY status", p.from, p.to)
	if err != nil {
		return sec, err
	}
	var keys, labels []string
	for _, st := range cases.Statuses {
		keys, labels = append(keys, string(st)), append(labels, st.Label())
	}
	sec.Tables = []Table{byDest, {ID: "cases-by-status", Caption: "Cases opened in the year, by status now", Head: []string{"Status", "Cases"},
		Rows: rowsOf(keys, labels, n, false)}}
	return sec, nil
}

// destinations counts the cases opened in the year by destination, the
// most frequent first.
func (r *reader) destinations(p period) (Table, error) {
	var rows []struct {
		K, Name string
		N       int64
	}
	// Counted first, named after: the names join a few rows, not every case.
	err := r.g.Raw(`SELECT g.k, COALESCE(k.name, '') AS name, g.n FROM (SELECT COALESCE(destination, '') AS k, COUNT(*) AS n
		FROM cases WHERE `+inYear("created_at")+` GROUP BY destination) g LEFT JOIN countries k ON k.code = g.k`, p.from, p.to).Scan(&rows).Error
	t := Table{ID: "cases-by-destination", Caption: "Cases opened in the year, by destination", Head: []string{"Destination", "Cases"}}
	slices.SortFunc(rows, func(a, b struct {
		K, Name string
		N       int64
	}) int {
		return cmp.Or(cmp.Compare(b.N, a.N), strings.Compare(a.Name, b.Name))
	})
	for _, row := range rows {
		label := row.Name
		if row.K == "" {
			label = "Not chosen yet"
		}
		t.Rows = append(t.Rows, Row{Key: row.K, Label: label, Values: []int64{row.N}})
	}
	return t, err
}

// screeningSection: the list versions imported, the screenings run and the
// hits decided in the year.
func screeningSection(r *reader, p period) (Section, error) {
	sec := Section{ID: "screening", Title: "Screening", Element: elementProcedures,
		Text: "Versions of the sanctions lists imported, parties screened and screening hits decided in the year."}
	var err error
	sec.Figures, err = r.counts(p, []Figure{{ID: "versions", Label: "list versions imported"}, {ID: "screenings", Label: "screenings of parties"},
		{ID: "decided", Label: "hits decided"}}, []string{
		"SELECT COUNT(*) FROM list_versions WHERE " + inYear("imported_at"),
		"SELECT COUNT(*) FROM screenings WHERE " + inYear("screened_at"),
		"SELECT COUNT(*) FROM hit_decisions WHERE " + inYear("decided_at")})
	if err != nil {
		return sec, err
	}
	lists, err := r.countBy("SELECT source AS k, COUNT(*) AS n FROM list_versions WHERE "+inYear("imported_at")+" GROUP BY source", p.from, p.to)
	if err != nil {
		return sec, err
	}
	verdicts, err := r.countBy("SELECT decision AS k, COUNT(*) AS n FROM hit_decisions WHERE "+inYear("decided_at")+" GROUP BY decision", p.from, p.to)
	if err != nil {
		return sec, err
	}
	var keys, labels []string
	for _, src := range watchlist.Sources {
		keys, labels = append(keys, string(src)), append(labels, src.Label())
	}
	var vKeys, vLabels []string
	for _, v := range screening.Verdicts {
		vKeys, vLabels = append(vKeys, string(v.Value)), append(vLabels, v.Label)
	}
	sec.Tables = []Table{
		{ID: "list-versions", Caption: "List versions imported, by list", Head: []string{"List", "Versions"}, Rows: rowsOf(keys, labels, lists, true)},
		{ID: "hits-by-decision", Caption: "Hits decided, by decision", Head: []string{"Decision", "Hits"}, Rows: rowsOf(vKeys, vLabels, verdicts, false)},
	}
	return sec, nil
}

// trainingSection: by course, the assignments made and the completions
// attested in the year.
func trainingSection(r *reader, p period) (Section, error) {
	sec := Section{ID: "training", Title: "Training", Element: elementTraining,
		Text: "Courses assigned (to people holding a role the course is mandatory for, or named by its owner) and completed in the year."}
	var err error
	sec.Figures, err = r.counts(p, []Figure{{ID: "assigned", Label: "assignments made"}, {ID: "completed", Label: "completions attested"}}, []string{
		"SELECT COUNT(*) FROM assignments WHERE " + inYear("assigned_at"),
		"SELECT COUNT(*) FROM completions WHERE " + inYear("completed_at")})
	if err != nil {
		return sec, err
	}
	var rows []struct {
		ID, Title           string
		Assigned, Completed int64
	}
	err = r.g.Raw(`SELECT c.id, v.title,
		(SELECT COUNT(*) FROM assignments a WHERE a.course_id = c.id AND `+inYear("a.assigned_at")+`) AS assigned,
		(SELECT COUNT(*) FROM completions k WHERE k.course_id = c.id AND `+inYear("k.completed_at")+`) AS completed
		FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.version ORDER BY v.title, c.id`,
		p.from, p.to, p.from, p.to).Scan(&rows).Error
	t := Table{ID: "training-by-course", Caption: "By course", Head: []string{"Course", "Assigned", "Completed"}}
	for _, row := range rows {
		t.Rows = append(t.Rows, Row{Key: row.ID, Label: row.Title, Values: []int64{row.Assigned, row.Completed}})
	}
	sec.Tables = []Table{t}
	return sec, err
}

// risksSection: the risks recorded and the reviews done in the year, and
// the open risks by level as the register stands when the review is
// compiled (the register keeps no history of its scores).
func risksSection(r *reader, p period) (Section, error) {
	sec := Section{ID: "risks", Title: "Risk register", Element: elementRisk,
		Text: "Risks recorded and reviews done in the year; the open risks by level as the register stands at the time of compiling (it keeps no earlier scores)."}
	var err error
	sec.Figures, err = r.counts(p, []Figure{{ID: "recorded", Label: "risks recorded"}, {ID: "reviews", Label: "reviews done"}}, []string{
		"SELECT COUNT(*) FROM risks WHERE " + inYear("created_at"),
		"SELECT COUNT(*) FROM risk_reviews WHERE " + inYear("reviewed_at")})
	if err != nil {
		return sec, err
	}
	var open []programme.Risk
	if err := r.g.Where("status = ?", programme.Open).Find(&open).Error; err != nil {
		return sec, err
	}
	residual, inherent := map[string]int64{}, map[string]int64{}
	for i := range open {
		residual[string(programme.LevelOf(open[i].Residual()))]++
		inherent[string(programme.LevelOf(open[i].Inherent()))]++
	}
	t := Table{ID: "open-risks-by-level", Caption: "Open risks by level, at the time of compiling", Head: []string{"Level", "Residual", "Inherent"}}
	for _, b := range programme.Bands {
		t.Rows = append(t.Rows, Row{Key: string(b.Level), Label: fmt.Sprintf("%s (%d–%d)", b.Level, b.From, b.To),
			Values: []int64{residual[string(b.Level)], inherent[string(b.Level)]}})
	}
	sec.Figures = append(sec.Figures, Figure{ID: "open", Label: "risks open at the time of compiling", Value: int64(len(open))})
	sec.Tables = []Table{t}
	return sec, nil
}

// concernsSection: the reports of concern received and closed in the year,
// and the voluntary disclosures made in it.
func concernsSection(r *reader, p period) (Section, error) {
	sec := Section{ID: "concerns", Title: "Reports of concern", Element: elementReview,
		Text: "Reports of suspected violations received and closed in the year, and voluntary disclosures to the competent authority dated in it."}
	var err error
	sec.Figures, err = r.counts(p, []Figure{{ID: "received", Label: "reports received"}, {ID: "closed", Label: "reports closed"}}, []string{
		"SELECT COUNT(*) FROM concern_reports WHERE " + inYear("received_at"),
		"SELECT COUNT(DISTINCT report_id) FROM concern_entries WHERE kind = 'closed' AND " + inYear("at")})
	if err != nil {
		return sec, err
	}
	// The disclosure's date is kept as YYYY-MM-DD text.
	disclosed, err := r.count("SELECT COUNT(*) FROM concern_reports WHERE disclosed_on >= ? AND disclosed_on < ?",
		p.from.Format("2006-01-02"), p.to.Format("2006-01-02"))
	if err != nil {
		return sec, err
	}
	sec.Figures = append(sec.Figures, Figure{ID: "disclosed", Label: "voluntary disclosures", Value: disclosed})
	n, err := r.countBy("SELECT status AS k, COUNT(*) AS n FROM concern_reports WHERE "+inYear("received_at")+" GROUP BY status", p.from, p.to)
	var keys, labels []string
	for _, st := range concernStatuses {
		keys, labels = append(keys, string(st)), append(labels, st.Label())
	}
	sec.Tables = []Table{{ID: "concerns-by-status", Caption: "Reports received in the year, by status now", Head: []string{"Status", "Reports"},
		Rows: rowsOf(keys, labels, n, false)}}
	return sec, err
}
