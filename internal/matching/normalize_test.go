package matching

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in   string
		want string // tokens with their weight class: word, word~generic, word~legal
	}{
		{"Müller GmbH", "muller gmbh~legal"},
		{"AERO-CARIBBEAN", "aero caribbean"},
		{"Banco Nacional de Cuba, S.A.", "banco nacional de~legal cuba sa~legal"},
		{"O'Brien, Patrick", "obrien patrick"},
		{"Владимир Владимирович Путин", "vladimir vladimirovich putin"},
		{"MR. John SMITH", "john smith"},
		{"Dr Ayman al-Zawahiri", "ayman al zawahiri"},
		{"ＡＢＣ Trading L.L.C.", "abc trading~generic llc~legal"},
		{"Société Générale", "societe~legal generale"},
		{"  ", ""},
		{"J. R. R. Tolkien", "jrr tolkien"},
		{"ROSOBORONEXPORT OAO", "rosoboronexport oao~legal"},
		{"İSTANBUL ŞİRKETİ", "istanbul sirketi~legal"},
		{"GLOBAL TRADING COMPANY", "global~generic trading~generic company~legal"},
		{"Abd al-Rahman Abd-ul-Aziz", "abdal rahman abdul aziz"},
		{"ABD AS SALAM", "abdas salam"},
		{"OPTIMA INVEST LIMITED LIABILITY COMPANY", "optima invest limited~legal liability~legal company~legal"},
		{"Open Joint-Stock Company Radiosvyaz", "open~legal joint~legal stock~legal company~legal radiosvyaz"},
		{"Joint Staff of the Army", "joint staff of~generic the~generic army"},
		{"Public Limited Company Stock Exchange", "public~legal limited~legal company~legal stock exchange"},
	}
	for _, tc := range tests {
		var got []string
		for _, tok := range Normalize(tc.in) {
			s := tok.Text
			switch tok.Weight {
			case weightGeneric:
				s += "~generic"
			case weightLegalForm:
				s += "~legal"
			}
			got = append(got, s)
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, g, tc.want)
		}
	}
}

func TestKey(t *testing.T) {
	same := [][2]string{
		{"AEROCARIBBEAN AIRLINES", "aerocaribbean airlines"},
		{"Müller", "MULLER"},
		{"O’Neil", "ONEIL"},
		{"Al-Qaida", "AL QAIDA"},
	}
	for _, p := range same {
		if Key(p[0]) != Key(p[1]) {
			t.Errorf("Key(%q)=%q differs from Key(%q)=%q", p[0], Key(p[0]), p[1], Key(p[1]))
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Müller GmbH", "Владимир Путин", "محمد بن سلمان", "S.A.", "O'Brien", "金正恩", "\x00\xff", "a b c d", "A  SR  A", "abd a l"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Normalize(s)
		for _, tok := range toks {
			if tok.Text == "" || tok.Weight <= 0 {
				t.Fatalf("%q: empty or weightless token %+v", s, tok)
			}
			for _, r := range tok.Text {
				if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
					t.Fatalf("%q: token %q has %q", s, tok.Text, r)
				}
			}
		}
		if again := Key(Key(s)); again != Key(s) {
			t.Fatalf("not idempotent: %q → %q → %q", s, Key(s), again)
		}
	})
}
