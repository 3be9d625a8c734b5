"""The afwegingskader (stap 4 and 5 of the meldcode) as a deterministic rules module.

The outcome always comes from this table, never from the ML model. The questions are asked in
the order of ``VRAGEN``; the first answer that decides stops the walk, and later answers are
ignored. The Dutch explanation and the sources of each outcome live in
``knowledge/afwegingskader.yml``; this module only picks which one applies.

Where sources differ, the safer reading for the child wins: "twijfel" about onveiligheid or
disclosure leads to melden (Wolderwijs bijlage 1: "JA of twijfel"), and "twijfel" at
afweging 3-5 too (Wolderwijs stap 5: wie twijfelt of hij voldoende kan beschermen, meldt).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Literal, NamedTuple, Optional, Tuple

import yaml
from pydantic import BaseModel

from bot import knowledge

Antwoord = Literal["ja", "nee", "twijfel"]  # "weet ik niet" counts as "twijfel"
ResultaatAntwoord = Literal["ja", "nee", "twijfel", "nog_niet"]
Besluit = Literal[
    "afsluiten", "advies_vragen", "melden", "hulp_organiseren", "hulp_afsluiten_met_monitoring"
]

TEXTS_FILE = knowledge.KNOWLEDGE_DIR / "afwegingskader.yml"


class Antwoorden(BaseModel):
    vermoeden: Optional[Antwoord] = None  # afweging 1
    onveiligheid: Optional[Antwoord] = None  # afweging 2: acute en/of structurele onveiligheid
    disclosure: Optional[Antwoord] = None  # afweging 2: heeft het slachtoffer zich zelf geuit?
    hulp_mogelijk: Optional[Antwoord] = None  # afweging 3
    hulp_aanvaard: Optional[Antwoord] = None  # afweging 4
    resultaat: Optional[ResultaatAntwoord] = None  # afweging 5


class Uitkomst(BaseModel):
    besluit: Optional[Besluit]
    meldnorm: Optional[int]  # 1, 2 or 3 when besluit == "melden", else None
    volgende_vraag: Optional[str]  # field name of the next question while besluit is None
    toelichting: str  # Dutch, short: why, and what to do now
    bronnen: List[str]  # "<bron id> §<section>"


# The questions in the order they are asked.
VRAGEN: Tuple[str, ...] = tuple(Antwoorden.__fields__)


class Regel(NamedTuple):
    """One row of the decision table: the outcome and the key of its text."""

    besluit: Besluit
    meldnorm: Optional[int]
    tekst: str


# (question, answer) -> outcome. An answer that is not listed means: go on to the next question.
REGELS: Dict[Tuple[str, str], Regel] = {
    ("vermoeden", "nee"): Regel("afsluiten", None, "geen_vermoeden"),
    ("vermoeden", "twijfel"): Regel("advies_vragen", None, "twijfel_over_vermoeden"),
    ("onveiligheid", "ja"): Regel("melden", 1, "onveilig"),
    ("onveiligheid", "twijfel"): Regel("melden", 1, "twijfel_over_onveiligheid"),
    ("disclosure", "ja"): Regel("melden", 1, "disclosure"),
    ("disclosure", "twijfel"): Regel("melden", 1, "twijfel_over_disclosure"),
    ("hulp_mogelijk", "nee"): Regel("melden", 2, "geen_hulp_mogelijk"),
    ("hulp_mogelijk", "twijfel"): Regel("melden", 2, "twijfel_over_hulp"),
    ("hulp_aanvaard", "nee"): Regel("melden", 2, "hulp_niet_aanvaard"),
    ("hulp_aanvaard", "twijfel"): Regel("melden", 2, "twijfel_over_aanvaarding"),
    ("resultaat", "nog_niet"): Regel("hulp_organiseren", None, "hulp_loopt"),
    ("resultaat", "nee"): Regel("melden", 3, "geen_resultaat"),
    ("resultaat", "twijfel"): Regel("melden", 3, "twijfel_over_resultaat"),
    ("resultaat", "ja"): Regel("hulp_afsluiten_met_monitoring", None, "resultaat_bereikt"),
}
OPEN = "nog_open"  # text key while questions remain


class Tekst(BaseModel):
    toelichting: str
    bronnen: List[str]


@lru_cache(maxsize=1)
def teksten(path: Path = TEXTS_FILE) -> Dict[str, Tekst]:
    """Explanations and sources per outcome, from ``knowledge/afwegingskader.yml``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {key: Tekst(**value) for key, value in data["uitkomsten"].items()}


def beslissende_vraag(antwoorden: Antwoorden) -> Tuple[Optional[str], Optional[Regel]]:
    """Walk the questions in order: the deciding question and its rule, or the open question.

    Returns ``(question, rule)`` when an answer decides, ``(next_question, None)`` while a
    question is unanswered; answers after the deciding question are never looked at.
    """
    for vraag in VRAGEN:
        antwoord = getattr(antwoorden, vraag)
        if antwoord is None:
            return vraag, None
        regel = REGELS.get((vraag, antwoord))
        if regel is not None:
            return vraag, regel
    raise AssertionError("the last question always decides")  # pragma: no cover


