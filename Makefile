# Reproducible research compendium: medical consortia and chronic-disease management.
# `make all` builds everything, `make test` runs every test; both create .venv from
# requirements.lock when no suitable environment is active. `make` alone lists the targets.
#
# Outputs are not tracked by file times: `python -m analysis build` (src/analysis/build/pipeline.py)
# hashes every input and every output it recorded in build/state.json, runs what is out of date
# into build/stage/ (whose folders link to staging folders beside the outputs: .reports.stage/
# beside reports/, and so on, so the commit only renames within one filesystem), and
# commits all outputs together only when validation and every step succeeded.
# A new command is one rule below calling `$(PY) -m analysis <command>`.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Reproducible outputs: no timestamps, no hash randomisation, no GUI backend.
export SOURCE_DATE_EPOCH := 0
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg
export TZ := UTC
export JUPYTER_PLATFORM_DIRS := 1
# Kernel specs of the environment before the user's (~/.local/share/jupyter): the kernel "python3" that the
# build, nbval and `make lab` start is this environment's, whatever the user has installed elsewhere.
export JUPYTER_PREFER_ENV_PATH := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# Bytecode of the package and of pytest's rewritten tests is cached (in __pycache__, ignored by git and by
# the build's input hashes): without it every Python process of the build and the tests compiles them again.
unexport PYTHONDONTWRITEBYTECODE
export COMPENDIUM_ROOT := $(CURDIR)

# An active environment (conda or venv) that has this clone's package installed is used as it is;
# one whose `analysis` comes from elsewhere stops the build (it would build that other clone);
# otherwise .venv is created from the pinned, hashed lock. Only looked up, never imported: fast.
ACTIVE_ANALYSIS := $(if $(or $(VIRTUAL_ENV),$(CONDA_PREFIX)),$(shell python -c "import importlib.util as u; s = u.find_spec('analysis'); ok = all(u.find_spec(m) for m in ('papermill', 'nbval', 'frictionless', 'hypothesis')); print(s.submodule_search_locations[0] if s and ok else '')" 2>/dev/null))
ifeq ($(ACTIVE_ANALYSIS),)
  PY := .venv/bin/python
  ENV := .venv/.installed
else
  PY := python
  ENV :=
endif
ENVCHECK := $(if $(ACTIVE_ANALYSIS),$(if $(filter $(realpath $(ACTIVE_ANALYSIS)),$(realpath $(CURDIR)/src/analysis)),,envcheck))

## List the targets (default)
help:
	@awk '/^## /{desc=substr($$0,4); next} /^[a-zA-Z_.%\/-]+:/{if(desc){split($$0,t,":"); printf "  %-16s %s\n", t[1], desc}; desc=""}' $(MAKEFILE_LIST)

## Build everything (validated data, ledger and tables, reports, figures); only what is out of date
all: $(ENV) $(ENVCHECK)
	@$(PY) -m analysis build

# Two pytest processes of about equal CPU, one per core: nbval (every report re-executed in a fresh
# kernel and compared) with the kernel-running tests and the environment's (a clone built with Python 3.11,
# about 37 s), and everything else.
TESTS_WITH_KERNELS := tests/build/test_runs.py tests/report/test_pages.py tests/build/test_pipeline.py \
	tests/system/test_environment.py

## Run every test: unit, property, doctest, fault injection, bad input; nbval re-executes the reports
# The tests run under the build lock (build/lock): a `make all` started meanwhile waits for them, so nbval never
# compares a report with one being rewritten.
test: all
	@echo "==> running the tests (two processes: nbval and the kernel tests; the rest)"
	@mkdir -p build; exec 9>build/lock; $(PY) -c 'import fcntl, sys; fcntl.flock(9, fcntl.LOCK_EX)'; \
	$(PY) -m pytest -q -rs --durations=8 tests src/analysis $(addprefix --deselect=,$(TESTS_WITH_KERNELS)) > build/test-unit.log 2>&1 & u=$$!; \
	$(PY) -m pytest -q --durations=8 --nbval --nbval-current-env reports $(TESTS_WITH_KERNELS) > build/test-nbval.log 2>&1 & n=$$!; \
	wait $$u; us=$$?; wait $$n; ns=$$?; \
	cat build/test-unit.log; echo "--- nbval (reports/*.ipynb re-executed in fresh kernels) and $(TESTS_WITH_KERNELS)"; \
	cat build/test-nbval.log; test $$us -eq 0 -a $$ns -eq 0

## Create the environment (.venv from requirements.lock) unless a suitable one is active
env: $(ENV)

