package synthetic

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names are invented from syllables, each written in every script the
// lists use, so that one made-up person has consistent Latin, Cyrillic,
// Greek, Arabic and Chinese spellings, as real entries do.

// script is a writing system a name can be given in.
type script int

const (
	latin    script = iota // English transcription
	accented               // Latin with diacritics (Czech, Hungarian, Spanish ...)
	cyrillic
	greek
	arabic
	chinese
	scriptCount
)

// syllables are the building blocks of invented names, by script.
var syllables = [][scriptCount]string{
	{"ka", "ká", "ка", "κα", "كا", "卡"},
	{"ri", "rí", "ри", "ρι", "ري", "里"},
	{"mo", "mó", "мо", "μο", "مو", "莫"},
	{"na", "ná", "на", "να", "نا", "纳"},
	{"lo", "ló", "ло", "λο", "لو", "洛"},
	{"vi", "ví", "ви", "βι", "في", "维"},
	{"sa", "sá", "са", "σα", "سا", "萨"},
	{"te", "té", "те", "τε", "تي", "特"},
	{"do", "dó", "до", "ντο", "دو", "多"},
	{"bu", "bú", "бу", "μπου", "بو", "布"},
	{"sha", "ša", "ша", "σα", "شا", "沙"},
	{"che", "če", "че", "τσε", "تشي", "切"},
	{"zhi", "ži", "жи", "ζι", "جي", "日"},
	{"ra", "rá", "ра", "ρα", "را", "拉"},
	{"min", "mín", "мин", "μιν", "مين", "明"},
	{"dar", "dár", "дар", "νταρ", "دار", "达尔"},
	{"gol", "gól", "гол", "γκολ", "غول", "戈尔"},
	{"fa", "fá", "фа", "φα", "فا", "法"},
	{"kir", "kír", "кир", "κιρ", "كير", "基尔"},
	{"nov", "nóv", "нов", "νοβ", "نوف", "诺夫"},
	{"ze", "zé", "зе", "ζε", "زي", "泽"},
	{"yu", "jú", "ю", "γιου", "يو", "尤"},
	{"ha", "há", "ха", "χα", "ها", "哈"},
	{"tan", "tán", "тан", "ταν", "تان", "坦"},
}

// word is an invented word: indexes into syllables.
type word []int

func (g *generator) word(minSyl, maxSyl int) word {
	w := make(word, g.between(minSyl, maxSyl))
	for i := range w {
		w[i] = g.rng.IntN(len(syllables))
	}
	return w
}

// in writes the word in a script, capitalised where the script has case.
func (w word) in(s script) string {
	if len(w) == 0 {
		return ""
	}
	var b strings.Builder
	for _, syl := range w {
		b.WriteString(syllables[syl][s])
	}
	r, size := utf8.DecodeRuneInString(b.String())
	return string(unicode.ToUpper(r)) + b.String()[size:]
}

// person is an invented person's name.
type person struct {
	given, middle, family word // middle may be empty
	female                bool
}

func (g *generator) person() person {
	p := person{given: g.word(2, 3), family: g.word(2, 4), female: g.chance(0.2)}
	if g.chance(0.5) {
		p.middle = g.word(2, 3)
	}
	return p
}

// full is the name in natural order in a script; Chinese writes the given
// and family names of a foreigner with a middle dot between them.
func (p person) full(s script) string {
	parts := []string{p.given.in(s)}
	if len(p.middle) > 0 {
		parts = append(parts, p.middle.in(s))
	}
	parts = append(parts, p.family.in(s))
	if s == chinese {
		return strings.Join(parts, "·")
	}
	return strings.Join(parts, " ")
}

// short is the given and family name only.
func (p person) short(s script) string {
	return person{given: p.given, family: p.family}.full(s)
}

// company is an invented organisation: a made-up name and what it does.
type company struct {
	name word
	kind int // index into companyKinds
}

// companyKinds are what an organisation does, by script: English, then
// Cyrillic, Greek, Arabic and Chinese in the order these languages name
// a firm.
var companyKinds = []struct {
	english, cyrillic, greek, arabic, chinese string
}{
	{"Trading", "Трейдинг", "Εμπορική", "للتجارة", "贸易"},
	{"Industries", "Индастриз", "Βιομηχανίες", "للصناعات", "工业"},
	{"Shipping", "Шиппинг", "Ναυτιλιακή", "للشحن", "航运"},
	{"Engineering", "Инжиниринг", "Μηχανική", "للهندسة", "工程"},
	{"Holding", "Холдинг", "Συμμετοχών", "القابضة", "控股"},
}

// accentedCompany are translations of an organisation's name in Latin
// languages with diacritics: language code and pattern.
var accentedCompany = [][2]string{
	{"HU", "%s Ipari Vállalat"},
	{"ES", "Industrias Químicas %s"},
	{"DE", "%s Maschinenbau Gesellschaft für Außenhandel"},
	{"GA", "Tionscail %s"},
	{"CS", "%s průmyslová společnost"},
	{"PL", "Zakłady %s"},
}

func (g *generator) company() company {
	return company{name: g.word(2, 3), kind: g.rng.IntN(len(companyKinds))}
}

// in writes the organisation's name in a script.
func (c company) in(s script) string {
	k, name := companyKinds[c.kind], c.name.in(s)
	switch s {
	case cyrillic:
		return "ООО «" + name + " " + k.cyrillic + "»"
	case greek:
		return name + " " + k.greek + " Α.Ε."
	case arabic:
		return "شركة " + name + " " + k.arabic
	case chinese:
		return name + k.chinese + "有限公司"
	case accented:
		return name + " " + k.english
	}
	return name + " " + k.english + " LLC"
}

// accented is a translation in a Latin language with diacritics, with its
// language code.
func (c company) accented(g *generator) (lang, text string) {
	t := pick(g, accentedCompany)
	return t[0], fmt.Sprintf(t[1], c.name.in(accented))
}

// acronym is the initials of the English name ("Kamora Trading LLC" gives
// "KTL").
func (c company) acronym() string {
	var b strings.Builder
	for _, f := range strings.Fields(c.in(latin)) {
		b.WriteByte(f[0])
	}
	return strings.ToUpper(b.String())
}

// scriptLanguages are the FSF language codes of names in each script.
var scriptLanguages = [scriptCount][]string{
	latin:    {"EN"},
	accented: {"CS", "SK", "HU", "PL", "ES", "LV"},
	cyrillic: {"RU", "BG", "UK"},
	greek:    {"EL"},
	arabic:   {"AR", "FA"},
	chinese:  {"ZH"},
}

// otherScript is a script other than plain Latin.
func (g *generator) otherScript() script { return script(g.between(int(accented), int(chinese))) }
