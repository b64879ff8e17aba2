package cases

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/vigil-icp/vigil/internal/apperr"
	"github.com/vigil-icp/vigil/internal/auth"
	"github.com/vigil-icp/vigil/internal/db"
)

// Document is a file already checked and kept by the file store.
type Document struct {
	SHA256      string
	Size        int64
	ContentType string
	Filename    string
}

// AddAttachment files a stored document on the case, optionally superseding
// an earlier one (which stays, marked as superseded).
// Errors: Invalid, NotFound, Forbidden, Conflict.
func (s *Service) AddAttachment(ctx context.Context, caseID string, version int64, kind string, doc Document, supersedes string) (*Case, error) {
	actor := auth.ActorFrom(ctx)
	return s.change(ctx, caseID, version, auth.PermEditCases, "case.attachment_add", true, func(tx *gorm.DB, f *Case, now time.Time) (string, error) {
		if !AttachmentKinds.Has(kind) {
			return "", apperr.Validation(map[string]string{"kind": "Choose what the document is."})
		}
		a := Attachment{ID: db.NewID(), CaseID: caseID, Kind: kind, Filename: doc.Filename, ContentType: doc.ContentType,
			Size: doc.Size, SHA256: doc.SHA256, UploadedBy: actor.UserID, UploadedAt: now}
		if err := tx.Create(&a).Error; err != nil {
			return "", err
		}
		summary := "attached " + AttachmentKinds.Label(kind) + " " + doc.Filename + " (sha256 " + doc.SHA256 + ")"
		if supersedes == "" {
			return summary, nil
		}
		old := f.attachment(supersedes)
		if old == nil || !old.Current() {
			return "", apperr.Validation(map[string]string{"supersedes": "That document is not a current document of this case."})
		}
		return summary + ", superseding " + old.Filename, tx.Model(&Attachment{}).Where("id = ?", old.ID).
			Updates(map[string]any{"superseded_by": a.ID, "superseded_at": now}).Error
	})
}

// RemoveAttachment takes a document off the case for reason; the document
// and its row are kept, marked removed, and it counts for nothing any more.
// Errors: Invalid (no reason), NotFound, Forbidden, Conflict.
func (s *Service) RemoveAttachment(ctx context.Context, caseID string, version int64, attachmentID, reason string) (*Case, error) {
	return s.remove(ctx, caseID, version, "case.attachment_remove", "document", &Attachment{}, attachmentID, reason,
		func(f *Case) (string, bool) {
			a := f.attachment(attachmentID)
			if a == nil {
				return "", false
			}
			return AttachmentKinds.Label(a.Kind) + " " + a.Filename + " (sha256 " + a.SHA256 + ")", true
		})
}

func (f *Case) attachment(id string) *Attachment {
	for i := range f.Attachments {
		if f.Attachments[i].ID == id {
			return &f.Attachments[i]
		}
	}
	return nil
}

// Attachment returns one document of a case, for download.
// Errors: NotFound, Forbidden.
func (s *Service) Attachment(ctx context.Context, caseID, attachmentID string) (*Attachment, error) {
	if _, err := auth.Require(ctx, auth.PermReadCases); err != nil {
		return nil, err
	}
	var a Attachment
	if err := s.db.Gorm.WithContext(ctx).Where("id = ? AND case_id = ?", attachmentID, caseID).Take(&a).Error; err != nil {
		if db.IsNotFound(err) {
			return nil, apperr.New(apperr.NotFound, "No such document.")
		}
		return nil, err
	}
	return &a, nil
}
