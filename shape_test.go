// Package shape_test holds the code-shape rules that every capability keeps:
// short handler files, short functions, and domain packages that know
// nothing of pages. New code copies what is there, so the rules are checked
// rather than remembered.
package shape_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	maxFunctionLines = 60
	maxWebFileLines  = 300
)

// longFunctionsAllowed are functions that are data tables, named
// file:function: the route table is the access-control matrix, read as one.
var longFunctionsAllowed = map[string]bool{
	"web/routes.go:routes": true,
}

// sources calls fn for each hand-written, non-test Go file under root.
func sources(t *testing.T, root string, fn func(path string, src []byte)) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, "_templ.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fn(filepath.ToSlash(path), src)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestShape_NoLongFunctions(t *testing.T) {
	for _, root := range []string{"web", "internal"} {
		sources(t, root, func(path string, src []byte) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				name := "function literal"
				switch fn := n.(type) {
				case *ast.FuncDecl:
					name = fn.Name.Name
				case *ast.FuncLit:
				default:
					return true
				}
				lines := fset.Position(n.End()).Line - fset.Position(n.Pos()).Line + 1
				if lines > maxFunctionLines && !longFunctionsAllowed[path+":"+name] {
					t.Errorf("%s:%d: %s has %d lines; at most %d", path, fset.Position(n.Pos()).Line, name, lines, maxFunctionLines)
				}
				return true
			})
		})
	}
}

func TestShape_NoLongWebFiles(t *testing.T) {
	sources(t, "web", func(path string, src []byte) {
		if lines := strings.Count(string(src), "\n"); lines > maxWebFileLines {
			t.Errorf("%s has %d lines; at most %d: split it by action family", path, lines, maxWebFileLines)
		}
	})
}

// Domain packages point at what to fix with typed targets; only web/ turns
// them into addresses. internal/testutil is no domain package: it builds the
// database addresses of tests.
func TestShape_DomainBuildsNoPageAddresses(t *testing.T) {
	sources(t, "internal", func(path string, src []byte) {
		if strings.HasPrefix(filepath.ToSlash(path), "internal/testutil/") {
			return
		}
		for i, line := range strings.Split(string(src), "\n") {
			for _, word := range []string{"net/url", "href", `"/cases`} {
				if strings.Contains(line, word) {
					t.Errorf("%s:%d: %q: internal/ builds no page address", path, i+1, word)
				}
			}
		}
	})
}
