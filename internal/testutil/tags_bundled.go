//go:build !libsqlite3

package testutil

// buildTags are the tags VigilBinary builds with: those of the tests.
const buildTags = ""
