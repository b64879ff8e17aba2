package techsec

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/licensing"
)

// TransferInput is a transfer as the form gives it. Cover is
// "licence:<id>", "gea:<code>" or "" for none; AnnexIV is "outside",
// "inside" or "" (not known); For the Annex I entries of the items the
// software or technology is for, "none", or "" (not known).
type TransferInput struct {
	Channel, RecipientName, RecipientOrg, Destination, On, TransferredBy, Cover string
	AnnexIV, For                                                                string
	IntraGroup, Development, ICP                                                bool
}

// parse checks the fields that need no reading of the database.
func (in TransferInput) parse() (Transfer, licensing.Facts, map[string]string) {
	errs := map[string]string{}
	t := Transfer{Channel: Channel(in.Channel), RecipientName: strings.TrimSpace(in.RecipientName),
		RecipientOrg: strings.TrimSpace(in.RecipientOrg), Destination: strings.ToUpper(strings.TrimSpace(in.Destination)),
		TransferredBy: strings.TrimSpace(in.TransferredBy)}
	if !Channels.Has(t.Channel) {
		errs["channel"] = "Choose how it is transferred."
	}
	for name, v := range map[string]string{"recipient_name": t.RecipientName, "recipient_org": t.RecipientOrg} {
		switch {
		case v == "":
			errs[name] = "Name the recipient and their organisation."
		case utf8.RuneCountInString(v) > 300:
			errs[name] = "Use at most 300 characters."
		}
	}
	if len(t.Destination) != 2 {
		errs["destination"] = "Choose the recipient's country."
	}
	if t.TransferredBy == "" {
		errs["transferred_by"] = "Choose who transfers it."
	}
	on, err := time.Parse(time.DateOnly, strings.TrimSpace(in.On))
	if err != nil {
		errs["on"] = "Give the date of the transfer as YYYY-MM-DD."
	}
	t.TransferOn = on
	facts := licensing.Facts{Answers: map[licensing.Fact]bool{}}
	switch in.AnnexIV {
	case "outside", "inside":
		facts.Answers[licensing.FactOutsideAnnexIV] = in.AnnexIV == "outside"
	case "":
	default:
		errs["annex_iv"] = "Choose whether the item is outside Annex IV."
	}
	for f, yes := range map[licensing.Fact]bool{licensing.FactIntraGroup: in.IntraGroup, licensing.FactDevelopment: in.Development, licensing.FactICP: in.ICP} {
		if yes {
			facts.Answers[f] = true
		}
	}
	facts.For = forEntries(in.For, errs)
	return t, facts, errs
}

// forEntries reads the entries the item is for: nil when not said, empty
// for "none".
func forEntries(text string, errs map[string]string) []string {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return nil
	case strings.EqualFold(text, "none"):
		return []string{}
	}
	codes := hrdd.EntryCodes(text)
	if len(codes) == 0 {
		errs["for"] = "Give Annex I entry codes such as 5A002.a, or “none”."
	}
	return codes
}

