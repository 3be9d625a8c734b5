"""Recall and precision of acute-danger recognition (part of ``make eval``).

Danger held-out messages and ordinary messages come from ``tests/safety/danger_heldout.yml``;
the held-out FAQ questions (without the topic ``noodsituatie``) are ordinary messages too.
The full pipeline counts (classifier + the patterns of ``bot/danger.py``), and the patterns
alone are reported beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import yaml

from bot import danger

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT = ROOT / "tests" / "safety" / "danger_heldout.yml"
EXCLUDED_FAQ_TOPICS = ("faq/noodsituatie",)


def load(faq_pairs: Sequence[Tuple[str, str]] = ()) -> Tuple[List[str], List[str]]:
    data = yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))
    ordinary = list(data["ordinary"]) + [
        text for text, topic in faq_pairs if topic not in EXCLUDED_FAQ_TOPICS
    ]
    return list(data["danger"]), ordinary


def score(
    dangerous: Sequence[str],
    flagged_dangerous: Sequence[bool],
    ordinary: Sequence[str],
    flagged_ordinary: Sequence[bool],
) -> Dict:
    true_pos = sum(flagged_dangerous)
    false_pos = sum(flagged_ordinary)
    return {
        "danger_examples": len(dangerous),
        "ordinary_examples": len(ordinary),
        "recall": true_pos / len(dangerous) if dangerous else 1.0,
        "precision": true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0,
        "false_alarm_rate": false_pos / len(ordinary) if ordinary else 0.0,
        "missed": [t for t, f in zip(dangerous, flagged_dangerous, strict=True) if not f],
        "false_alarms": [t for t, f in zip(ordinary, flagged_ordinary, strict=True) if f],
    }


def patterns_only(dangerous: Sequence[str], ordinary: Sequence[str]) -> Dict:
    return score(
        dangerous,
        [danger.is_acuut(t) for t in dangerous],
        ordinary,
        [danger.is_acuut(t) for t in ordinary],
    )
