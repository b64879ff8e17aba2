// Package dashboard renders how the compliance programme performs: the
// dashboard's charts, drawn on the server as inline SVG with their numbers
// in a table beside each, and the yearly ICP review as a page to print.
package dashboard

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-icp/vigil/internal/dashboard"
	"github.com/vigil-icp/vigil/internal/programme"
)

// Page is the dashboard.
type Page struct {
	At      time.Time
	Figures []Figure
	Charts  []Chart
}

// Review is the yearly ICP review with the years to choose from.
type Review struct {
	Year     int
	Years    []int
	At       time.Time
	Partial  string // said of a year not over yet
	Sections []dashboard.Section
}

// Figure is a headline number.
type Figure struct {
	ID, Label, Value, Href string
}

// Rect is a rectangle of a chart.
type Rect struct {
	X, Y, W, H float64
	Class      string
}

// Label is a text of a chart.
type Label struct {
	X, Y                float64
	Text, Anchor, Class string
}

// Chart is one chart: its drawing and its table.
type Chart struct {
	ID, Title, Element, Text, Href string
	Width, Height                  float64
	Rects                          []Rect
	Labels                         []Label
	Desc                           string // the numbers in words, for screen readers
	Head                           []string
	Rows                           [][]string // the first cell of each row heads it
}

// ViewBox is the SVG's coordinate system.
func (c Chart) ViewBox() string { return "0 0 " + num(c.Width) + " " + num(c.Height) }

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// scale is how many CSS pixels a unit of a chart's drawing takes at most:
// its labels then read at about 14 pixels.
const scale = 1.2

// chartWidth is the width of every chart's drawing, in its own units.
const chartWidth = 480

// NewChart draws c; href is where its records are, "" for nowhere.
func NewChart(c dashboard.Chart, href string) Chart {
	out := Chart{ID: c.ID, Title: c.Title, Element: c.Element, Text: c.Text, Href: href, Width: chartWidth}
	switch c.Kind {
	case dashboard.Columns:
		columns(&out, c)
	case dashboard.Shares:
		shares(&out, c)
	case dashboard.HeatMap:
		heatMap(&out, c)
	default:
		bars(&out, c)
	}
	if len(c.Bars) == 0 && c.Kind != dashboard.HeatMap {
		out.Labels = []Label{{X: 0, Y: 16, Text: "Nothing to show yet.", Class: "chart-axis"}}
		out.Height, out.Desc = 24, "Nothing to show yet."
	}
	return out
}

func maxValue(bars []dashboard.Bar) int64 {
	var m int64
	for _, b := range bars {
		m = max(m, b.Value)
	}
	return m
}

// rowHeight is the height of one bar with its label above it.
const rowHeight = 34

// bars draws one horizontal bar a category, scaled to the largest.
func bars(out *Chart, c dashboard.Chart) {
	top := float64(max(maxValue(c.Bars), 1))
	track := float64(chartWidth - 60)
	out.Head = []string{c.Category, c.Unit}
	var words []string
	for i, b := range c.Bars {
		y := float64(i * rowHeight)
		w := track * float64(b.Value) / top
		out.Labels = append(out.Labels, Label{X: 0, Y: y + 12, Text: b.Label, Class: "chart-label"},
			Label{X: w + 6, Y: y + 27, Text: thousands(b.Value), Class: "chart-value"})
		out.Rects = append(out.Rects, Rect{X: 0, Y: y + 17, W: w, H: 12, Class: "tone-" + string(b.Tone)})
		out.Rows = append(out.Rows, []string{b.Label, thousands(b.Value)})
		words = append(words, b.Label+": "+thousands(b.Value))
	}
	out.Height = float64(len(c.Bars)*rowHeight + 4)
	out.Desc = strings.Join(words, "; ") + "."
}

// shares draws each bar as the part of a whole, on a track of the whole.
func shares(out *Chart, c dashboard.Chart) {
	track := float64(chartWidth)
	out.Head = []string{c.Category, c.Unit, "Share"}
	var words []string
	for i, b := range c.Bars {
		y := float64(i * rowHeight)
		share := percent(b.Value, b.Of)
		out.Labels = append(out.Labels, Label{X: 0, Y: y + 12, Text: clip(b.Label, 60), Class: "chart-label"},
			Label{X: track, Y: y + 12, Text: share, Anchor: "end", Class: "chart-value"})
		out.Rects = append(out.Rects, Rect{X: 0, Y: y + 17, W: track, H: 12, Class: "chart-track"})
		if b.Of > 0 {
			out.Rects = append(out.Rects, Rect{X: 0, Y: y + 17, W: track * float64(min(b.Value, b.Of)) / float64(b.Of), H: 12, Class: "tone-" + string(b.Tone)})
		}
		out.Rows = append(out.Rows, []string{b.Label, b.Text, share})
		words = append(words, b.Label+": "+b.Text+" ("+share+")")
	}
	out.Height = float64(len(c.Bars)*rowHeight + 4)
	out.Desc = strings.Join(words, "; ") + "."
}

