package files_test

import (
	"testing"

	"github.com/gabriel-vasile/mimetype"
)

func TestZZ(t *testing.T) {
	t.Log(mimetype.Detect(oleFile(0)), len(oleFile(0)))
	t.Log(mimetype.Detect(zipFile(t, zipEntry{name: "x.txt"}, contentTypes, zipEntry{name: "word/document.xml"})))
}
