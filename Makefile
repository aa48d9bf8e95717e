# qi: two commands on a fresh machine.
#   make demo   build .venv, install qi, run the board reports of the bundled example portfolio
#   make test   build .venv, install qi with its test extra, run the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test venv lint bench clean

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
test: $(STAMP)
	MPLBACKEND=Agg $(PY) -m pytest -q -p no:cacheprovider tests
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then \
		MPLBACKEND=Agg $(PY) -m pytest -q -p no:cacheprovider --nbval-lax --nbval-kernel-name qi notebooks; \
	fi

# Builds every report of data/examples into reports-out/ and prints the portfolio page's path.
demo: $(STAMP)
	MPLBACKEND=Agg $(PY) -m qi.demo

lint: $(STAMP)
	$(VENV)/bin/ruff check qi tests benchmarks

bench: $(STAMP)
	$(PY) benchmarks/bench_charts.py

clean:
	rm -rf $(VENV) build *.egg-info reports-out
