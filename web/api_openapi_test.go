package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"

	"github.com/vigil-icp/vigil/internal/screenapi"
)

// apiDescription is the validator of the OpenAPI description that Vigil
// serves, built once for every test.
var apiDescription = sync.OnceValues(func() (validator.Validator, error) {
	return newContract(screenapi.OpenAPI)
})

// newContract returns a validator of an OpenAPI 3.1 description that
// checks formats (date-time) too, and refuses a description that is not
// itself valid.
func newContract(description []byte) (validator.Validator, error) {
	doc, err := libopenapi.NewDocument(description)
	if err != nil {
		return nil, err
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
	if len(errs) > 0 {
		return nil, fmt.Errorf("%v", errs)
	}
	if ok, problems := v.ValidateDocument(); !ok {
		return nil, fmt.Errorf("the description is not valid OpenAPI: %v", problems)
	}
	return v, nil
}

// apiCall sends body to path with the Authorization header authorization
// ("" for none) and fails the test unless the answer is one the OpenAPI
// description allows, and the request too when Vigil took it (200): a
// request the API takes must be one the description allows.
func apiCall(t *testing.T, ts *httptest.Server, authorization, path, body string) response {
	t.Helper()
	send := func(base string) *http.Request {
		req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		return req
	}
	res := newVisitor(t, ts).do(send(ts.URL))
	v, err := apiDescription()
	if err != nil {
		t.Fatal(err)
	}
	for _, problem := range contractProblems(v, send(""), res) {
		t.Errorf("POST %s %.80s → %d %.200s: %s", path, body, res.StatusCode, res.Body, problem)
	}
	return res
}

// contractProblems returns what in req and its answer res the description
// of v does not allow: the answer always, the request when it was taken.
func contractProblems(v validator.Validator, req *http.Request, res response) []string {
	answer := &http.Response{StatusCode: res.StatusCode, Header: res.Header, Body: io.NopCloser(strings.NewReader(res.Body)), Request: req}
	_, errs := v.ValidateHttpResponse(req, answer)
	if res.StatusCode == http.StatusOK {
		body, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(strings.NewReader(string(body)))
		_, reqErrs := v.ValidateHttpRequestSync(req)
		errs = append(errs, reqErrs...)
	}
	var problems []string
	for _, e := range errs {
		problems = append(problems, e.Error())
	}
	return problems
}

func TestAPIDescription_IsServedToAnyoneAsValidOpenAPI(t *testing.T) {
	_, ts := newServer(t)
	res := newVisitor(t, ts).get("/api/v1/openapi.json")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || res.Body != string(screenapi.OpenAPI) {
		t.Fatalf("%d %q, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(res.Body))
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(res.Body), &doc); err != nil || doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q (%v)", doc.OpenAPI, err)
	}
	app, _ := newServer(t)
	for _, r := range app.Server.Routes() {
		if strings.HasPrefix(r.Path, "/api/") && doc.Paths[r.Path][strings.ToLower(r.Method)] == nil {
			t.Errorf("%s %s is not described", r.Method, r.Path)
		}
	}
	if _, err := apiDescription(); err != nil {
		t.Fatal(err)
	}
}

// TestAPIDescription_ChecksEveryAnswer shows that the check of apiCall can
// fail: a description that leaves out a field Vigil answers with, or gets a
// header wrong, refuses real answers.
func TestAPIDescription_ChecksEveryAnswer(t *testing.T) {
	app, ts, _ := newAPI(t)
	tests := []struct {
		name    string
		mutate  func(components map[string]any)
		sends   int    // requests of a token that may make one a second (in bursts of 2)
		problem string // a part of what the validator says
	}{
		{"a field left out", func(c map[string]any) {
			response := c["schemas"].(map[string]any)["Response"].(map[string]any)
			delete(response["properties"].(map[string]any), "threshold")
			response["required"] = []string{"list_versions", "algorithm", "hits"}
		}, 1, "threshold"},
		{"a header's form", func(c map[string]any) {
			c["headers"].(map[string]any)["Retry-After"].(map[string]any)["schema"] = map[string]any{"type": "integer", "maximum": 0}
		}, 3, "Retry-After"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(screenapi.OpenAPI, &doc); err != nil {
				t.Fatal(err)
			}
			tc.mutate(doc["components"].(map[string]any))
			description, _ := json.Marshal(doc)
			v, err := newContract(description)
			if err != nil {
				t.Fatal(err)
			}
			_, token, err := app.Tokens.Create(systemCtx, fmt.Sprint("slow ", i), 1)
			if err != nil {
				t.Fatal(err)
			}
			var problems []string
			for range tc.sends {
				body := `{"name": "Tanchon Commercial Bank"}`
				req, _ := http.NewRequest(http.MethodPost, "/api/v1/screen", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+token)
				problems = append(problems, contractProblems(v, req, apiPost(t, ts, token, "/api/v1/screen", body))...)
			}
			if !strings.Contains(strings.ToLower(strings.Join(problems, "\n")), strings.ToLower(tc.problem)) {
				t.Errorf("problems %q, want one about %s", problems, tc.problem)
			}
		})
	}
}
