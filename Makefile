# Reproducible research compendium: medical consortia and chronic-disease management.
# `make all` builds everything, `make test` runs every test; both create .venv from
# requirements.lock when no suitable environment is active. `make` alone lists the targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Reproducible outputs: no timestamps, no hash randomisation, no GUI backend.
export SOURCE_DATE_EPOCH := 0
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg
export TZ := UTC
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export PYTHONDONTWRITEBYTECODE := 1

# An active environment (conda or venv) that already has the compendium installed is used
# as it is; otherwise .venv is created from the pinned, hashed lock.
ACTIVE := $(if $(or $(VIRTUAL_ENV),$(CONDA_PREFIX)),$(shell python -c "import analysis, papermill, nbval, frictionless, hypothesis" 2>/dev/null && echo yes))
ifeq ($(ACTIVE),yes)
  PY := python
  ENV :=
else
  PY := .venv/bin/python
  ENV := .venv/.installed
endif

STUDIES := $(filter-out cross_city,$(sort $(basename $(notdir $(wildcard params/*.yaml)))))
REPORTS := $(foreach s,$(STUDIES),reports/$(s).ipynb reports/$(s).html) reports/cross_city.ipynb reports/cross_city.html
SRC := $(wildcard src/analysis/*.py) src/analysis/compendium.mplstyle pyproject.toml
DATA := data/datapackage.json $(shell find data/raw data/checks data/coding -type f 2>/dev/null | sort)
VALID := build/validated.stamp
LEDGER := tables/consistency_ledger.csv

## List the targets (default)
help:
	@awk '/^## /{desc=substr($$0,4); next} /^[a-zA-Z_.%\/-]+:/{if(desc){split($$0,t,":"); printf "  %-16s %s\n", t[1], desc}; desc=""}' $(MAKEFILE_LIST)

## Build everything: validate the data, the ledger and tables, every report (ipynb + HTML), figures
all: $(LEDGER) $(REPORTS) reports/index.html
	@echo "==> done: reports/index.html, reports/*.html, tables/consistency_ledger.csv, figures/"

## Run every test (unit, property, doctest, nbval on the executed notebooks) after building
test: all
	@echo "==> running the tests"
	$(PY) -m pytest -q --nbval --nbval-current-env tests src/analysis reports

## Create the environment (.venv from requirements.lock) unless a suitable one is active
env: $(ENV)

.venv/.installed: requirements.lock pyproject.toml
	@echo "==> creating .venv from requirements.lock (pinned, hashed)"
	python3 -m venv .venv
	.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

## Validate data/raw checksums, the Frictionless data package, domain rules and check specs
validate: $(VALID)

$(VALID): $(DATA) $(SRC) | $(ENV)
	@echo "==> validating the data package"
	$(PY) -m analysis validate
	@mkdir -p $(dir $@) && touch $@

## Write tables/consistency_ledger.csv and the reproduced tables under tables/<study>/
ledger: $(LEDGER)

$(LEDGER): $(VALID) $(wildcard params/*.yaml) notebooks/study.ipynb notebooks/cross_city.ipynb
	@echo "==> ledger, reproduced tables and cross-city tables"
	$(PY) -m analysis tables

## Execute and render every study report (reports/<study>.ipynb and .html)
reports: $(REPORTS)

reports/cross_city.ipynb: notebooks/cross_city.ipynb params/cross_city.yaml $(VALID)
	@echo "==> executing notebooks/cross_city.ipynb (papermill)"
	$(PY) -m analysis notebook cross_city --output $@ -f params/cross_city.yaml

reports/%.ipynb: notebooks/study.ipynb params/%.yaml $(VALID)
	@echo "==> executing notebooks/study.ipynb for $* (papermill)"
	$(PY) -m analysis notebook study --output $@ -f params/$*.yaml

reports/%.html: reports/%.ipynb
	@echo "==> rendering $@"
	$(PY) -m analysis html $< $@

## Write the landing page reports/index.html (each study's counts and findings, links, downloads)
reports/index.html: $(LEDGER) $(SRC) $(filter %.html,$(REPORTS))
	@echo "==> writing $@"
	$(PY) -m analysis index

## Render every page with headless Chromium into build/screenshots/ for a person to look at
screenshots: reports/index.html
	@command -v chromium >/dev/null || { echo "screenshots need Chromium: apt-get install -y chromium fonts-noto-cjk"; exit 2; }
	$(PY) -m analysis screenshots

## Run the template with other parameters, e.g. make run STUDY=zigong_hf_alliance P="alpha=0.01 t_test=welch"
run: $(VALID)
	@test -n "$(STUDY)" || { echo "usage: make run STUDY=<id> P=\"name=value ...\" [OUT=build/<file>.ipynb]"; exit 2; }
	$(PY) -m analysis notebook study --output $(or $(OUT),build/$(STUDY)-custom.ipynb) -f params/$(STUDY).yaml $(foreach p,$(P),-p $(p))
	$(PY) -m analysis html $(or $(OUT),build/$(STUDY)-custom.ipynb) $(basename $(or $(OUT),build/$(STUDY)-custom.ipynb)).html

## Run the cross-city notebook with other parameters, e.g. make run-cross P="metric=hamming linkage=complete not_reported=absent"
run-cross: $(VALID)
	$(PY) -m analysis notebook cross_city --output $(or $(OUT),build/cross_city-custom.ipynb) -f params/cross_city.yaml $(foreach p,$(P),-p $(p))
	$(PY) -m analysis html $(or $(OUT),build/cross_city-custom.ipynb) $(basename $(or $(OUT),build/cross_city-custom.ipynb)).html

## Rewrite data/raw/SHA256SUMS after a deliberate, reviewed change to data/raw
manifest: | $(ENV)
	$(PY) -m analysis manifest

## Regenerate requirements.lock from requirements.in (needs network; uv from PyPI)
lock:
	python3 -m pip install --quiet "uv==0.9.5"
	python3 -m uv pip compile requirements.in --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-unknown-linux-gnu --index-url https://pypi.org/simple --no-header -o requirements.lock

## Remove the environment and build stamps (outputs under reports/, tables/, figures/ are kept)
clean:
	rm -rf .venv build

.PHONY: help all test env validate ledger reports screenshots run run-cross manifest lock clean

# ---------------------------------------------------------------- audit of a user's table, new study

## Audit a table of printed results, e.g. make audit IN=examples/audit_example.csv OUT=build/audit.csv [P="--alpha 0.01"]
audit: | $(ENV)
	@test -n "$(IN)" -a -n "$(OUT)" || { echo "usage: make audit IN=<table.csv> OUT=<output.csv> [P=\"--rounding half_even --html out.html\"]"; exit 2; }
	$(PY) -m analysis audit $(IN) -o $(OUT) $(P)

## Scaffold a new study, e.g. make new-study ID=my_study (data package entries, params, checks spec)
new-study: | $(ENV)
	@test -n "$(ID)" || { echo "usage: make new-study ID=<study_id>"; exit 2; }
	$(PY) -m analysis new-study $(ID)

## Benchmark the audit: 100,000 rows on one core, rows per second and peak memory
bench-audit: | $(ENV)
	$(PY) -m analysis.bench_audit --rows 100000

.PHONY: audit new-study bench-audit
