"""Recall and precision of the personal-data detectors on a held-out set (part of ``make eval``).

Recall: the share of planted values (``tests/privacy/pii_heldout.yml``) that a hit of the
right type covers. Precision: the share of hits that cover a planted value; every hit in the
texts without personal data (and in the held-out FAQ questions) counts against it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterable, List, Tuple

import yaml

from bot import privacy

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT = ROOT / "tests" / "privacy" / "pii_heldout.yml"

Planted = Tuple[str, str]  # (placeholder name such as "NAAM", value)


def load(path: Path = HELD_OUT) -> Tuple[List[Tuple[str, List[Planted]]], List[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [
        (item["text"], [(kind, str(value)) for kind, value in item["pii"]])
        for item in data["items"]
    ]
    return items, list(data["clean"])


def score(items: Iterable[Tuple[str, List[Planted]]], clean: Iterable[str]) -> Dict:
    planted_total = found = hits_total = hits_right = 0
    missed: List[str] = []
    false_hits: List[str] = []
    for text, planted in [*items, *((t, []) for t in clean)]:
        hits = privacy.find(text)
        spans = []
        for kind, value in planted:
            start = text.find(value)
            if start < 0:
                raise ValueError(f"planted value '{value}' not in: {text}")
            spans.append((f"[{kind}]", start, start + len(value)))
        planted_total += len(spans)
        for kind, start, end in spans:
            if any(h.soort == kind and h.start < end and start < h.eind for h in hits):
                found += 1
            else:
                missed.append(f"{kind} '{text[start:end]}' in: {text}")
        for hit in hits:
            hits_total += 1
            if any(hit.soort == k and hit.start < e and s < hit.eind for k, s, e in spans):
                hits_right += 1
            else:
                false_hits.append(f"{hit.soort} '{text[hit.start : hit.eind]}' in: {text}")
    return {
        "planted": planted_total,
        "recall": found / planted_total if planted_total else 1.0,
        "hits": hits_total,
        "precision": hits_right / hits_total if hits_total else 1.0,
        "missed": missed,
        "false_hits": false_hits,
    }


def evaluate(extra_clean: Iterable[str] = ()) -> Dict:
    items, clean = load()
    return score(items, [*clean, *extra_clean])


def false_redaction_rate(texts: Iterable[str]) -> Dict:
    """The share of words that redaction replaces in texts without personal data (the
    held-out FAQ questions): names of organisations and ordinary words must stay."""
    words = redacted = 0
    examples: List[str] = []
    for text in texts:
        words += len(text.split())
        for hit in privacy.find(text):
            redacted += len(text[hit.start : hit.eind].split())
            examples.append(f"{hit.soort} '{text[hit.start : hit.eind]}' in: {text}")
    return {"words": words, "redacted_words": redacted,
            "rate": redacted / words if words else 0.0, "examples": examples}  # fmt: skip
