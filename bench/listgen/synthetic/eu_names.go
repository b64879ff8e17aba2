package synthetic

import (
	"slices"
	"strings"

	"github.com/vigil-icp/vigil/internal/watchlist"
)

// euNames collects a subject's nameAlias elements and the names they read
// as. The reader takes as primary name the first of the strong aliases
// given with the most of first, middle and last name, English preferred:
// the writers below put the alias meant as primary where that rule finds
// it and mark it.
type euNames struct {
	elements []euNameAlias
	names    []watchlist.Name
	primary  int
}

// add appends an alias written as text (first, middle and last name given
// as parts, or none) and returns its element for the caller to complete.
func (g *euGen) add(n *euNames, prog, text string, parts [3]string, lang string, strong bool) *euNameAlias {
	quality, remark := "weak", ""
	if strong {
		quality = "strong"
	}
	if g.chance(0.1) {
		remark = pick(g.generator, []string{"good quality alias", "low quality alias"})
	}
	n.elements = append(n.elements, euNameAlias{FirstName: parts[0], MiddleName: parts[1], LastName: parts[2],
		WholeName: g.soil(text), NameLanguage: lang, Strong: trueFalse(strong), euDetail: g.detail(prog, remark)})
	n.names = append(n.names, watchlist.Name{Text: text, Quality: quality})
	g.saw("eu.alias." + quality)
	return &n.elements[len(n.elements)-1]
}

func trueFalse(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// markPrimary marks the alias added last as the primary name.
func (n *euNames) markPrimary() { n.primary = len(n.names) - 1 }

// read is the names as the reader gives them: the primary first, without
// quality, the others in file order.
func (n *euNames) read() []watchlist.Name {
	p := n.names[n.primary]
	p.Quality = ""
	return append([]watchlist.Name{p}, slices.Delete(slices.Clone(n.names), n.primary, n.primary+1)...)
}

// scriptAlias adds the name in a script other than plain Latin, strong,
// with that script's language code.
func (g *euGen) scriptAlias(n *euNames, prog string, text func(script) string) {
	s := g.otherScript()
	g.saw("eu.alias.script." + scriptNames[s])
	g.add(n, prog, text(s), [3]string{}, pick(g.generator, scriptLanguages[s]), true)
}

var scriptNames = [scriptCount]string{"latin", "accented", "cyrillic", "greek", "arabic", "chinese"}

// personNames writes a person's aliases: some translations and weak
// aliases, then the primary name with its parts in English, then spelling
// variants and names in other scripts. One person in seven has no parts
// and no English name at all: then the first strong alias is the primary.
func (g *euGen) personNames(p person, prog string) *euNames {
	if g.chance(1.0 / 7) {
		return g.personNamesWithoutParts(p, prog)
	}
	n := &euNames{}
	for range g.between(0, 2) {
		if g.chance(0.3) { // a weak alias is never primary, however well formed
			g.add(n, prog, p.short(latin), [3]string{p.given.in(latin), "", p.family.in(latin)}, "EN", false)
			continue
		}
		g.scriptAlias(n, prog, p.full)
	}
	family := strings.ToUpper(p.family.in(latin))
	middle := ""
	if len(p.middle) > 0 {
		middle = p.middle.in(latin)
	}
	primary := g.add(n, prog, strings.Join(strings.Fields(p.given.in(latin)+" "+middle+" "+family), " "),
		[3]string{p.given.in(latin), middle, family}, "EN", true)
	g.personAttributes(primary, p)
	n.markPrimary()
	for range g.between(0, 5) {
		switch g.rng.IntN(4) {
		case 0: // given and family name: never better formed than the primary
			g.add(n, prog, p.short(latin), [3]string{p.given.in(latin), "", p.family.in(latin)}, pick(g.generator, []string{"EN", ""}), true)
		case 1:
			g.add(n, prog, family+" "+p.given.in(latin), [3]string{}, "EN", true)
		case 2:
			g.add(n, prog, p.family.in(latin), [3]string{}, "", false)
		default:
			g.scriptAlias(n, prog, p.full)
		}
	}
	return n
}

// personAttributes sets the primary alias's gender, title and function.
func (g *euGen) personAttributes(a *euNameAlias, p person) {
	if g.chance(0.7) {
		a.Gender = "M"
		if p.female {
			a.Gender = "F"
		}
	}
	if g.chance(0.15) {
		a.Title = pick(g.generator, []string{"Dr", "General", "Colonel", "Maulavi"})
	}
	if g.chance(0.4) {
		a.Function = pick(g.generator, functions)
	}
}

// personNamesWithoutParts writes whole names only, none in English.
func (g *euGen) personNamesWithoutParts(p person, prog string) *euNames {
	g.saw("eu.person.no-parts")
	n := &euNames{}
	if g.chance(0.4) {
		g.add(n, prog, p.family.in(latin), [3]string{}, "", false)
	}
	g.add(n, prog, p.full(latin), [3]string{}, "", true)
	n.markPrimary()
	for range g.between(1, 4) {
		if g.chance(0.5) {
			g.add(n, prog, p.short(latin), [3]string{}, "", true)
			continue
		}
		g.scriptAlias(n, prog, p.full)
	}
	return n
}

// enterpriseNames writes translations first, then the English name, then
// acronyms and further translations, as the export does.
func (g *euGen) enterpriseNames(c company, prog string) *euNames {
	n := &euNames{}
	for range g.between(0, 2) {
		switch g.rng.IntN(3) {
		case 0:
			lang, text := c.accented(g.generator)
			g.add(n, prog, text, [3]string{}, lang, true)
		case 1:
			g.add(n, prog, c.acronym(), [3]string{}, "EN", false)
		default:
			g.scriptAlias(n, prog, c.in)
		}
	}
	primary := g.add(n, prog, c.in(latin), [3]string{}, "EN", true)
	if g.chance(0.3) {
		primary.Function = c.in(latin) + " produces parts for " + pick(g.generator, []string{"missiles", "drones", "armoured vehicles"})
	}
	n.markPrimary()
	for range g.between(0, 4) {
		if g.chance(0.3) {
			g.add(n, prog, c.acronym(), [3]string{}, "EN", true)
			continue
		}
		g.scriptAlias(n, prog, c.in)
	}
	return n
}
