package sso

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/vigil-icp/vigil/internal/auth"
)

// Attempt is one sign-in in flight. The browser carries State to the
// provider and back; Nonce and Verifier (PKCE) stay with Vigil, in an
// encrypted cookie, until the provider's answer is checked against them.
type Attempt struct {
	State, Nonce, Verifier string
}

// NewAttempt returns fresh random values for one sign-in.
func NewAttempt() Attempt {
	return Attempt{State: auth.RandomToken(), Nonce: auth.RandomToken(), Verifier: oauth2.GenerateVerifier()}
}

// ErrState is the answer to a sign-in that this browser did not start, or
// started too long ago: its state is missing or not the one sent.
var ErrState = errors.New("sso: state missing or not the one sent")

// Client talks to the provider. Its discovery document is read at the
// first sign-in and kept, so that Vigil starts while the provider is down.
type Client struct {
	cfg  Config
	http *http.Client

	mu       sync.Mutex
	provider *oidc.Provider
}

// NewClient returns the client of the provider cfg describes.
func NewClient(cfg Config) *Client {
	return &Client{cfg: cfg, http: &http.Client{Timeout: 10 * time.Second}}
}

// Name is the provider's name for people.
func (c *Client) Name() string { return c.cfg.Name }

// discover returns the provider, reading its discovery document once.
func (c *Client) discover(ctx context.Context) (*oidc.Provider, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.provider != nil {
		return c.provider, nil
	}
	p, err := oidc.NewProvider(c.context(ctx), c.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("sso: discovery of %s: %w", c.cfg.Issuer, err)
	}
	c.provider = p
	return p, nil
}

// context makes the provider's requests go through c's client, whose
// timeout bounds them.
func (c *Client) context(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, c.http)
}

func (c *Client) oauth(p *oidc.Provider, redirectURL string) *oauth2.Config {
	return &oauth2.Config{ClientID: c.cfg.ClientID, ClientSecret: c.cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: redirectURL, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

// AuthURL returns the provider's address where the person signs in for a.
func (c *Client) AuthURL(ctx context.Context, redirectURL string, a Attempt) (string, error) {
	p, err := c.discover(ctx)
	if err != nil {
		return "", err
	}
	return c.oauth(p, redirectURL).AuthCodeURL(a.State, oidc.Nonce(a.Nonce), oauth2.S256ChallengeOption(a.Verifier)), nil
}

// Finish checks the provider's answer to a: the state the browser brought
// back, then the code exchanged with the PKCE verifier and client secret for
// an ID token, whose signature, issuer, audience, expiry and nonce are
// verified. It returns the person the token names. Errors: ErrState, or
// why the answer was not accepted (no secret in it).
func (c *Client) Finish(ctx context.Context, redirectURL string, a Attempt, state, code string) (auth.ExternalIdentity, error) {
	var none auth.ExternalIdentity
	if a.State == "" || subtle.ConstantTimeCompare([]byte(state), []byte(a.State)) != 1 {
		return none, ErrState
	}
	p, err := c.discover(ctx)
	if err != nil {
		return none, err
	}
	ctx = c.context(ctx)
	tok, err := c.oauth(p, redirectURL).Exchange(ctx, code, oauth2.VerifierOption(a.Verifier))
	if err != nil {
		return none, fmt.Errorf("sso: code exchange: %w", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return none, errors.New("sso: the token response has no ID token")
	}
	idToken, err := p.Verifier(&oidc.Config{ClientID: c.cfg.ClientID}).Verify(ctx, raw)
	if err != nil {
		return none, fmt.Errorf("sso: ID token: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(idToken.Nonce), []byte(a.Nonce)) != 1 {
		return none, errors.New("sso: ID token: the nonce is not the one sent")
	}
	var claims map[string]any
	if err := idToken.Claims(&claims); err != nil {
		return none, fmt.Errorf("sso: ID token claims: %w", err)
	}
	return c.cfg.Identity(claims)
}
