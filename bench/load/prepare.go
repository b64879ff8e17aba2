package main

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

var (
	formError  = regexp.MustCompile(`(?s)<p class="form-error"[^>]*>(.*?)</p>|<small[^>]*class="field-error"[^>]*>(.*?)</small>`)
	factChoice = regexp.MustCompile(`name="fact_([a-z0-9_]+)"`)
	// notListed are the catalogue's products outside Annex I: a case of
	// them needs no licence and no human-rights assessment to be approved.
	notListed = regexp.MustCompile(`<option value="([0-9a-f-]{36})"[^>]*>[^<]*Not listed in Annex I<`)
)

// refusal is what a page says about a form it did not accept, for errors.
func refusal(body string) string {
	var out []string
	for _, m := range formError.FindAllStringSubmatch(body, 3) {
		out = append(out, strings.TrimSpace(m[1]+m[2]))
	}
	return strings.Join(out, "; ")
}

// upload posts a file to a case's documents as the upload form does, with
// the version its page shows now.
func (s *session) upload(id, kind, filename, content string) error {
	body, err := s.page("/cases/" + id)
	if err != nil {
		return err
	}
	m := versionField.FindStringSubmatch(body)
	if m == nil {
		return fmt.Errorf("case %s: no version on its page", id)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"csrf_token": s.token, "version": m[1], "doc_kind": kind, "supersedes": ""} {
		_ = w.WriteField(k, v)
	}
	f, _ := w.CreateFormFile("file", filename)
	_, _ = io.WriteString(f, content)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, s.base+"/cases/"+id+"/attachments", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Cookie", s.cookie)
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("upload to case %s: status %d %s", id, resp.StatusCode, refusal(string(page)))
	}
	return nil
}

// readyCase opens, through the forms, a case to Germany that passes every
// gate: a consignee and an end user named on no list, one catalogue item,
// the Art. 4 questions answered no, the export facts a general
// authorisation asks answered yes, and an end-use statement; with submit,
// it is then submitted for sign-off. It returns the case's id.
func readyCase(s *session, n int, submit bool) (string, error) {
	if _, err := s.page("/cases/new"); err != nil {
		return "", err
	}
	to, err := s.post("/cases", url.Values{"title": {"Load test case " + strconv.Itoa(n)}, "destination": {"DE"},
		"end_user_type": {"private_company"}, "end_use": {"Monitoring of the company's own network."}})
	m := caseLocation.FindStringSubmatch(to)
	if err != nil || m == nil {
		return "", fmt.Errorf("open a case: %v (to %q)", err, to)
	}
	id := m[1]
	if !submit {
		return id, nil
	}
	for _, role := range []string{"consignee", "end_user"} {
		party := url.Values{"role": {role}, "name": {"Werkzeugbau Beispiel " + strconv.Itoa(n) + " GmbH"}, "kind": {"company"}, "country": {"DE"}}
		if err := s.postToCase(id, "/parties", party); err != nil {
			return "", err
		}
	}
	catalogue, err := s.page("/cases/" + id + "/items/catalogue")
	if err != nil {
		return "", err
	}
	products := notListed.FindAllStringSubmatch(catalogue, -1)
	if len(products) == 0 {
		return "", fmt.Errorf("the catalogue offers no product outside Annex I")
	}
	item := url.Values{"product_id": {products[n%len(products)][1]}, "quantity": {"1"}, "unit": {"pcs"}, "value": {"100"}, "currency": {"EUR"}}
	if err := s.postToCase(id, "/items", item); err != nil {
		return "", err
	}
	no := url.Values{"art4_wmd": {"no"}, "art4_military_embargo": {"no"}, "art4_military_parts": {"no"}}
	if err := s.postToCase(id, "/art4", no); err != nil {
		return "", err
	}
	if err := answerFacts(s, id); err != nil {
		return "", err
	}
	if err := s.upload(id, "end_use_statement", "end-use-statement.txt", "We, the end user, declare the end use of case "+id+".\n"); err != nil {
		return "", err
	}
	return id, s.postToCase(id, "/submit", url.Values{})
}

// answerFacts answers yes to every export fact the case page asks, if any.
func answerFacts(s *session, id string) error {
	body, err := s.page("/cases/" + id)
	if err != nil {
		return err
	}
	facts := url.Values{}
	for _, m := range factChoice.FindAllStringSubmatch(body, -1) {
		facts.Set("fact_"+m[1], "yes")
	}
	if len(facts) == 0 {
		return nil
	}
	return s.postToCase(id, "/export-facts", facts)
}

// prepare builds n cases with readyCase on workers sessions at once, and
// returns their ids.
func prepare(sessions []*session, n int, submit bool) ([]string, error) {
	ids := make([]string, n)
	errs := make([]error, len(sessions))
	var wg sync.WaitGroup
	for w, s := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n && errs[w] == nil; i += len(sessions) {
				ids[i], errs[w] = readyCase(s, i, submit)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return ids, nil
}
