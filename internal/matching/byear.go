package matching

// earSpellings are the letters a person who heard a name may write for one
// sound, each with the spelling they are read as: PH and F, V and W, C, K, Q
// and CK, Z and S, X and KS, J and Y (C before E, I or Y is an S: CEYLAN and
// SEYLAN). Longest first.
var earSpellings = []struct{ from, to string }{
	{"ph", "f"}, {"ck", "k"}, {"ce", "s"}, {"ci", "s"}, {"cy", "s"},
	{"c", "k"}, {"q", "k"}, {"w", "v"}, {"z", "s"}, {"x", "ks"}, {"j", "y"},
}

// earVowels are the vowels written for one sound, read in words of four
// letters or more: OO, OU and U; EE, E and I; OE as E (PHOENIX, FENIX). In
// shorter words a vowel is too much of the name (SUN and SON, LI and LE).
var earVowels = []struct{ from, to string }{
	{"oo", "u"}, {"ou", "u"}, {"ee", "i"}, {"oe", "i"}, {"e", "i"},
}

// appendEarKey appends to b how w sounds as a person who heard it would
// check it: each spelling of earSpellings and, in longer words, earVowels
// read as one, and doubled letters as one. Two words with the same key are
// one name typed by ear (FENIX and PHOENIX, WOSTOK and VOSTOK, YOOAN and
// JUAN, WE and VE).
func appendEarKey(b []byte, w string) []byte {
	vowels := len(w) >= 4
	for i := 0; i < len(w); {
		from, to := w[i:i+1], w[i:i+1]
		for _, s := range earSpellings {
			if len(s.from) <= len(w)-i && w[i:i+len(s.from)] == s.from {
				from, to = s.from, s.to
				break
			}
		}
		if from == "ce" || from == "ci" || from == "cy" {
			from = "c" // the vowel after the C is read on its own
		}
		if vowels && from == to {
			for _, s := range earVowels {
				if len(s.from) <= len(w)-i && w[i:i+len(s.from)] == s.from {
					from, to = s.from, s.to
					break
				}
			}
		}
		for k := 0; k < len(to); k++ {
			if len(b) == 0 || b[len(b)-1] != to[k] {
				b = append(b, to[k])
			}
		}
		i += len(from)
	}
	return b
}

// sameByEar reports whether a and b are one word typed by ear.
func sameByEar(a, b string) bool {
	var ka, kb [128]byte
	return string(appendEarKey(ka[:0], a)) == string(appendEarKey(kb[:0], b))
}
