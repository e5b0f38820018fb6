# Quality gate (issue 8): browser-test tools and the load test. See docs/quality.md.

# This file is included before the main Makefile's first rule: keep `make` = `make run`.
ifeq ($(.DEFAULT_GOAL),)
.DEFAULT_GOAL := run
endif

AXE := node_modules/axe-core/axe.min.js
LOAD_SECONDS ?= 10
LOAD_CONNECTIONS ?= 16 64
# The bench's own Redis database (emptied before every run); empty: only the default set-up.
LOAD_REDIS_URL ?= redis://127.0.0.1:6379/13

.PHONY: test-tools test-browser bench-load

# axe-core comes from npm (exact version in package.json / package-lock.json), never copied
# into the repository. `make test` needs it for the accessibility tests in the browser.
test: $(AXE)
test-tools: $(AXE)

$(AXE): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is nodig voor axe-core (apt-get install npm)"; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

## test-browser: only the browser tests (Playwright + Debian's /usr/bin/chromium)
test-browser: install $(AXE)
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

## bench-load: default set-up (SQLite, file page cache) and Redis set-up (db LOAD_REDIS_URL) side by side under wrk; see docs/quality.md
bench-load: install
	$(BIN)/python bench/quality/load.py --seconds $(LOAD_SECONDS) --connections "$(LOAD_CONNECTIONS)" --redis-url "$(LOAD_REDIS_URL)"

BENCH_TARGETS += bench-load
