"""Preparing the phone call with Veilig Thuis: which questions, what the answers mean, summary.

Every question may be skipped. Free-text answers are redacted (``bot.privacy``) and cut to a
sane length before they are kept; the summary is built from the kept answers only, so a name
typed in an answer never comes back. Texts come from ``knowledge/veilig_thuis_gesprek.yml``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Mapping, NamedTuple, Optional

import yaml
from pydantic import BaseModel

from bot import knowledge, markdown, privacy
from bot import vrije_tekst as vrij
from bot.vrije_tekst import OVERGESLAGEN, WEET_NIET, schoon_antwoord

TEXTS_FILE = knowledge.KNOWLEDGE_DIR / "veilig_thuis_gesprek.yml"

# The questions (slot names) in the order they are asked.
VRAGEN: List[str] = [
    "vt_soort",
    "vt_rol",
    "vt_leeftijd",
    "vt_signalen",
    "vt_sinds",
    "vt_gebieden",
    "vt_overleg",
    "vt_ouders",
    "vt_reden",
    "vt_hulp",
]
FREE_TEXT = {"vt_rol", "vt_signalen", "vt_sinds", "vt_overleg", "vt_hulp"}

# Outcomes of the afwegingskader that lead to calling Veilig Thuis, and what the call is for.
SOORT_BIJ_UITKOMST = {
    "melden_1": "melding",
    "melden_2": "melding",
    "melden_3": "melding",
    "advies_vragen": "advies",
}


class Klaarleggen(BaseModel):
    kop: str
    punten: List[str]


class Teksten(BaseModel):
    kop: str
    niet_ingevuld: str
    overgeslagen: str
    weet_niet: str
    regels: Dict[str, str]
    soorten: Dict[str, str]
    ouders: Dict[str, str]
    redenen: Dict[str, str]
    gebieden: Dict[str, str]
    afwegingskader_niet_gedaan: str
    klaarleggen: Klaarleggen
    daarna: Dict[str, str]
    identiteit: str
    ouders_vooraf: str
    ouders_geen_reden: str
    bellen: str
    bronnen: Dict[str, List[str]]


@lru_cache(maxsize=1)
def teksten(path: Path = TEXTS_FILE) -> Teksten:
    return Teksten(**yaml.safe_load(path.read_text(encoding="utf-8")))


# ---- understanding answers ---------------------------------------------------------------


def _woorden(tekst: str) -> str:
    return " ".join(tekst.lower().split())


def soort(tekst: Optional[str]) -> Optional[str]:
    """'advies' or 'melding' when the text says which; None when it does not (or says both)."""
    if not tekst:
        return None
    t = _woorden(tekst)
    advies = "advies" in t or "overleg" in t or "anoniem" in t
    melding = bool(re.search(r"\bmeld(en|ing)\b|\bmelding\s+doen", t))
    if advies and not melding:
        return "advies"
    if melding and not advies:
        return "melding"
    return None


_GETALWOORDEN = {
    "nul": 0, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
    "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18,
}  # fmt: skip
_GETAL = r"(\d{1,2}|" + "|".join(sorted(_GETALWOORDEN, key=len, reverse=True)) + ")"
_BEREIK = re.compile(rf"{_GETAL}\s*(?:-|–|tot|en)\s*{_GETAL}")
_EEN_GETAL = re.compile(rf"\b{_GETAL}\b")
MAX_LEEFTIJD = 18  # the meldcode is about children; older is not a child's age


def _getal(woord: str) -> int:
    return int(woord) if woord.isdigit() else _GETALWOORDEN[woord]


def leeftijd(tekst: Optional[str]) -> Optional[str]:
    """The child's age as kept: '7 jaar', '6 tot 8 jaar', '10 maanden'; None if no age in it.

    Only the number (or range) is kept, never the rest of the text, so no name can slip in.
    """
    if not tekst:
        return None
    t = _woorden(tekst)
    eenheid = "maanden" if "maand" in t else "jaar"
    bereik = _BEREIK.search(t)
    if bereik:
        van, tot = sorted((_getal(bereik.group(1)), _getal(bereik.group(2))))
        if eenheid == "jaar" and tot > MAX_LEEFTIJD:
            return None
        return f"{van} tot {tot} {eenheid}"
    enkel = _EEN_GETAL.search(t)
    if enkel:
        waarde = _getal(enkel.group(1))
        if eenheid == "jaar" and waarde > MAX_LEEFTIJD:
            return None
        return f"{waarde} {eenheid}"
    return None


_GEBIED_WOORDEN = {
    "materieel": ("materi", "geld", "armoede", "huisvesting", "woning", "schulden"),
    "gezondheid": ("gezond", "lichame", "seksu", "verzorg", "hygi", "letsel", "blauwe", "honger"),
    "opvoeding": ("opvoed", "gezinsrelatie", "thuissituatie", "ouders"),
    "school": ("onderwijs", "school", "opvang", "kinderopvang", "klas", "verzuim"),
    "omgeving": ("sociale omgeving", "buiten het gezin", "vrienden", "buurt", "omgeving"),
}


def gebieden(tekst: Optional[str]) -> List[str]:
    """The areas of the signaleringslijst the text names, in the list's order."""
    if not tekst:
        return []
    t = _woorden(tekst)
    return [key for key, woorden in _GEBIED_WOORDEN.items() if any(w in t for w in woorden)]


