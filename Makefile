# Two commands do all set-up on a fresh machine with python3 and make:
#   make draft   creates .venv, installs c7draft, builds sample_inputs/2025 and prints where the .docx is
#   make test    creates .venv, installs c7draft with its test extras, runs the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: draft test lint mutation bench docs reference screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

draft: $(STAMP)
	$(BIN)/c7draft build sample_inputs/2025 -o out/c7-input-cstd29.docx

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

# The house rules: ruff's lint (pyflakes, bugbear, import order, pycodestyle), its formatter,
# mypy over the package, and the import contracts of pyproject.toml (layers, no cycles).
lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

# One-line mutants of thirty modules against the tests that exercise each (docs/mutation.md);
# not part of `make test`: it takes about an hour and a half on two cores. `--all` runs every mutant.
mutation: $(STAMP)
	$(BIN)/python scripts/mutate.py

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python bench/build_speed.py
	$(BIN)/python bench/build_stages.py
	$(BIN)/python bench/archive_check.py

docs: $(STAMP)
	$(BIN)/python -m typer c7draft.cli utils docs --name c7draft --title "c7draft command reference" --output docs/cli.md
	for kind in submission records outline; do $(BIN)/c7draft schema $$kind > schemas/$$kind.schema.json; done
	# the folders the repository ships carry their own, as `init` and `import` write them
	for folder in sample_inputs/2023 sample_inputs/2025 tests/data/minimal; do \
		$(BIN)/c7draft schema submission > $$folder/submission.schema.json; \
		$(BIN)/c7draft schema records --folder $$folder > $$folder/records.schema.json; \
	done

# templates/reference.docx is generated, never edited by hand; a fixed time keeps it byte-stable.
reference: $(STAMP)
	SOURCE_DATE_EPOCH=1767225600 $(BIN)/python scripts/make_reference_docx.py

# Page images of the 2026 sample as LibreOffice lays it out (needs soffice and pdftoppm).
SHOTS := out/screenshots
screenshots: $(STAMP)
	rm -rf $(SHOTS) && mkdir -p $(SHOTS) docs/screenshots
	SOURCE_DATE_EPOCH=1767225600 $(BIN)/c7draft build sample_inputs/2025 --no-check -o $(SHOTS)/c7-input-cstd29.docx
	soffice -env:UserInstallation=file://$(CURDIR)/$(SHOTS)/profile --headless --convert-to pdf \
		--outdir $(SHOTS) $(SHOTS)/c7-input-cstd29.docx >/dev/null
	pdftoppm -png -r 90 -f 1 -l 1 -singlefile $(SHOTS)/c7-input-cstd29.pdf docs/screenshots/page-1
	pdftoppm -png -r 90 -f 2 -l 2 -singlefile $(SHOTS)/c7-input-cstd29.pdf docs/screenshots/page-2-footnotes
	@echo "wrote docs/screenshots/page-1.png and docs/screenshots/page-2-footnotes.png"

clean:
	rm -rf $(VENV) out dist build