def beoordeel(antwoorden: Antwoorden) -> Uitkomst:
    """Decide the outcome of the afwegingskader from the answers given so far."""
    vraag, regel = beslissende_vraag(antwoorden)
    if regel is None:
        tekst = teksten()[OPEN]
        return Uitkomst(
            besluit=None,
            meldnorm=None,
            volgende_vraag=vraag,
            toelichting=tekst.toelichting,
            bronnen=tekst.bronnen,
        )
    tekst = teksten()[regel.tekst]
    return Uitkomst(
        besluit=regel.besluit,
        meldnorm=regel.meldnorm,
        volgende_vraag=None,
        toelichting=tekst.toelichting,
        bronnen=tekst.bronnen,
    )


def gestelde_vragen(antwoorden: Antwoorden) -> List[str]:
    """The questions up to and including the deciding (or next open) one, in order."""
    vraag, _ = beslissende_vraag(antwoorden)
    return list(VRAGEN[: VRAGEN.index(vraag) + 1])


def uitkomst_sleutel(uitkomst: Uitkomst) -> Optional[str]:
    """A short key for the outcome: the besluit, with the meldnorm for melden ("melden_2")."""
    if uitkomst.besluit is None:
        return None
    if uitkomst.besluit == "melden":
        return f"melden_{uitkomst.meldnorm}"
    return uitkomst.besluit


# --- Changing an earlier answer ("vraag 2 moet nee zijn", "ik wil mijn antwoord veranderen").

_VRAAG_NUMMER = re.compile(r"\b(?:vraag|afweging|afwegingsvraag)\s*([1-5])\s*([ab])?\b")
_VRAAG_NUMMERS: Dict[str, str] = {
    "1": "vermoeden",
    "2": "onveiligheid",
    "2a": "onveiligheid",
    "2b": "disclosure",
    "3": "hulp_mogelijk",
    "4": "hulp_aanvaard",
    "5": "resultaat",
}
_ANTWOORD_PATRONEN: List[Tuple[str, re.Pattern]] = [
    ("nog_niet", re.compile(r"\bnog niet\b")),
    ("twijfel", re.compile(r"\b(?:weet ik niet|twijfel\w*|geen idee|onzeker)\b")),
    ("nee", re.compile(r"\bnee\b")),
    ("ja", re.compile(r"\bja\b")),
]


class Correctie(NamedTuple):
    vraag: Optional[str]  # the question changed; None when nothing was answered yet
    antwoorden: Antwoorden  # answers after the change: that question and later ones reset


def wijzig_antwoord(antwoorden: Antwoorden, tekst: str) -> Correctie:
    """Apply a correction in free text to the answers.

    Names the question by number ("vraag 2", "afweging 3", "vraag 2b"); without a number the
    last answered question is taken. That question and every later one are cleared, so the
    dialog asks again from there; when the text also holds a valid answer ("moet nee zijn"),
    it is filled in at once.
    """
    tekst = tekst.lower()
    beantwoord = [v for v in VRAGEN if getattr(antwoorden, v) is not None]
    match = _VRAAG_NUMMER.search(tekst)
    if match:
        vraag = _VRAAG_NUMMERS[match.group(1) + (match.group(2) or "")]
        # "vraag 3 moet ja zijn": the answer after the number counts before one in front of it.
        delen = [tekst[match.end() :], tekst[: match.start()]]
    elif beantwoord:
        vraag = beantwoord[-1]
        delen = [tekst]
    else:
        return Correctie(None, antwoorden)

    nieuw = antwoorden.dict()
    for later in VRAGEN[VRAGEN.index(vraag) :]:
        nieuw[later] = None
    antwoord = next(
        (a for deel in delen for a, patroon in _ANTWOORD_PATRONEN if patroon.search(deel)), None
    )
    if antwoord is not None and (antwoord != "nog_niet" or vraag == "resultaat"):
        nieuw[vraag] = antwoord
    return Correctie(vraag, Antwoorden(**nieuw))


# --- The dossier summary (labels from knowledge/afwegingskader.yml; no names).


class SamenvattingTeksten(BaseModel):
    kop: str
    regel: str
    uitkomst: str
    vragen: Dict[str, str]
    antwoorden: Dict[str, str]
    besluiten: Dict[str, str]


@lru_cache(maxsize=1)
def samenvatting_teksten(path: Path = TEXTS_FILE) -> SamenvattingTeksten:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return SamenvattingTeksten(**data["samenvatting"])


def samenvatting(
    antwoorden: Antwoorden, datum: date, twijfel: Optional[TwijfelAntwoorden] = None
) -> Optional[str]:
    """A plain-text summary for the dossier: answers given, outcome, sources, date."""
    twijfel = twijfel or TwijfelAntwoorden()
    uitkomst = beoordeel_dialoog(antwoorden, twijfel)
    sleutel = uitkomst_sleutel(uitkomst)
    if sleutel is None:
        return None
    t = samenvatting_teksten()
    waarden = {**antwoorden.dict(), **twijfel.dict()}
    regels = [t.kop.format(datum=datum.strftime("%d-%m-%Y"))]
    for vraag in dialoog_vragen(antwoorden, twijfel):
        antwoord = waarden[vraag]
        regels.append(t.regel.format(vraag=t.vragen[vraag], antwoord=t.antwoorden[antwoord]))
    regels.append(t.uitkomst.format(besluit=t.besluiten[sleutel]))
    regels.append(bronregel(uitkomst))
    return "\n".join(regels)


