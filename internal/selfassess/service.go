package selfassess

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// Service keeps the self-assessments.
type Service struct {
	db       *db.DB
	findings FindingRecorder
}

// NewService returns the service over d. Gaps are raised as findings once a
// recorder is set (SetFindingRecorder).
func NewService(d *db.DB) *Service { return &Service{db: d} }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.db.Now() }

// Summary is a period with the number of its questions answered.
type Summary struct {
	Period
	Answered int
}

// Periods returns every period, the latest first. Errors: Forbidden.
func (s *Service) Periods(ctx context.Context) ([]Summary, error) {
	if _, err := auth.Require(ctx, auth.PermReadProgramme); err != nil {
		return nil, err
	}
	var ps []Period
	g := s.db.Gorm.WithContext(ctx)
	if err := g.Order("to_on DESC, opened_at DESC").Find(&ps).Error; err != nil {
		return nil, err
	}
	var counts []struct {
		PeriodID string
		N        int
	}
	if err := g.Model(&Answer{}).Select("period_id, COUNT(*) AS n").Group("period_id").Scan(&counts).Error; err != nil {
		return nil, err
	}
	answered := map[string]int{}
	for _, c := range counts {
		answered[c.PeriodID] = c.N
	}
	out := make([]Summary, len(ps))
	for i, p := range ps {
		out[i] = Summary{Period: p, Answered: answered[p.ID]}
	}
	return out, nil
}

// Open opens a new period, on the audit trail. One period is open at a
// time: the next opens once the open one is completed. Errors: Invalid,
// Conflict, Forbidden.
func (s *Service) Open(ctx context.Context, in PeriodInput) (*Period, error) {
	actor, err := auth.Require(ctx, auth.PermSelfAssess)
	if err != nil {
		return nil, err
	}
	p, errs := in.parse()
	if len(errs) > 0 {
		return nil, apperr.Validation(errs)
	}
	now := s.db.Now()
	p.ID, p.Status, p.OpenedBy, p.OpenedAt = db.NewID(), Open, actor.UserID, now
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		var open Period
		err := tx.Where("status = ?", Open).Take(&open).Error
		if err == nil {
			return apperr.New(apperr.Conflict, "The period %s is still open: complete it before opening another.", open.Name)
		}
		if !db.IsNotFound(err) {
			return err
		}
		var n int64
		if err := tx.Model(&Period{}).Where("name = ?", p.Name).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return apperr.Validation(map[string]string{"name": "A period of this name exists already."})
		}
		if err := tx.Create(&p).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "selfassess.open", ObjectType: "selfassess_period", ObjectID: p.ID,
			Summary: "Self-assessment period opened: " + p.Name, After: &p})
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Assessment is a period with its answers, by question key, and the files
// of each answer, by answer id.
type Assessment struct {
	Period      Period
	Answers     map[string]*Answer
	Attachments map[string][]Attachment
}

// Missing returns the keys of the questions not answered yet, in order.
func (a *Assessment) Missing() []string {
	var out []string
	for _, q := range Questions {
		if a.Answers[q.Key] == nil {
			out = append(out, q.Key)
		}
	}
	return out
}

// Get returns the period id with its answers and evidence. Errors:
// NotFound, Forbidden.
func (s *Service) Get(ctx context.Context, id string) (*Assessment, error) {
	if _, err := auth.Require(ctx, auth.PermReadProgramme); err != nil {
		return nil, err
	}
	return load(ctx, s.db.Gorm, id)
}

func load(ctx context.Context, g *gorm.DB, id string) (*Assessment, error) {
	p, err := findPeriod(ctx, g, id)
	if err != nil {
		return nil, err
	}
	a := &Assessment{Period: *p, Answers: map[string]*Answer{}, Attachments: map[string][]Attachment{}}
	var answers []Answer
	if err := g.WithContext(ctx).Where("period_id = ?", id).Find(&answers).Error; err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(answers))
	for i := range answers {
		a.Answers[answers[i].QuestionKey] = &answers[i]
		ids = append(ids, answers[i].ID)
	}
	if len(ids) == 0 {
		return a, nil
	}
	var files []Attachment
	if err := g.WithContext(ctx).Where("answer_id IN ?", ids).Order("uploaded_at, filename").Find(&files).Error; err != nil {
		return nil, err
	}
	for _, f := range files {
		a.Attachments[f.AnswerID] = append(a.Attachments[f.AnswerID], f)
	}
	return a, nil
}

func findPeriod(ctx context.Context, g *gorm.DB, id string) (*Period, error) {
	var p Period
	err := g.WithContext(ctx).Where("id = ?", id).Take(&p).Error
	if db.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "There is no such self-assessment period.")
	}
	return &p, err
}

// holdOpen takes the period's row for the rest of tx and refuses a period
// that is not open: answers change only while it is, and completing it
// waits for a change under way.
func holdOpen(ctx context.Context, tx *gorm.DB, id string) (*Period, error) {
	p, err := findPeriod(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	res := tx.Model(&Period{}).Where("id = ? AND status = ?", id, Open).Update("status", Open)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, apperr.New(apperr.Conflict, "The period %s is completed: its answers can no longer change.", p.Name)
	}
	return p, nil
}

// answerAudit is an answer as the audit trail records it, with its files.
type answerAudit struct {
	Answer *Answer      `json:"answer"`
	Files  []Attachment `json:"files"`
}

