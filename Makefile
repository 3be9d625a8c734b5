# Meldcode-assistent -- see README.md.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
RASA  := $(VENV)/bin/rasa
export RASA_TELEMETRY_ENABLED := false
SPACY_PIPELINE := $(shell cat .setup/spacy_pipeline 2>/dev/null)
ifneq ($(SPACY_PIPELINE),)
export MELDCODE_SPACY_PIPELINE ?= $(SPACY_PIPELINE)
endif
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: setup test train generate check-sources review lint validate unit stories eval eval-blind eval-walkthroughs bench profile run serve widget teams-app shell actions info purge lock clean

## setup: install everything (Python 3.10 venv, pinned packages, spaCy pipeline) and train
setup:
	bash scripts/setup.sh

## test: the whole test suite (lint, data validation, unit + server tests, test stories)
test:
	bash scripts/test.sh

## train: (re)train the model if its inputs changed
train:
	$(PY) -m scripts.train

## generate: write domain/faq.yml from knowledge/
generate:
	$(PY) -m scripts.generate

## check-sources: every quote found in its source and section, every paragraph quoted
check-sources:
	$(PY) -m scripts.check_sources

## review: reports/review.md, every answer beside its quotes, for a content editor
review:
	$(PY) -m scripts.review

lint:
	$(VENV)/bin/ruff check bot actions addons scripts tests

validate:
	$(RASA) data validate --config config.yml --domain domain --data data

unit:
	$(PY) -m pytest -m "not server"

stories:
	$(RASA) test core --model $$($(PY) -m scripts.train --print-path) --stories tests/stories \
	  --fail-on-prediction-errors --out reports/stories

## eval: NLU figures on held-out questions, real questions over REST (dev set, own
## out-of-scope list, old held-out file), 5-fold cross-validation, then danger and personal
## data over REST on the old held-out files and on the first frozen sets (looked at, now dev
## sets), and the first walk-through set (idem): the tuning sets (reports/eval/)
eval:
	$(PY) -m scripts.eval $(ARGS)
	$(PY) -m scripts.eval_safety_rest
	$(PY) -m scripts.eval_safety_rest --danger tests/blind/danger_frozen.yml \
	  --privacy tests/blind/pii_frozen.yml --out reports/eval/safety_rest_dev.json
	$(PY) -m scripts.eval_walkthroughs tests/blind/walkthroughs_frozen.yml --out reports/eval/walkthroughs_dev

## eval-blind: the FROZEN blind sets over REST (look once, at the end): real questions and
## out of scope, danger and personal data, the free-text walk-throughs
eval-blind:
	$(PY) -m scripts.eval_real_questions --blind --sets blind,blind_oos
	$(PY) -m scripts.eval_safety_rest --danger tests/blind/danger_frozen_3.yml \
	  --privacy tests/blind/pii_frozen_3.yml --out reports/eval/safety_rest_blind.json
	$(MAKE) eval-walkthroughs

## eval-walkthroughs: the frozen free-text walk-throughs over REST (reports/eval/walkthroughs.md);
## by default the second, blind set (the first one has been looked at: make eval runs it)
eval-walkthroughs:
	$(PY) -m scripts.eval_walkthroughs $(ARGS)

## bench: latency, throughput, memory, cold start and training time (reports/bench/; ~10 min)
bench:
	$(PY) -m scripts.bench $(ARGS)

## profile: where a turn's CPU time goes, sampled with py-spy (reports/profile/; ~2 min)
profile:
	$(PY) -m scripts.profile $(ARGS)

## run: action server, Rasa (REST + web chat on :5005) and the widget demo on :8080; Ctrl-C stops all
run:
	bash scripts/run.sh

## serve: one production Rasa instance (checks the settings first; see README, "Production")
serve:
	$(PY) -m scripts.serve

## widget: rebuild web/dist/ after editing web/src/
widget:
	$(PY) -m scripts.build_web

## teams-app: the Teams app package, e.g. make teams-app ARGS="--app-id ... --organisatie ..."
teams-app:
	$(PY) -m scripts.teams_app $(ARGS)

## shell: talk to the assistant in the terminal
shell:
	bash scripts/run.sh shell

## info: which model and which spaCy pipeline are in use
info:
	$(PY) -m scripts.info

## purge: delete conversations older than MELDCODE_RETENTION_DAYS (default 30); for a daily cron
purge:
	$(VENV)/bin/meldcode-purge $(if $(DAYS),--days $(DAYS))

## lock: re-freeze requirements.lock after a deliberate upgrade
lock:
	{ head -n 2 requirements.lock; $(VENV)/bin/pip freeze --exclude-editable | grep -v -i '^nl[-_]'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf models .rasa reports results var .pytest_cache .ruff_cache