def bronregel(uitkomst: Uitkomst) -> str:
    """The outcome's sources as one short line, written like the FAQ answers."""
    references = [knowledge.parse_reference(text) for text in uitkomst.bronnen]
    return knowledge.default().citation_line(references)


# --- "Twijfel" at vraag 1 (issue 16): two safety questions before "advies vragen".
#
# Whoever doubts the suspicion itself is still asked about acute danger and disclosure: either
# one (or doubt about it) is meldnorm 1 (BTK §8; Wolderwijs, begrippen en definities). Only
# when both are "nee" does the outcome stay "advies vragen". Kept apart from REGELS, which
# stays the decision table of the five afwegingsvragen.


class TwijfelAntwoorden(BaseModel):
    twijfel_acuut: Optional[Antwoord] = None  # is iemand nu of de komende dagen in gevaar?
    twijfel_disclosure: Optional[Antwoord] = None  # heeft het kind zelf iets verteld?


TWIJFEL_VRAGEN: Tuple[str, ...] = tuple(TwijfelAntwoorden.__fields__)

TWIJFEL_REGELS: Dict[Tuple[str, str], Regel] = {
    ("twijfel_acuut", "ja"): Regel("melden", 1, "twijfel_acuut"),
    ("twijfel_acuut", "twijfel"): Regel("melden", 1, "twijfel_acuut"),
    ("twijfel_disclosure", "ja"): Regel("melden", 1, "twijfel_disclosure"),
    ("twijfel_disclosure", "twijfel"): Regel("melden", 1, "twijfel_disclosure"),
    ("twijfel_disclosure", "nee"): REGELS[("vermoeden", "twijfel")],
}


def beslissende_twijfelvraag(twijfel: TwijfelAntwoorden) -> Tuple[str, Optional[Regel]]:
    """Like ``beslissende_vraag``, for the two safety questions after "twijfel" at vraag 1."""
    for vraag in TWIJFEL_VRAGEN:
        antwoord = getattr(twijfel, vraag)
        if antwoord is None:
            return vraag, None
        regel = TWIJFEL_REGELS.get((vraag, antwoord))
        if regel is not None:
            return vraag, regel
    raise AssertionError("the last safety question always decides")  # pragma: no cover


def _uitkomst(regel: Optional[Regel], vraag: str) -> Uitkomst:
    tekst = teksten()[regel.tekst if regel else OPEN]
    return Uitkomst(
        besluit=regel.besluit if regel else None,
        meldnorm=regel.meldnorm if regel else None,
        volgende_vraag=None if regel else vraag,
        toelichting=tekst.toelichting,
        bronnen=tekst.bronnen,
    )


def beoordeel_dialoog(antwoorden: Antwoorden, twijfel: TwijfelAntwoorden) -> Uitkomst:
    """The outcome of the whole dialog: the decision table, and after "twijfel" at vraag 1
    the two safety questions (``TWIJFEL_REGELS``) instead of "advies vragen" at once."""
    if antwoorden.vermoeden != "twijfel":
        return beoordeel(antwoorden)
    vraag, regel = beslissende_twijfelvraag(twijfel)
    return _uitkomst(regel, vraag)


def dialoog_vragen(antwoorden: Antwoorden, twijfel: TwijfelAntwoorden) -> List[str]:
    """The questions of the dialog up to the deciding (or next open) one, in order."""
    if antwoorden.vermoeden != "twijfel":
        return gestelde_vragen(antwoorden)
    vraag, _ = beslissende_twijfelvraag(twijfel)
    return ["vermoeden", *TWIJFEL_VRAGEN[: TWIJFEL_VRAGEN.index(vraag) + 1]]


# --- What was read: one line per question, before the outcome (labels in knowledge/).


class GelezenTeksten(BaseModel):
    kop: str
    regel: str
    nummers: Dict[str, str]
    betekenissen: Dict[str, Dict[str, str]]
    knop: str


@lru_cache(maxsize=1)
def gelezen_teksten(path: Path = TEXTS_FILE) -> GelezenTeksten:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return GelezenTeksten(**data["gelezen"])


def gelezen(waarden: Dict[str, Optional[str]], vragen: List[str]) -> str:
    """The answers as read, one line per question asked: "Vraag 5: nee — de hulp ..."."""
    t = gelezen_teksten()
    labels = samenvatting_teksten().antwoorden
    regels = [t.kop]
    for vraag in vragen:
        antwoord = waarden.get(vraag)
        if antwoord is None:
            continue
        regels.append(
            t.regel.format(
                nummer=t.nummers[vraag],
                antwoord=labels[antwoord],
                betekenis=t.betekenissen[vraag][antwoord],
            )
        )
    return "\n".join(regels)
