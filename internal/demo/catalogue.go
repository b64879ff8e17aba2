package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/audit"
	"github.com/vigil-icp/vigil/internal/cases"
	"github.com/vigil-icp/vigil/internal/db"
	"github.com/vigil-icp/vigil/internal/files"
	"github.com/vigil-icp/vigil/internal/hrdd"
	"github.com/vigil-icp/vigil/internal/licensing"
	catalogue "github.com/vigil-icp/vigil/internal/products"
)

// ErrNoComplianceOfficer is returned by SeedCases when no active compliance
// officer other than the export manager who classifies the demonstration
// catalogue can confirm its classifications.
var ErrNoComplianceOfficer = errors.New("no active compliance officer to confirm the demonstration catalogue: create one, or seed the demo users with --demo")

// The demonstration licence: its authority says it is none.
const (
	demoLicenceNumber    = "DEMO-GLOBAL-1"
	demoLicenceAuthority = "Demonstration authority — not a real licence"
)

// catalogued is a product of the catalogue as the seeded items take it over.
type catalogued struct {
	productID string
	class     cases.ProductClass
}

// prepareLicensing puts in place, once, what the licence determination of
// the seeded cases stands on: a product of the catalogue for every item
// description, and a global licence for their listed entries.
func (s *seeder) prepareLicensing(ctx context.Context, d *db.DB) error {
	proposer, officer, err := s.classifiers()
	if err != nil {
		return err
	}
	return d.InTx(ctx, func(tx *gorm.DB) error {
		if err := s.ensureCatalogue(ctx, tx, catalogue.NewService(d), proposer.id, officer.id); err != nil {
			return fmt.Errorf("seed cases: catalogue: %w", err)
		}
		if err := s.ensureLicence(ctx, tx, officer.id); err != nil {
			return fmt.Errorf("seed cases: licence: %w", err)
		}
		return nil
	})
}

// classifiers returns who classified the catalogue: an export manager
// proposed, and a compliance officer who is someone else confirmed, as the
// products package requires of every classification.
func (s *seeder) classifiers() (proposer, officer person, err error) {
	proposer = s.managers[0]
	for _, p := range s.signers {
		if p.officer && p.id != proposer.id {
			return proposer, p, nil
		}
	}
	return person{}, person{}, ErrNoComplianceOfficer
}

// ensureCatalogue adds the products of the item templates that the
// catalogue lacks, classified and confirmed, and reads what items take over
// from each, whether added now or by an earlier seed.
func (s *seeder) ensureCatalogue(ctx context.Context, tx *gorm.DB, svc *catalogue.Service, proposer, officer string) error {
	var have []catalogue.Product
	if err := tx.Select("id", "name").Where("name IN ?", descriptions()).Find(&have).Error; err != nil {
		return err
	}
	ids := map[string]string{}
	for _, p := range have {
		ids[p.Name] = p.ID
	}
	proposed := at(s.start.AddDate(0, -2, 0))
	confirmed := proposed.Add(24 * time.Hour)
	var added []catalogue.Product
	var classes []catalogue.Classification
	for _, prod := range products {
		for _, t := range prod.items {
			if _, ok := ids[t.desc]; ok {
				continue
			}
			p := catalogue.Product{ID: db.NewID(), Name: t.desc, Description: "Demonstration data: part of the demo offer “" + prod.name + "”.",
				CreatedBy: proposer, CreatedAt: proposed, UpdatedAt: confirmed}
			c := classificationOf(t.class)
			c.ID, c.ProductID, c.Status, c.ProposedBy, c.ProposedAt = db.NewID(), p.ID, catalogue.Confirmed, proposer, proposed
			c.AnsweredBy, c.AnsweredAt = &officer, &confirmed
			ids[p.Name] = p.ID
			added, classes = append(added, p), append(classes, c)
		}
	}
	if err := s.writeCatalogue(ctx, tx, added, classes); err != nil {
		return err
	}
	s.catalogue = map[string]*catalogued{}
	for name, id := range ids {
		pc, err := svc.ProductClassTx(ctx, tx, id)
		if err != nil {
			return err
		}
		s.catalogue[name] = &catalogued{productID: id, class: pc}
	}
	return nil
}

// writeCatalogue writes the products added and their classifications, with
// one audit event for them all.
func (s *seeder) writeCatalogue(ctx context.Context, tx *gorm.DB, added []catalogue.Product, classes []catalogue.Classification) error {
	if len(added) == 0 {
		return nil
	}
	if err := tx.Omit("Classifications").CreateInBatches(added, 100).Error; err != nil {
		return err
	}
	if err := tx.CreateInBatches(classes, 100).Error; err != nil {
		return err
	}
	return audit.Record(ctx, tx, s.now, audit.Event{Action: "demo.seed_products", ObjectType: "product",
		Summary: fmt.Sprintf("Seeded %d demonstration products in the catalogue, each with a confirmed classification (demonstration data, not real classifications)", len(added)),
		After:   map[string]any{"products": len(added), "classifications": len(classes)}})
}

