"""Melden zonder toestemming: five reflection questions and the written rationale.

These questions (from the basismodel meldcode, as quoted in the BTK brochure §5) are not
yes/no gates. The user answers each one in a few words; ``onderbouwing`` writes the
rationale for the dossier, ending with the rule that a melding is in principe discussed with
the ouders (and the kind from 12) first, and when that may be skipped (Wolderwijs stap 3/5).
Texts come from ``knowledge/melden_zonder_toestemming.yml``.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Mapping, Optional

import yaml
from pydantic import BaseModel

from bot import knowledge, markdown

TEXTS_FILE = knowledge.KNOWLEDGE_DIR / "melden_zonder_toestemming.yml"
MAX_ANSWER_CHARS = 500

# Slot names in the dialog, in the order they are asked.
VRAGEN: List[str] = ["belang", "alternatief", "toestemming", "afweging", "informatie"]
SLOTS: Dict[str, str] = {vraag: f"mzt_{vraag}" for vraag in VRAGEN}


class Onderbouwing(BaseModel):
    kop: str
    regel: str
    overgeslagen: str
    slot: str


class Teksten(BaseModel):
    vraag_prompt: str
    vragen: Dict[str, str]
    onderbouwing: Onderbouwing
    bronnen: List[str]


@lru_cache(maxsize=1)
def teksten(path: Path = TEXTS_FILE) -> Teksten:
    return Teksten(**yaml.safe_load(path.read_text(encoding="utf-8")))


def schoon_antwoord(tekst: Optional[str]) -> Optional[str]:
    """A free-text answer as kept: whitespace folded, cut at MAX_ANSWER_CHARS; empty -> None."""
    if tekst is None:
        return None
    gevouwen = " ".join(tekst.split())
    if not gevouwen:
        return None
    if len(gevouwen) > MAX_ANSWER_CHARS:
        gevouwen = gevouwen[: MAX_ANSWER_CHARS - 1].rstrip() + "…"
    return gevouwen


# Intents that interrupt the reflection instead of answering it. Anything else typed while a
# question is open is the answer: reflections on these topics are easily mistaken for another
# intent ("de bescherming van het kind weegt zwaarder" looks like starting this dialog).
INTERRUPTING_INTENTS = frozenset(
    {"stop", "explain_question", "bot_challenge", "choose_topic", "clear_answers", "acute_danger"}
)


def is_answer(tekst: Optional[str], intent: Optional[str]) -> bool:
    """Whether free text typed while a question is open is the answer to it.

    Reflection answers are statements that often touch FAQ topics ("nee, we hebben al
    anoniem advies gevraagd"), so an FAQ classification alone does not make it a question:
    only an FAQ text that ends with a question mark interrupts, as do stop, "waarom vraag je
    dit?" and the like.
    """
    if schoon_antwoord(tekst) is None or intent in INTERRUPTING_INTENTS:
        return False
    return not (intent == "faq" and tekst.strip().endswith("?"))


def onderbouwing(antwoorden: Mapping[str, Optional[str]], datum: date) -> str:
    """The rationale for the dossier from the answers per question (keys from VRAGEN)."""
    t = teksten()
    regels = [t.onderbouwing.kop.format(datum=datum.strftime("%d-%m-%Y"))]
    for nummer, vraag in enumerate(VRAGEN, start=1):
        gegeven = schoon_antwoord(antwoorden.get(vraag))
        # What the user typed is shown as typed: no links or bold from it (bot.markdown).
        antwoord = markdown.escape(gegeven) if gegeven else t.onderbouwing.overgeslagen
        regels.append(
            t.onderbouwing.regel.format(nummer=nummer, vraag=t.vragen[vraag], antwoord=antwoord)
        )
    regels.append(t.onderbouwing.slot)
    references = [knowledge.parse_reference(text) for text in t.bronnen]
    regels.append(knowledge.default().citation_line(references))
    return "\n".join(regels)
