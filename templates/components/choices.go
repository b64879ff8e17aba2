package components

import (
	"context"
	"html"
	"io"
	"strings"

	"github.com/a-h/templ"
)

// Choices is a long list of options (such as every country) rendered to HTML
// once; each use only marks its selected option. Rendering 250 options per
// page otherwise costs more than the page's database reads.
type Choices struct {
	html string
}

// NewChoices renders options once.
func NewChoices(options []Option) *Choices {
	var b strings.Builder
	for _, o := range options {
		b.WriteString(`<option value="` + html.EscapeString(o.Value) + `">` + html.EscapeString(o.Label) + `</option>`)
	}
	return &Choices{html: b.String()}
}

// With returns the options with the one whose value is selected marked.
func (c *Choices) With(selected string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		marker := `<option value="` + html.EscapeString(selected) + `">`
		i := strings.Index(c.html, marker)
		if selected == "" || i < 0 {
			_, err := io.WriteString(w, c.html)
			return err
		}
		_, err := io.WriteString(w, c.html[:i]+marker[:len(marker)-1]+` selected>`+c.html[i+len(marker):])
		return err
	})
}
