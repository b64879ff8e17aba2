package cases

import (
	"errors"
	"strconv"
	"strings"
)

// parseDecimal reads a non-negative decimal such as "1,250.5" or "12.30" into
// an integer count of 10^-places units, so amounts stay exact.
func parseDecimal(s string, places int) (int64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return 0, errors.New("enter a number")
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > places {
		return 0, errors.New("use at most " + strconv.Itoa(places) + " decimal places")
	}
	if whole == "" {
		whole = "0"
	}
	for _, part := range []string{whole, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return 0, errors.New("enter a number such as 12.5")
			}
		}
	}
	if len(whole) > 15 {
		return 0, errors.New("the number is too large")
	}
	frac += strings.Repeat("0", places-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, errors.New("the number is too large")
	}
	return n, nil
}

// FormatDecimal writes n units of 10^-places with the trailing zeros of the
// fraction removed down to min places.
func FormatDecimal(n int64, places, min int) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= places {
		s = strings.Repeat("0", places-len(s)+1) + s
	}
	whole, frac := s[:len(s)-places], s[len(s)-places:]
	for len(frac) > min && strings.HasSuffix(frac, "0") {
		frac = frac[:len(frac)-1]
	}
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// ParseDecimal is parseDecimal for the amounts other capabilities read from
// forms in the same units as case items: a licence's limits.
func ParseDecimal(s string, places int) (int64, error) { return parseDecimal(s, places) }
