#!/usr/bin/env bash
# The whole test suite. Fails on the first failing step; pytest's "no tests" (exit 5) fails too.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
export MELDCODE_SPACY_PIPELINE="${MELDCODE_SPACY_PIPELINE:-$(cat .setup/spacy_pipeline 2>/dev/null || true)}"
if [ ! -x .venv/bin/rasa ] || [ -z "$MELDCODE_SPACY_PIPELINE" ]; then
  echo "Not set up yet: run 'make setup' first." >&2; exit 1
fi
PY=.venv/bin/python
step() { printf '\n==> %s\n' "$*"; }

step "Lint (ruff)"
.venv/bin/ruff check bot actions addons scripts tests

step "Generated responses match knowledge/"
$PY -m scripts.generate --check

step "Source quotes (make check-sources; seed lookups skipped without ../shared/seeds)"
$PY -m scripts.check_sources

step "Model up to date (trains only if inputs changed)"
$PY -m scripts.train

step "rasa data validate (fails on errors)"
.venv/bin/rasa data validate --config config.yml --domain domain --data data

step "pytest: unit, action and server tests"
$PY -m pytest

step "rasa test: end-to-end test stories"
.venv/bin/rasa test core --model "$($PY -m scripts.train --print-path)" --stories tests/stories \
  --fail-on-prediction-errors --out reports/stories

step "All tests passed."
