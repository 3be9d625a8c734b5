"""Reading a free-text answer while a guided dialog asks a question (melden zonder toestemming,
the call preparation): one shared way for both forms.

``lees(tekst, intent)`` says what the message is: the answer, "weet ik niet" (kept as such),
"overslaan", "stop", a question, or danger. Only an answer or "weet ik niet" is stored; a
question, "stop" and danger are handled by the form's rules (danger first, by the
SafetyPolicy), and the question stays open.

Reflection answers are statements that often touch FAQ topics ("nee, we hebben al anoniem
advies gevraagd"), so an FAQ classification alone does not make a message a question: it
takes a question mark, a question word at the start, or a why-question intent.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Optional

from bot import danger

MAX_ANSWER_CHARS = 500
OVERGESLAGEN = "overgeslagen"  # kept for a skipped question
WEET_NIET = "weet_niet"  # kept for "weet ik niet"

ANTWOORD = "antwoord"
SOORTEN = (ANTWOORD, "weet_niet", "overslaan", "stop", "vraag", "gevaar", "leeg")

_VULWOORDEN = (
    r"(eigenlijk|echt|nog|hoor|eerlijk gezegd|sorry|helaas|ook|op dit moment|nu|even|zo goed"
    r"|precies)"
)
# (pattern over the whole message, kind). First match wins.
RIJEN = [
    (r"^(sla (deze |die |de )?(vraag )?(maar )?over|overslaan|skip|volgende( vraag)?|"
     r"door naar de volgende( vraag)?|ga (maar )?door|(en )?door|verder|pas|liever niet|"
     r"geen zin (om )?(dit|deze vraag|die vraag|dat)( in te vullen| te beantwoorden)?"
     r"( door| verder)?|"
     r"(dat )?(wil|hoef) ik (liever )?niet (zeggen|invullen|beantwoorden)|"
     r"geen antwoord|n\.?v\.?t\.?|niet van toepassing|"
     r"deze (vraag )?(sla ik over|wil ik overslaan)|"
     r"(ik )?(wil|ga) (deze |die )?(vraag )?(graag )?overslaan)"
     r"( graag| alsjeblieft| aub| svp| even)*$",
     "overslaan"),
    (r"^(stop|stoppen|stop (er )?maar( mee)?|ik wil stoppen|ik stop( ermee)?|laat maar( zitten)?|"
     r"hou (maar )?op|annuleer|annuleren|afbreken|ophouden|ik wil niet verder|"
     r"ik wil dit niet meer|stop hiermee|kappen|genoeg zo|ik wil ophouden|(ik )?kap( er)?( maar)?)"
     r"( (met|hiermee|ermee)( \w+){0,4})?( graag| alsjeblieft| aub| maar| nu)*$", "stop"),
    # "hou maar op, ik bel zelf wel": a stop with a reason after it.
    (r"^(stop|hou (er )?(maar )?op|(ik )?kap (er )?(maar )?(mee|ermee)|laat maar( zitten)?) "
     r"(ik (bel|doe|regel|vraag|ga)|ik wil|ik heb)( \w+){0,8}$", "stop"),
    (rf"^({_VULWOORDEN} )*(ik )?(weet|wist) (ik |we |het |dat )*({_VULWOORDEN} )*niet"
     rf"( {_VULWOORDEN})*$", "weet_niet"),
    (rf"^({_VULWOORDEN} )*(geen( flauw)? idee|onbekend|weet niet|geen flauw benul|"
     rf"dat weet ik (nog )?niet|ik weet het (nog )?niet|dat is (mij )?(nog )?niet bekend|"
     rf"nog niet bekend|kan ik niet zeggen|ik heb geen idee|wie weet)( {_VULWOORDEN})*$",
     "weet_niet"),
]  # fmt: skip
_VRAAGWOORD = re.compile(
    r"^(waarom|hoezo|wat (is|zijn|betekent|bedoel|bedoelt|moet|doe|houdt|gebeurt|kan|mag)|"
    r"hoe (moet|werkt|zit|kan|doe|lang)|wie (moet|beslist|is|bepaalt)|wanneer (moet|mag|kan)|"
    r"mag (ik|je)|moet (ik|je)|kan (ik|je)|kun (ik|je|jij)|kunt u|is het (verplicht|nodig|"
    r"toegestaan)|klopt het dat)\b"
)
SKIP_INTENTS = frozenset({"skip_question"})
QUESTION_INTENTS = frozenset({"explain_question", "bot_challenge", "choose_topic"})
STOP_INTENTS = frozenset({"stop", "clear_answers"})
MAX_STOP_WORDS = 5  # a longer text classified "stop" is a reflection, not a request to stop


class Lezing(NamedTuple):
    soort: str  # one of SOORTEN
    waarde: Optional[str] = None  # what is kept: the cleaned text, WEET_NIET or OVERGESLAGEN


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


def _kaal(tekst: str) -> str:
    t = re.sub(r"[.,;:!?()\"']+", " ", tekst.lower())
    return " ".join(t.split())


def lees(tekst: Optional[str], intent: Optional[str]) -> Lezing:
    """What a message typed while a free-text question is open is."""
    schoon = schoon_antwoord(tekst)
    if schoon is None:
        return Lezing("leeg")
    if intent == danger.INTENT or danger.is_acuut(schoon):
        return Lezing("gevaar")
    if intent in SKIP_INTENTS:
        return Lezing("overslaan", OVERGESLAGEN)
    kaal = _kaal(schoon)
    for patroon, soort in RIJEN:
        if re.search(patroon, kaal):
            waarde = {"overslaan": OVERGESLAGEN, "weet_niet": WEET_NIET}.get(soort)
            return Lezing(soort, waarde)
    if intent in STOP_INTENTS and len(kaal.split()) <= MAX_STOP_WORDS:
        return Lezing("stop")
    if intent == "dont_know" and len(kaal.split()) <= 4:
        return Lezing("weet_niet", WEET_NIET)
    if schoon.endswith("?") or _VRAAGWOORD.search(kaal) or intent in QUESTION_INTENTS:
        return Lezing("vraag")
    return Lezing(ANTWOORD, schoon)


def is_answer(tekst: Optional[str], intent: Optional[str]) -> bool:
    """Whether the message is kept as the answer (an answer, "weet ik niet" or "overslaan")."""
    return lees(tekst, intent).soort in (ANTWOORD, "weet_niet", "overslaan")
