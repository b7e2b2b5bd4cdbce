# `make brief` builds the brief from seeds/ into reports/; `make test` runs the tests.
# Both create .venv and install the pinned dependencies and the spaCy model first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: brief test install lint format bench bench-memory bench-cluster bench-attribution train split clean registry registry-sources

# Sources of the world people registry (docs/registry.md): bare clones of the public
# Wikidata-derived EveryPolitician repositories, fetched by `make registry-sources`;
# override with `make registry REGISTRY_SOURCES=...` (or LEADERS=... FOREIGN=... HOLDERS=...).
REGISTRY_SOURCES ?= ../shared/registry
LEADERS ?= $(REGISTRY_SOURCES)/world-leaders-2021
FOREIGN ?= $(REGISTRY_SOURCES)/world
HOLDERS ?= $(REGISTRY_SOURCES)/holders
REGISTRY_OUT ?= briefing/data/people_world.json
REGISTRY_PROVENANCE ?= briefing/data/people_world.sources.json

$(STAMP): pyproject.toml constraints.txt requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -c constraints.txt -e ".[test,cluster]"
	$(BIN)/python -c "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('en_core_web_sm') else 1)" \
		|| $(PIP) install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

install: $(STAMP)

brief: install
	$(BIN)/briefing build seeds --out reports --force

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check briefing tests benchmarks scripts eval/attribution
	$(BIN)/ruff format --check briefing tests benchmarks scripts eval/attribution
	$(BIN)/python -m mypy --strict briefing

# Rebuild the split of the annotated corpus, then refit the learned section scorer on it.
split: install
	$(BIN)/python eval/make_split.py

train: install
	$(BIN)/briefing train --split eval/split.json

format: install
	$(BIN)/ruff format briefing tests benchmarks scripts eval/attribution
	$(BIN)/ruff check --fix briefing tests benchmarks scripts eval/attribution

registry: install
	$(BIN)/python scripts/build_people.py --leaders $(LEADERS) --foreign $(FOREIGN) \
		--holders $(HOLDERS) --successors briefing/data/people.jsonl \
		--out $(REGISTRY_OUT) --provenance $(REGISTRY_PROVENANCE)

registry-sources:
	python3 scripts/fetch_people_sources.py --into $(REGISTRY_SOURCES)

bench: install
	$(BIN)/python benchmarks/bench_build.py

bench-memory: install
	$(BIN)/python benchmarks/bench_memory.py

bench-cluster: install
	$(BIN)/python benchmarks/bench_cluster.py

bench-attribution: install
	$(BIN)/python benchmarks/bench_attribution.py

clean:
	rm -rf $(VENV) reports/*.docx reports/*.pdf reports/*.md reports/*.json
