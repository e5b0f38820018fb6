# Jeugd & Veiligheid platform. The two commands a newcomer types: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
WORKERS ?= 3
PYTEST_ARGS ?=
STATIC_SOURCES := $(shell find jv -path '*/static/*' -type f 2>/dev/null)
MO_FILES := $(patsubst %.po,%.mo,$(shell find jv locale -path '*/LC_MESSAGES/*.po' 2>/dev/null))
BENCH_TARGETS :=

# Each module adds its own targets (and appends to BENCH_TARGETS) in mk/<module>.mk.
-include mk/*.mk

.PHONY: run dev test test-fast install lock migrate content static admin messages docs-config bench lint format clean

## run: install, migrate, load the starter content and serve with gunicorn on $(HOST):$(PORT)
run: install migrate content static
	$(BIN)/gunicorn jv.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS)

## dev: the same with Django's development server and DEBUG on
dev: install migrate content
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: the whole test suite (browser tests included). TEST_SCOPE=engine: only the tests whose
## outcome depends on the database engine (CI runs those on SQLite and everything on PostgreSQL)
test: install
	$(BIN)/python -m pytest $(if $(filter engine,$(TEST_SCOPE)),-m engine) $(PYTEST_ARGS)

## test-fast: the suite without the slow browser tests
test-fast: install
	$(BIN)/python -m pytest -m "not browser and not slow" $(PYTEST_ARGS)

install: $(VENV)/.installed $(MO_FILES)

# Every package comes from requirements.lock, checked against its hashes; the project itself is
# installed in place on top (no dependencies of its own left to resolve). No byte-compiling of
# every package up front (--no-compile): Python compiles the modules it imports on first use.
$(VENV)/.installed: pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 ($(PYTHON)) is nodig"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-compile --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

## lock: write requirements.lock anew from the pins in pyproject.toml; `make lock UPGRADE=1` also
## takes the newest indirect packages (see docs/architecture.md, "Dependencies")
lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 --quiet \
		$(if $(UPGRADE),--upgrade) -o requirements.lock

%.mo: %.po $(VENV)/.installed
	$(BIN)/python bin/compilemessages.py

migrate: install
	$(BIN)/python manage.py migrate --noinput

content: install
	$(BIN)/python manage.py load_starter_content

static: var/.static-collected

var/.static-collected: $(VENV)/.installed $(STATIC_SOURCES)
	mkdir -p var
	$(BIN)/python manage.py collectstatic --noinput -v0
	touch $@

## admin: create a superuser (asks for a password; there is no default one)
admin: install migrate
	$(BIN)/python manage.py createsuperuser

## messages: refresh every app's Dutch translations from the source (needs GNU gettext)
messages: install
	for app in jv/*/; do [ -f $$app/apps.py ] && (cd $$app && mkdir -p locale && ../../$(BIN)/django-admin makemessages -l nl --no-obsolete --no-location) ; done
	$(BIN)/python bin/compilemessages.py

## bench: every benchmark under bench/ (API throttling off: API_THROTTLE=off, see docs/api.md)
bench: $(BENCH_TARGETS)
$(BENCH_TARGETS) bench: export API_THROTTLE := off

docs-config: install
	$(BIN)/python manage.py config_docs > docs/configuration.md

## lint: formatter and linter (ruff), the layer contracts (import-linter), Django's checks, migrations
lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

## format: let ruff format the code and fix what it can
format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles var/.static-collected
