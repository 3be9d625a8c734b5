"""Which FAQ topic a message asks about, and whether that is sure enough to answer.

An ensemble of three rankings over the FAQ topics (plus ``out_of_scope`` as a competitor):

- ``knn``: cosine nearest neighbour over the training examples' sentence vectors
  (``bot.sentence_vectors``): a topic scores its best example, turned into a distribution with a
  softmax at temperature ``temperature`` (the encoder's cosines sit in a narrow band);
- ``lexical``: logistic regression on character n-grams (TF-IDF) of the examples;
- ``selector``: the ResponseSelector's ranking, passed in by the caller (optional).

The topic's score is the weighted mean of the three distributions. The decision
(``decide``) uses the topic's own score, its margin over the next and whether the sources agree:

- ``answer``: the sources named in ``agree`` put the same topic first and its score is at least
  ``answer_threshold``;
- ``choose``: otherwise, when the best topic scores at least ``choice_threshold``: "bedoel je
  ...?" with the best ``max_choices`` topics;
- ``none``: out of scope (nothing close enough).

Thresholds and weights were calibrated on the real-question dev set (see
``scripts/eval_real_questions.py``). Plain data in, plain data out: no Rasa imports here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence

import numpy as np

OUT_OF_SCOPE = "out_of_scope"
ANSWER, CHOOSE, NONE = "answer", "choose", "none"
SOURCES = ("knn", "lexical", "selector")


@dataclass(frozen=True)
class Settings:
    temperature: float = 0.01
    weights: Mapping[str, float] = field(
        default_factory=lambda: {"knn": 0.5, "lexical": 0.5, "selector": 0.0}
    )
    agree: Sequence[str] = ("knn", "lexical")
    answer_threshold: float = 0.4
    choice_threshold: float = 0.1
    max_choices: int = 3

    @classmethod
    def from_config(cls, config: Mapping) -> Settings:
        known = {k: config[k] for k in cls.__dataclass_fields__ if k in config}
        if "agree" in known:
            known["agree"] = tuple(known["agree"])
        if "weights" in known:
            known["weights"] = dict(known["weights"])
        settings = cls(**known)
        unknown = set(settings.weights) | set(settings.agree)
        if not unknown <= set(SOURCES):
            raise ValueError(f"unknown ranking sources {sorted(unknown - set(SOURCES))}")
        return settings


@dataclass
class Decision:
    kind: str  # ANSWER, CHOOSE or NONE
    topics: List[str]  # the answer, or the choices (best first); no out_of_scope
    score: float  # the best topic's ensemble score
    margin: float  # its lead over the next label
    ranking: List[tuple]  # (label, score), best first, all labels
    tops: Dict[str, Optional[str]]  # each source's first label

    def as_dict(self, size: int = 5) -> dict:
        return {
            "decision": self.kind,
            "topics": self.topics,
            "score": round(self.score, 4),
            "margin": round(self.margin, 4),
            "ranking": [{"topic": t, "score": round(s, 4)} for t, s in self.ranking[:size]],
            "tops": self.tops,
        }


class Matcher:
    """Trained on (text, sentence vector, label) triples; labels are FAQ topic ids or
    ``out_of_scope``."""

    def __init__(self, settings: Settings = Settings()):
        self.settings = settings
        self.labels: List[str] = []
        self._example_labels = np.zeros(0, dtype=np.int32)
        self._vectors = np.zeros((0, 0), dtype=np.float32)
        self._tfidf = None
        self._lexical = None

    # ---- training ----------------------------------------------------------------------------

    def fit(
        self, texts: Sequence[str], vectors: Sequence[Sequence[float]], labels: Sequence[str]
    ) -> Matcher:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        if not texts:
            raise ValueError("no training examples")
        self.labels = sorted(set(labels))
        index = {label: i for i, label in enumerate(self.labels)}
        self._example_labels = np.array([index[label] for label in labels], dtype=np.int32)
        matrix = np.asarray(vectors, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self._vectors = matrix / np.where(norms == 0, 1.0, norms)
        self._tfidf = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, lowercase=True
        ).fit(texts)
        self._lexical = LogisticRegression(C=20.0, max_iter=2000).fit(
            self._tfidf.transform(texts), self._example_labels
        )
        return self

    # ---- scoring -----------------------------------------------------------------------------

    def _knn(self, vector: Optional[Sequence[float]]) -> Optional[np.ndarray]:
        if vector is None or not len(self.labels):
            return None
        query = np.asarray(vector, dtype=np.float32)
        norm = float(np.linalg.norm(query))
        if norm == 0:
            return None
        similarities = self._vectors @ (query / norm)
        best = np.full(len(self.labels), -1.0, dtype=np.float64)
        np.maximum.at(best, self._example_labels, similarities)
        z = (best - best.max()) / self.settings.temperature
        weights = np.exp(z)
        return weights / weights.sum()

    def _lexical_scores(self, text: str) -> np.ndarray:
        probabilities = self._lexical.predict_proba(self._tfidf.transform([text or " "]))[0]
        out = np.zeros(len(self.labels))
        out[self._lexical.classes_] = probabilities
        return out

    def _selector(self, selector: Optional[Mapping[str, float]]) -> Optional[np.ndarray]:
        if not selector:
            return None
        out = np.array([float(selector.get(label, 0.0)) for label in self.labels])
        total = out.sum()
        return out / total if total > 0 else None

    def distributions(
        self,
        text: str,
        vector: Optional[Sequence[float]],
        selector: Optional[Mapping[str, float]] = None,
    ) -> Dict[str, np.ndarray]:
        """Each available source's distribution over ``labels``."""
        found = {
            "knn": self._knn(vector),
            "lexical": self._lexical_scores(text),
            "selector": self._selector(selector),
        }
        return {name: dist for name, dist in found.items() if dist is not None}

    def decide(
        self,
        text: str,
        vector: Optional[Sequence[float]],
        selector: Optional[Mapping[str, float]] = None,
    ) -> Decision:
        s = self.settings
        dists = self.distributions(text, vector, selector)
        used = {name: w for name, w in s.weights.items() if w > 0 and name in dists}
        if not used:  # e.g. no vector: fall back on what there is, equally weighted
            used = {name: 1.0 for name in dists}
        total = sum(used.values())
        scores = sum(dists[name] * (w / total) for name, w in used.items())
        order = list(np.argsort(-scores))
        ranking = [(self.labels[i], float(scores[i])) for i in order]
        tops = {name: self.labels[int(np.argmax(d))] for name, d in dists.items()}
        topics = [(label, score) for label, score in ranking if label != OUT_OF_SCOPE]
        best, best_score = topics[0]
        margin = best_score - (ranking[1][1] if ranking[0][0] == best else ranking[0][1])
        agree = [name for name in s.agree if name in tops]
        agreed = bool(agree) and all(tops[name] == best for name in agree)
        if ranking[0][0] == best and agreed and best_score >= s.answer_threshold:
            return Decision(ANSWER, [best], best_score, margin, ranking, tops)
        if best_score >= s.choice_threshold:
            choices = [label for label, _ in topics[: s.max_choices]]
            return Decision(CHOOSE, choices, best_score, margin, ranking, tops)
        return Decision(NONE, [], best_score, margin, ranking, tops)
