# The two commands of the README:
#   make demo   set everything up, then validate the graph, answer the competency questions, write the maps
#   make test   set everything up (Python packages, Debian's Chromium, Graphviz and Virtuoso, the Oxigraph server,
#               the Argdown reference parser with Debian's Node.js), then run every test
# They need only Python 3.11+ with pip and venv; the environment is created in .venv.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-min lint setup browser graphviz oracle virtuoso clean notebooks lab bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

browser:
	bash scripts/install-chromium.sh

graphviz:
	bash scripts/install-graphviz.sh

oracle:
	bash scripts/install-argdown-oracle.sh

virtuoso:
	bash scripts/install-virtuoso.sh

demo: $(STAMP)
	-bash scripts/install-graphviz.sh  # without Graphviz the maps use the Python layered layout
	$(BIN)/policy-graph demo --output out

test: $(STAMP) browser graphviz oracle virtuoso
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests: failing" >&2; exit 1; fi; \
	exit $$status

# Lint and types alone (make test runs them first): ruff with [tool.ruff], mypy with [tool.mypy] of pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# The lowest versions pyproject.toml allows (scripts/min_requirements.py pins every lower bound)
# in a separate environment, .venv-min, then the tests but the browser and notebook ones
# (TEST_MIN_ARGS passes pytest options). Not part of `make test`: installing takes minutes.
test-min:
	$(PYTHON) -m venv .venv-min
	.venv-min/bin/python -m pip install --quiet --upgrade pip
	$(PYTHON) scripts/min_requirements.py > .venv-min/requirements.txt
	.venv-min/bin/python -m pip install --quiet -r .venv-min/requirements.txt
	.venv-min/bin/python -m pip install --quiet --no-deps -e .
	.venv-min/bin/python -m pytest -m "not browser and not notebook" $(TEST_MIN_ARGS)

notebooks: $(STAMP)
	$(BIN)/python scripts/run_notebooks.py

# JupyterLab on the project folder (so a notebook's frame can show the maps it writes to out/maps),
# opening the first notebook; LAB_ARGS passes options, e.g. LAB_ARGS="--no-browser --port 8899".
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/01-explore.ipynb \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .venv-min out .pytest_cache
