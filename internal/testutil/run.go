package testutil

import (
	"os"
	"os/exec"
	"testing"
)

// RunVigil runs a vigil command other than serve with env added to a
// minimal environment, and returns what it printed (standard output and
// error) and how it exited.
func RunVigil(t testing.TB, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(VigilBinary(t), args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
