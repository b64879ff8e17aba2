package concerns

import (
	"strings"
	"testing"
	"time"
)

func TestNext_FollowsTheTriageTable(t *testing.T) {
	tests := []struct {
		name     string
		from     Status
		step     Step
		outcome  string
		to       Status
		field    string // the field refused, if any
		conflict bool
	}{
		{"a received report is acknowledged", Received, Acknowledge, "", Acknowledged, "", false},
		{"an acknowledged report is investigated", Acknowledged, Investigate, "", Investigating, "", false},
		{"a received report is investigated at once", Received, Investigate, "", Investigating, "", false},
		{"an investigation is closed with its outcome", Investigating, Close, "Licence breach confirmed.", Closed, "", false},
		{"closing needs an outcome", Investigating, Close, "", "", "outcome", false},
		{"an outcome of blanks is none", Acknowledged, Close, "", "", "outcome", false},
		{"an outcome too long is refused", Acknowledged, Close, strings.Repeat("x", MaxText+1), "", "outcome", false},
		{"an investigation is not acknowledged again", Investigating, Acknowledge, "", "", "", true},
		{"a closed report stays closed", Closed, Investigate, "", "", "", true},
		{"a closed report is not closed twice", Closed, Close, "Again.", "", "", true},
		{"an unknown step is refused", Received, "delete", "", "", "step", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			to, kind, errs, conflict := next(tt.from, tt.step, tt.outcome)
			if to != tt.to || (conflict != "") != tt.conflict || (tt.field == "") != (len(errs) == 0) || (tt.field != "" && errs[tt.field] == "") {
				t.Errorf("next(%s, %s) = %q, %v, %q; want %q, field %q, conflict %v", tt.from, tt.step, to, errs, conflict, tt.to, tt.field, tt.conflict)
			}
			if tt.to != "" && kind != transitions[tt.step].kind {
				t.Errorf("history kind %q", kind)
			}
		})
	}
}

func TestInput_Validate(t *testing.T) {
	tests := []struct {
		name   string
		in     Input
		fields []string
	}{
		{"a complete report", Input{Subject: " Re-export ", Body: "Shipped on to Iran.", CaseReference: "EXP-2026-00042"}, nil},
		{"no case reference is fine", Input{Subject: "S", Body: "B"}, nil},
		{"empty subject and body", Input{Subject: " ", Body: ""}, []string{"subject", "body"}},
		{"subject too long", Input{Subject: strings.Repeat("é", MaxSubject+1), Body: "B"}, []string{"subject"}},
		{"body too long", Input{Subject: "S", Body: strings.Repeat("b", MaxText+1)}, []string{"body"}},
		{"case reference too long", Input{Subject: "S", Body: "B", CaseReference: strings.Repeat("E", MaxCaseReference+1)}, []string{"case_reference"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantFields(t, tt.in.validate(), tt.fields)
		})
	}
}

func TestDisclosure_Validate(t *testing.T) {
	today := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		d      Disclosure
		fields []string
	}{
		{"date and reference", Disclosure{Date: "2026-03-10", Reference: "BAFA-VD-7"}, nil},
		{"no date", Disclosure{Reference: "BAFA-VD-7"}, []string{"disclosed_on"}},
		{"a bad date", Disclosure{Date: "10.03.2026", Reference: "BAFA-VD-7"}, []string{"disclosed_on"}},
		{"an impossible date", Disclosure{Date: "2026-02-30", Reference: "BAFA-VD-7"}, []string{"disclosed_on"}},
		{"a future date", Disclosure{Date: "2026-03-11", Reference: "BAFA-VD-7"}, []string{"disclosed_on"}},
		{"no reference", Disclosure{Date: "2026-03-01", Reference: "  "}, []string{"disclosure_reference"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantFields(t, tt.d.validate(today), tt.fields)
		})
	}
}

func TestReceipt_SplitsAndMatches(t *testing.T) {
	reference, receipt := newReceipt()
	ref, secret := splitReceipt("  " + strings.ToLower(receipt) + "\n")
	if ref != reference || len(reference) != 8 || len(secret) != 16 {
		t.Fatalf("receipt %q split into %q, %q", receipt, ref, secret)
	}
	if !secretMatches(secret, hashSecret(secret)) || secretMatches(secret+"A", hashSecret(secret)) {
		t.Error("the secret does not match its own hash only")
	}
}

// wantFields fails t unless errs refuses exactly fields.
func wantFields(t *testing.T, errs map[string]string, fields []string) {
	t.Helper()
	if len(errs) != len(fields) {
		t.Fatalf("errors %v, want fields %v", errs, fields)
	}
	for _, f := range fields {
		if errs[f] == "" {
			t.Errorf("no error for %s in %v", f, errs)
		}
	}
}
