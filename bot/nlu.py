"""Text helpers for the NLU pipeline (pure Python; the Rasa component lives in ``addons/``).

Rasa's CountVectorsFeaturizer replaces every number by one token, so "stap 3" and "stap 4"
look the same to it. Spelling small numbers out as the Dutch word keeps them apart, and makes
"stap 3" and "stap drie" the same feature.
"""

from __future__ import annotations

from typing import Optional

NUMBER_WORDS = (
    "nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
)  # fmt: skip


def number_word(token: str) -> Optional[str]:
    """The Dutch word for a small whole number written in digits, else None."""
    if token.isascii() and token.isdigit() and int(token) < len(NUMBER_WORDS):
        return NUMBER_WORDS[int(token)]
    return None
