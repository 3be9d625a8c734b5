"""The danger classifier: is this message a description of acute danger? (yes/no)

Two logistic regressions, averaged: one on the multilingual sentence vector (meaning, also in
words no pattern lists), one on character n-grams of the lower-cased text (typos, word
forms). Placeholders of the redaction ("[NAAM]") are left out: the training examples have
none. Trained on the ``acute_danger`` examples and ``data/danger/acute.yml`` against every
other training example and ``data/danger/ordinary.yml``, with the classes weighted equally
(the danger examples are few). Plain scikit-learn, trained
inside ``rasa train`` by ``addons.nlu.DangerDetector``; no Rasa imports here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import yaml

from bot.privacy import without_placeholders

Model = Dict[str, Any]
DATA = Path(__file__).resolve().parent.parent / "data" / "danger"
ORDINARY_FILE = DATA / "ordinary.yml"
ACUTE_FILE = DATA / "acute.yml"


def ordinary_examples(path: Optional[Path] = None) -> List[str]:
    """Descriptions of a worry that are not acute danger: extra negatives."""
    path = path or ORDINARY_FILE
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["gewone_zorgen"])


def acute_examples(path: Optional[Path] = None) -> List[str]:
    """Acute danger told in many ways: extra positives (DIET does not see them)."""
    path = path or ACUTE_FILE
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["acuut_gevaar"])


def extra_files() -> List[Path]:
    """The files of extra examples, for the component's fingerprint."""
    return [ORDINARY_FILE, ACUTE_FILE]


def train(
    texts: Sequence[str], vectors: Sequence[Optional[np.ndarray]], labels: Sequence[bool]
) -> Model:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    y = np.array(labels, dtype=int)
    if y.sum() == 0 or y.sum() == len(y):
        raise ValueError("the danger classifier needs danger and other examples")
    ngrams = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), lowercase=True, sublinear_tf=True, min_df=2
    )
    char_x = ngrams.fit_transform([without_placeholders(t) for t in texts])
    char_model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000).fit(char_x, y)
    model: Model = {"ngrams": ngrams, "char": char_model, "vector": None}
    if all(v is not None for v in vectors):
        vector_model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)
        model["vector"] = vector_model.fit(np.asarray(vectors, dtype=np.float32), y)
    return model


def probability(model: Model, text: str, vector: Optional[Sequence[float]]) -> float:
    """The averaged probability that ``text`` describes acute danger."""
    features = model["ngrams"].transform([without_placeholders(text)])
    scores = [float(model["char"].predict_proba(features)[0, 1])]
    if model["vector"] is not None and vector is not None:
        row = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        scores.append(float(model["vector"].predict_proba(row)[0, 1]))
    return sum(scores) / len(scores)
