package apitoken_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vigil-icp/vigil/internal/apitoken"
	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/testutil"
)

type fixture struct {
	d       *db.DB
	svc     *apitoken.Service
	now     time.Time
	admin   context.Context // an administrator signed in
	adminID string
	system  context.Context // the command line
}

func setup(t *testing.T) *fixture {
	t.Helper()
	d := testutil.NewDB(t)
	f := &fixture{d: d, svc: apitoken.NewService(d), now: time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)}
	d.Now = func() time.Time { return f.now }
	f.admin = testutil.NewUser(t, d, "root@example.com", "Rita Root", auth.RoleAdmin)
	f.adminID = auth.ActorFrom(f.admin).UserID
	f.system = auth.AsSystem(context.Background())
	return f
}

func (f *fixture) create(t *testing.T, ctx context.Context, name string) (*apitoken.Token, string) {
	t.Helper()
	tok, secret, err := f.svc.Create(ctx, name, apitoken.DefaultRate)
	if err != nil {
		t.Fatalf("create %q: %v", name, err)
	}
	return tok, secret
}

func events(t *testing.T, d *db.DB, action string) []audit.Entry {
	t.Helper()
	es, err := audit.List(context.Background(), d.Gorm, audit.Filter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestCreate_ShowsTheSecretOnceAndStoresItsHash(t *testing.T) {
	f := setup(t)
	tok, secret := f.create(t, f.admin, "  SAP ERP production ")
	if _, err := hex.DecodeString(strings.TrimPrefix(secret, "vgl_")); !strings.HasPrefix(secret, "vgl_") || len(secret) != 4+64 || err != nil {
		t.Errorf("secret %q: want vgl_ and 64 hex digits", secret)
	}
	sum := sha256.Sum256([]byte(secret))
	if tok.Name != "SAP ERP production" || tok.Prefix != secret[:12] || tok.Hash != hex.EncodeToString(sum[:]) || tok.RatePerSecond != apitoken.DefaultRate ||
		*tok.CreatedBy != f.adminID || !tok.CreatedAt.Equal(f.now) || tok.LastUsedAt != nil || tok.RevokedAt != nil || tok.RevokedBy != nil {
		t.Errorf("token %+v", tok)
	}
	var stored int64
	if err := f.d.Gorm.Raw("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ? AND prefix = ?", tok.Hash, tok.Prefix).Scan(&stored).Error; err != nil || stored != 1 {
		t.Fatalf("stored rows with the hash: %d (%v)", stored, err)
	}
	var leaked int64
	f.d.Gorm.Raw("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ? OR prefix = ? OR name = ?", secret, secret, secret).Scan(&leaked)
	if leaked != 0 {
		t.Error("the secret itself is stored")
	}
	es := events(t, f.d, "api_token.create")
	if len(es) != 1 || es[0].ActorEmail != "root@example.com" || es[0].ObjectID != tok.ID ||
		es[0].Summary != `Created API token "SAP ERP production" (`+tok.Prefix+`…), 20 requests a second` || strings.Contains(es[0].AfterJSON, secret) ||
		!strings.Contains(es[0].AfterJSON, `"rate_per_second":20`) {
		t.Errorf("events %+v", es)
	}
}

func TestCreate_RefusesBadNames(t *testing.T) {
	f := setup(t)
	live, _ := f.create(t, f.admin, "erp")
	tests := []struct {
		name string
		code apperr.Code
	}{
		{"", apperr.Invalid},
		{"   ", apperr.Invalid},
		{strings.Repeat("n", apitoken.MaxNameLen+1), apperr.Invalid},
		{"erp", apperr.Conflict},
	}
	for _, tc := range tests {
		_, _, err := f.svc.Create(f.admin, tc.name, apitoken.DefaultRate)
		if apperr.CodeOf(err) != tc.code || apperr.FieldsOf(err)["name"] == "" {
			t.Errorf("%q: %v, want %s with a message for the name field", tc.name, err, tc.code)
		}
	}
	if _, err := f.svc.Revoke(f.admin, live.ID); err != nil {
		t.Fatal(err)
	}
	f.create(t, f.admin, "erp") // the name of a revoked token is free again
	f.create(t, f.admin, strings.Repeat("n", apitoken.MaxNameLen))
}

func TestManaging_IsForAdministratorsAndTheCommandLine(t *testing.T) {
	f := setup(t)
	staff := testutil.NewUser(t, f.d, "staff@example.com", "Sam Staff", auth.RoleStaff, auth.RoleExportManager)
	tok, _ := f.create(t, f.system, "crm")
	if tok.CreatedBy != nil {
		t.Errorf("created by %v, want none for the command line", *tok.CreatedBy)
	}
	for name, ctx := range map[string]context.Context{"staff": staff, "nobody": context.Background()} {
		want := map[string]apperr.Code{"staff": apperr.Forbidden, "nobody": apperr.Unauthenticated}[name]
		_, _, err := f.svc.Create(ctx, "x", apitoken.DefaultRate)
		_, lerr := f.svc.List(ctx)
		_, rerr := f.svc.Revoke(ctx, tok.ID)
		for _, err := range []error{err, lerr, rerr} {
			if apperr.CodeOf(err) != want {
				t.Errorf("%s: %v, want %s", name, err, want)
			}
			if msg := apperr.Message(err); want == apperr.Forbidden && msg != "Managing API tokens is for administrators." {
				t.Errorf("%s refused with %q", name, msg)
			}
		}
	}
}

func TestList_NewestFirstWithTheirCreators(t *testing.T) {
	f := setup(t)
	first, _ := f.create(t, f.system, "crm")
	f.now = f.now.Add(time.Minute)
	second, _ := f.create(t, f.admin, "erp")
	tokens, err := f.svc.List(f.admin)
	if err != nil {
		t.Fatal(err)
	}
	if len(tokens) != 2 || tokens[0].ID != second.ID || tokens[0].CreatorEmail != "root@example.com" ||
		tokens[1].ID != first.ID || tokens[1].CreatorEmail != "" || tokens[1].Prefix != first.Prefix || tokens[1].Name != "crm" {
		t.Errorf("list %+v", tokens)
	}
}

func TestAuthenticate_LiveTokensOnly(t *testing.T) {
	f := setup(t)
	tok, secret := f.create(t, f.admin, "erp")
	got, err := f.svc.Authenticate(context.Background(), secret)
	if err != nil || got.ID != tok.ID || got.Name != "erp" || got.Prefix != tok.Prefix || !got.LastUsedAt.Equal(f.now) {
		t.Fatalf("authenticate: %+v %v", got, err)
	}
	for _, bad := range []string{"", "vgl_", secret[:len(secret)-1] + "x", strings.TrimPrefix(secret, "vgl_"), secret + " "} {
		if _, err := f.svc.Authenticate(context.Background(), bad); apperr.CodeOf(err) != apperr.Unauthenticated {
			t.Errorf("%q: %v, want Unauthenticated", bad, err)
		}
	}
	if _, err := f.svc.Revoke(f.admin, tok.Prefix); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Authenticate(context.Background(), secret); apperr.Message(err) != "The API token is not valid." {
		t.Errorf("revoked token: %v", err)
	}
}

func TestAuthenticate_NotesUseAtMostOnceAMinute(t *testing.T) {
	f := setup(t)
	tok, secret := f.create(t, f.admin, "erp")
	lastUsed := func() time.Time {
		var ts []apitoken.Token
		f.d.Gorm.Where("id = ?", tok.ID).Find(&ts)
		return *ts[0].LastUsedAt
	}
	first := f.now
	if _, err := f.svc.Authenticate(context.Background(), secret); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(59 * time.Second)
	if _, err := f.svc.Authenticate(context.Background(), secret); err != nil || !lastUsed().Equal(first) {
		t.Errorf("after 59 s: last used %v (%v), want %v", lastUsed(), err, first)
	}
	f.now = f.now.Add(time.Second)
	if _, err := f.svc.Authenticate(context.Background(), secret); err != nil || !lastUsed().Equal(f.now) {
		t.Errorf("after a minute: last used %v (%v), want %v", lastUsed(), err, f.now)
	}
}

func TestRevoke_ByIDOrPrefix(t *testing.T) {
	f := setup(t)
	erp, _ := f.create(t, f.admin, "erp")
	crm, _ := f.create(t, f.system, "crm")
	got, err := f.svc.Revoke(f.admin, erp.Prefix+"…") // as lists show it
	if err != nil || got.ID != erp.ID || !got.RevokedAt.Equal(f.now) || *got.RevokedBy != f.adminID {
		t.Fatalf("revoke by prefix: %+v %v", got, err)
	}
	if _, err := f.svc.Revoke(f.system, crm.ID); err != nil {
		t.Fatalf("revoke by id: %v", err)
	}
	if _, err := f.svc.Revoke(f.admin, erp.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("again: %v, want Conflict", err)
	}
	if _, err := f.svc.Revoke(f.admin, "vgl_00000000"); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("unknown: %v, want NotFound", err)
	}
	f.d.Gorm.Exec("UPDATE api_tokens SET prefix = 'vgl_samesame'")
	if _, err := f.svc.Revoke(f.admin, "vgl_samesame"); apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(apperr.Message(err), "Several") {
		t.Errorf("ambiguous prefix: %v, want Conflict", err)
	}
	es := events(t, f.d, "api_token.revoke")
	if len(es) != 2 || es[1].ActorEmail != "root@example.com" || es[1].ObjectID != erp.ID || es[0].ActorEmail != auth.SystemName || es[0].ObjectID != crm.ID {
		t.Errorf("events %+v", es)
	}
}

// retryAfter returns when err says to try again, failing the test unless
// err is a TooManyRequests refusal with the message want.
func retryAfter(t *testing.T, err error, want string) time.Duration {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.TooManyRequests || ae.Message != want {
		t.Fatalf("%v, want TooManyRequests: %q", err, want)
	}
	return ae.RetryAfter
}

func TestAllow_EachTokenAtItsOwnRateInBurstsOfTwice(t *testing.T) {
	f := setup(t)
	standard, _ := f.create(t, f.admin, "erp")
	slow, _, err := f.svc.Create(f.admin, "crm", 5)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		tok     *apitoken.Token
		burst   int
		refusal string
		wait    time.Duration // until one more unit is there
	}{
		{standard, 40, "This token may make 20 requests a second; try again in 1 s.", 50 * time.Millisecond},
		{slow, 10, "This token may make 5 requests a second; try again in 1 s.", 200 * time.Millisecond},
	}
	for _, tc := range tests {
		for i := range tc.burst {
			if err := f.svc.Allow(tc.tok, 1); err != nil {
				t.Fatalf("%s, unit %d: %v", tc.tok.Name, i+1, err)
			}
		}
		if got := retryAfter(t, f.svc.Allow(tc.tok, 1), tc.refusal); got != tc.wait {
			t.Errorf("%s: retry after %s, want %s", tc.tok.Name, got, tc.wait)
		}
	}
	f.now = f.now.Add(time.Second)
	for _, tc := range tests {
		if err := f.svc.Allow(tc.tok, tc.burst/2); err != nil {
			t.Errorf("%s a second later: %v", tc.tok.Name, err)
		}
		retryAfter(t, f.svc.Allow(tc.tok, 1), tc.refusal) // beyond the second's rate
	}
	retryAfter(t, f.svc.Allow(&apitoken.Token{ID: "x", RatePerSecond: 5}, 11), "This request counts as 11 requests; this token may make at most 10 at once.")
}

