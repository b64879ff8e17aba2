package synthetic

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/watchlist"
)

const euNamespace = "http://eu.europa.ec/fpi/fsd/export"

// WriteEU writes an FSF 1.1 export of opt.Entries made-up subjects (about
// three persons to one enterprise) to w and returns what it holds.
func WriteEU(w io.Writer, opt Options) (*Written, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	g := &euGen{generator: newGenerator(opt.Seed), nextID: 100}
	g.acts = g.euActs()
	head := fmt.Sprintf("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<!-- %s -->\n"+
		"<export xmlns=%q generationDate=\"2026-08-05T16:47:04.449+02:00\" globalFileId=\"%d\">", Notice, euNamespace, opt.Seed)
	return writeList(w, g.generator, opt.Entries, head, "    ", "</export>", func() (any, watchlist.Entry) { return g.entity() })
}

// euGen writes the export's subjects; nextID numbers the elements as the
// export's logicalId attributes do, rising with gaps.
type euGen struct {
	*generator
	nextID int
	acts   map[string][]euAct // by programme
}

// euAct is a legal act that lists or amends subjects.
type euAct struct {
	kind, organisation, numberTitle, url string
	published                            time.Time
}

// euActs invents some twenty acts per programme.
func (g *euGen) euActs() map[string][]euAct {
	acts := map[string][]euAct{}
	for _, p := range programmes {
		for range 20 {
			d := g.date(2001, 2025)
			n := g.between(100, 2999)
			act := euAct{kind: "amendment", organisation: "council", published: d,
				numberTitle: fmt.Sprintf("%d/%d (OJ L%s)", d.Year(), n, d.Format("02012006")),
				url:         fmt.Sprintf("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=OJ:L_%d%05d&from=EN", d.Year(), n)}
			if g.chance(0.2) {
				act.organisation = "commission"
			}
			if g.chance(0.05) {
				act.kind = "repealing"
			}
			acts[p.eu] = append(acts[p.eu], act)
		}
	}
	return acts
}

func (g *euGen) id() int {
	g.nextID += g.between(1, 40)
	return g.nextID
}

// detail is the tail of an element under an act of the programme.
func (g *euGen) detail(prog string, remark string) euDetail {
	a := pick(g.generator, g.acts[prog])
	return euDetail{RegulationLanguage: "en", LogicalID: g.id(), Remark: remark,
		Summary: euSummary{RegulationType: a.kind, PublicationDate: a.published.Format(time.DateOnly), NumberTitle: a.numberTitle, PublicationURL: a.url}}
}

// entity is one sanctionEntity and the entry it reads as.
func (g *euGen) entity() (euEntity, watchlist.Entry) {
	x := euEntity{LogicalID: g.id(), EUReferenceNumber: fmt.Sprintf("EU.%d.%d", g.between(100, 9999), g.between(1, 99))}
	e := watchlist.Entry{Source: watchlist.EU, SourceID: strconv.Itoa(x.LogicalID)}
	prog := pick(g.generator, programmes)
	g.regulations(&x, &e, prog.eu)
	g.designation(&x, &e, prog)
	if g.chance(0.75) {
		g.personSubject(&x, &e, prog.eu)
	} else {
		g.enterpriseSubject(&x, &e, prog.eu)
	}
	if x.UnitedNationID != "" {
		e.Identifiers = appendNew(e.Identifiers, watchlist.Identifier{Type: "UN Reference Number", Number: x.UnitedNationID})
	}
	return x, e
}

// regulations writes the acts that list the subject; the entry's programmes
// are theirs, and it is listed on the earliest of their dates.
func (g *euGen) regulations(x *euEntity, e *watchlist.Entry, prog string) {
	for i := range g.between(1, 2) {
		p := prog
		if i > 0 && g.chance(0.3) {
			p = pick(g.generator, programmes).eu
			g.saw("eu.regulation.second-programme")
		}
		a := pick(g.generator, g.acts[p])
		x.Regulations = append(x.Regulations, euRegulation{RegulationType: a.kind, OrganisationType: a.organisation,
			PublicationDate: a.published.Format(time.DateOnly), EntryIntoForceDate: a.published.AddDate(0, 0, 1).Format(time.DateOnly),
			NumberTitle: a.numberTitle, Programme: p, LogicalID: g.id(), PublicationURL: a.url})
		e.Programs = appendNew(e.Programs, p)
		if d := a.published.Format(time.DateOnly); e.ListedOn == "" || d < e.ListedOn {
			e.ListedOn = d
		}
		g.saw("eu.regulation." + a.organisation)
	}
}

// designation writes the designation's date, details, UN reference and
// remarks.
func (g *euGen) designation(x *euEntity, e *watchlist.Entry, prog programme) {
	if g.chance(0.85) {
		x.DesignationDate = g.date(2000, 2025).Format(time.DateOnly)
		e.ListedOn = min(e.ListedOn, x.DesignationDate)
		g.saw("eu.designation-date")
	} else {
		g.saw("eu.no-designation-date")
	}
	if prog.un != "" && g.chance(0.6) {
		x.UnitedNationID = fmt.Sprintf("%si.%03d", prog.un, g.between(1, 450))
		x.DesignationDetails = "UN designation: " + g.date(2000, 2025).Format("02/01/2006")
		g.saw("eu.un-reference")
	}
	var remarks []string
	for range pick(g.generator, []int{0, 0, 0, 1, 1, 2}) {
		clean := pick(g.generator, euRemarks) + " " + g.word(2, 3).in(latin) + "."
		x.Remarks = append(x.Remarks, g.soil(clean))
		remarks = append(remarks, clean)
		g.saw("eu.remark")
	}
	e.Remarks = strings.Join(remarks, "\n")
}

var euRemarks = []string{
	"Listed pursuant to paragraph 15 of the resolution (travel ban). Associated with",
	"Believed to be in the border area. Review concluded; linked to",
	"Part of the group of state defence industries, under the ministry; associated entities:",
}

// country is a country of the list or, now and then, the export's
// placeholder for none ("00", "UNKNOWN"), which reads as "".
func (g *euGen) country() (euCountry, string) {
	if g.chance(0.1) {
		g.saw("eu.country.unknown")
		return euCountry{Iso2: "00", Description: "UNKNOWN"}, ""
	}
	c := pick(g.generator, countries)
	return euCountry{Iso2: c.iso2, Description: c.eu}, c.eu
}
