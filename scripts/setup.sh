#!/usr/bin/env bash
# Set up the Meldcode-assistent on a fresh machine: Python 3.10 venv, pinned packages,
# the Dutch spaCy pipeline, and a trained model. Safe to run again: every step is skipped
# when its inputs did not change.
set -euo pipefail
cd "$(dirname "$0")/.."

export RASA_TELEMETRY_ENABLED=false
VENV=.venv
STAMPS=.setup
mkdir -p "$STAMPS"

say() { printf '\n==> %s\n' "$*"; }

find_python310() {
  local candidates=()
  command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
  if command -v pyenv >/dev/null 2>&1; then
    local root; root=$(pyenv root)
    for p in "$root"/versions/3.10*/bin/python3.10; do [ -x "$p" ] && candidates+=("$p"); done
  fi
  for p in "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do
    [ -x "$p" ] && candidates+=("$p")
  done
  for p in "${candidates[@]}"; do
    # A pyenv shim can exist without a working interpreter behind it: check it really runs 3.10.
    if "$p" -c 'import sys, venv; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; then
      echo "$p"; return 0
    fi
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; then
  say "Looking for Python 3.10 (Rasa 3.6 supports Python 3.8-3.10 only)"
  if ! PY=$(find_python310); then
    cat >&2 <<'MSG'
ERROR: no working Python 3.10 interpreter found.
Rasa Open Source 3.6 runs on Python 3.8-3.10 only; this project pins 3.10.
Install one, for example:
  pyenv install 3.10.13          (then run this command again), or
  apt-get install python3.10 python3.10-venv   (where your distribution has it)
Looked for: python3.10 on PATH, $(pyenv root)/versions/3.10*/bin/python3.10, /usr/bin/python3.10.
MSG
    exit 1
  fi
  echo "Using $PY"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
fi

LOCK_HASH=$(cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)
if [ "$(cat "$STAMPS/packages" 2>/dev/null)" != "$LOCK_HASH" ]; then
  say "Installing pinned packages from requirements.lock (first time: 3-5 minutes, ~2.7 GB)"
  "$VENV/bin/python" -m pip install --quiet --upgrade "pip==26.3"
  "$VENV/bin/python" -m pip install --progress-bar off -r requirements.lock
  "$VENV/bin/python" -m pip install --quiet --no-deps --no-build-isolation -e .
  echo "$LOCK_HASH" > "$STAMPS/packages"
else
  say "Packages up to date (requirements.lock unchanged)"
fi

say "Chromium for the browser tests (Debian's package; no browser is ever downloaded by a tool)"
if command -v chromium >/dev/null 2>&1; then
  echo "Found $(command -v chromium)"
else
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
      echo "ERROR: chromium is missing and this user cannot install packages." >&2
      echo "Install it once:  sudo apt-get install chromium   then run this command again." >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y --no-install-recommends chromium \
    || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends chromium; }
fi

say "Web widget: npm packages (web/package-lock.json) and the bundle in web/dist/"
WEB_HASH=$(sha256sum web/package-lock.json | cut -c1-16)
if [ ! -d web/node_modules ] || [ "$(cat "$STAMPS/web" 2>/dev/null)" != "$WEB_HASH" ]; then
  npm ci --prefix web --no-audit --no-fund
  echo "$WEB_HASH" > "$STAMPS/web"
fi
"$VENV/bin/python" -m scripts.build_web

say "Dutch spaCy pipeline"
"$VENV/bin/python" -m scripts.spacy_pipeline ensure
MELDCODE_SPACY_PIPELINE=$(cat "$STAMPS/spacy_pipeline")
export MELDCODE_SPACY_PIPELINE

say "Training the model (skipped when config, domain, data and pipeline are unchanged)"
"$VENV/bin/python" -m scripts.train

say "Set-up complete. Next: 'make test' to run all tests, 'make run' to start the assistant."
