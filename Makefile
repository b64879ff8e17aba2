# Vigil — make help lists the targets.
SHELL := /bin/bash
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN := bin/vigil
PG_URL ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
# Link the system SQLite when its headers are installed (Debian: libsqlite3-dev):
# compiling the copy bundled with go-sqlite3 takes over a minute on two cores.
# Without them the bundled copy is built. Override with TAGS=.
TAGS ?= $(shell pkg-config --exists sqlite3 2>/dev/null && echo libsqlite3)
GO_TAGS := $(if $(TAGS),-tags $(TAGS))
HTMX_VERSION := 2.0.11
PICO_VERSION := 2.1.1

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

build: ## build bin/vigil
	go build $(GO_TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/vigil

run: build ## build, migrate, seed demo data into data/vigil.db if empty, serve on http://localhost:8080
	VIGIL_DEMO=$${VIGIL_DEMO:-true} ./$(BIN) serve

# The web package (handlers and browser journeys) runs after the others, not
# beside them: on two cores Chromium starved by a dozen test binaries at once
# could stall past a journey's time limit.
test: ## unit, handler, authorization-matrix and browser tests (SQLite)
	go test $(GO_TAGS) -count=1 $$(go list ./... | grep -v '/web$$')
	go test $(GO_TAGS) -count=1 ./web/...

test-postgres: ## store, auth and audit tests, and two instances on one database, against PostgreSQL (VIGIL_TEST_POSTGRES_URL)
	VIGIL_TEST_POSTGRES_URL="$${VIGIL_TEST_POSTGRES_URL:-$(PG_URL)}" go test $(GO_TAGS) -count=1 ./internal/... ./migrations/...
	VIGIL_TEST_POSTGRES_URL="$${VIGIL_TEST_POSTGRES_URL:-$(PG_URL)}" go test $(GO_TAGS) -count=1 -run TestInstances ./cmd/vigil/

test-browser: ## only the browser journeys (needs chromium)
	VIGIL_REQUIRE_BROWSER=1 go test $(GO_TAGS) -count=1 -run 'TestBrowser' ./web/...

generate: ## regenerate templ code
	go tool templ generate

check: ## gofmt, go vet, templ freshness
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	go vet $(GO_TAGS) ./...
	go tool templ generate -check

bench: ## benchmarks (see bench/README.md)
	go test $(GO_TAGS) -run '^$$' -bench . -benchtime 2s -count 5 ./internal/... ./web/... ./bench/...

screenshot: ## docs/home.png and docs/dashboard.png: the home page and the dashboard in headless Chromium
	VIGIL_REQUIRE_BROWSER=1 VIGIL_SCREENSHOT=$(CURDIR)/docs/home.png VIGIL_DASHBOARD_SCREENSHOT=$(CURDIR)/docs/dashboard.png \
	  go test $(GO_TAGS) -count=1 -run 'TestBrowser_(Screenshot|ManagementReadsTheDashboardAndTheReview)$$' ./web/

assets: ## refresh static/ from the npm registry at the pinned versions
	@tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent htmx.org@$(HTMX_VERSION) @picocss/pico@$(PICO_VERSION) >/dev/null && \
	  for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done && \
	  cp htmx.org-$(HTMX_VERSION)/package/dist/htmx.min.js $(CURDIR)/static/js/htmx.min.js && \
	  cp htmx.org-$(HTMX_VERSION)/package/LICENSE $(CURDIR)/static/licenses/htmx-LICENSE && \
	  cp picocss-pico-$(PICO_VERSION)/package/css/pico.min.css $(CURDIR)/static/css/pico.min.css && \
	  cp picocss-pico-$(PICO_VERSION)/package/LICENSE.md $(CURDIR)/static/licenses/pico-LICENSE.md && \
	  rm -rf $$tmp && echo "static/ refreshed: htmx $(HTMX_VERSION), pico $(PICO_VERSION)"

clean: ## remove build output
	rm -rf bin

.PHONY: help build run test test-postgres test-browser generate check bench screenshot assets clean
