"""Generate Rasa responses from ``knowledge/`` so each text is written in one place.

- ``domain/faq.yml``: the FAQ answers with their citation line (``knowledge/faq/``);
- ``domain/melden_zonder_toestemming_vragen.yml``: the five reflection questions
  (``knowledge/melden_zonder_toestemming.yml``).

Usage: ``python -m scripts.generate`` (write) or ``python -m scripts.generate --check``
(exit 1 when a file is out of date). ``make train`` runs it before training.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional

import yaml

from bot import knowledge
from bot import melden_zonder_toestemming as mzt

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "domain" / "faq.yml"
MZT_TARGET = ROOT / "domain" / "melden_zonder_toestemming_vragen.yml"
HEADER = (
    "# GENERATED from {sources} by `make generate`.\n"
    "# Do not edit: change the knowledge file instead.\n"
)


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def _dump(data: dict, sources: str) -> str:
    body = yaml.dump(
        {"version": "3.1", **data},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
    )
    return HEADER.format(sources=sources) + body


def render(kb: knowledge.KnowledgeBase) -> str:
    """The FAQ answers as retrieval responses ``utter_faq/<id>``."""
    responses = {}
    for entry_id, entry in sorted(kb.faq.items()):
        response: dict = {"text": kb.render(entry)}
        if entry.vervolg:
            response["buttons"] = [{"title": k.titel, "payload": k.payload} for k in entry.vervolg]
        responses[f"utter_faq/{entry_id}"] = [response]
    return _dump({"responses": responses}, "knowledge/faq/*.yml and knowledge/bronnen.yml")


def render_mzt_questions(texts: mzt.Teksten) -> str:
    """The form prompts ``utter_ask_mzt_<vraag>`` of the melden-zonder-toestemming dialog."""
    responses = {
        f"utter_ask_{mzt.SLOTS[vraag]}": [
            {"text": texts.vraag_prompt.format(nummer=nummer, vraag=texts.vragen[vraag])}
        ]
        for nummer, vraag in enumerate(mzt.VRAGEN, start=1)
    }
    return _dump({"responses": responses}, "knowledge/melden_zonder_toestemming.yml")


def expected_files() -> dict:
    return {
        TARGET: render(knowledge.load()),
        MZT_TARGET: render_mzt_questions(mzt.teksten()),
    }


def outdated(expected: Optional[dict] = None) -> list:
    """The generated files whose content differs from what knowledge/ gives now."""
    expected = expected_files() if expected is None else expected
    return [
        path
        for path, text in expected.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def write() -> None:
    expected = expected_files()
    for path in outdated(expected):
        path.write_text(expected[path], encoding="utf-8")
        print(f"Wrote {path.relative_to(ROOT)} from knowledge/.")
    print("Generated responses are up to date.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, do not write")
    args = parser.parse_args()
    try:
        if not args.check:
            write()
        elif stale := outdated():
            names = ", ".join(str(p.relative_to(ROOT)) for p in stale)
            sys.exit(f"{names} out of date: run 'make generate'.")
    except knowledge.KnowledgeError as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