def ouders_besproken(tekst: Optional[str], intent: Optional[str]) -> Optional[str]:
    """'ja' or 'nee' (also for 'nog niet'); None when unclear."""
    t = _woorden(tekst or "")
    if intent == "deny" or re.search(r"\bnee\b|\bnog niet\b|\bniet besproken\b", t):
        return "nee"
    if intent == "affirm" or re.search(r"\bja\b|\bwel\b|\bbesproken\b", t):
        return "ja"
    return None


def reden(tekst: Optional[str]) -> Optional[str]:
    """Which allowed reason to skip the talk with the ouders applies: a key of ``redenen``."""
    t = _woorden(tekst or "")
    if "veilig" in t or "gevaar" in t:
        return "veiligheid"
    if "contact" in t or "verbre" in t:
        return "contact"
    if "geen" in t or re.search(r"\bnee\b", t):
        return "geen"
    return None


def vrije_tekst(tekst: Optional[str]) -> Optional[str]:
    """A free-text answer as kept: personal data replaced, whitespace folded, length-limited."""
    return schoon_antwoord(privacy.redact(tekst).tekst) if tekst else None


class Lezing(NamedTuple):
    """How a message typed while a question is open is read."""

    soort: str  # "antwoord", "onderbreking" (not an answer) or "onbegrepen" (ask again)
    waarde: Optional[str] = None


def lees_antwoord(vraag: str, tekst: Optional[str], intent: Optional[str]) -> Lezing:
    """Read the message as the answer to ``vraag`` (a slot name of VRAGEN).

    Skipping, "weet ik niet", a question, "stop" and danger are recognised first, for every
    question (``bot.vrije_tekst``); only an answer is read further.
    """
    lezing = vrij.lees(tekst, intent)
    if lezing.soort in ("overslaan", "weet_niet"):
        return Lezing("antwoord", lezing.waarde)
    if lezing.soort != vrij.ANTWOORD:
        return Lezing("onderbreking")
    if vraag in FREE_TEXT:
        return Lezing("antwoord", vrije_tekst(tekst))
    if vraag == "vt_soort":
        waarde = soort(tekst)
    elif vraag == "vt_leeftijd":
        waarde = leeftijd(tekst)
    elif vraag == "vt_gebieden":
        waarde = ",".join(gebieden(tekst)) or None
    elif vraag == "vt_ouders":
        waarde = ouders_besproken(tekst, intent)
    elif vraag == "vt_reden":
        waarde = reden(tekst)
    else:
        raise KeyError(vraag)
    return Lezing("antwoord", waarde) if waarde else Lezing("onbegrepen")