// percent is part of whole as a whole percentage, "–" without a whole.
func percent(part, whole int64) string {
	if whole <= 0 {
		return "–"
	}
	return fmt.Sprintf("%d %%", (100*part+whole/2)/whole)
}

// clip shortens s to n characters, with an ellipsis.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// columns draws one column a month, scaled to the largest, with the month
// under it and the year under each January and the first month.
func columns(out *Chart, c dashboard.Chart) {
	const plot, base = 120.0, 142.0
	top := float64(max(maxValue(c.Bars), 1))
	step := float64(chartWidth) / float64(max(len(c.Bars), 1))
	out.Head = []string{c.Category, c.Unit}
	var words []string
	for i, b := range c.Bars {
		x := float64(i) * step
		h := plot * float64(b.Value) / top
		out.Rects = append(out.Rects, Rect{X: x + 6, Y: base - h, W: step - 12, H: h, Class: "tone-" + string(b.Tone)})
		month, year, _ := strings.Cut(b.Label, " ")
		out.Labels = append(out.Labels, Label{X: x + step/2, Y: base - h - 5, Text: thousands(b.Value), Anchor: "middle", Class: "chart-value"},
			Label{X: x + step/2, Y: base + 16, Text: month, Anchor: "middle", Class: "chart-label"})
		if i == 0 || month == "Jan" {
			out.Labels = append(out.Labels, Label{X: x + step/2, Y: base + 32, Text: year, Anchor: "middle", Class: "chart-axis"})
		}
		out.Rows = append(out.Rows, []string{b.Label, thousands(b.Value)})
		words = append(words, b.Label+": "+thousands(b.Value))
	}
	out.Rects = append(out.Rects, Rect{X: 0, Y: base, W: chartWidth, H: 1, Class: "chart-axis-line"})
	out.Height = base + 38
	out.Desc = strings.Join(words, "; ") + "."
}

// heatMap draws the 5 × 5 grid of residual likelihood (rows, 5 at the top)
// and impact (columns), each cell coloured by the level of its score.
func heatMap(out *Chart, c dashboard.Chart) {
	const cell, left, top = 46.0, 110.0, 8.0
	out.Head = []string{"Likelihood \\ impact", "1", "2", "3", "4", "5"}
	var words []string
	for l := 5; l >= 1; l-- {
		y := top + float64(5-l)*cell
		row := []string{strconv.Itoa(l)}
		out.Labels = append(out.Labels, Label{X: left - 10, Y: y + cell/2 + 5, Text: strconv.Itoa(l), Anchor: "end", Class: "chart-label"})
		for i := 1; i <= 5; i++ {
			n := c.Grid.Cells[l-1][i-1]
			x := left + float64(i-1)*cell
			level := string(programme.LevelOf(programme.Score(l, i)))
			class := "heat-" + level
			if n == 0 {
				class += " heat-empty"
			}
			out.Rects = append(out.Rects, Rect{X: x + 1, Y: y + 1, W: cell - 2, H: cell - 2, Class: class})
			out.Labels = append(out.Labels, Label{X: x + cell/2, Y: y + cell/2 + 5, Text: strconv.Itoa(n), Anchor: "middle", Class: "heat-count heat-count-" + level})
			row = append(row, strconv.Itoa(n))
			if n > 0 {
				words = append(words, fmt.Sprintf("likelihood %d and impact %d (%s): %d", l, i, level, n))
			}
		}
		out.Rows = append(out.Rows, row)
	}
	for i := 1; i <= 5; i++ {
		out.Labels = append(out.Labels, Label{X: left + float64(i-1)*cell + cell/2, Y: top + 5*cell + 18, Text: strconv.Itoa(i), Anchor: "middle", Class: "chart-label"})
	}
	out.Labels = append(out.Labels, Label{X: left - 34, Y: top + 2.5*cell + 5, Text: "Likelihood", Anchor: "end", Class: "chart-axis"},
		Label{X: left + 2.5*cell, Y: top + 5*cell + 38, Text: "Impact", Anchor: "middle", Class: "chart-axis"})
	out.Width, out.Height = left+5*cell+10, top+5*cell+46
	out.Desc = "Open risks: " + strings.Join(words, "; ") + "."
	if len(words) == 0 {
		out.Desc = "No open risk."
	}
}

// thousands writes n with thousands separators: 12,345.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Thousands writes n for a page.
func Thousands(n int64) string { return thousands(n) }
