package apitoken_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
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
	tok, secret, err := f.svc.Create(ctx, name)
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
	if tok.Name != "SAP ERP production" || tok.Prefix != secret[:12] || tok.Hash != hex.EncodeToString(sum[:]) ||
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
		es[0].Summary != `Created API token "SAP ERP production" (`+tok.Prefix+`…)` || strings.Contains(es[0].AfterJSON, secret) {
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
		_, _, err := f.svc.Create(f.admin, tc.name)
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
		_, _, err := f.svc.Create(ctx, "x")
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

func TestAllow_TwentyUnitsASecondInBurstsOfForty(t *testing.T) {
	f := setup(t)
	for i := range apitoken.DefaultLimits.Burst {
		if err := f.svc.Allow("a", 1); err != nil {
			t.Fatalf("unit %d: %v", i+1, err)
		}
	}
	err := f.svc.Allow("a", 1)
	var ae *apperr.Error
	if apperr.CodeOf(err) != apperr.TooManyRequests || !errors.As(err, &ae) || ae.RetryAfter != 50*time.Millisecond {
		t.Fatalf("unit 41: %v, want TooManyRequests, retry after 50 ms", err)
	}
	if err := f.svc.Allow("b", 40); err != nil {
		t.Errorf("another token has its own limit: %v", err)
	}
	f.now = f.now.Add(time.Second)
	if err := f.svc.Allow("a", 20); err != nil {
		t.Errorf("a second later: %v", err)
	}
	if err := f.svc.Allow("a", 1); apperr.CodeOf(err) != apperr.TooManyRequests {
		t.Errorf("beyond the second's 20: %v", err)
	}
	if err := f.svc.Allow("c", 41); apperr.CodeOf(err) != apperr.TooManyRequests {
		t.Errorf("more than a burst at once: %v", err)
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
