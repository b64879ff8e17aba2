package web_test

// Browser journey of the training programme (acceptance 1 of the training
// issue): staff@ works through a course, ticking each item (saved at once
// with htmx, no reload), attests by typing their name and gets a
// certificate; the compliance officer and the auditor see the completion in
// the matrix, which staff@ may not open.

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/demo"
)

// uiTrainingShot writes a screenshot of the page to the folder in
// VIGIL_SCREENSHOTS, if set, for a person to look at.
func uiTrainingShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("VIGIL_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// uiMatrixCell returns the text of the matrix cell of this person and course.
func uiMatrixCell(ctx context.Context, email, course string) (string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`(function(){ var row = document.querySelector('[data-testid="matrix-row"][data-email=%q]');
		  var cell = row && Array.from(row.querySelectorAll('[data-testid="matrix-cell"]')).find(c => c.dataset.course === %q);
		  return cell ? cell.innerText.trim() : '' })()`, email, course)))
}

func TestBrowser_TrainingJourney(t *testing.T) {
	base := uiServe(t)

	// 1. staff@ opens My training and a course not yet completed.
	staff := uiBrowser(t)
	if err := chromedp.Do(staff, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	if err := uiSignIn(staff, base, "staff@example.com", demo.Password); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(staff, uiWaitFor("home-training")); err != nil {
		t.Fatalf("the staff home page has no My training: %v", err)
	}
	if err := uiClickNav(staff, "Training", "my-training"); err != nil {
		t.Fatal(err)
	}
	uiTrainingShot(t, staff, "my-training")
	uiCheckAxe(t, staff, "my training")
	open := uiTestID("assignment-card") + ":not(.card-completed) " + uiTestID("open-assignment")
	if err := chromedp.Do(staff, uiClickSel(open), uiWaitFor("assignment")); err != nil {
		t.Fatalf("open a course to complete: %v", err)
	}
	course, err := chromedp.Run(staff, chromedp.Text(uiCSS("[data-testid=assignment] h1")))
	if err != nil {
		t.Fatal(err)
	}
	total, err := uiCount(staff, `[data-testid="tick"]`)
	if err != nil || total == 0 {
		t.Fatalf("%d boxes to tick (err %v)", total, err)
	}
	uiCheckAxe(t, staff, "course to complete")

	// 2. Ticks every item: each saved at once, the page never reloads.
	if err := chromedp.Do(staff, chromedp.Evaluate[chromedp.Void](`window.vigilBoostMark = true`)); err != nil {
		t.Fatal(err)
	}
	for {
		left, err := uiCount(staff, `[data-testid="tick"]:not(:checked)`)
		if err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			break
		}
		done := total - left
		if err := chromedp.Do(staff, uiClickSel(`[data-testid="tick"]:not(:checked)`)); err != nil {
			t.Fatal(err)
		}
		if err := uiWaitText(staff, "progress-count", fmt.Sprintf("%d of %d items ticked", done+1, total)); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(staff, uiWaitFor("attest-form")); err != nil {
		t.Fatalf("every item ticked, no attestation form: %v", err)
	}
	if kept, err := chromedp.Run(staff, chromedp.Evaluate[bool](`window.vigilBoostMark === true`)); err != nil || !kept {
		t.Fatalf("ticking reloaded the page (err %v); want htmx swaps", err)
	}
	uiTrainingShot(t, staff, "course")
	uiCheckAxe(t, staff, "course with the attestation form")

	// 3. Attests with their name: completed, with a certificate.
	err = chromedp.Do(staff,
		uiClickSel("#understood"),
		chromedp.SendKeys(uiCSS("#name"), "Sam Staff"),
		uiClickSel(uiTestID("attest-submit")),
		uiWaitFor("completed"),
	)
	if err != nil {
		t.Fatalf("attest: %v", err)
	}
	if err := uiWaitText(staff, "training-progress", "Completed"); err != nil {
		t.Fatal(err)
	}
	uiCheckAxe(t, staff, "completed course")
	if err := chromedp.Do(staff, uiClickSel(uiTestID("certificate-link")), uiWaitFor("certificate")); err != nil {
		t.Fatalf("open the certificate: %v", err)
	}
	if err := uiWaitText(staff, "certificate-name", "Sam Staff"); err != nil {
		t.Fatal(err)
	}
	if err := uiWaitText(staff, "certificate-course", course); err != nil {
		t.Fatal(err)
	}
	uiTrainingShot(t, staff, "certificate")
	uiCheckAxe(t, staff, "certificate")
	resp, err := chromedp.Run(staff, chromedp.NavigateResponse(base+"/training/matrix"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusForbidden {
		t.Errorf("staff@ opening the matrix: %d, want 403", resp.Status)
	}

	// 4. Those who may see everyone's training see the completion.
	for _, email := range []string{"officer@example.com", "auditor@example.com"} {
		reader := uiBrowser(t)
		if err := chromedp.Do(reader, chromedp.EmulateViewport(1280, 900)); err != nil {
			t.Fatal(err)
		}
		if err := uiSignIn(reader, base, email, demo.Password); err != nil {
			t.Fatal(err)
		}
		if err := uiClickNav(reader, "Training", "my-training"); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(reader, uiClickSel(uiTestID("open-matrix")), uiWaitFor("matrix")); err != nil {
			t.Fatalf("%s opens the matrix: %v", email, err)
		}
		cell, err := uiMatrixCell(reader, "staff@example.com", course)
		if err != nil || !strings.Contains(cell, "Completed") {
			t.Errorf("%s: staff@'s cell for %q = %q (err %v), want Completed", email, course, cell, err)
		}
		if email == "officer@example.com" {
			uiTrainingShot(t, reader, "matrix")
			uiCheckAxe(t, reader, "training matrix")
		}
	}
}