# uv (pinned, hashed, in build/uv) installs the lock; pip does if uv cannot be had (offline, other platform).
UV := build/uv/bin/uv

# The interpreter is chosen, not taken: tools/choose-python prints a Python 3.11 (PYTHON=..., then python3.11,
# then python3 if it is 3.11, then one uv manages or installs when the network allows) or stops with one line
# (exit 2) before anything is downloaded or created. .venv is created only once an interpreter is chosen, and
# removed again if its creation fails: never half-created.
.venv/.installed: requirements.lock pyproject.toml requirements-uv.txt
	@py=$$(sh tools/choose-python) || exit 2; \
	echo "==> creating .venv with $$("$$py" -c 'import sys; print("Python " + sys.version.split()[0])') ($$py) from requirements.lock (pinned, hashed)"; \
	rm -rf .venv; \
	"$$py" -m venv .venv || { rm -rf .venv; exit 1; }; \
	if { test -x $(UV) || "$$py" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
	        --target build/uv -r requirements-uv.txt >/dev/null 2>&1; } && test -x $(UV) && \
	    $(UV) pip install --quiet --compile-bytecode --python .venv/bin/python --require-hashes --no-deps -r requirements.lock; then \
	  echo "    installed with uv"; \
	else \
	  echo "    uv unavailable: installing with pip"; \
	  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock \
	    || { rm -rf .venv; exit 1; }; \
	fi; \
	.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . \
	  || { rm -rf .venv; exit 1; }
	@touch $@

envcheck:
	@echo "error: the active environment ($(or $(VIRTUAL_ENV),$(CONDA_PREFIX))) imports analysis from $(ACTIVE_ANALYSIS), not from this clone ($(CURDIR)/src/analysis); deactivate it or run 'pip install -e .' here" >&2; exit 2

## Validate everything the build reads: data/raw checksums, data package, domain rules, check specs, params, notebooks
validate: $(ENV) $(ENVCHECK)
	@$(PY) -m analysis validate

## Rebuild everything even if up to date
rebuild: $(ENV) $(ENVCHECK)
	@$(PY) -m analysis build --force

# Variables given to make (STUDY, P, OUT, IN, ID) reach the commands through the environment, quoted, and are never
# pasted into a recipe: a value cannot run anything. P is split into words by `read -a` (no globbing, no expansion).
SPLIT_P := read -r -a p <<< "$${P:-}"

## Run the template with other parameters, e.g. make run STUDY=zigong_hf_alliance P="alpha=0.01 t_test=welch" (-> build/<run>/)
run: $(ENV) $(ENVCHECK)
	@test -n "$${STUDY:-}" || { echo "usage: make run STUDY=<id> P=\"name=value ...\"" >&2; exit 2; }
	@$(SPLIT_P); args=(); for x in "$${p[@]}"; do args+=(-p "$$x"); done; \
	$(PY) -m analysis notebook study -f "params/$${STUDY}.yaml" "$${args[@]}" $${OUT:+--output "$$OUT"}

## Run the cross-city notebook with other parameters, e.g. make run-cross P="metric=hamming linkage=complete" (-> build/<run>/)
run-cross: $(ENV) $(ENVCHECK)
	@$(SPLIT_P); args=(); for x in "$${p[@]}"; do args+=(-p "$$x"); done; \
	$(PY) -m analysis notebook cross_city -f params/cross_city.yaml "$${args[@]}" $${OUT:+--output "$$OUT"}

## Open JupyterLab in this compendium's environment (kernel "python3" of .venv); edits write under build/interactive/
lab: $(ENV) $(ENVCHECK)
	$(PY) -m jupyter lab --notebook-dir=notebooks

## Time make all (cold, no-op, one data file changed), make test and environment creation against the floor
bench: $(ENV) $(ENVCHECK)
	@$(PY) -m analysis bench

## Render every page with headless Chromium (1300 px, 390 px, printed) into build/screenshots/ for a person to look at
screenshots: $(ENV) $(ENVCHECK)
	@command -v chromium >/dev/null || { echo "screenshots need Chromium: apt-get install -y chromium fonts-noto-cjk"; exit 2; }
	@$(PY) -m analysis screenshots

## Print each study page and the cross-city page on A4 with headless Chromium into build/pdf/<page>.pdf
pdf: $(ENV) $(ENVCHECK)
	@command -v chromium >/dev/null || { echo "make pdf needs Chromium: apt-get install -y chromium fonts-noto-cjk"; exit 2; }
	@$(PY) -m analysis pdf