// classificationOf reads an item template's class as the catalogue keeps
// it: the Annex I entry, or not listed. US ECCNs of the x9xx series are US
// controls alone, in no Annex I entry: they stay as the US ECCN. Of two
// entries, the cyber-surveillance one is the one the case turns on.
func classificationOf(class string) catalogue.Classification {
	const demo = "Demonstration data, not a real classification: "
	codes := hrdd.EntryCodes(class)
	switch {
	case len(codes) == 0:
		return catalogue.Classification{Rationale: demo + "in no Annex I entry."}
	case len(codes) == 1 && codes[0][2] == '9':
		return catalogue.Classification{USECCN: codes[0], Rationale: demo + "in no Annex I entry; under US rules it is ECCN " + codes[0] + ", a US control only."}
	case len(codes) > 1:
		cyber, _ := hrdd.CyberEntryOf(class, nil)
		return catalogue.Classification{EntryCode: cyber.Code, Rationale: demo + "it meets both " + strings.Join(codes, " and ") +
			"; classified in " + cyber.Code + ", the cyber-surveillance entry (" + cyber.What + ")."}
	}
	return catalogue.Classification{EntryCode: codes[0], Rationale: demo + "the product meets the parameters of Annex I entry " + codes[0] + "."}
}

// ensureLicence records the demonstration global licence unless it is
// there: valid from the first seeded day for the two years Art. 12(3)
// allows, for any destination and end user, for every Annex I entry of the
// catalogue, without limits.
func (s *seeder) ensureLicence(ctx context.Context, tx *gorm.DB, officer string) error {
	var n int64
	if err := tx.Model(&licensing.Licence{}).Where("authority = ? AND number = ?", demoLicenceAuthority, demoLicenceNumber).Count(&n).Error; err != nil || n > 0 {
		return err
	}
	from := s.start.Truncate(24 * time.Hour)
	l := licensing.Licence{ID: db.NewID(), Type: licensing.Global, Number: demoLicenceNumber, Authority: demoLicenceAuthority,
		ValidFrom: from, ValidUntil: from.AddDate(2, 0, -1), EntryCodes: s.listedEntries(), CreatedBy: officer, CreatedAt: from}
	doc, err := s.document("demo-global-licence.txt", fmt.Sprintf("DEMONSTRATION DOCUMENT — NOT A REAL LICENCE\n"+
		"Number: %s\nIssued by: %s\nType: global export authorisation\nValid: %s to %s\nEntries: %s\n"+
		"This document was generated by Vigil's demonstration seed. No authority issued it and it authorises nothing.\n",
		l.Number, l.Authority, l.ValidFrom.Format(time.DateOnly), l.ValidUntil.Format(time.DateOnly), strings.Join(l.EntryCodes, ", ")))
	if err != nil {
		return err
	}
	l.DocSHA256, l.DocFilename, l.DocContentType, l.DocSize = doc.SHA256, doc.Filename, doc.ContentType, doc.Size
	if err := tx.Create(&l).Error; err != nil {
		return err
	}
	return audit.Record(ctx, tx, s.now, audit.Event{Action: "demo.seed_licence", ObjectType: "licence", ObjectID: l.ID,
		Summary: "Seeded demonstration global licence " + l.Name() + ", valid " + l.ValidFrom.Format(time.DateOnly) + " to " +
			l.ValidUntil.Format(time.DateOnly) + ": demonstration data, not a real licence", After: l})
}

// descriptions are the item templates' descriptions, each once.
func descriptions() []string {
	var out []string
	for _, prod := range products {
		for _, t := range prod.items {
			if !slices.Contains(out, t.desc) {
				out = append(out, t.desc)
			}
		}
	}
	return out
}

// listedEntries are the Annex I entries of the catalogue's products, each
// once, in the order of the templates.
func (s *seeder) listedEntries() licensing.Words {
	var out licensing.Words
	for _, prod := range products {
		for _, t := range prod.items {
			code := s.catalogue[t.desc].class.Classification
			if code != licensing.NotListed && !slices.Contains(out, code) {
				out = append(out, code)
			}
		}
	}
	return out
}

// document stores content as a file named name when the seeder has a store;
// without one, it is described as if stored.
func (s *seeder) document(name, content string) (files.Stored, error) {
	if s.store != nil {
		return s.store.Put(strings.NewReader(content), name)
	}
	sum := sha256.Sum256([]byte(content))
	return files.Stored{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(content)), ContentType: "text/plain", Filename: name}, nil
}
