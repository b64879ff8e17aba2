package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/training"
)

// Courses are the demonstration training courses, created by the compliance officer.
var Courses = []training.CourseInput{
	{
		Title: "EU dual-use export controls: the basics",
		Description: "What Regulation (EU) 2021/821 controls and how Vigil supports it.\n\n" +
			"Read the company summary of the Regulation and **Annex I** before you tick the items. " +
			"Ask the compliance officer when an item is unclear; do not guess a classification.",
		Items: []string{
			"I know that Regulation (EU) 2021/821 controls the export, brokering, technical assistance, transit and transfer of dual-use items.",
			"I can find an item's control entry in Annex I and know that software and technology (including by email or cloud) can be controlled too.",
			"I know the catch-all controls of Articles 4 and 5: an unlisted item needs a licence when the competent authority informs us of a sensitive end use; " +
				"when we are aware of one ourselves, we notify the authority, and the authority decides whether a licence is required.",
			"I know the EU general export authorisations and that their conditions (registration, reporting) must be met before use.",
			"I check every export case for a licence need before shipment and record the classification in Vigil.",
			"I keep export records for at least five years and know where Vigil keeps them.",
		},
		RecurrenceMonths: 12,
		MandatoryRoles:   []auth.Role{auth.RoleExportManager, auth.RoleComplianceOfficer},
	},
	{
		Title: "Cyber-surveillance items and human rights (EU 2024/2659)",
		Description: "The Commission's guidelines on Article 5 of Regulation 2021/821 for cyber-surveillance items " +
			"not listed in Annex I.\n\n" +
			"Work through *Recommendation (EU) 2024/2659* and the company's human-rights due diligence procedure.",
		Items: []string{
			"I know which of our products can be used for covert surveillance of natural persons (monitoring, extracting, analysing data).",
			"I know Article 5(2): when our due diligence makes us aware that an unlisted cyber-surveillance item is intended for internal repression " +
				"or serious violations of human rights and international humanitarian law, we notify the competent authority, " +
				"which decides whether the export needs a licence (Art. 5(1): a licence is needed once the authority has informed us).",
			"I complete the human-rights assessment in Vigil for every case whose destination or end user calls for it.",
			"I recognise the red flags: law-enforcement or intelligence end users, vague end use, requests to disable logging, unusual customisation.",
			"I notify the competent authority through the compliance officer when our due diligence finds such a risk.",
			"I never split a shipment or change its description to avoid an assessment.",
		},
		RecurrenceMonths: 12,
		MandatoryRoles:   []auth.Role{auth.RoleExportManager, auth.RoleComplianceOfficer},
	},
	{
		Title: "Sanctions and restricted-party screening",
		Description: "How we screen every party of a transaction against the EU, UN, UK and US lists, and what a hit means.\n\n" +
			"- Screening runs automatically when a party is added to a case.\n" +
			"- A **confirmed match blocks** the case and every open case of the party.",
		Items: []string{
			"I know that EU restrictive measures prohibit making funds or economic resources available to listed persons, directly or indirectly.",
			"I know that every party of a case (consignee, end user, intermediaries, forwarder) is screened, and that owners and controllers matter too.",
			"I never ship, pay or release goods while a screening hit is undecided.",
			"I give the reason for every hit decision: what tells the party and the listed entry apart, or why they are the same.",
			"I report a confirmed match or a suspected evasion to the compliance officer at once.",
		},
		RecurrenceMonths: 12,
		MandatoryRoles:   []auth.Role{auth.RoleExportManager, auth.RoleComplianceOfficer, auth.RoleStaff},
	},
	{
		Title: "The company ICP manual",
		Description: "Our internal compliance programme, following Recommendation (EU) 2019/1318: management's commitment, " +
			"who is responsible for what, and the procedures everyone follows.",
		Items: []string{
			"I have read the management's commitment statement.",
			"I know who the export control officer and their deputy are, and how to reach them.",
			"I know that nobody approves an export case they opened or changed after submission.",
			"I know how to report a suspected violation, also anonymously, and that nobody is blamed for reporting in good faith.",
			"I know that records are kept complete and retrievable, and that the audit trail cannot be changed.",
			"I know how controlled technology is handled in email, cloud storage and on business trips.",
			"I know that the programme is audited every year and that findings are followed up.",
		},
		MandatoryRoles: auth.Roles,
		// The course page shows the export control officer, the deputy and
		// management as they stand.
		ShowsOrganisation: true,
	},
}

// The demonstration courses by their place in Courses.
const (
	courseBasics = iota
	courseCyber
	courseSanctions
	courseManual
)

// pastWork is training a demo user did some time ago.
type pastWork struct {
	email  string
	course int // index in Courses
	ticks  int // -1: all, and attested
	ago    time.Duration
}

const day = 24 * time.Hour

// pastTraining trains everyone who acts in the demonstration (the export
// managers and the compliance officer: every course mandatory for their
// roles, completed and current; the auditor and the board member have read
// the ICP manual), leaves staff@ overdue and admin@ in
// progress, and gives lapsed.manager@ a completion of the basics that lapsed
// lapsedDays ago: its new assignment is still within its 30 days, yet
// Vigil refuses them every act that vouches for a case until they take it.
var pastTraining = slices.Concat(
	trained("manager@example.com", 200, 90, 60, 300),
	trained("manager2@example.com", 120, 40, 75, 250),
	trained("officer@example.com", 150, 30, 45, 60),
	trained(LapsedManager, 365+lapsedDays, 20, 50, 100),
	[]pastWork{
		{"auditor@example.com", courseManual, -1, 30 * day},
		{"board@example.com", courseManual, -1, 20 * day},
		{"staff@example.com", courseSanctions, 2, 45 * day},
		{"admin@example.com", courseManual, 2, 3 * day},
	},
)