## Rewrite data/raw/SHA256SUMS after a deliberate, reviewed change to data/raw
manifest: $(ENV) $(ENVCHECK)
	@$(PY) -m analysis manifest

## Regenerate requirements.lock from requirements.in (needs network; uv from PyPI)
lock:
	python3 -m pip install --quiet "uv==0.9.5"
	python3 -m uv pip compile requirements.in --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-unknown-linux-gnu --index-url https://pypi.org/simple --no-header -o requirements.lock

## Remove the environment and build state (outputs under reports/, tables/, figures/ are kept)
clean:
	rm -rf .venv build

.PHONY: help all test env envcheck validate rebuild run run-cross lab bench screenshots pdf manifest lock clean

# ---------------------------------------------------------------- audit of a user's table, new study

## Audit a table of printed results, e.g. make audit IN=examples/audit_example.csv OUT=build/audit.csv [P="--alpha 0.01"]
audit: $(ENV) $(ENVCHECK)
	@test -n "$${IN:-}" -a -n "$${OUT:-}" || { echo "usage: make audit IN=<table.csv> OUT=<output.csv> [P=\"--rounding half_even --html out.html\"]" >&2; exit 2; }
	@$(SPLIT_P); $(PY) -m analysis audit "$${IN}" -o "$${OUT}" "$${p[@]}"

## Follow one checked number to its source, e.g. make explain ID=zigong_hf_alliance:t2_inpatient_county_growth [P="--lang zh"]
# ID and P reach the command through the environment, never pasted into the recipe: an id cannot run anything.
explain: $(ENV) $(ENVCHECK)
	@test -n "$${ID:-}" || { echo "usage: make explain ID=<check_id> [P=\"--lang zh\"]" >&2; exit 2; }
	@$(SPLIT_P); $(PY) -m analysis explain "$${ID}" "$${p[@]}"

## Scaffold a new study, e.g. make new-study ID=my_study (data package entries, params, checks spec)
new-study: $(ENV) $(ENVCHECK)
	@test -n "$${ID:-}" || { echo "usage: make new-study ID=<study_id>" >&2; exit 2; }
	@$(PY) -m analysis new-study "$${ID}"

## Benchmark the audit: 100,000 rows against their floor (target <= 3x), speed per kind, peak memory of 1,000,000 rows (<= 1.5 GB)
bench-audit: $(ENV) $(ENVCHECK)
	@$(PY) -m analysis bench-audit --rows 100000

## Audit 1,000,000 fixed-seed rows (ties included) by the columnar path and by the per-row engine; compare the files
bench-audit-equivalence: $(ENV) $(ENVCHECK)
	@$(PY) -m analysis bench-audit --equivalence 1000000

## Write build/review/packet.md: for each finding, the source and its evidence, for a second reader (never our grading)
review-packet: $(ENV) $(ENVCHECK)
	@$(PY) -m analysis review-packet

## Extract a paper's printed results as audit rows, e.g. make extract IN=paper.txt OUT=build/rows.csv (text or PDF)
extract: $(ENV) $(ENVCHECK)
	@test -n "$(IN)" -a -n "$(OUT)" || { echo "usage: make extract IN=<paper.txt|paper.pdf> OUT=<rows.csv>"; exit 2; }
	@$(PY) -m analysis extract $(IN) -o $(OUT)

## Check a paper end to end into one bilingual page, e.g. make check-paper IN=paper.txt OUT=build/paper.html
check-paper: $(ENV) $(ENVCHECK)
	@test -n "$(IN)" -a -n "$(OUT)" || { echo "usage: make check-paper IN=<paper.txt|paper.pdf> OUT=<page.html> [P=\"-o rows.csv\"]"; exit 2; }
	@$(PY) -m analysis check-paper $(IN) --html $(OUT) $(P)

## Check every paper under a folder on a Dask cluster, e.g. make check-corpus IN=papers/ OUT=build/corpus.csv [P="--scheduler tcp://host:8786"]
check-corpus: $(ENV) $(ENVCHECK)
	@test -n "$(IN)" -a -n "$(OUT)" || { echo "usage: make check-corpus IN=<folder> OUT=<rows.csv> [P=\"--scheduler ADDRESS\"]"; exit 2; }
	@$(PY) -m analysis check-corpus $(IN) -o $(OUT) $(P)

## Benchmark check-corpus: 200 copies of the sources on a local Dask cluster, papers per second and peak memory
bench-corpus: $(ENV) $(ENVCHECK)
	@$(PY) -m analysis bench-corpus --papers 200

.PHONY: audit explain new-study bench-audit bench-audit-equivalence review-packet extract check-paper check-corpus bench-corpus
