// Package selfassess is the periodic self-assessment of the internal
// compliance programme: in a period (such as a year) the compliance officers
// answer Vigil's questions on the seven core elements of Commission
// Recommendation (EU) 2019/1318, each with a maturity from 0 to 4, evidence
// (files and links into Vigil) and a comment; a completed period is compared
// with the one before, and an answer below its target is raised as a
// finding.
package selfassess

import "strconv"

// Question is one question of the set. Its key ("4.2": element 4, second
// question) never changes, so that periods compare question by question; a
// question retired from the set keeps its key unused.
type Question struct {
	Key     string
	Element int
	Text    string
}

// Questions are Vigil's question set, written from what the recommendation
// expects of each core element: paraphrases, not its official wording.
var Questions = []Question{
	{"1.1", 1, "Has management adopted a written export control commitment statement, signed at board level?"},
	{"1.2", 1, "Is the commitment communicated to all staff, new staff included, and do they acknowledge it?"},
	{"1.3", 1, "Does management give export control enough people, time, money and tools?"},
	{"1.4", 1, "Does the commitment make clear that compliance comes before business targets, and is it acted on?"},
	{"1.5", 1, "Does management follow how the programme performs and take part in its review?"},

	{"2.1", 2, "Is there a written, current organisation chart showing who is responsible for export control?"},
	{"2.2", 2, "Is a person named responsible for export control, with a deputy, and may they stop a transaction?"},
	{"2.3", 2, "Are enough trained people assigned to export control for the company's volume and risks?"},
	{"2.4", 2, "Are the procedures written down in a compliance manual that is kept current and available to those who use it?"},
	{"2.5", 2, "Are conflicts of interest avoided, for instance by keeping export control independent of sales?"},

	{"3.1", 3, "Do the staff in trade-control roles take compulsory training at set intervals?"},
	{"3.2", 3, "Do all other staff receive awareness of export control and how to raise a question or a concern?"},
	{"3.3", 3, "Are training attendance and completion recorded, and is missed training followed up?"},
	{"3.4", 3, "Is the training updated for changes in the law, the lists and the products, and for lessons learnt?"},

	{"4.1", 4, "Are all items, software and technology included, classified against Annex I and re-checked when Annex I changes?"},
	{"4.2", 4, "Are all parties of a transaction screened against the sanctions and restricted-party lists in force?"},
	{"4.3", 4, "Are end use and end user checked (end-use statements, red flags, catch-all controls) before an export?"},
	{"4.4", 4, "Is the need for a licence determined, and are licences applied for and recorded, brokering and technical assistance included?"},
	{"4.5", 4, "Before shipment, is each transaction checked against its licence and its conditions, and can a shipment be stopped?"},
	{"4.6", 4, "Is a transaction held, and escalated, while a suspicion about it is being resolved?"},

	{"5.1", 5, "Are operational checks of the procedures made regularly, and their results recorded?"},
	{"5.2", 5, "Are internal or external audits of the programme planned and carried out?"},
	{"5.3", 5, "Can staff report suspected violations internally, also anonymously, without fear of reprisal?"},
	{"5.4", 5, "Are findings followed up with corrective actions that have an owner and a deadline, and is their effect checked?"},
	{"5.5", 5, "Is there a procedure for deciding on a voluntary disclosure to the competent authority?"},

	{"6.1", 6, "Are the export records the law requires kept for as long as it requires (under Art. 27(3) of Regulation (EU) 2021/821, at least five years from the end of the calendar year of the export)?"},
	{"6.2", 6, "Do the records identify the items, their quantity, the exporter, the consignee and, where known, the end use and end user?"},
	{"6.3", 6, "Can records be found and produced promptly when the competent authority asks?"},
	{"6.4", 6, "Are records protected against alteration and loss, with a documented filing and retention rule?"},

	{"7.1", 7, "Is physical access to controlled items restricted to those who need it, and recorded?"},
	{"7.2", 7, "Is access to controlled technology and software restricted by IT access control?"},
	{"7.3", 7, "Are there rules for controlled technology in email, cloud storage and on business trips, and are they followed?"},
	{"7.4", 7, "Are security incidents involving controlled items or technology recorded and followed up?"},
}

// QuestionByKey returns the question with key, if the set has it.
func QuestionByKey(key string) (Question, bool) {
	for _, q := range Questions {
		if q.Key == key {
			return q, true
		}
	}
	return Question{}, false
}

// QuestionsOf returns the questions of element n, in order.
func QuestionsOf(n int) []Question {
	var out []Question
	for _, q := range Questions {
		if q.Element == n {
			out = append(out, q)
		}
	}
	return out
}

// Level is a maturity of the scale 0 to 4.
type Level struct {
	Value       int
	Name, Means string
}

// Levels are the maturity scale.
var Levels = []Level{
	{0, "Not in place", "Nothing is done yet."},
	{1, "Ad hoc", "Done sometimes, by some, without a written procedure."},
	{2, "Documented", "A written procedure exists but is not yet applied everywhere."},
	{3, "Applied", "Applied consistently, with records that show it."},
	{4, "Reviewed and improved", "Applied, reviewed on its results and improved."},
}

// MaxMaturity is the top of the scale.
const MaxMaturity = 4

// LevelName is the name of maturity m, such as "2 Documented".
func LevelName(m int) string {
	if m < 0 || m > MaxMaturity {
		return strconv.Itoa(m)
	}
	return strconv.Itoa(m) + " " + Levels[m].Name
}

// DefaultTarget is the maturity an answer should reach unless the period
// sets another: the company's choice, not the recommendation's.
const DefaultTarget = 3
