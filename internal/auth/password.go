package auth

import (
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
)

// MinPasswordLength is the shortest password accepted, in characters.
const MinPasswordLength = 12

// maxPasswordLength bounds the work an attacker can ask argon2 to do.
const maxPasswordLength = 256

// PasswordProblem returns why pw is unacceptable, or "".
func PasswordProblem(pw string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		return "Use at least 12 characters."
	case n > maxPasswordLength:
		return "Use at most 256 characters."
	}
	return ""
}

// hashPassword hashes pw with argon2id (RFC 9106) and a random salt.
func (s *Service) hashPassword(pw string) (string, error) {
	return argon2id.CreateHash(pw, s.passwordParams)
}

// checkPassword compares pw with an encoded hash in constant time.
func checkPassword(pw, hash string) bool {
	ok, err := argon2id.ComparePasswordAndHash(pw, hash)
	return err == nil && ok
}
