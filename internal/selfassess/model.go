package selfassess

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Status says whether a period's answers may still change.
type Status string

const (
	Open      Status = "open"
	Completed Status = "completed"
)

// Period is one self-assessment, such as the year 2026.
type Period struct {
	ID          string     `gorm:"column:id;primaryKey"`
	Name        string     `gorm:"column:name"`
	FromOn      time.Time  `gorm:"column:from_on"`
	ToOn        time.Time  `gorm:"column:to_on"`
	Target      int        `gorm:"column:target"`
	Status      Status     `gorm:"column:status"`
	OpenedBy    string     `gorm:"column:opened_by"`
	OpenedAt    time.Time  `gorm:"column:opened_at"`
	CompletedBy *string    `gorm:"column:completed_by"`
	CompletedAt *time.Time `gorm:"column:completed_at"`
}

func (Period) TableName() string { return "selfassess_periods" }

// Answer is the answer to one question of a period.
type Answer struct {
	ID               string    `gorm:"column:id;primaryKey"`
	PeriodID         string    `gorm:"column:period_id"`
	QuestionKey      string    `gorm:"column:question_key"`
	Maturity         int       `gorm:"column:maturity"`
	Comment          string    `gorm:"column:comment"`
	Links            string    `gorm:"column:links"` // Vigil paths, one a line
	FindingID        string    `gorm:"column:finding_id"`
	FindingReference string    `gorm:"column:finding_reference"`
	AnsweredBy       string    `gorm:"column:answered_by"`
	AnsweredAt       time.Time `gorm:"column:answered_at"`
}

func (Answer) TableName() string { return "selfassess_answers" }

// LinkList returns the answer's links.
func (a *Answer) LinkList() []string {
	if a.Links == "" {
		return nil
	}
	return strings.Split(a.Links, "\n")
}

// Gap reports whether the answer is below target.
func (a *Answer) Gap(target int) bool { return a.Maturity < target }

// Attachment is a file given as evidence for an answer.
type Attachment struct {
	ID          string    `gorm:"column:id;primaryKey"`
	AnswerID    string    `gorm:"column:answer_id"`
	Filename    string    `gorm:"column:filename"`
	ContentType string    `gorm:"column:content_type"`
	Size        int64     `gorm:"column:size"`
	SHA256      string    `gorm:"column:sha256"`
	UploadedBy  string    `gorm:"column:uploaded_by"`
	UploadedAt  time.Time `gorm:"column:uploaded_at"`
}

func (Attachment) TableName() string { return "selfassess_attachments" }

// Document is a file already checked and kept by the file store.
type Document struct {
	SHA256, ContentType, Filename string
	Size                          int64
}

// PeriodInput is a new period as the form gives it.
type PeriodInput struct {
	Name, From, To string // dates as YYYY-MM-DD
	Target         string // empty: DefaultTarget
}

// parse checks in and returns the period it describes, or the message of
// each bad field.
func (in PeriodInput) parse() (Period, map[string]string) {
	errs := map[string]string{}
	p := Period{Name: strings.TrimSpace(in.Name), Target: DefaultTarget}
	switch {
	case p.Name == "":
		errs["name"] = "Name the period, such as the year it covers."
	case utf8.RuneCountInString(p.Name) > 100:
		errs["name"] = "Use at most 100 characters."
	}
	var msg string
	if p.FromOn, msg = date(in.From); msg != "" {
		errs["from"] = msg
	}
	if p.ToOn, msg = date(in.To); msg != "" {
		errs["to"] = msg
	}
	if errs["from"] == "" && errs["to"] == "" && p.ToOn.Before(p.FromOn) {
		errs["to"] = "The period cannot end before it begins."
	}
	if t := strings.TrimSpace(in.Target); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > MaxMaturity {
			errs["target"] = "Choose a target maturity from 1 to 4."
		}
		p.Target = n
	}
	return p, errs
}

func date(text string) (time.Time, string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return time.Time{}, "Give the date."
	}
	d, err := time.Parse(time.DateOnly, text)
	if err != nil {
		return time.Time{}, "Give the date as YYYY-MM-DD."
	}
	return d, ""
}

// AnswerInput is an answer as the form gives it.
type AnswerInput struct {
	Maturity string // 0 to 4
	Comment  string
	Links    string // Vigil paths, one a line
}

// parse checks in and returns the maturity, comment and links, or the
// message of each bad field.
func (in AnswerInput) parse() (Answer, map[string]string) {
	errs := map[string]string{}
	a := Answer{Comment: strings.TrimSpace(in.Comment)}
	n, err := strconv.Atoi(strings.TrimSpace(in.Maturity))
	if err != nil || n < 0 || n > MaxMaturity {
		errs["maturity"] = "Choose a maturity from 0 to 4."
	}
	a.Maturity = n
	if utf8.RuneCountInString(a.Comment) > 4000 {
		errs["comment"] = "Use at most 4000 characters."
	}
	links, msg := parseLinks(in.Links)
	if msg != "" {
		errs["links"] = msg
	}
	a.Links = strings.Join(links, "\n")
	return a, errs
}

// linkPatterns are the Vigil pages an answer may link to as evidence: the
// training records, a version of a sanctions list, a case, and the audit
// chain's verification.
var linkPatterns = []struct {
	re    *regexp.Regexp
	Label string
}{
	{regexp.MustCompile(`^/training/matrix$`), "Training records"},
	{regexp.MustCompile(`^/lists/versions/[A-Za-z0-9-]{1,64}$`), "Sanctions list version"},
	{regexp.MustCompile(`^/cases/[A-Za-z0-9-]{1,64}$`), "Case"},
	{regexp.MustCompile(`^/audit/verify$`), "Audit chain verification"},
}

// LinkLabel names the page a valid link leads to.
func LinkLabel(link string) string {
	for _, p := range linkPatterns {
		if p.re.MatchString(link) {
			return p.Label
		}
	}
	return ""
}

// maxLinks bounds the links of one answer.
const maxLinks = 20

// parseLinks reads the links typed one a line: each must be the path of a
// Vigil page that can serve as evidence, without the server's address.
// Blank lines and repeats are dropped.
func parseLinks(text string) ([]string, string) {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || slices.Contains(out, line) {
			continue
		}
		if LinkLabel(line) == "" {
			return nil, "“" + shorten(line) + "” is not a Vigil page Vigil accepts as evidence. Give paths such as /training/matrix, " +
				"/lists/versions/…, /cases/… or /audit/verify, one a line, without the server's address."
		}
		out = append(out, line)
	}
	if len(out) > maxLinks {
		return nil, "Give at most " + strconv.Itoa(maxLinks) + " links."
	}
	return out, ""
}

func shorten(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return string([]rune(s)[:60]) + "…"
}