# ---- the dialog --------------------------------------------------------------------------


def soort_voor(antwoorden: Mapping[str, Optional[str]], uitkomst: Optional[str]) -> Optional[str]:
    """What the call is for: the user's answer, else what the afwegingskader decided."""
    gekozen = antwoorden.get("vt_soort")
    if gekozen in ("advies", "melding"):
        return gekozen
    return SOORT_BIJ_UITKOMST.get(uitkomst or "")


def nog_te_vragen(antwoorden: Mapping[str, Optional[str]], uitkomst: Optional[str]) -> List[str]:
    """The questions of the form, given what is known: the form stops when this is done.

    The kind of call is not asked when the afwegingskader already decided it; the reason for
    not talking to the ouders only when they were not talked to.
    """
    vragen = list(VRAGEN)
    if uitkomst in SOORT_BIJ_UITKOMST:
        vragen.remove("vt_soort")
    if antwoorden.get("vt_ouders") != "nee":
        vragen.remove("vt_reden")
    return vragen


def _waarde(vraag: str, waarde: Optional[str], t: Teksten) -> str:
    if waarde is None:
        return t.niet_ingevuld
    if waarde == OVERGESLAGEN:
        return t.overgeslagen
    if waarde == WEET_NIET:
        return t.weet_niet
    if vraag == "vt_soort":
        return t.soorten.get(waarde, t.niet_ingevuld)
    if vraag == "vt_ouders":
        return t.ouders.get(waarde, t.niet_ingevuld)
    if vraag == "vt_reden":
        return t.redenen.get(waarde, t.niet_ingevuld)
    if vraag == "vt_gebieden":
        namen = [t.gebieden[k] for k in waarde.split(",") if k in t.gebieden]
        return ", ".join(namen) or t.niet_ingevuld
    if vraag in FREE_TEXT:
        gegeven = vrije_tekst(waarde)  # redacted again: defence in depth
        return markdown.escape(gegeven) if gegeven else t.niet_ingevuld  # shown as typed
    return waarde


def samenvatting(
    antwoorden: Mapping[str, Optional[str]],
    uitkomst: Optional[str],
    uitkomst_tekst: Optional[str],
    datum: date,
) -> str:
    """The name-free summary to have at hand while calling: answers, checklist, what next."""
    t = teksten()
    gekozen = soort_voor(antwoorden, uitkomst)
    waarden = {**antwoorden, "vt_soort": gekozen or antwoorden.get("vt_soort")}
    regels = [t.kop.format(datum=datum.strftime("%d-%m-%Y")), ""]
    for vraag in nog_te_vragen(antwoorden, None):
        sleutel = vraag.removeprefix("vt_")
        regels.append("- " + t.regels[sleutel].format(waarde=_waarde(vraag, waarden.get(vraag), t)))
    regels.append(
        "- "
        + t.regels["afwegingskader"].format(waarde=uitkomst_tekst or t.afwegingskader_niet_gedaan)
    )
    regels += ["", t.klaarleggen.kop, *("- " + punt for punt in t.klaarleggen.punten), ""]
    if gekozen == "advies":
        regels.append(t.daarna["advies"])
    else:
        regels += [t.daarna["melding"], "", t.identiteit]
    regels += ["", t.ouders_vooraf]
    if antwoorden.get("vt_ouders") == "nee" and antwoorden.get("vt_reden") in ("geen", None):
        regels += ["", t.ouders_geen_reden]
    regels += ["", t.bellen]
    bronnen = t.bronnen["advies" if gekozen == "advies" else "melding"]
    regels += [
        "",
        knowledge.default().citation_line([knowledge.parse_reference(b) for b in bronnen]),
    ]
    return "\n".join(regels)
