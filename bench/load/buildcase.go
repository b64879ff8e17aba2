package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

var (
	versionField  = regexp.MustCompile(`name="version" value="(\d+)"`)
	productOption = regexp.MustCompile(`<option value="([0-9a-f-]{36})"`)
	caseLocation  = regexp.MustCompile(`^/cases/([0-9a-f-]{36})$`)
)

// session is a signed-in browser as the forms see it.
type session struct {
	client       *http.Client
	base, cookie string
	token        string // the session's CSRF token
}

// page gets path and returns its body.
func (s *session) page(path string) (string, error) {
	req, _ := http.NewRequest(http.MethodGet, s.base+path, nil)
	req.Header.Set("Cookie", s.cookie)
	resp, err := s.client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	if m := csrfField.FindStringSubmatch(string(body)); m != nil {
		s.token = m[1] + m[2]
	}
	return string(body), err
}

// post sends a form to path and returns where it leads; a form that is not
// accepted (anything but 303) is an error.
func (s *session) post(path string, form url.Values) (string, error) {
	form.Set("csrf_token", s.token)
	req, _ := http.NewRequest(http.MethodPost, s.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", s.cookie)
	resp, err := s.client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if resp.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("POST %s: status %d %s", path, resp.StatusCode, refusal(string(body)))
	}
	return resp.Header.Get("Location"), nil
}

// postToCase posts form to a path of case id with the version the case
// page shows now.
func (s *session) postToCase(id, path string, form url.Values) error {
	body, err := s.page("/cases/" + id)
	if err != nil {
		return err
	}
	m := versionField.FindStringSubmatch(body)
	if m == nil {
		return fmt.Errorf("case %s: no version on its page", id)
	}
	form.Set("version", m[1])
	_, err = s.post("/cases/"+id+path, form)
	return err
}

// buildCase opens, through the forms as a person does, a case to Brazil
// with a consignee, an end user and n items of the product catalogue (its
// products in turn), answers the Art. 4 questions, and returns its id.
func buildCase(s *session, n int) (string, error) {
	if _, err := s.page("/cases/new"); err != nil {
		return "", err
	}
	to, err := s.post("/cases", url.Values{"title": {"Load test: " + strconv.Itoa(n) + " catalogue items"}, "destination": {"BR"},
		"end_user_type": {"private_company"}, "end_use": {"Network equipment for a bank's branches."}})
	m := caseLocation.FindStringSubmatch(to)
	if err != nil || m == nil {
		return "", fmt.Errorf("open the case: %v (to %q)", err, to)
	}
	id := m[1]
	for _, role := range []string{"consignee", "end_user"} {
		party := url.Values{"role": {role}, "name": {"Rede Bancária Exemplo Ltda"}, "kind": {"company"}, "country": {"BR"}}
		if err := s.postToCase(id, "/parties", party); err != nil {
			return "", err
		}
	}
	catalogue, err := s.page("/cases/" + id + "/items/catalogue")
	if err != nil {
		return "", err
	}
	products := productOption.FindAllStringSubmatch(catalogue, -1)
	if len(products) == 0 {
		return "", fmt.Errorf("the catalogue offers no product with a confirmed classification")
	}
	for i := range n {
		item := url.Values{"product_id": {products[i%len(products)][1]}, "quantity": {"1"}, "unit": {"pcs"}, "value": {"100"}, "currency": {"EUR"}}
		if err := s.postToCase(id, "/items", item); err != nil {
			return "", err
		}
	}
	no := url.Values{"art4_wmd": {"no"}, "art4_military_embargo": {"no"}, "art4_military_parts": {"no"}}
	return id, s.postToCase(id, "/art4", no)
}
