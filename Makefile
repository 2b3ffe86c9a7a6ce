# Two commands do all set-up on a fresh machine with python3 and make:
#   make draft   creates .venv, installs c7draft, builds sample_inputs/2025 and prints where the .docx is
#   make test    creates .venv, installs c7draft with its test extras, runs the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: draft test bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

draft: $(STAMP)
	$(BIN)/c7draft build sample_inputs/2025 -o out/c7-input-cstd29.docx

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python bench/build_speed.py
	$(BIN)/python bench/archive_check.py

docs: $(STAMP)
	$(BIN)/python -m typer c7draft.cli utils docs --name c7draft --title "c7draft command reference" --output docs/cli.md
	for kind in submission records outline; do $(BIN)/c7draft schema $$kind > schemas/$$kind.schema.json; done

clean:
	rm -rf $(VENV) out dist build