// Rule: a batch refused after its request paid at the gate is sent again
// whole, so the wait counts the unit paid at the gate too.
func TestAllowMore_WaitCountsWhatTheRequestPaid(t *testing.T) {
	f := setup(t)
	tok, _, err := f.svc.Create(f.admin, "erp", 10) // bursts of 20
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Allow(tok, 16); err != nil { // 4 units left
		t.Fatal(err)
	}
	if err := f.svc.Allow(tok, 1); err != nil { // the gate: 3 left
		t.Fatal(err)
	}
	wait := retryAfter(t, f.svc.AllowMore(tok, 1, 10), "This token may make 10 requests a second; try again in 1 s.")
	if wait != 800*time.Millisecond {
		t.Fatalf("retry after %s, want 800 ms: 7 units missing, then the gate's", wait)
	}
	f.now = f.now.Add(wait) // 3 + 8 = 11 units: the gate's and the batch's
	if err := f.svc.Allow(tok, 1); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.AllowMore(tok, 1, 10); err != nil {
		t.Errorf("sent again when told: %v", err)
	}
}

func TestCreate_StoresTheRate(t *testing.T) {
	f := setup(t)
	tok, secret, err := f.svc.Create(f.admin, "erp", 5)
	if err != nil || tok.RatePerSecond != 5 {
		t.Fatalf("create: %+v %v", tok, err)
	}
	var stored int
	if err := f.d.Gorm.Raw("SELECT rate_per_second FROM api_tokens WHERE id = ?", tok.ID).Scan(&stored).Error; err != nil || stored != 5 {
		t.Errorf("stored rate %d (%v), want 5", stored, err)
	}
	listed, _ := f.svc.List(f.admin)
	got, _ := f.svc.Authenticate(context.Background(), secret)
	if len(listed) != 1 || listed[0].RatePerSecond != 5 || got.RatePerSecond != 5 {
		t.Errorf("listed %+v, authenticated %+v", listed, got)
	}
	es := events(t, f.d, "api_token.create")
	if len(es) != 1 || !strings.HasSuffix(es[0].Summary, "…), 5 requests a second") || !strings.Contains(es[0].AfterJSON, `"rate_per_second":5`) {
		t.Errorf("events %+v", es)
	}
}

