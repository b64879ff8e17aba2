package demo

import (
	"context"
	"time"

	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/governance"
)

// Commitment is the demonstration company's commitment statement: an
// example of what a company writes, not an official text.
const Commitment = `Demo Exports GmbH (demonstration data) develops and sells network and security technology, some of which is controlled as dual-use items. We export only in full compliance with Regulation (EU) 2021/821, the sanctions of the European Union and the United Nations, and the national rules that apply to us.

No business is worth a breach of export controls. We do not ship, transfer technology, broker or give technical assistance when a licence is missing, when a party is sanctioned, or when we have reason to believe that an item will be used for weapons of mass destruction, internal repression or serious violations of human rights.

The export control officer runs our internal compliance programme and may stop any transaction. Management gives the programme the people, the time and the tools it needs, and hears its report every year.

Everyone who works on exports completes the training of their role and asks the export control officer when in doubt. Whoever suspects a violation reports it, by name or anonymously; nobody is blamed for reporting in good faith.

Signed for the management board (demonstration).`

// Acknowledged are the demo users who acknowledged the statement besides
// board@, who signed it; staff@, admin@ and the lapsed manager have not yet.
var Acknowledged = []string{"officer@example.com", "manager@example.com", "manager2@example.com", "auditor@example.com"}

// holdings are the demonstration organisation, each from a year ago:
// who (by email) holds what, with their phone.
var holdings = []struct {
	email string
	r     governance.Responsibility
	phone string
}{
	{"officer@example.com", governance.ExportControlOfficer, "+49 30 0000 1001"},
	{"manager2@example.com", governance.DeputyOfficer, "+49 30 0000 1002"},
	{"board@example.com", governance.BoardMember, "+49 30 0000 1000"},
	{"board@example.com", governance.ManagementSponsor, "+49 30 0000 1000"},
}

// SeedGovernance publishes version 1 of the demonstration commitment
// statement as board@, has some demo users acknowledge it, and records
// who holds the compliance responsibilities, through the service and so on
// the audit trail.
func SeedGovernance(ctx context.Context, d *db.DB, svc *governance.Service) error {
	board, err := actAs(ctx, d, "board@example.com")
	if err != nil {
		return err
	}
	st, err := svc.Publish(board, Commitment, true)
	if err != nil {
		return err
	}
	for _, email := range Acknowledged {
		as, err := actAs(ctx, d, email)
		if err != nil {
			return err
		}
		if _, err := svc.Acknowledge(as, st.Version); err != nil {
			return err
		}
	}
	officer, err := actAs(ctx, d, "officer@example.com")
	if err != nil {
		return err
	}
	from := d.Now().AddDate(-1, 0, 0).Format(time.DateOnly)
	for _, h := range holdings {
		var id string
		if err := d.Gorm.WithContext(ctx).Table("users").Select("id").Where("email = ?", h.email).Scan(&id).Error; err != nil {
			return err
		}
		in := governance.HoldingInput{Responsibility: string(h.r), UserID: id, From: from, Phone: h.phone}
		if _, err := svc.Assign(officer, in); err != nil {
			return err
		}
	}
	return nil
}
