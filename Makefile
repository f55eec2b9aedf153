# The two commands of the README:
#   make demo   set everything up, then validate the graph, answer the competency questions, write the maps
#   make test   set everything up (Python packages, Debian's Chromium and Graphviz, the Oxigraph server), then run every test
# They need only Python 3.11+ with pip and venv; the environment is created in .venv.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup browser graphviz clean notebooks bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

browser:
	bash scripts/install-debian.sh chromium chromium

graphviz:
	bash scripts/install-debian.sh graphviz dot

demo: $(STAMP)
	-bash scripts/install-debian.sh graphviz dot  # without Graphviz the maps use the Python layered layout
	$(BIN)/policy-graph demo --output out

test: $(STAMP) browser graphviz
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests: failing" >&2; exit 1; fi; \
	exit $$status

notebooks: $(STAMP)
	$(BIN)/python scripts/run_notebooks.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out .pytest_cache