func TestCreate_RefusesRatesOutOfBoundsStoringNothing(t *testing.T) {
	f := setup(t)
	for _, r := range []int{0, -1, apitoken.MaxRate + 1} {
		_, _, err := f.svc.Create(f.admin, "erp", r)
		if want := fmt.Sprintf("Give the rate as a whole number of requests a second from 1 to 1000, not \"%d\".", r); apperr.CodeOf(err) != apperr.Invalid ||
			apperr.FieldsOf(err)["rate"] != want || apperr.Message(err) != want {
			t.Errorf("rate %d: %v, want Invalid: %s", r, err, want)
		}
	}
	_, _, err := f.svc.Create(f.admin, " ", 0)
	if fields := apperr.FieldsOf(err); fields["name"] == "" || fields["rate"] == "" || !strings.Contains(apperr.Message(err), "Give the token a name") ||
		!strings.Contains(apperr.Message(err), "Give the rate") {
		t.Errorf("both wrong: %v %v, want both fields named", err, fields)
	}
	var n int64
	f.d.Gorm.Raw("SELECT COUNT(*) FROM api_tokens").Scan(&n)
	if n != 0 || len(events(t, f.d, "api_token.create")) != 0 {
		t.Errorf("%d tokens stored after refusals", n)
	}
	for _, r := range []int{apitoken.MinRate, apitoken.MaxRate} {
		if _, _, err := f.svc.Create(f.admin, fmt.Sprint("erp ", r), r); err != nil {
			t.Errorf("rate %d: %v", r, err)
		}
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		text string
		want int // 0: refused
	}{
		{"", apitoken.DefaultRate},
		{"  ", apitoken.DefaultRate},
		{"1", 1},
		{" 1000 ", 1000},
		{"20", 20},
		{"0", 0},
		{"1001", 0},
		{"-5", 0},
		{"2.5", 0},
		{"1e3", 0},
		{"twenty", 0},
		{"99999999999999999999", 0},
	}
	for _, tc := range tests {
		got, err := apitoken.ParseRate(tc.text)
		if tc.want != 0 && (err != nil || got != tc.want) {
			t.Errorf("%q: %d %v, want %d", tc.text, got, err, tc.want)
		}
		if msg := apperr.FieldsOf(err)["rate"]; tc.want == 0 && (apperr.CodeOf(err) != apperr.Invalid || !strings.HasPrefix(msg, "Give the rate as a whole number") ||
			!strings.Contains(msg, strings.TrimSpace(tc.text))) {
			t.Errorf("%q: %v, want Invalid naming the rate and what was typed", tc.text, err)
		}
	}
}

