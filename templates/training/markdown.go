package training

import (
	"bytes"
	"context"
	"io"

	"github.com/a-h/templ"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// md renders course descriptions. goldmark's defaults are the safe ones:
// raw HTML in the source is left out and javascript:, vbscript:, file: and
// data: links are dropped, so a course owner cannot put script into pages
// that every employee opens. Do not add html.WithUnsafe.
var md = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))

// Markdown renders Markdown source as HTML, safely (see md).
func Markdown(src string) templ.Component {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return templ.ComponentFunc(func(context.Context, io.Writer) error { return err })
	}
	return templ.Raw(buf.String())
}