// Answer records or changes the answer to the question key of a period,
// adding doc (nil: none) to its evidence; on the audit trail with before
// and after. Errors: Invalid, NotFound, Conflict (the period is completed),
// Forbidden.
func (s *Service) Answer(ctx context.Context, periodID, key string, in AnswerInput, doc *Document) (*Answer, error) {
	actor, err := auth.Require(ctx, auth.PermSelfAssess)
	if err != nil {
		return nil, err
	}
	q, ok := QuestionByKey(key)
	if !ok {
		return nil, apperr.New(apperr.NotFound, "There is no such question.")
	}
	a, errs := in.parse()
	if len(errs) > 0 {
		return nil, apperr.Validation(errs)
	}
	now := s.db.Now()
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		p, err := holdOpen(ctx, tx, periodID)
		if err != nil {
			return err
		}
		before, files, err := answerOf(ctx, tx, periodID, key)
		if err != nil {
			return err
		}
		a.ID, a.PeriodID, a.QuestionKey, a.AnsweredBy, a.AnsweredAt = db.NewID(), periodID, key, actor.UserID, now
		var was any
		if before != nil {
			a.ID, a.FindingID, a.FindingReference = before.ID, before.FindingID, before.FindingReference
			was = answerAudit{before, files}
		}
		if err := tx.Save(&a).Error; err != nil {
			return err
		}
		if doc != nil {
			f := Attachment{ID: db.NewID(), AnswerID: a.ID, Filename: doc.Filename, ContentType: doc.ContentType, Size: doc.Size,
				SHA256: doc.SHA256, UploadedBy: actor.UserID, UploadedAt: now}
			if err := tx.Create(&f).Error; err != nil {
				return err
			}
			files = append(files, f)
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "selfassess.answer", ObjectType: "selfassess_period", ObjectID: periodID,
			Summary: "Self-assessment " + p.Name + ", question " + q.Key + ": " + LevelName(a.Maturity), Before: was,
			After: answerAudit{&a, files}})
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// answerOf returns the answer to key in the period and its files; nil when
// there is none.
func answerOf(ctx context.Context, tx *gorm.DB, periodID, key string) (*Answer, []Attachment, error) {
	var a Answer
	err := tx.WithContext(ctx).Where("period_id = ? AND question_key = ?", periodID, key).Take(&a).Error
	if db.IsNotFound(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var files []Attachment
	err = tx.WithContext(ctx).Where("answer_id = ?", a.ID).Order("uploaded_at, filename").Find(&files).Error
	return &a, files, err
}

// Attachment returns a file of the period's answers, for download. Errors:
// NotFound, Forbidden.
func (s *Service) Attachment(ctx context.Context, periodID, id string) (*Attachment, error) {
	if _, err := auth.Require(ctx, auth.PermReadProgramme); err != nil {
		return nil, err
	}
	return attachmentOf(ctx, s.db.Gorm, periodID, id)
}

func attachmentOf(ctx context.Context, g *gorm.DB, periodID, id string) (*Attachment, error) {
	var f Attachment
	err := g.WithContext(ctx).Where("id = ? AND answer_id IN (?)", id,
		g.Model(&Answer{}).Select("id").Where("period_id = ?", periodID)).Take(&f).Error
	if db.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "There is no such file.")
	}
	return &f, err
}

// RemoveAttachment takes a file off an answer's evidence while the period is
// open, on the audit trail; the file store keeps the file. Errors:
// NotFound, Conflict, Forbidden.
func (s *Service) RemoveAttachment(ctx context.Context, periodID, id string) (*Attachment, error) {
	if _, err := auth.Require(ctx, auth.PermSelfAssess); err != nil {
		return nil, err
	}
	now := s.db.Now()
	var f *Attachment
	err := s.db.InTx(ctx, func(tx *gorm.DB) error {
		p, err := holdOpen(ctx, tx, periodID)
		if err != nil {
			return err
		}
		if f, err = attachmentOf(ctx, tx, periodID, id); err != nil {
			return err
		}
		if err := tx.Delete(&Attachment{}, "id = ?", id).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "selfassess.file_remove", ObjectType: "selfassess_period", ObjectID: periodID,
			Summary: "Self-assessment " + p.Name + ": evidence removed: " + f.Filename + " (sha256 " + f.SHA256 + ")", Before: f})
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Complete completes a period whose every question is answered; from then
// on it is read-only. On the audit trail. Errors: Invalid (questions left),
// NotFound, Conflict (completed already), Forbidden.
func (s *Service) Complete(ctx context.Context, periodID string) (*Period, error) {
	actor, err := auth.Require(ctx, auth.PermSelfAssess)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	var after Period
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		before, err := holdOpen(ctx, tx, periodID)
		if err != nil {
			return err
		}
		a, err := load(ctx, tx, periodID)
		if err != nil {
			return err
		}
		if missing := a.Missing(); len(missing) > 0 {
			return apperr.New(apperr.Invalid, "Answer every question before completing the period: %d left (%s).",
				len(missing), strings.Join(missing, ", "))
		}
		after = *before
		after.Status, after.CompletedBy, after.CompletedAt = Completed, &actor.UserID, &now
		if err := tx.Model(&Period{}).Where("id = ?", periodID).
			Updates(map[string]any{"status": Completed, "completed_by": actor.UserID, "completed_at": now}).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "selfassess.complete", ObjectType: "selfassess_period", ObjectID: periodID,
			Summary: "Self-assessment period completed: " + after.Name, Before: before, After: &after})
	})
	if err != nil {
		return nil, err
	}
	return &after, nil
}
