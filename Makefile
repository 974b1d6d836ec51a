# breachd — see README.md. `make run` starts the daemon on embedded defaults;
# `make test` runs every test offline.

GO      ?= go
ARGS    ?=
# The race detector needs cgo and a C compiler; use it where both exist.
RACE    := $(shell [ "$$($(GO) env CGO_ENABLED)" = 1 ] && command -v "$$($(GO) env CC)" >/dev/null 2>&1 && echo -race)
FUZZTIME ?= 30s
# --version reads the commit from the build info; build also sets it (and the
# build date) with -ldflags, since the toolchain stamps none in a git worktree
# or with -buildvcs=false. Empty values leave the build info in force.
VERSION_PKG := github.com/breachd/breachd/internal/version
LDFLAGS := -X $(VERSION_PKG).version=$(shell git describe --tags --dirty 2>/dev/null) \
	-X $(VERSION_PKG).commit=$(shell git rev-parse HEAD 2>/dev/null) \
	-X $(VERSION_PKG).modified=$(shell git status --porcelain 2>/dev/null | grep -q . && echo true) \
	-X $(VERSION_PKG).date=$(shell date -u +%Y-%m-%dT%H:%M:%SZ)

.PHONY: run run-cluster build test check fuzz bench chaos coverage-doc image clean

# run: the daemon on embedded defaults, with the example actuator answering
# the shipped playbooks' actions (it only logs them), so the whole loop shows.
run:
	$(GO) run ./cmd/breachd --example-actuator $(ARGS)

# run-cluster: three nodes on loopback, one leading and two standing by
# (docs/ha.md); data under ./data/cluster.
run-cluster:
	./scripts/run-cluster.sh $(ARGS)

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/ ./cmd/...

# test: formatting, vet, then every test (with the race detector when available).
test: check
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  echo "chromium not found: the console's browser tests are skipped (apt-get install chromium)"
	$(GO) test $(RACE) -count=1 ./...

check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

# fuzz: run every fuzz target of every package for FUZZTIME each.
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$target"; \
	    $(GO) test $$pkg -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) || exit 1; \
	  done; \
	done

bench:
	$(GO) test ./... -run '^$$' -bench . -benchmem

# chaos: the long chaos run (cmd/breachchaos: breachd killed 20 times while
# alerts flow) on a new temporary data directory; CHAOS_ARGS adds flags,
# such as --mode term or --alerts 100000.
chaos: build
	$(GO) run ./cmd/breachchaos --breachd bin/breachd --data-dir "$$(mktemp -d)" $(CHAOS_ARGS)

# coverage-doc: the regulatory coverage matrix, from the catalog (a test
# fails while docs/coverage.md is stale).
coverage-doc:
	$(GO) run ./cmd/breachctl regimes coverage > docs/coverage.md

clean:
	rm -rf bin data

# image: the container image of deploy/Dockerfile, where Docker is available.
image:
	@command -v docker >/dev/null 2>&1 || { echo "docker not found: make image needs Docker"; exit 1; }
	docker build -f deploy/Dockerfile -t breachd:$(shell git describe --tags --always --dirty 2>/dev/null || echo dev) -t breachd:latest .
