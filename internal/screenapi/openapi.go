package screenapi

import _ "embed"

// OpenAPI is the OpenAPI 3.1 description of the API, served at
// GET /api/v1/openapi.json; the web tests hold every request and answer of
// the API to it.
//
//go:embed openapi.json
var OpenAPI []byte
