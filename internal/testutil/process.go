package testutil

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	builtPath string
	buildErr  error
)

// VigilBinary builds cmd/vigil once per test binary, with the build tags the
// tests run with, and returns its path: for tests that need real processes
// (several instances, a kill -9).
func VigilBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			buildErr = err
			return
		}
		dir, err := os.MkdirTemp("", "vigil-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtPath = filepath.Join(dir, "vigil")
		args := []string{"build", "-o", builtPath}
		if buildTags != "" {
			args = append(args, "-tags", buildTags)
		}
		cmd := exec.Command("go", append(args, "./cmd/vigil")...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = errors.New("go build ./cmd/vigil: " + err.Error() + "\n" + string(out))
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtPath
}

// moduleRoot is the directory of go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside the module")
	}
	return filepath.Dir(mod), nil
}

// Process is a `vigil serve` running as a process of its own.
type Process struct {
	URL  string     // http://127.0.0.1:PORT
	Out  *LogBuffer // standard output and error
	cmd  *exec.Cmd
	done chan error
	once sync.Once
	err  error
}

var servingOn = regexp.MustCompile(`serving on (http://127\.0\.0\.1:\d+)`)

// StartServe starts `vigil serve` with env added to a minimal environment
// (VIGIL_ADDR defaults to a free port on 127.0.0.1) and waits until it
// serves. The process is killed when the test ends if still running.
func StartServe(t testing.TB, env ...string) *Process {
	t.Helper()
	cmd := exec.Command(VigilBinary(t), "serve")
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "VIGIL_ADDR=127.0.0.1:0"}, env...)
	p := &Process{Out: &LogBuffer{}, cmd: cmd, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.Out, p.Out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() { p.Kill() })
	deadline := time.After(60 * time.Second)
	for p.URL == "" {
		select {
		case err := <-p.done:
			p.finish(err)
			t.Fatalf("vigil serve exited before serving: %v\n%s", err, p.Out)
		case <-deadline:
			t.Fatalf("vigil serve did not start within a minute:\n%s", p.Out)
		case <-time.After(20 * time.Millisecond):
			if m := servingOn.FindStringSubmatch(p.Out.String()); m != nil {
				p.URL = m[1]
			}
		}
	}
	return p
}

func (p *Process) finish(err error) { p.once.Do(func() { p.err = err }) }

// wait returns the process's exit once it has exited.
func (p *Process) wait(timeout time.Duration) error {
	select {
	case err := <-p.done:
		p.finish(err)
	case <-time.After(timeout):
		p.finish(context.DeadlineExceeded)
	}
	return p.err
}

// Kill ends the process with SIGKILL, as a crash would, and waits for it.
func (p *Process) Kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	_ = p.wait(10 * time.Second)
}

// Stop asks the process to stop (SIGTERM) and returns how it exited: nil
// after a graceful shutdown.
func (p *Process) Stop() error {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	return p.wait(40 * time.Second)
}

// FreshPostgres returns the URL of an empty schema of its own on the
// PostgreSQL server tests run against, dropped when the test ends; it skips
// the test when no server is configured.
func FreshPostgres(t testing.TB) string {
	t.Helper()
	base := PostgresURL()
	if base == "" {
		t.Skip("VIGIL_TEST_POSTGRES_URL is not set")
	}
	return freshSchema(t, base)
}
