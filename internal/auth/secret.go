package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// NewSecret returns 32 bytes from crypto/rand, the secret behind every token
// Vigil hands out: session cookies, CSRF tokens and API tokens. 256 random
// bits leave nothing to guess, so a plain SHA-256 (HashToken) is enough to
// store one.
func NewSecret() []byte {
	b := make([]byte, 32)
	rand.Read(b) // never fails: crypto/rand crashes the program instead
	return b
}

// RandomToken returns a new secret in URL-safe base64, for cookies and forms.
func RandomToken() string { return base64.RawURLEncoding.EncodeToString(NewSecret()) }

// HashToken returns the SHA-256 of token in hex: what the database keeps of
// a session or API token, so that a copy of it opens nothing.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
