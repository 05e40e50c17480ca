# Two entry points for a fresh machine: `make demo` and `make test`.
# Both create .venv, install a CPU build of torch first (so pip does not pick a
# multi-GB CUDA build for sentence-transformers), then mtcheck itself.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
TORCH_VERSION ?= 2.13.0

.PHONY: install browser demo test test-hook bench eval clean

install: $(VENV)/.installed

# Debian's chromium and chromedriver for the browser tests of report.html; never
# fails the set-up (where apt cannot install them, those tests skip and say why).
browser:
	@bash scripts/install_browser.sh

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==$(TORCH_VERSION)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# Bytecode now, as pip does for an installed package: where PYTHONDONTWRITEBYTECODE
	# is set, every run would otherwise compile mtcheck's sources again.
	$(BIN)/python -m compileall -q mtcheck
	touch $@

# The demo corpus has planted errors, so the gate fails on purpose: exit code 1
# is the expected outcome here; 2 (bad input) or a crash is not.
demo: install
	$(BIN)/mtcheck run corpora/demo --out reports/demo; status=$$?; test $$status -le 1
	@echo "The demo's red gate is expected: its corpus has planted errors. Open reports/demo/report.html to review them."

# Only the tests need a browser (for report.html); the demo does not install one.
test: install browser
	$(BIN)/python -m pytest -q

# The pre-commit hook through `pre-commit try-repo`: builds the hook's own
# environment (torch, sentence-transformers), ~8 minutes on 2 busy cores.
test-hook: install
	MTCHECK_TEST_HOOK=1 $(BIN)/python -m pytest -q tests/test_pre_commit_hook.py

bench: install
	$(BIN)/python benchmarks/bench_pipeline.py --segments 2000 10000

eval: install
	$(BIN)/python scripts/evaluate_checks.py

clean:
	rm -rf $(VENV) reports/demo
