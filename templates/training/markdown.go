package training

import (
	"bytes"
	"context"
	"io"
	"strings"

	"github.com/a-h/templ"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// md renders course descriptions. goldmark's defaults are the safe ones:
// raw HTML in the source is left out and javascript:, vbscript:, file: and
// data: links are dropped, so a course owner cannot put script into pages
// that every employee opens. Do not add html.WithUnsafe. Links that look
// like paths on this site but lead to another host are dropped as well
// (otherHostLinks).
var md = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(otherHostLinks{}, 100))))

// Markdown renders Markdown source as HTML, safely (see md).
func Markdown(src string) templ.Component {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return templ.ComponentFunc(func(context.Context, io.Writer) error { return err })
	}
	return templ.Raw(buf.String())
}

// otherHostLinks replaces a link or image whose address is protocol-relative
// (//host/…, or \\host and /\host, which browsers read the same way) by its
// text: such an address looks like a path on this site to the reader but
// leads to whatever host it names. A link to another site is written in full
// (https://…), where the reader sees where it goes.
type otherHostLinks struct{}

func (otherHostLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var drop []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			if protocolRelative(l.Destination) {
				drop = append(drop, n)
			}
		case *ast.Image:
			if protocolRelative(l.Destination) {
				drop = append(drop, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range drop {
		parent := n.Parent()
		for child := n.FirstChild(); child != nil; {
			next := child.NextSibling()
			parent.InsertBefore(parent, n, child)
			child = next
		}
		parent.RemoveChild(parent, n)
	}
}

// protocolRelative reports whether a browser would take dest to another host
// with the page's scheme. Browsers skip leading spaces and control
// characters and read a backslash as a slash.
func protocolRelative(dest []byte) bool {
	s := strings.TrimLeft(string(dest), "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	return len(s) >= 2 && (s[0] == '/' || s[0] == '\\') && (s[1] == '/' || s[1] == '\\')
}