// Rule: tokens created before each had its own rate keep the rate they had.
func TestMigration_ExistingTokensGetTwentyASecond(t *testing.T) {
	d := testutil.OpenDB(t)
	ctx := context.Background()
	if err := d.MigrateTo(ctx, 25); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	if err := d.Gorm.Exec(`INSERT INTO api_tokens (id, name, prefix, token_hash, created_at) VALUES ('t1', 'erp', 'vgl_00000000', 'h', ?)`, now).Error; err != nil {
		t.Fatal(err)
	}
	if err := d.MigrateTo(ctx, 26); err != nil {
		t.Fatal(err)
	}
	var got int
	if err := d.Gorm.Raw(`SELECT rate_per_second FROM api_tokens WHERE id = 't1'`).Scan(&got).Error; err != nil || got != apitoken.DefaultRate {
		t.Errorf("rate %d (%v), want %d", got, err, apitoken.DefaultRate)
	}
	err := d.Gorm.Exec(`INSERT INTO api_tokens (id, name, prefix, token_hash, created_at, rate_per_second) VALUES ('t2', 'crm', 'vgl_11111111', 'h2', ?, 0)`, now).Error
	if err == nil {
		t.Error("the database stored a rate of 0")
	}
}

func TestWithToken_MakesTheTokenTheAuditActor(t *testing.T) {
	f := setup(t)
	tok, _ := f.create(t, f.admin, "erp")
	ctx := audit.WithActor(context.Background(), audit.Actor{RequestID: "r1", ClientIP: "192.0.2.7"})
	ctx = apitoken.WithToken(ctx, tok)
	if apitoken.FromContext(ctx) != tok || apitoken.FromContext(context.Background()) != nil {
		t.Error("FromContext does not return the token")
	}
	if a := audit.ActorFrom(ctx); a != (audit.Actor{ID: tok.ID, Email: "token:erp", Role: "api", RequestID: "r1", ClientIP: "192.0.2.7"}) {
		t.Errorf("audit actor %+v", a)
	}
}
