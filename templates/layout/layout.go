// Package layout is the page frame every screen shares: header with the user
// and roles, navigation by role, flash messages, demo banner and footer.
package layout

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

// Context is everything the frame needs, built once per request by the web layer.
type Context struct {
	Title     string
	User      *User
	Nav       []NavItem
	CSRFToken string
	Flash     *Flash
	Demo      bool
	Version   string
	Asset     func(name string) string // hashed URL of a static file
}
