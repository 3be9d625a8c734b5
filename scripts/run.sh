#!/usr/bin/env bash
# Start the action server, Rasa (REST API, web chat) and the widget's demo page, or the
# interactive shell with "shell". Ctrl-C stops them all.
# Ports: RASA_PORT (default 5005), ACTIONS_PORT (default 5055), WEB_PORT (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
export MELDCODE_SPACY_PIPELINE="${MELDCODE_SPACY_PIPELINE:-$(cat .setup/spacy_pipeline 2>/dev/null || true)}"
RASA_PORT="${RASA_PORT:-5005}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
WEB_PORT="${WEB_PORT:-8080}"
mode="${1:-server}"

if [ ! -x .venv/bin/rasa ]; then echo "Not set up yet: run 'make setup' first." >&2; exit 1; fi
MODEL=$(.venv/bin/python -m scripts.train --print-path)
mkdir -p var

# endpoints.yml points at the action server on 5055; use a copy when another port is asked.
ENDPOINTS=endpoints.yml
if [ "$ACTIONS_PORT" != "5055" ]; then
  ENDPOINTS=var/endpoints.run.yml
  sed "s#localhost:5055#localhost:${ACTIONS_PORT}#" endpoints.yml > "$ENDPOINTS"
fi

pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped."
}
trap cleanup INT TERM EXIT

.venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT" &
pids+=($!)

if [ "$mode" = "shell" ]; then
  .venv/bin/rasa shell --model "$MODEL" --endpoints "$ENDPOINTS"
else
  echo "Starting Rasa with $MODEL (first answer after ~30 s)..."
  echo "Talk to it:  curl -s localhost:${RASA_PORT}/webhooks/rest/webhook -H 'Content-Type: application/json' -d '{\"sender\": \"test\", \"message\": \"hoi\"}'"
  # The chat widget on a demo page; Rasa accepts sockets from exactly that page.
  .venv/bin/python -m scripts.build_web
  export MELDCODE_WEB_ORIGINS="${MELDCODE_WEB_ORIGINS:-http://localhost:${WEB_PORT},http://127.0.0.1:${WEB_PORT}}"
  .venv/bin/python -m scripts.serve_web --port "$WEB_PORT" --rasa-url "http://localhost:${RASA_PORT}" &
  pids+=($!)
  .venv/bin/rasa run --enable-api --interface 127.0.0.1 --port "$RASA_PORT" \
    --model "$MODEL" --endpoints "$ENDPOINTS" --credentials credentials.yml &
  pids+=($!)
  wait -n "${pids[@]}"
fi
