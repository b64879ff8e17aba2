package audit

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// Checkpoint is a signed statement of the chain's head: event Seq had hash
// HeadHash when it was signed.
type Checkpoint struct {
	Seq       int64     `gorm:"column:seq;primaryKey;autoIncrement:false" json:"seq"`
	HeadHash  string    `gorm:"column:head_hash" json:"head_hash"`
	SignedAt  time.Time `gorm:"column:signed_at" json:"signed_at"`
	KeyID     string    `gorm:"column:key_id" json:"key_id"`
	Signature string    `gorm:"column:signature" json:"signature"`
}

// TableName binds Checkpoint to its table.
func (Checkpoint) TableName() string { return "audit_checkpoints" }

// message is what a checkpoint's signature covers.
func (c *Checkpoint) message() []byte {
	return []byte("vigil audit checkpoint\n" + strconv.FormatInt(c.Seq, 10) + "\n" + c.HeadHash + "\n" +
		c.SignedAt.UTC().Format(time.RFC3339Nano) + "\n")
}

// Check reports why the checkpoint is not signed by pub, or nil.
func (c *Checkpoint) Check(pub ed25519.PublicKey) error {
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	switch {
	case err != nil:
		return fmt.Errorf("checkpoint at event %d: the signature is not base64", c.Seq)
	case c.KeyID != KeyID(pub):
		return fmt.Errorf("checkpoint at event %d: signed with key %s, not with the key given (%s)", c.Seq, c.KeyID, KeyID(pub))
	case !ed25519.Verify(pub, c.message(), sig):
		return fmt.Errorf("checkpoint at event %d: the signature does not match its content", c.Seq)
	}
	return nil
}

// KeyID names a public key: the first 16 hex characters of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:])[:16]
}

// Sign signs a checkpoint of the chain's head as it stands, in its own
// transaction, unless the newest checkpoint already signs that head. It
// returns the checkpoint, new or not.
func Sign(ctx context.Context, g *gorm.DB, key ed25519.PrivateKey, now time.Time) (*Checkpoint, error) {
	var out *Checkpoint
	err := g.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// The chain's row lock, as Record takes it: no event is appended
		// while the head is read and signed.
		if err := tx.Exec("UPDATE audit_chain SET head_seq = head_seq WHERE id = 1").Error; err != nil {
			return err
		}
		var head Entry
		err := tx.Order("seq DESC").Limit(1).Take(&head).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return errors.New("audit: nothing to sign: the trail is empty")
		}
		if err != nil {
			return err
		}
		var last Checkpoint
		if err := tx.Order("seq DESC").Limit(1).Find(&last).Error; err != nil {
			return err
		}
		if last.Seq == head.Seq {
			out = &last
			return nil
		}
		c := Checkpoint{Seq: head.Seq, HeadHash: head.Hash, SignedAt: now.UTC().Truncate(time.Microsecond), KeyID: KeyID(key.Public().(ed25519.PublicKey))}
		c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, c.message()))
		out = &c
		return tx.Create(&c).Error
	})
	return out, err
}

// Checkpoints returns the checkpoints of events first to last, oldest first.
func Checkpoints(ctx context.Context, g *gorm.DB, first, last int64) ([]Checkpoint, error) {
	var out []Checkpoint
	err := g.WithContext(ctx).Where("seq BETWEEN ? AND ?", first, last).Order("seq").Find(&out).Error
	return out, err
}

// GenerateKey writes a new Ed25519 key pair: the private key to path (mode
// 0600, PKCS #8 PEM; it must not exist yet) and the public key to path.pub
// (PKIX PEM), which is what verification needs.
func GenerateKey(path string) (ed25519.PublicKey, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	if err := writeNew(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		return nil, err
	}
	return pub, writeNew(path+".pub", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644)
}

func writeNew(path string, b []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// LoadPrivateKey reads a private key GenerateKey wrote.
func LoadPrivateKey(path string) (ed25519.PrivateKey, error) {
	der, err := readPEM(path, "PRIVATE KEY")
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if priv, ok := k.(ed25519.PrivateKey); ok && err == nil {
		return priv, nil
	}
	return nil, fmt.Errorf("%s: not an Ed25519 private key", path)
}

// LoadPublicKey reads a public key: the .pub file GenerateKey wrote, or the
// private key itself, whose public half it returns.
func LoadPublicKey(path string) (ed25519.PublicKey, error) {
	if der, err := readPEM(path, "PUBLIC KEY"); err == nil {
		k, err := x509.ParsePKIXPublicKey(der)
		if pub, ok := k.(ed25519.PublicKey); ok && err == nil {
			return pub, nil
		}
		return nil, fmt.Errorf("%s: not an Ed25519 public key", path)
	}
	priv, err := LoadPrivateKey(path)
	if err != nil {
		return nil, err
	}
	return priv.Public().(ed25519.PublicKey), nil
}

func readPEM(path, kind string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != kind {
		return nil, fmt.Errorf("%s: no %s in PEM", path, kind)
	}
	return block.Bytes, nil
}
