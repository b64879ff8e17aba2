package controllist

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
)

func TestParse_ReadsAGoodFile(t *testing.T) {
	file := "\uFEFFcode,title,category,cyber_surveillance,parent\n" +
		"5,Telecommunications and information security,5,false,\n" +
		"5a001.J.,\"IP network surveillance,\nhaving all of the following:\",5,TRUE,\n" +
		"5A001.j.1,Carrier-class analysis,5,true,5\n" +
		"4A005,Intrusion software equipment,4,false,\r\n" // as spreadsheets on Windows end lines
	entries, sum, err := parse(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{Code: "5", Title: "Telecommunications and information security", Category: 5},
		{Code: "5A001.j", Title: "IP network surveillance,\nhaving all of the following:", Category: 5, CyberSurveillance: true, Parent: "5"},
		{Code: "5A001.j.1", Title: "Carrier-class analysis", Category: 5, CyberSurveillance: true, Parent: "5"},
		{Code: "4A005", Title: "Intrusion software equipment", Category: 4},
	}
	if !reflect.DeepEqual(entries, want) {
		t.Errorf("entries\n got %+v\nwant %+v", entries, want)
	}
	if s := sha256.Sum256([]byte(file)); sum != hex.EncodeToString(s[:]) {
		t.Errorf("sha256 %s is not the file's", sum)
	}
}

// TestParse_ParentIsTheNearestEntryAbove: without a parent column, each
// entry hangs below the nearest entry above it that the file holds.
func TestParse_ParentIsTheNearestEntryAbove(t *testing.T) {
	entries, _, err := parse(strings.NewReader("code,title,category,cyber_surveillance\n" +
		"5A001.j.1,One,5,true\n5A001,Telecoms,5,false\n5,Heading,5,false\n3A001.a.10,Ten,3,false\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range entries {
		got[e.Code] = e.Parent
	}
	want := map[string]string{"5A001.j.1": "5A001", "5A001": "5", "5": "", "3A001.a.10": ""}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parents %v, want %v", got, want)
	}
}

