package auth_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/testutil"
)

// Wrong passwords for one account sent at once through two instances are
// throttled as if through one: no more than MaxFailuresPerAccount reach
// the password check, however many arrive together.
func TestSignIn_ThrottlingHoldsAcrossInstancesAtOnce(t *testing.T) {
	d1, d2 := testutil.TwoInstances(t)
	testutil.NewUser(t, d1, "root@example.com", "Root", auth.RoleAdmin)
	instances := []*auth.Service{testutil.NewAuth(d1), testutil.NewAuth(d2)}
	const attempts = 24
	checked := make([]bool, attempts)
	var wg sync.WaitGroup
	for i := range attempts {
		wg.Go(func() {
			_, _, err := instances[i%2].SignIn(context.Background(), "root@example.com", "wrong password!",
				auth.Client{IP: fmt.Sprintf("198.51.100.%d", i)})
			switch apperr.CodeOf(err) {
			case apperr.Unauthenticated:
				checked[i] = true
			case apperr.TooManyRequests:
			default:
				t.Errorf("attempt %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	n := 0
	for _, c := range checked {
		if c {
			n++
		}
	}
	var stored int64
	d1.Gorm.Raw("SELECT COUNT(*) FROM signin_attempts WHERE email = ?", "root@example.com").Scan(&stored)
	if n != auth.MaxFailuresPerAccount || stored != auth.MaxFailuresPerAccount {
		t.Errorf("%d wrong passwords checked, %d attempts counted; want %d each", n, stored, auth.MaxFailuresPerAccount)
	}
}
