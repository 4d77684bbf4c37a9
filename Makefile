# papercards: `make serve` to browse the site, `make test` to run every test.
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
PYTHON := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: serve site generate validate report test lint golden catalogue weight bench bytecode clean

serve: bytecode  ## build and serve on http://127.0.0.1:8000/papercards/ with live reload
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

site: bytecode  ## build the static site into site/ (warnings are errors)
	$(VENV)/bin/mkdocs build --strict

generate: bytecode  ## write the generated pages under docs/ only
	$(PYTHON) -m generator generate

validate: $(STAMP)  ## check the corpus and every annotation file; write nothing
	$(PYTHON) -m generator validate

report: $(STAMP)  ## curation coverage: annotations, TL;DRs, topics, off-topic papers
	$(PYTHON) -m generator report

test: $(STAMP)  ## every test
	$(PYTHON) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check generator tests scripts bench

weight: site  ## what a card, the home page and the table load in Chromium, by kind, and the search index size
	$(PYTHON) scripts/page_weight.py

bench: bytecode  ## the benchmark: generate at the real size, 10,000 and 100,000 papers, site builds; bench/results.json
	$(PYTHON) -m bench.run

golden: $(STAMP)  ## rewrite the golden pages after an intended change; review the diff
	$(PYTHON) -m pytest tests/test_golden.py --update-goldens

catalogue: $(STAMP)  ## write the catalogue of bad input (tests/catalogue.py) into docs/bad-input.md
	$(PYTHON) -m tests.catalogue

# Where PYTHONDONTWRITEBYTECODE is set (as on the machines this project is developed on), Python
# keeps no bytecode caches: every run would compile the generator's modules again (0.05 s of each).
bytecode: $(STAMP)
	$(PYTHON) -m compileall -q generator

$(STAMP): pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf site .cache docs/papers docs/topics docs/datasets docs/exports docs/curation docs/_generated docs/performance
