# PeerDesk: the command index.
#
#   make run      install missing system packages, build, run the demo on Data/demo
#   make test     lint, build and run every test, the browser test included (what CI runs)
#   make browser-test  the real-browser test of the web app (Chromium, chromedriver, Selenium in
#                 .build/venv); skipped with a message when one is missing; screenshots in
#                 .build/screenshots/
#   make browser-deps  apt-get install chromium chromium-driver when missing, and Selenium in .build/venv
#   make serve    the demo database in the web app: user demo / password "demo password" (make demo first)
#   make build    debug build of everything, tests included
#   make release  optimized build of the peerdesk binary (.build/release/peerdesk), Swift runtime static
#   make aws-demo starts a local moto server (EC2/STS look-alike), builds the demo's cluster and customer
#                 VPCs in it, and peers PD-1 with peerdesk peering plan / apply / verify, then its reply
#                 (needs moto_server and the aws CLI: pip install 'moto[server]==5.2.1' awscli)
#   make bench    release build, then the benchmark: intake (generated and real-world mail), check,
#                 ingest, start-up, memory, against a Python reference and fast-mail-parser (venv in
#                 .build/bench-venv); prints the table and writes BENCHMARKS.md (not run by CI)
#   make fuzz     libFuzzer targets (Fuzz/, built in .build-fuzz with PEERDESK_FUZZ=1) one after the
#                 other, SECONDS each (default 60); FUZZ_TARGETS="mime csv" picks some; see FUZZING.md
#                 (not run by make test or CI)
#   make lint     swift format lint --strict; fails on any formatting difference
#   make format   rewrite the sources with swift format
#   make deps     apt-get install libsqlite3-dev libxml2-dev pkg-config, only when pkg-config
#                 cannot find sqlite3 and libxml-2.0 (a no-op when they are present)
#   make regions  regenerate Data/regions.tsv and its embedded copy from ../shared/aws-regions.json
#   make clean    remove build products and the demo database

SWIFT ?= swift
DEMO_DIR ?= .build/demo
DEMO_DB ?= $(DEMO_DIR)/peerdesk.sqlite
LINT_PATHS = Package.swift Sources Tests Fuzz
APT_PACKAGES = libsqlite3-dev libxml2-dev pkg-config

.PHONY: run test build build-cli release bench fuzz lint format deps regions clean demo browser-test browser-deps serve aws-demo

run: deps build-cli demo

test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) browser-test

VENV ?= .build/venv
CHROMIUM ?= $(shell command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null)
CHROMEDRIVER ?= $(shell command -v chromedriver 2>/dev/null)

# Skips (status 0) with the reason when Chromium, chromedriver or Selenium is missing: `make
# browser-deps` installs them (CI does, in .ci/run).
browser-test:
	@if [ -z "$(CHROMIUM)" ] || [ -z "$(CHROMEDRIVER)" ]; then \
		echo "browser-test: SKIPPED: chromium and chromedriver are not installed (make browser-deps)"; \
	elif ! $(VENV)/bin/python -c 'import selenium' >/dev/null 2>&1; then \
		echo "browser-test: SKIPPED: no Selenium in $(VENV) (make browser-deps)"; \
	else \
		$(SWIFT) build --product peerdesk && \
		PEERDESK_BIN=$$($(SWIFT) build --show-bin-path)/peerdesk $(VENV)/bin/python Tests/browser/test_web.py; \
	fi

browser-deps:
	@if [ -z "$(CHROMIUM)" ] || [ -z "$(CHROMEDRIVER)" ]; then \
		echo "browser-deps: installing chromium chromium-driver"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver; \
	else \
		echo "browser-deps: chromium and chromedriver found"; \
	fi
	@if ! $(VENV)/bin/python -c 'import selenium' >/dev/null 2>&1; then \
		python3 -m venv $(VENV) && $(VENV)/bin/pip install -q selenium; \
	fi

# The web app on the demo database (make demo makes it): sign in as demo / "demo password".
serve: build-cli
	@BIN=$$($(SWIFT) build --show-bin-path)/peerdesk; \
	$$BIN --db $(DEMO_DB) user list | grep -q '^demo ' || \
		echo 'demo password' | $$BIN --db $(DEMO_DB) user add demo --password-stdin --admin; \
	$$BIN --db $(DEMO_DB) serve --from $(DEMO_FROM)

