# qi: two commands on a fresh machine.
#   make demo   build .venv, install qi, run the board reports of the bundled example portfolio
#   make test   build .venv, install qi with its test extra, run make lint (ruff, mypy), then the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test venv lint bench clean lab test-browser

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	# A Jupyter kernel inside the venv only (--sys-prefix): papermill and nbval find it, nothing
	# outside the project is touched.
	$(PY) -m ipykernel install --sys-prefix --name qi --display-name "Python (qi)" >/dev/null
	touch $(STAMP)

venv: $(STAMP)

# The tutorials in notebooks/ run under nbval on the venv's `qi` kernel. The report templates
# are not given to nbval: their defaults name no project; tests/reports executes every one.
test: lint
	MPLBACKEND=Agg $(PY) -m pytest -q -p no:cacheprovider tests
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then \
		MPLBACKEND=Agg $(PY) -m pytest -q -p no:cacheprovider --nbval-lax --nbval-kernel-name qi notebooks; \
	fi

# JupyterLab on the tutorials, from the venv with the `lab` extra (ipywidgets, jupyterlab), on
# loopback only; the URL with its token is printed.
LAB_STAMP := $(VENV)/.installed-lab
$(LAB_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[test,lab]'
	touch $(LAB_STAMP)

BROWSER_STAMP := $(VENV)/.installed-browser
$(BROWSER_STAMP): $(LAB_STAMP)
	$(PY) -m pip install --quiet -e '.[test,lab,browser]'
	touch $(BROWSER_STAMP)

lab: $(LAB_STAMP)
	$(VENV)/bin/jupyter lab --ip=127.0.0.1 --no-browser --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

# A real browser (not part of `make test`): JupyterLab on 127.0.0.1, Debian's chromium driven
# by Playwright (no browser download). A new machine gets chromium with
#   apt-get update && apt-get install -y chromium
# Screenshots go to docs/screenshots/.
test-browser: $(BROWSER_STAMP)
	@command -v chromium >/dev/null || { echo "chromium not found: apt-get update && apt-get install -y chromium"; exit 1; }
	QI_BROWSER_TESTS=1 $(PY) -m pytest -q -p no:cacheprovider tests/browser

# Builds every report of data/examples into reports-out/ and prints the portfolio page's path.
demo: $(STAMP)
	MPLBACKEND=Agg $(PY) -m qi.demo

# ruff check and ruff format --check on the code; mypy --strict on qi/charts, qi/project and the
# command line ([tool.mypy] in pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check qi tests scripts benchmarks
	$(VENV)/bin/ruff format --check qi tests scripts benchmarks
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) benchmarks/bench_charts.py

clean:
	rm -rf $(VENV) build *.egg-info reports-out
