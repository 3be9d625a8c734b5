"""Melden zonder toestemming: five reflection questions and the written rationale.

Free-text answers are read with ``bot.vrije_tekst`` (shared with the call preparation).

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
from bot.vrije_tekst import OVERGESLAGEN, WEET_NIET, schoon_antwoord

TEXTS_FILE = knowledge.KNOWLEDGE_DIR / "melden_zonder_toestemming.yml"

# Slot names in the dialog, in the order they are asked.
VRAGEN: List[str] = ["belang", "alternatief", "toestemming", "afweging", "informatie"]
SLOTS: Dict[str, str] = {vraag: f"mzt_{vraag}" for vraag in VRAGEN}


class Onderbouwing(BaseModel):
    kop: str
    regel: str
    overgeslagen: str
    weet_niet: str
    slot: str


class Teksten(BaseModel):
    vraag_prompt: str
    vragen: Dict[str, str]
    onderbouwing: Onderbouwing
    bronnen: List[str]


@lru_cache(maxsize=1)
def teksten(path: Path = TEXTS_FILE) -> Teksten:
    return Teksten(**yaml.safe_load(path.read_text(encoding="utf-8")))


def onderbouwing(antwoorden: Mapping[str, Optional[str]], datum: date) -> str:
    """The rationale for the dossier from the answers per question (keys from VRAGEN)."""
    t = teksten()
    regels = [t.onderbouwing.kop.format(datum=datum.strftime("%d-%m-%Y"))]
    for nummer, vraag in enumerate(VRAGEN, start=1):
        antwoord = schoon_antwoord(antwoorden.get(vraag))
        if antwoord == WEET_NIET:
            antwoord = t.onderbouwing.weet_niet
        elif antwoord in (None, OVERGESLAGEN):
            antwoord = t.onderbouwing.overgeslagen
        else:
            # What the user typed is shown as typed: no links or bold from it (bot.markdown).
            antwoord = markdown.escape(antwoord)
        regels.append(
            t.onderbouwing.regel.format(nummer=nummer, vraag=t.vragen[vraag], antwoord=antwoord)
        )
    regels.append(t.onderbouwing.slot)
    references = [knowledge.parse_reference(text) for text in t.bronnen]
    regels.append(knowledge.default().citation_line(references))
    return "\n".join(regels)