build: deps
	$(SWIFT) build --build-tests

build-cli: deps
	$(SWIFT) build --product peerdesk

# The release binary links the Swift runtime and Foundation statically: an MTA starts one
# process per message, and the dynamic loader's 11,500 symbol lookups and page faults were a
# third of its start-up (`peerdesk --version` 19.1 -> 12.9 ms; BENCHMARKS.md, "Start-up").
RELEASE_FLAGS = -c release --static-swift-stdlib

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product peerdesk

# The benchmark (Sources/PeerDeskBench, bench/reference.py): a generated corpus with a fixed seed
# plus ../shared/corpora as the long tail (read in place, never copied); see BENCHMARKS.md.
# The second reference, fast-mail-parser (a Rust MIME parser on PyPI), lives in its own venv;
# when it cannot be installed (no PyPI), the run goes on and the table says so.
BENCH_ARGS ?=
BENCH_VENV ?= .build/bench-venv
bench: deps
	@if ! $(BENCH_VENV)/bin/python -c 'import fast_mail_parser' >/dev/null 2>&1; then \
		echo "bench: installing fast-mail-parser==0.10.0 in $(BENCH_VENV)"; \
		python3 -m venv $(BENCH_VENV) && $(BENCH_VENV)/bin/pip install -q fast-mail-parser==0.10.0 || \
			echo "bench: fast-mail-parser could not be installed; the table will say so"; \
	fi
	$(SWIFT) build $(RELEASE_FLAGS) --product peerdesk
	$(SWIFT) build $(RELEASE_FLAGS) --product peerdesk-bench
	@BIN=$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path); \
	$$BIN/peerdesk-bench run --peerdesk $$BIN/peerdesk --parser-python $(BENCH_VENV)/bin/python $(BENCH_ARGS)

# The fuzz targets (Scripts/fuzz.sh): seeds from ../shared/corpora, the fixtures and Data/demo.
SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz: deps
	SWIFT=$(SWIFT) Scripts/fuzz.sh $(SECONDS) $(FUZZ_TARGETS)

lint:
	$(SWIFT) format lint --strict --recursive $(LINT_PATHS)

format:
	$(SWIFT) format --in-place --recursive $(LINT_PATHS)

deps:
	@if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists sqlite3 libxml-2.0; then \
		echo "deps: sqlite3 and libxml-2.0 found by pkg-config"; \
	else \
		echo "deps: installing $(APT_PACKAGES)"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

# The demo: a fresh database, the demo registry imported, the demo tickets ingested (mail and
# exports, one follow-up completing PD-3), the queue, a staff correction (set), PD-1 advanced
# through the runbook, its peering-ready draft written and sent, and the customer's answer that
# quotes the draft (with the Astro VPC CIDRs in it) changing nothing on the ticket.
DEMO_FROM ?= support@astronomer.example
demo:
	@mkdir -p $(DEMO_DIR) && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@BIN=$$($(SWIFT) build --show-bin-path)/peerdesk; set -e; \
	run() { echo; echo "\$$ peerdesk $$*"; $$BIN --db $(DEMO_DB) "$$@"; }; \
	run registry import Data/demo/registry/organizations.csv Data/demo/registry/clusters.csv \
		Data/demo/registry/peerings.csv; \
	run ingest Data/demo/tickets; \
	run queue; \
	run set PD-5 aws_region eu-west-1 --by demo \
		--note "Dee confirmed on the phone: the staging VPC is in eu-west-1"; \
	run step PD-1 peering-requested --peering-id pcx-0d5e6f7a8b9c01234 --by demo \
		--note "requested from the Astro console"; \
	run step PD-1 routes-created --by demo; \
	run reply PD-1 --format eml --from $(DEMO_FROM) --output $(DEMO_DIR)/pd-1.eml --by demo; \
	run step PD-1 reply-sent --by demo; \
	run ingest Data/demo/follow-ups; \
	run show PD-1; \
	run step PD-1 customer-route-added --by demo; \
	run queue --status ready --status needs-info

aws-demo: deps build-cli
	@BIN=$$($(SWIFT) build --show-bin-path)/peerdesk DIR=$(DEMO_DIR)/aws Scripts/aws-demo.sh

regions:
	python3 Scripts/gen-regions.py ../shared/aws-regions.json

clean:
	rm -rf .build $(DEMO_DIR)
