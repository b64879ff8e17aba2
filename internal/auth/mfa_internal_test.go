package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

func TestTOTP_Match(t *testing.T) {
	secret := newTOTPSecret()
	now := time.Date(2026, 5, 4, 8, 0, 10, 0, time.UTC)
	step := totpStep(now)
	code := func(d time.Duration) string {
		c, err := totp.GenerateCode(secret, now.Add(d))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name     string
		code     string
		lastStep int64
		want     int64 // the step accepted; 0 refused
	}{
		{"the current code", code(0), 0, step},
		{"typed with a space", code(0)[:3] + " " + code(0)[3:], 0, step},
		{"the code of the step before (skew)", code(-30 * time.Second), 0, step - 1},
		{"the code of the step after (skew)", code(30 * time.Second), 0, step + 1},
		{"two steps old", code(-60 * time.Second), 0, 0},
		{"two steps ahead", code(60 * time.Second), 0, 0},
		{"the current code once accepted (replay)", code(0), step, 0},
		{"an older code after a newer one was accepted", code(-30 * time.Second), step, 0},
		{"a later code after an earlier one", code(30 * time.Second), step, step + 1},
		{"five digits", code(0)[:5], 0, 0},
		{"letters", "abcdef", 0, 0},
		{"empty", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := matchTOTP(secret, tt.code, now, tt.lastStep)
			if ok != (tt.want != 0) || got != tt.want {
				t.Errorf("matchTOTP(%q, last %d) = %d, %v; want %d", tt.code, tt.lastStep, got, ok, tt.want)
			}
		})
	}
}

func TestTOTP_EnrolmentScansAsTheAppsExpect(t *testing.T) {
	secret := newTOTPSecret()
	e, err := enrolmentOf("anna@example.com", secret)
	if err != nil {
		t.Fatal(err)
	}
	if e.Secret != secret || len(secret) != 32 {
		t.Errorf("secret %q (%d characters), want the 160-bit %q", e.Secret, len(e.Secret), secret)
	}
	for _, part := range []string{"otpauth://totp/Vigil:anna@example.com?", "secret=" + secret, "issuer=Vigil", "period=30", "digits=6", "algorithm=SHA1"} {
		if !strings.Contains(e.URI, part) {
			t.Errorf("URI %q lacks %q", e.URI, part)
		}
	}
	if !strings.HasPrefix(string(e.QRCode), "\x89PNG") {
		t.Errorf("the QR code is no PNG")
	}
}

func TestRecoveryCodes_AreDistinctAndHashedHoweverTyped(t *testing.T) {
	codes := newRecoveryCodes()
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 19 || strings.Count(c, "-") != 3 || seen[c] {
			t.Errorf("code %q: want four groups of four, each code once", c)
		}
		seen[c] = true
	}
	if len(codes) != RecoveryCodeCount {
		t.Errorf("%d codes, want %d", len(codes), RecoveryCodeCount)
	}
	c := codes[0]
	typed := strings.ToUpper(strings.ReplaceAll(c, "-", " "))
	if hashRecoveryCode(typed) != hashRecoveryCode(c) || hashRecoveryCode(c) == c || hashRecoveryCode(codes[1]) == hashRecoveryCode(c) {
		t.Errorf("hashes: %q typed %q", hashRecoveryCode(c), hashRecoveryCode(typed))
	}
}

func TestSecretBox_OpensOnlyForItsUserAndKey(t *testing.T) {
	box, err := newSecretBox([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	sealed := box.seal("user-1", "JBSWY3DPEHPK3PXP")
	if strings.Contains(sealed, "JBSWY3DPEHPK3PXP") || sealed == box.seal("user-1", "JBSWY3DPEHPK3PXP") {
		t.Errorf("sealed %q shows the secret or repeats itself", sealed)
	}
	if got, err := box.open("user-1", sealed); err != nil || got != "JBSWY3DPEHPK3PXP" {
		t.Errorf("open: %q, %v", got, err)
	}
	if _, err := box.open("user-2", sealed); err == nil {
		t.Error("another user's row opened the secret")
	}
	other, _ := newSecretBox([]byte("another session key of 32 bytes!"))
	if _, err := other.open("user-1", sealed); err == nil {
		t.Error("another key opened the secret")
	}
	if _, err := newSecretBox(nil); err == nil {
		t.Error("a box without a key")
	}
}

func TestMFAPolicy_RequiresEnrolment(t *testing.T) {
	required := []Role{RoleAdmin, RoleComplianceOfficer}
	tests := []struct {
		name     string
		roles    []Role
		required []Role
		enrolled bool
		want     bool
	}{
		{"an administrator without a second factor", []Role{RoleAdmin}, required, false, true},
		{"an administrator with one", []Role{RoleAdmin}, required, true, false},
		{"one of several roles required", []Role{RoleStaff, RoleComplianceOfficer}, required, false, true},
		{"staff, not required", []Role{RoleStaff}, required, false, false},
		{"nothing required", []Role{RoleAdmin}, nil, false, false},
		{"no roles", nil, required, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustEnrol(tt.roles, tt.required, tt.enrolled); got != tt.want {
				t.Errorf("mustEnrol = %v, want %v", got, tt.want)
			}
		})
	}
}
