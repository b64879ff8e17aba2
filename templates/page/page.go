// Package page is what every screen shares besides its own content: who is
// signed in, the anti-forgery token, the flash message, the navigation and
// the title. The web layer builds one Page a request and puts it in the
// render context; the layout and the form components read it from there, so
// no screen's view model carries any of it.
package page

import "context"

// NavItem is one entry of the main navigation.
type NavItem struct {
	Label  string
	Href   string
	Active bool
}

// User is who the header shows as signed in.
type User struct {
	Name  string
	Email string
	Roles []string // role labels
}

// Flash is a one-time message shown at the top of the next page.
type Flash struct {
	Kind    string // "success" or "error"
	Message string
}

// Page is the base of every page.
type Page struct {
	Title     string
	User      *User // nil before sign-in
	Nav       []NavItem
	CSRFToken string // "" when the visitor has none (nothing to post)
	Flash     *Flash
	Demo      bool
	Version   string
	Asset     func(name string) string // hashed URL of a static file
}

type key struct{}

// With returns ctx carrying p for the components rendered in it.
func With(ctx context.Context, p Page) context.Context {
	return context.WithValue(ctx, key{}, p)
}

// From returns the page of the render context, or the zero Page.
func From(ctx context.Context) Page {
	p, _ := ctx.Value(key{}).(Page)
	return p
}
