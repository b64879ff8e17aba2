package web_test

// Browser journey of the ICP self-assessment: a compliance officer opens a
// period, answers every question through the page, completes it and sees it
// compared with the previous period; a gap becomes a finding with one click,
// and its corrective action is closed by two people.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vigil-icp/vigil/internal/selfassess"
)

// uiClickSel waits until the element sel selects is visible and clicks it
// by its own click (see uiClickAll). The journeys click this way: a mouse
// click dispatched through the protocol now and then never returned when
// the click navigated away, on a loaded machine, stalling a journey to its
// time limit.
func uiClickSel(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := chromedp.WaitVisible(uiCSS(sel))(ctx, t); err != nil {
			return err
		}
		_, err := chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).click()`, sel))(ctx, t)
		return err
	})
}

// uiAnswer answers the question key of the period shown with maturity m,
// and waits for the page to show the answer.
func uiAnswer(ctx context.Context, key string, m int, links string) error {
	q := "#q-" + strings.ReplaceAll(key, ".", "-")
	steps := []chromedp.Action[chromedp.Void]{uiClickSel(q + " " + uiTestID("answer-question")),
		uiClickSel(fmt.Sprintf("%s [data-testid=maturity-%d]", q, m))}
	if links != "" {
		steps = append(steps, chromedp.SendKeys(uiCSS(q+" textarea[name=links]"), links))
	}
	steps = append(steps, uiClickSel(q+" "+uiTestID("save-answer")), chromedp.WaitVisible(uiCSS(q+" "+uiTestID("maturity"))))
	if err := chromedp.Do(ctx, steps...); err != nil {
		return fmt.Errorf("answer %s: %w", key, err)
	}
	return nil
}

func TestBrowser_SelfAssessmentPeriod(t *testing.T) {
	app, base := uiServeApp(t)
	// Last year's period, completed: every answer 2.
	officerCtx := app.SignedIn(t, "officer@example.com")
	last, err := app.SelfAssess.Open(officerCtx, selfassess.PeriodInput{Name: "2025", From: "2025-01-01", To: "2025-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range selfassess.Questions {
		if _, err := app.SelfAssess.Answer(officerCtx, last.ID, q.Key, selfassess.AnswerInput{Maturity: "2"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := app.SelfAssess.Complete(officerCtx, last.ID); err != nil {
		t.Fatal(err)
	}

	ctx := uiBrowserAs(t, base, "officer@example.com")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/programme"), uiWaitFor("programme"),
		uiClickSel(`a[href="/self-assessments"]`), uiWaitFor("self-assessments"),
		uiPress("open-period"), uiWaitFor("period-form"),
		chromedp.SendKeys(uiCSS("#name"), "2026"), chromedp.SetValue(uiCSS("#from"), "2026-01-01"), chromedp.SetValue(uiCSS("#to"), "2026-12-31"),
		uiPress("save-period"), uiWaitFor("self-assessment")); err != nil {
		t.Fatalf("open a period: %v", err)
	}
	period, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	// Element 5 stays at 2, below the target: a gap to raise; the others
	// reach 3, and the management's commitment 4.
	for _, q := range selfassess.Questions {
		m, links := 3, ""
		switch q.Element {
		case 1:
			m = 4
		case 5:
			m = 2
		}
		if q.Key == "3.3" {
			links = "/training/matrix"
		}
		if err := uiAnswer(ctx, q.Key, m, links); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := uiCount(ctx, uiTestID("raise-finding")); err != nil || n != len(selfassess.QuestionsOf(5)) {
		t.Errorf("%d gaps to raise, want the %d of element 5 (%v)", n, len(selfassess.QuestionsOf(5)), err)
	}
	if s, err := uiText(ctx, "period-answered"); err != nil || s != fmt.Sprintf("%d of %d", len(selfassess.Questions), len(selfassess.Questions)) {
		t.Errorf("answered: %q %v", s, err)
	}
	uiTrainingShot(t, ctx, "self-assessment-period")
	uiCheckIDs(t, ctx, "self-assessment period")
	uiCheckAxe(t, ctx, "self-assessment period")

	if err := chromedp.Do(ctx, uiClickSel(uiTestID("complete-period")), uiWaitFor("comparison")); err != nil {
		t.Fatalf("complete the period: %v", err)
	}
	if s, err := uiText(ctx, "previous-period"); err != nil || !strings.Contains(s, "Compared with 2025") {
		t.Errorf("previous period: %q %v", s, err)
	}
	row := func(sel string) string {
		s, err := chromedp.Run(ctx, chromedp.Text(uiCSS(sel)))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(s), " ")
	}
	for sel, want := range map[string]string{
		`[data-testid=question-change][data-key="1.1"]`:  "2 4 +2",
		`[data-testid=question-change][data-key="5.2"]`:  "2 2 0",
		`[data-testid=element-change][data-element="4"]`: "2.00 3.00 +1.00",
	} {
		if got := row(sel); !strings.HasSuffix(got, want) {
			t.Errorf("%s: %q, want it to end %q", sel, got, want)
		}
	}
	uiTrainingShot(t, ctx, "self-assessment-comparison")
	uiCheckAxe(t, ctx, "self-assessment comparison")

	// A gap of the completed period becomes a finding with one click; its
	// corrective action is closed by two people.
	gap := "#q-5-2 "
	if err := chromedp.Do(ctx, chromedp.Navigate(period), uiWaitFor("self-assessment"), uiClickSel(gap+uiTestID("raise-finding")),
		chromedp.WaitVisible(uiCSS(gap+uiTestID("finding-raised"))), uiClickSel(gap+uiTestID("finding-raised")+" a"), uiWaitFor("finding")); err != nil {
		t.Fatalf("raise the gap as a finding: %v", err)
	}
	if s, err := chromedp.Run(ctx, chromedp.Text(uiCSS("main"))); err != nil || !strings.Contains(s, "Self-assessment 2026, question 5.2") {
		t.Errorf("the finding does not name the answer it comes from (%v)", err)
	}
	uiActionClosedByTwo(t, app, base, ctx)

	// Completed: the period is read-only.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/self-assessments/"+strings.TrimSpace(last.ID)), uiWaitFor("self-assessment")); err != nil {
		t.Fatal(err)
	}
	if n, err := uiCount(ctx, uiTestID("answer-form")); err != nil || n != 0 {
		t.Errorf("a completed period shows %d answer forms (%v)", n, err)
	}
}
