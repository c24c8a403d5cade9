# Two commands set everything up: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site site-zensical serve test test-fast lint bench bench-targets clean

$(STAMP): requirements.lock pyproject.toml package.json
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	npm ci --silent --no-audit --no-fund
	touch $(STAMP)

# Build into a temporary folder; swap it in only when the build succeeded.
site: $(STAMP)
	rm -rf .site-new
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || echo 0)} \
	  $(BIN)/mkdocs build --strict --site-dir .site-new
	rm -rf .site-old
	if [ -d site ]; then mv site .site-old; fi
	mv .site-new site
	rm -rf .site-old

# The same pages built by Zensical, which runs no MkDocs plugins (see zensical.yml).
site-zensical: $(STAMP)
	rm -rf .zensical
	mkdir -p .zensical
	cp -R docs .zensical/docs
	$(BIN)/findings build --out .zensical/docs
	$(BIN)/zensical build --strict -f zensical.yml

# Live preview. `make serve ADDR=0.0.0.0:8001` serves elsewhere; SERVE_OPTIONS= rebuilds every page on each save.
ADDR ?=
SERVE_OPTIONS ?= --dirty
serve: $(STAMP)
	$(BIN)/mkdocs serve $(SERVE_OPTIONS)$(if $(ADDR), --dev-addr $(ADDR))

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -n 2 -q

test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not browser and not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# Sizes S and M, then the issue-22 figures at M and L against their targets (bench/README.md).
bench: $(STAMP)
	$(BIN)/python bench/run.py

# Only the figures with targets, at M and L.
bench-targets: $(STAMP)
	$(BIN)/python bench/run.py --targets

clean:
	rm -rf site .site-new .site-old .cache .zensical