// LapsedManager is the demo export manager whose completion of the basics
// has lapsed, lapsedDays ago.
const (
	LapsedManager = "lapsed.manager@example.com"
	lapsedDays    = 15
)

// trained is the past of someone who completed the four courses, the given
// numbers of days ago (basics, cyber-surveillance, sanctions, ICP manual).
func trained(email string, basics, cyber, sanctions, manual int) []pastWork {
	return []pastWork{
		{email, courseBasics, -1, time.Duration(basics) * day},
		{email, courseCyber, -1, time.Duration(cyber) * day},
		{email, courseSanctions, -1, time.Duration(sanctions) * day},
		{email, courseManual, -1, time.Duration(manual) * day},
	}
}

// SeedTraining creates the demonstration courses as the demo compliance
// officer, assigns them to the demo users, and gives them a past
// (pastTraining): completions and ticks, dated back, recorded in the audit
// trail by the system, with the assignment that follows a lapsed completion.
func SeedTraining(ctx context.Context, d *db.DB, svc *training.Service) error {
	as := map[string]context.Context{}
	for _, u := range Users {
		var err error
		if as[u.Email], err = actAs(ctx, d, u.Email); err != nil {
			return err
		}
	}
	ids, err := createCourses(as["officer@example.com"], svc)
	if err != nil {
		return err
	}
	now := d.Now()
	var past []string // what is dated back, for the audit trail
	for _, w := range pastTraining {
		id, err := workThrough(as[w.email], svc, ids[w.course], w.ticks)
		if err != nil {
			return fmt.Errorf("demo training of %s: %w", w.email, err)
		}
		when := now.Add(-w.ago)
		if err := dateBack(ctx, d, id, when); err != nil {
			return err
		}
		past = append(past, fmt.Sprintf("%s %s", w.email, when.Format(time.DateOnly)))
	}
	ctx = auth.AsSystem(ctx)
	// The lapsed completion gets its new assignment, as the hourly
	// housekeeping would give it.
	if _, err := svc.Sync(ctx); err != nil {
		return err
	}
	return d.InTx(ctx, func(tx *gorm.DB) error {
		return audit.Record(ctx, tx, now, audit.Event{Action: "demo.seed_training", ObjectType: "training",
			Summary: "Dated back the demonstration training records", After: past})
	})
}

// actAs returns ctx signed in as the user with email, as the web layer does
// after sign-in.
func actAs(ctx context.Context, d *db.DB, email string) (context.Context, error) {
	g := d.Gorm.WithContext(ctx)
	var u struct{ ID, Name string }
	if err := g.Table("users").Select("id, name").Where("email = ?", email).Take(&u).Error; err != nil {
		return nil, fmt.Errorf("demo user %s: %w", email, err)
	}
	var roles []auth.Role
	if err := g.Table("user_roles").Where("user_id = ?", u.ID).Pluck("role", &roles).Error; err != nil {
		return nil, err
	}
	a := &auth.Actor{UserID: u.ID, Email: email, Name: u.Name, Roles: auth.SortRoles(roles)}
	return auth.WithActor(ctx, a, ""), nil
}

// createCourses creates Courses and returns their ids, in order.
func createCourses(ctx context.Context, svc *training.Service) ([]string, error) {
	ids := make([]string, len(Courses))
	for i, in := range Courses {
		c, err := svc.CreateCourse(ctx, in)
		if err != nil {
			return nil, err
		}
		ids[i] = c.ID
	}
	return ids, nil
}

// dateBack moves an assignment's work to when: it was assigned the day
// before and is due DefaultDueDays after, so staff@'s, 45 days ago, is past
// its due day.
func dateBack(ctx context.Context, d *db.DB, assignmentID string, when time.Time) error {
	return d.InTx(ctx, func(tx *gorm.DB) error {
		for _, st := range []struct {
			sql  string
			args []any
		}{
			{"UPDATE assignments SET assigned_at = ?, due_on = ? WHERE id = ?",
				[]any{when.Add(-day), training.Day(when).AddDate(0, 0, training.DefaultDueDays), assignmentID}},
			{"UPDATE item_ticks SET ticked_at = ? WHERE assignment_id = ?", []any{when, assignmentID}},
			{"UPDATE completions SET completed_at = ? WHERE assignment_id = ?", []any{when, assignmentID}},
		} {
			if err := tx.Exec(st.sql, st.args...).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// workThrough ticks the first n items of the person's assignment of course
// (n < 0: all of them, then attests) and returns the assignment's id.
func workThrough(ctx context.Context, svc *training.Service, course string, n int) (string, error) {
	mine, err := svc.Mine(ctx)
	if err != nil {
		return "", err
	}
	for _, p := range mine {
		if p.CourseID != course {
			continue
		}
		for i, it := range p.Course.Items {
			if n >= 0 && i >= n {
				break
			}
			if _, err := svc.Tick(ctx, p.AssignmentID, it.ID, true); err != nil {
				return "", err
			}
		}
		if n < 0 {
			_, err = svc.Attest(ctx, p.AssignmentID, true, auth.ActorFrom(ctx).Name)
		}
		return p.AssignmentID, err
	}
	return "", fmt.Errorf("no assignment of course %s", course)
}