// RecordTransfer records a transfer of entry id out of the company when
// Judge lets it go, with the audit event. A transfer it refuses is not
// stored: the refusal is recorded on the audit trail (who, what, why) and
// returned as Invalid with the reason. Errors: Invalid, NotFound,
// Forbidden.
func (s *Service) RecordTransfer(ctx context.Context, id string, in TransferInput) (*Transfer, error) {
	actor, err := auth.Require(ctx, auth.PermRecordTransfers)
	if err != nil {
		return nil, err
	}
	t, facts, errs := in.parse()
	now := s.db.Now()
	var refused error
	err = s.db.InTx(ctx, func(tx *gorm.DB) error {
		it, err := find(tx.WithContext(ctx), id)
		if err != nil {
			return err
		}
		cover, err := resolve(ctx, tx, &t, in.Cover, errs)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return apperr.Validation(errs)
		}
		ps, err := productsIn(tx.WithContext(ctx), it.Products)
		if err != nil {
			return err
		}
		j := Judge(Request{On: t.TransferOn, Destination: t.Destination, Recipient: t.RecipientOrg, Entries: Entries(ps),
			Facts: facts, Cover: cover, OnAccessList: slices.Contains(it.Access, t.TransferredBy)})
		t.ItemID, t.Entries, t.Basis, t.RecordedBy, t.RecordedAt = id, j.Entries, j.Why, actor.UserID, now
		if !j.OK { // the refused transfer is on the trail, without an id: it is stored nowhere
			refused = refusal(j)
			return audit.Record(ctx, tx, now, audit.Event{Action: "technology.transfer_refused", ObjectType: "technology", ObjectID: id,
				Summary: "Transfer of “" + it.Name + "” to " + t.RecipientOrg + " (" + t.Destination + ") refused: " + j.Why,
				After:   map[string]any{"refused": &t, "reason": j.Why}})
		}
		t.ID = db.NewID()
		if err := tx.Create(&t).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{Action: "technology.transfer", ObjectType: "technology", ObjectID: id,
			Summary: "Transfer of “" + it.Name + "” to " + t.RecipientOrg + " (" + t.Destination + ") recorded: " + j.Why, After: &t})
	})
	if err == nil {
		err = refused
	}
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// refusal is the error of a refused transfer: the reason for the form.
func refusal(j Judgement) error {
	return &apperr.Error{Code: apperr.Invalid, Message: "Transfer refused: " + j.Why, Fields: map[string]string{j.Field: j.Why}}
}

// resolve finds the cover named and checks the destination is a country
// and the person who transfers an active user, adding to errs.
func resolve(ctx context.Context, tx *gorm.DB, t *Transfer, named string, errs map[string]string) (Cover, error) {
	g := tx.WithContext(ctx)
	var n int64
	if err := g.Table("countries").Where("code = ?", t.Destination).Count(&n).Error; err != nil {
		return Cover{}, err
	}
	if n == 0 && errs["destination"] == "" {
		errs["destination"] = "Choose the recipient's country."
	}
	if err := g.Table("users").Where("id = ? AND active = ?", t.TransferredBy, true).Count(&n).Error; err != nil {
		return Cover{}, err
	}
	if n == 0 && errs["transferred_by"] == "" {
		errs["transferred_by"] = "Choose an active user."
	}
	kind, ref, _ := strings.Cut(named, ":")
	switch kind {
	case "":
		return Cover{}, nil
	case "licence":
		var l licensing.Licence
		err := g.Table("licences").Where("id = ?", ref).Take(&l).Error
		if err == nil {
			t.CoverKind, t.CoverRef, t.CoverName = "licence", l.ID, "Licence "+l.Name()
			return Cover{Licence: &l}, nil
		}
		if !db.IsNotFound(err) {
			return Cover{}, err
		}
	case "gea":
		all, err := licensing.GEAStatuses(ctx, tx)
		if err != nil {
			return Cover{}, err
		}
		for i := range all {
			if all[i].Code == ref {
				c := Cover{GEA: &all[i]}
				t.CoverKind, t.CoverRef, t.CoverName = "gea", ref, c.Name()
				return c, nil
			}
		}
	}
	errs["cover"] = "Choose one of the company's licences or general authorisations."
	return Cover{}, nil
}

// Covers are the licences and usable general authorisations a transfer
// may name, for the form. Errors: Forbidden.
func (s *Service) Covers(ctx context.Context) ([]licensing.Licence, []licensing.GEAStatus, error) {
	if _, err := auth.Require(ctx, auth.PermReadTechnology); err != nil {
		return nil, nil, err
	}
	g := s.db.Gorm.WithContext(ctx)
	var ls []licensing.Licence
	if err := g.Table("licences").Order("valid_until, number").Find(&ls).Error; err != nil {
		return nil, nil, err
	}
	all, err := licensing.GEAStatuses(ctx, g)
	if err != nil {
		return nil, nil, err
	}
	var gs []licensing.GEAStatus
	for _, st := range all {
		if ok, _ := st.Usable(); ok {
			gs = append(gs, st)
		}
	}
	return ls, gs, nil
}
