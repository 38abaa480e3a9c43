PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test run analyze train evaluate bench lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest -q

# the seed articles go into the store once (stored texts are skipped); gold JSONL first: it carries dates
run: $(STAMP)
	$(BIN)/stance ingest seeds/gold-seeds.jsonl seeds/gold-news.jsonl seeds/articles/*.txt
	$(BIN)/stance serve

train: $(STAMP)
	$(BIN)/stance train seeds/ --name default

evaluate: $(STAMP)
	$(BIN)/stance evaluate seeds/

bench: $(STAMP)
	$(BIN)/python bench/throughput.py --copies 3 --repeat 3

lint: $(STAMP)
	$(BIN)/ruff check stance api tests bench

clean:
	rm -rf $(VENV) build *.egg-info
