package auth

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// The time-based one-time passwords (RFC 6238) every authenticator app
// supports: SHA-1, six digits, a new code every 30 seconds. A code of the
// step before or after the current one is accepted too, for clocks that
// drift and codes typed as they change.
const (
	totpPeriod = 30
	totpSkew   = 1
	totpIssuer = "Vigil"
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// totpStep is the 30-second time step t falls in.
func totpStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// matchTOTP returns the time step whose code code is, within the skew of
// now, if that step is later than lastStep: a code once accepted, or one
// older than it, is never accepted again.
func matchTOTP(secret, code string, now time.Time, lastStep int64) (int64, bool) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != int(otp.DigitsSix) {
		return 0, false
	}
	current := totpStep(now)
	for step := current - totpSkew; step <= current+totpSkew; step++ {
		if step <= lastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// Enrolment is what an authenticator app needs to be set up: the secret as
// text to type in, and as an otpauth:// URI in a QR code (PNG) to scan.
type Enrolment struct {
	Secret string
	URI    string
	QRCode []byte
}

// newTOTPSecret returns a fresh 160-bit secret (RFC 4226's recommended
// length) in the unpadded base32 authenticator apps take.
func newTOTPSecret() string {
	b := make([]byte, 20)
	rand.Read(b) // never fails: crypto/rand crashes the program instead
	return base32NoPad.EncodeToString(b)
}

// enrolmentOf returns the enrolment of secret for account (the user's
// email), with its QR code.
func enrolmentOf(account, secret string) (*Enrolment, error) {
	raw, err := base32NoPad.DecodeString(secret)
	if err != nil {
		return nil, err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: account, Period: totpPeriod, Secret: raw,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return nil, err
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return &Enrolment{Secret: key.Secret(), URI: key.URL(), QRCode: buf.Bytes()}, nil
}

// RecoveryCodeCount is how many recovery codes a user gets at a time.
const RecoveryCodeCount = 10

var base32NoPad = base32.StdEncoding.WithPadding(base32.NoPadding)

// newRecoveryCodes returns RecoveryCodeCount codes of 80 random bits each,
// written as four groups of four: "k7qd-2mza-x4rt-p9bc". 80 bits leave
// nothing to guess, so a plain SHA-256 is enough to store one.
func newRecoveryCodes() []string {
	codes := make([]string, RecoveryCodeCount)
	for i := range codes {
		b := make([]byte, 10)
		rand.Read(b) // never fails: crypto/rand crashes the program instead
		s := strings.ToLower(base32NoPad.EncodeToString(b))
		codes[i] = s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16]
	}
	return codes
}

// hashRecoveryCode returns what the database keeps of a recovery code,
// however it was typed (case, spaces, dashes).
func hashRecoveryCode(code string) string {
	return HashToken(strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(code))))
}

// secretBox seals the authenticator secrets with AES-256-GCM under a key
// derived from the session key, each bound to its user (the additional
// data), so a secret copied to another user's row does not open.
type secretBox struct{ aead cipher.AEAD }

func newSecretBox(sessionKey []byte) (*secretBox, error) {
	if len(sessionKey) == 0 {
		return nil, errors.New("auth: no session key to derive the second-factor key from")
	}
	key := sha256.Sum256(append([]byte("vigil mfa secret encryption\x00"), sessionKey...))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &secretBox{aead: aead}, nil
}

func (b *secretBox) seal(userID, secret string) string {
	nonce := make([]byte, b.aead.NonceSize())
	rand.Read(nonce)
	return base64.StdEncoding.EncodeToString(b.aead.Seal(nonce, nonce, []byte(secret), []byte(userID)))
}

func (b *secretBox) open(userID, sealed string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < b.aead.NonceSize() {
		return "", errors.New("auth: a second-factor secret is damaged")
	}
	n := b.aead.NonceSize()
	plain, err := b.aead.Open(nil, raw[:n], raw[n:], []byte(userID))
	if err != nil {
		return "", errors.New("auth: a second-factor secret does not open with this session key")
	}
	return string(plain), nil
}
