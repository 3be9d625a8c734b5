"""Train the model only when its inputs changed.

The model file is named after a hash of everything that shapes it: ``config.yml``, the
domain, the training data, the knowledge base (via the generated responses), custom NLU
code, the pinned package versions and the spaCy pipeline (name and version). An unchanged
model is not retrained.

Usage:
  python -m scripts.train              train if needed
  python -m scripts.train --print-path print the model path for the current inputs
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from scripts import generate

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
# Everything that shapes the model; custom components and policies included (their code runs
# at training time). Code that only runs when a message is processed (the danger patterns of
# bot/danger.py, the decisions of bot/safety.py) does not change a trained model: not an input.
INPUTS = [
    "config.yml",
    "domain",
    "data",
    "requirements.lock",
    "bot/nlu.py",
    "bot/danger_model.py",
    "bot/sentence_vectors.py",
    "bot/faq_matching.py",
    "addons/nlu.py",
    "addons/faq_matcher.py",
    "addons/policies.py",
    "scripts/train.py",  # how training is run (its environment, e.g. the hash seed)
]
KEEP_MODELS = 3


def _files(paths: Iterable[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = ROOT / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            )
    return found


def spacy_pipeline() -> str:
    name = os.environ.get("MELDCODE_SPACY_PIPELINE")
    if not name:
        sys.exit("MELDCODE_SPACY_PIPELINE is not set: run 'make setup' first.")
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        sys.exit(f"spaCy pipeline '{name}' is not installed: run 'make setup' first.")


def input_hash() -> str:
    digest = hashlib.sha256()
    digest.update(spacy_pipeline().encode())
    for path in _files(INPUTS):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODELS / f"meldcode-{input_hash()}.tar.gz"


def _prune(keep: Path) -> None:
    old = sorted(MODELS.glob("meldcode-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in old[KEEP_MODELS:]:
        if path != keep:
            path.unlink()


def train() -> Path:
    generate.write()
    target = model_path()
    if target.exists():
        print(f"Model up to date: {target.relative_to(ROOT)} (inputs unchanged, not retrained).")
        return target
    print(f"Training {target.relative_to(ROOT)} with spaCy pipeline {spacy_pipeline()} ...")
    started = time.monotonic()
    cmd = [
        sys.executable,
        "-m",
        "rasa",
        "train",
        "--config",
        "config.yml",
        "--domain",
        "domain",
        "--data",
        "data",
        "--out",
        str(MODELS),
        "--fixed-model-name",
        target.name[: -len(".tar.gz")],
    ]
    # A fixed hash seed, one more fixed seed: CI's model and a developer's, trained from the
    # same inputs, once disagreed on borderline messages (cause not established; Python's
    # random string hashing changes the order of sets). With it, a model trained from scratch
    # in a clean clone parsed 120 messages exactly like the developer's.
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONHASHSEED": "0"}
    result = subprocess.run(cmd, cwd=ROOT, env=env)
    if result.returncode != 0 or not target.exists():
        sys.exit(f"Training failed (exit code {result.returncode}).")
    print(f"Trained {target.relative_to(ROOT)} in {time.monotonic() - started:.0f} s.")
    _prune(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description="Train the model only when its inputs changed.")
    parser.add_argument("--print-path", action="store_true", help="print the current model path")
    args = parser.parse_args()
    if args.print_path:
        path = model_path()
        if not path.exists():
            sys.exit(f"No model for the current inputs ({path.name}): run 'make train'.")
        print(path.relative_to(ROOT))
        return
    train()


if __name__ == "__main__":
    main()