func TestParse_RefusesTheWholeFile(t *testing.T) {
	const head = "code,title,category,cyber_surveillance\n"
	const good = "5A001.j,IP surveillance,5,true\n"
	for _, tc := range []struct {
		name, file string
		want       []Problem
	}{
		{"bad code syntax", head + good + "5Z001,Nothing,5,false\n",
			[]Problem{{3, "“5Z001” is not an Annex I entry code (such as 5A001.j) or a category digit 0–9."}}},
		{"category not a digit", head + good + "5A002,Encryption,five,false\n",
			[]Problem{{3, "The category “five” is not a digit 0–9."}}},
		{"category of another code", head + good + "5A002,Encryption,4,false\n",
			[]Problem{{3, "The category 4 does not match 5A002, which is in category 5."}}},
		{"duplicate code", head + good + "4A005,Intrusion,4,true\n5a001.J,Again,5,true\n",
			[]Problem{{4, "5A001.j appears twice: also on line 2."}}},
		{"too few columns", head + good + "5A002,Encryption,5\n",
			[]Problem{{3, "The row has 3 columns; the header has 4."}}},
		{"too many columns", head + good + "5A002,Encryption,5,false,5\n",
			[]Problem{{3, "The row has 5 columns; the header has 4."}}},
		{"bad boolean", head + good + "5A002,Encryption,5,yes\n",
			[]Problem{{3, "cyber_surveillance is “yes”; it must be true or false."}}},
		{"empty title", head + good + "5A002,  ,5,false\n",
			[]Problem{{3, "The title is empty."}}},
		{"control characters", head + good + "5A002,Encr\x00yption,5,false\n",
			[]Problem{{3, "The title holds control characters."}}},
		{"not UTF-8", head + good + "5A002,Chiffrement \xe9lev\xe9,5,false\n",
			[]Problem{{3, "The line is not UTF-8 text: save the file as “CSV UTF-8”."}}},
		{"over 5 MB", head + good + strings.Repeat("x", MaxFileSize),
			[]Problem{{0, "The file is larger than 5 MB."}}},
		{"no header", good + "5A002,Encryption,5,false\n",
			[]Problem{{1, "The first row must be the header code,title,category,cyber_surveillance[,parent]."}}},
		{"empty file", "",
			[]Problem{{1, "The first row must be the header code,title,category,cyber_surveillance[,parent]."}}},
		{"header only", head,
			[]Problem{{2, "The file holds no entries below its header."}}},
		{"unreadable CSV", head + good + "5A002,\"Encryption\" and more,5,false\n",
			[]Problem{{3, "The row cannot be read as CSV: extraneous or missing \" in quoted-field."}}},
		{"parent not above", "code,title,category,cyber_surveillance,parent\n5A001,Telecoms,5,false,\n5A001.j,IP,5,true,5A002\n",
			[]Problem{{3, "The parent 5A002 is not above 5A001.j."}}},
		{"parent not in the file", "code,title,category,cyber_surveillance,parent\n5A001.j,IP,5,true,5A001\n",
			[]Problem{{2, "The parent 5A001 is not in the file."}}},
		{"several problems on several lines", head + "5A001.j,,4,maybe\n" + good,
			[]Problem{{2, "The title is empty."}, {2, "The category 4 does not match 5A001.j, which is in category 5."},
				{2, "cyber_surveillance is “maybe”; it must be true or false."}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			entries, _, err := parse(strings.NewReader(tc.file))
			if err == nil {
				t.Fatalf("the file was read: %+v", entries)
			}
			if apperr.CodeOf(err) != apperr.Invalid {
				t.Fatalf("error %v, want Invalid", err)
			}
			if got := ProblemsOf(err); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("problems\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestParse_ReportsTheFirst50Problems: a file wrong throughout says how wrong,
// and lists the first problems by line.
func TestParse_ReportsTheFirst50Problems(t *testing.T) {
	var file bytes.Buffer
	file.WriteString("code,title,category,cyber_surveillance\n")
	for i := range 60 {
		fmt.Fprintf(&file, "5A%03d,Entry,5,perhaps\n", i)
	}
	_, _, err := parse(&file)
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v, want a FileError", err)
	}
	if fe.Total != 60 || len(fe.Problems) != 50 || fe.Problems[0].Line != 2 || fe.Problems[49].Line != 51 {
		t.Errorf("total %d, %d problems from line %d to %d; want 60, 50 from 2 to 51", fe.Total, len(fe.Problems),
			fe.Problems[0].Line, fe.Problems[len(fe.Problems)-1].Line)
	}
	if msg := apperr.Message(err); msg != "The file was not imported: 60 problems. The version in use stays." {
		t.Errorf("message %q", msg)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"5A001.j": "5A001.j", "5a001.J.1": "5A001.j.1", " 1C003.b. ": "1C003.b", "7": "7", "3A001.a.10": "3A001.a.10",
		"5A01": "", "5F001": "", "5A001..j": "", "": "", "EU002": "", "5A001.j 5A002": "", "55": "",
	} {
		got, ok := Normalize(in)
		if got != want || ok != (want != "") {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// FuzzParse: whatever the file, the parser ends, and either refuses it with
// problems on lines of the file, or returns entries that keep every rule.
func FuzzParse(f *testing.F) {
	f.Add("code,title,category,cyber_surveillance,parent\n5,Heading,5,false,\n5A001.j,IP,5,true,5\n")
	f.Add("code,title,category,cyber_surveillance\n5A001.j,\"a\nb\",5,TRUE\n5a001.J,x,5,false\n")
	f.Add("code,title,category,cyber_surveillance\n\"5A001\n")
	f.Fuzz(func(t *testing.T, file string) {
		entries, _, err := parse(strings.NewReader(file))
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || len(fe.Problems) == 0 || len(fe.Problems) > maxProblems || fe.Total < len(fe.Problems) {
				t.Fatalf("refusal %v", err)
			}
			for _, p := range fe.Problems {
				if p.Line < 0 || p.Line > strings.Count(file, "\n")+2 || p.Reason == "" {
					t.Fatalf("problem %+v in a file of %d lines", p, strings.Count(file, "\n")+1)
				}
			}
			return
		}
		checkEntries(t, entries)
	})
}

// checkEntries fails t unless entries keep the rules of a version.
func checkEntries(t *testing.T, entries []Entry) {
	t.Helper()
	codes := map[string]bool{}
	for _, e := range entries {
		if norm, ok := Normalize(e.Code); !ok || norm != e.Code || codes[e.Code] {
			t.Fatalf("code %q is not normalised, or repeated", e.Code)
		}
		codes[e.Code] = true
		if strings.TrimSpace(e.Title) == "" || e.Category != int(e.Code[0]-'0') {
			t.Fatalf("entry %+v: no title, or a category that is not its code's", e)
		}
	}
	for _, e := range entries {
		if e.Parent != "" && !codes[e.Parent] {
			t.Fatalf("entry %s: parent %s is not in the version", e.Code, e.Parent)
		}
	}
}
