package web_test

import (
	"mime"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// fileField is the form field of each upload route's file, "file" for most.
var fileField = map[string]string{"POST /licences": "document", "POST /training/courses": "material", "POST /training/courses/:id": "material",
	"POST /lists": "files"}

// importForm are the other fields of the list imports, which the
// authorization matrix leaves out.
var importForm = map[string]url.Values{"POST /lists": {"source": {"eu"}},
	"POST /control-list": {"label": {"Annex I 2025"}, "valid_from": {"2025-01-01"}}}

const htmlPage = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
const svgImage = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`

// disguised are files whose name says a harmless kind and whose content a
// browser would render or run.
var disguised = []struct{ name, filename, content string }{
	{"HTML named .pdf", "report.pdf", htmlPage},
	{"HTML named .png", "photo.png", htmlPage},
	{"HTML named .txt", "notes.txt", htmlPage},
	{"SVG named .png", "logo.png", svgImage},
	{"SVG named .svg", "logo.svg", svgImage},
	{"SVG without a name's extension", "logo", svgImage},
	{"XHTML named .pdf", "report.pdf", `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>`},
	{"a PDF named .html", "report.html", pdf},
	{"a PDF named .svg", "report.svg", pdf},
}

// refusalSaysWhy matches the messages of the file store's and the list
// importers' refusals.
var refusalSaysWhy = regexp.MustCompile(`not accepted|the content is|was not imported|could not be read`)

// TestUploads_DisguisedFilesAreRefusedOnEveryUploadRoute posts each
// disguised file to every route that takes files, as a role that may use
// it: each is refused with a message, and nothing is stored.
func TestUploads_DisguisedFilesAreRefusedOnEveryUploadRoute(t *testing.T) {
	w := newMatrixWorld(t, "staff@example.com")
	visitors := map[string]*visitor{}
	routes := 0
	for _, r := range w.app.Server.Routes() {
		if r.Access.Upload == 0 {
			continue
		}
		routes++
		route := r.Method + " " + r.Path
		role, email := allowedRole(t, route)
		if visitors[email] == nil {
			visitors[email] = newVisitor(t, w.ts)
			visitors[email].signIn(email)
		}
		_, path, form := w.probe(t, route)
		for k, vs := range importForm[route] {
			form[k] = vs
		}
		field := fileField[route]
		if field == "" {
			field = "file"
		}
		before, files := storedState(t, w.app), storedFiles(t, w.app)
		for _, d := range disguised {
			res := visitors[email].multipartForm(path, form, field, d.filename, d.content)
			if res.StatusCode < 400 || res.StatusCode >= 500 {
				t.Errorf("%s as %s, %s: %d, want refused", route, role, d.name, res.StatusCode)
			} else if !refusalSaysWhy.MatchString(res.Body) {
				t.Errorf("%s as %s, %s: %d without saying why", route, role, d.name, res.StatusCode)
			}
		}
		if changed := changedTables(before, storedState(t, w.app)); len(changed) > 0 || storedFiles(t, w.app) != files {
			t.Errorf("%s: refused uploads changed %v, files %d → %d", route, changed, files, storedFiles(t, w.app))
		}
	}
	if routes < 5 {
		t.Errorf("only %d upload routes", routes)
	}
}

// TestUploads_PolyglotsAndOddNamesAreServedSoNoBrowserRunsThem uploads
// files that are what they say and carry HTML too, under names that try to
// climb out of a directory or break out of a header or an attribute; the
// download is an attachment of the detected type that no browser sniffs
// or runs, under a name without a path.
func TestUploads_PolyglotsAndOddNamesAreServedSoNoBrowserRunsThem(t *testing.T) {
	app, ts := newServer(t)
	vis := newVisitor(t, ts)
	vis.signIn("manager@example.com")
	f := app.ReadyCase(t, "manager@example.com")
	for _, tc := range []struct{ filename, content, wantType string }{
		{"polyglot.gif", "GIF89a\x01\x00\x01\x00\x00\x00\x00;" + htmlPage, "image/gif"},
		{"polyglot.pdf", pdf + htmlPage, "application/pdf"},
		{"notes.txt", "Notes for the file.\n" + htmlPage[15:], "text/plain"},
		{"../../../../etc/passwd.txt", "Not a password file.\n", "text/plain"},
		{`..\..\windows\win.ini.txt`, "Not a settings file.\n", "text/plain"},
		{"\"><img src=x onerror=alert(1)>.txt", "A quote in the name.\n", "text/plain"},
		{"evil\r\nContent-Type: text/html\r\n.txt", "A header in the name.\n", "text/plain"},
		{"statement\u202etxt.exe.txt", "A right-to-left override.\n", "text/plain"},
	} {
		cur := current(t, app, f.ID)
		res := vis.multipartForm("/cases/"+f.ID+"/attachments", url.Values{"version": {v(cur)}, "doc_kind": {"other"}}, "file", tc.filename, tc.content)
		if !res.redirectsTo("/cases/") {
			t.Errorf("upload %q: %d %s", tc.filename, res.StatusCode, res.Body[:min(len(res.Body), 200)])
			continue
		}
		cur = current(t, app, f.ID)
		att := cur.Attachments[len(cur.Attachments)-1]
		if strings.ContainsAny(att.Filename, "/\\\r\n\u202e") {
			t.Errorf("upload %q stored as %q", tc.filename, att.Filename)
		}
		res = vis.get("/cases/" + f.ID + "/attachments/" + att.ID)
		h := res.Header
		disposition, params, err := mime.ParseMediaType(h.Get("Content-Disposition"))
		if err != nil || disposition != "attachment" || strings.ContainsAny(params["filename"], "/\\") {
			t.Errorf("%q served with Content-Disposition %q", tc.filename, h.Get("Content-Disposition"))
		}
		if got, _, _ := mime.ParseMediaType(h.Get("Content-Type")); got != tc.wantType {
			t.Errorf("%q served as %q, want %s", tc.filename, h.Get("Content-Type"), tc.wantType)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("%q served without nosniff or a sandbox: %v", tc.filename, h)
		}
	}
	if p := scriptProblems(vis.get("/cases/" + f.ID).Body); len(p) > 0 {
		t.Errorf("the case page with the odd names: %v", p)
	}
}
