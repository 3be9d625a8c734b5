"""Recognising acute danger in a message, deterministically (no classifier involved).

The assistant answers danger first, in every state of the conversation. The NLU model has an
``acute_danger`` intent, but recall must not depend on it alone: these patterns catch the
clear cases (a weapon now, violence tonight, an injured child, suicidal words, someone who just
fled), and ``addons.nlu.AcuteDangerOverride`` sets the intent when one matches.

Questions *about* danger ("wat is acute onveiligheid?", "wanneer bel ik 112?") are not danger
themselves; those are answered by the FAQ.
"""

from __future__ import annotations

import re
from typing import List, NamedTuple, Optional, Pattern

INTENT = "acute_danger"


class Signaal(NamedTuple):
    soort: str  # which kind of danger, for logs and evaluation (never user text)
    patroon: Pattern


def _p(pattern: str) -> Pattern:
    return re.compile(pattern, re.IGNORECASE)


# "nu"/"net" as time, not in "wat nu?" or "net verteld" (what happened is then not now).
_NU = r"(?:(?<!wat )nu|nou|op dit moment|op het moment|net(?! (?:verteld|gezegd|gehoord|gelezen|gemeld))|zojuist|vandaag|vanavond|vannacht|straks|morgen|meteen|direct|weer)"
_KIND = r"(?:kind|kindje|kinderen|leerling|meisje|jongen|baby|peuter|kleuter|zoon|dochter|hij|zij|ze|haar|hem)"

SIGNALEN: List[Signaal] = [
    Signaal("wapen", _p(r"\b(?:mes|messen|wapen|pistool|vuurwapen|geweer|bijl|schaar)\b.{0,40}\b(?:heeft|dreigt|zwaait|pakt|bij zich|getrokken|in zijn hand|in haar hand)\b")),
    Signaal("wapen", _p(r"\b(?:heeft|dreigt|zwaait|pakt|trekt|met)\b.{0,30}\b(?:een |het |zijn |haar )?(?:mes|wapen|pistool|vuurwapen|geweer|bijl)\b")),
    Signaal("dreiging_doden", _p(r"\b(?:dreigt|gedreigd|gaat|wil)\b.{0,40}\b(?:vermoorden|dood ?maken|doden|ombrengen|iets aan ?doen)\b")),
    Signaal("geweld_nu", _p(rf"\b(?:slaat|schopt|wurgt|mishandelt|verkracht|misbruikt|slaan|schoppen|mishandelen)\b.{{0,40}}\b{_NU}\b")),
    Signaal("geweld_nu", _p(rf"\b{_NU}\b.{{0,40}}\b(?:geslagen|geschopt|gewurgd|mishandeld|verkracht|misbruikt|in elkaar geslagen)\b")),
    Signaal("geweld_nu", _p(r"\bwordt\b.{0,20}\b(?:nu|op dit moment)\b.{0,20}\b(?:geslagen|mishandeld|misbruikt|bedreigd)\b")),
    # Dutch puts the verb last: "dreigt haar iets aan te doen", "gaat hem vanavond slaan".
    Signaal("dreiging_doden", _p(r"\b(?:gaat|wil|dreigt|zal|gedreigd)\b.{0,40}\b(?:vermoorden|doden|ombrengen|dood ?(?:te )?maken|iets aan ?(?:te )?doen|aandoen)\b")),
    Signaal("geweld_nu", _p(rf"\b{_NU}\b.{{0,40}}\b(?:slaan|slaat|schoppen|schopt|wurgen|wurgt|mishandelen|verkrachten|opsluiten|opsluit)\b")),
    Signaal("geweld_nu", _p(r"\b(?:geslagen|geschopt|gewurgd|mishandeld|bedreigd)\b.{0,20}\b(?:nu|op dit moment)\b")),
    Signaal("durft_niet_naar_huis", _p(r"\b(?:durft|wil|kan|mag)\b.{0,20}\bniet\b.{0,15}\bnaar huis\b")),
    Signaal("durft_niet_naar_huis", _p(r"\bbang\b.{0,30}\b(?:om )?naar huis\b")),
    Signaal("letsel", _p(r"\b(?:ligt|lag|zit|is)\b.{0,40}\b(?:bewusteloos|buiten bewustzijn|onder het bloed|te bloeden|bloedend|niet aanspreekbaar)\b")),
    Signaal("letsel", _p(rf"\b(?:ligt|lag)\b.{{0,15}}\b(?:een |het )?{_KIND}\b.{{0,30}}\b(?:letsel|gewond|verwond|bloed)\w*")),
    Signaal("letsel", _p(r"\b(?:ernstig|zwaar) (?:gewond|verwond|letsel)\b")),
    Signaal("letsel", _p(r"\b(?:bewusteloos|niet (?:meer )?aanspreekbaar|buiten bewustzijn)\b")),
    Signaal("letsel", _p(r"\b(?:botbreuk|gebroken (?:arm|been|rib|ribben)|hersenschudding|brandwonden)\b.{0,40}\b(?:(?<!wat )nu|net|vandaag|zojuist|vanochtend|vannacht)\b")),
    Signaal("suicide", _p(r"\b(?:zelfmoord|suïcide|suicide|suïcidaal|suicidaal|zelfdoding)\b")),
    Signaal("suicide", _p(r"\b(?:wil|wilde|gaat|ga)\b.{0,20}\b(?:dood|niet meer leven|er een eind aan maken|een einde aan maken|zichzelf (?:iets )?aandoen|mezelf (?:iets )?aandoen)\b")),
    Signaal("suicide", _p(r"\b(?:niet meer (?:willen )?leven|van het dak springen|voor de trein springen|zich(?:zelf)? (?:iets )?aan te doen|zichzelf snijdt|zichzelf verwondt|pillen (?:ingenomen|geslikt))\b")),
    Signaal("suicide", _p(r"\b(?:dood|niet meer leven|er niet meer zijn)\b.{0,10}\b(?:wil|wilde|willen)\b")),
    Signaal("suicide", _p(r"\b(?:een )?eind(?:e)? aan\b.{0,20}\bmaken\b")),
    Signaal("suicide", _p(r"\bzich(?:zelf)? iets\b.{0,15}\baan ?(?:te )?doen\b")),
    Signaal("gevlucht", _p(r"\b(?:net|zojuist|vanochtend|vannacht|gisteravond|vandaag)\b.{0,20}\b(?:weggevlucht|gevlucht|weggelopen|ontsnapt)\b")),
    Signaal("gevlucht", _p(r"\b(?:weggevlucht|gevlucht|weggelopen|ontsnapt)\b.{0,40}\b(?:staat|zit|is)\b.{0,20}\b(?:hier|bij mij|bij ons|op school|op de opvang|voor de deur)\b")),
    Signaal("ontvoering", _p(r"\b(?:ontvoert|ontvoerd|meegenomen naar het buitenland|neemt het kind mee naar|wordt vandaag uitgehuwelijkt|wordt besneden)\b")),
    Signaal("ontvoering", _p(r"\b(?:morgen|vandaag|vanavond|deze week|straks)\b.{0,60}\b(?:trouwen|uitgehuwelijkt|uithuwelijken|besneden|besnijdenis)\b")),
    Signaal("direct_gevaar", _p(r"\b(?:is|zijn|loopt|lopen|verkeert)\b.{0,20}\b(?:nu|op dit moment|vandaag|vanavond)\b.{0,20}\b(?:in (?:direct |acuut |levens)?gevaar|gevaar)\b")),
    Signaal("direct_gevaar", _p(r"\b(?:levensgevaar|in levensgevaar)\b")),
]

# Questions *about* danger, the meldcode or the assistant: never an emergency by themselves.
_VRAAG_OVER = _p(
    r"^\s*(?:wat is|wat zijn|wat betekent|wat bedoel|wat houdt|wanneer (?:is|spreek|noem|bel|moet)"
    r"|welke|hoe (?:herken|weet|zie)|is er sprake|valt|geldt|uitleg|definitie|voorbeeld)"
)


# Words that make a message a question about the meldcode itself.
_OVER_MELDCODE = _p(r"\b(?:onveiligheid|meldcode|meldnorm\w*|afweging\w*|afwegingskader|definitie)\b")
_SUICIDE = ("suicide",)


def signaal(text: Optional[str]) -> Optional[str]:
    """The kind of acute danger the text describes, or None."""
    if not text or text.startswith("/"):
        return None
    if _OVER_MELDCODE.search(text):
        found = _eerste(text)
        return found if found in _SUICIDE else None
    if _VRAAG_OVER.search(text) and not re.search(
        r"\b(?:zelfmoord|suïcide|suicide|mes|wapen|bewusteloos)\b", text, re.IGNORECASE
    ):
        return None
    return _eerste(text)


def _eerste(text: str) -> Optional[str]:
    for item in SIGNALEN:
        if item.patroon.search(text):
            return item.soort
    return None


def is_acuut(text: Optional[str]) -> bool:
    return signaal(text) is not None


# "Vaak", "soms", "al jaren": a pattern over time is structurele onveiligheid, a matter for
# the meldcode, not for 112. Used to overrule the classifier, never the patterns above.
_GEWOONTE = _p(
    r"\b(?:vaak|soms|regelmatig|geregeld|altijd|meestal|steeds vaker|elke (?:dag|week|keer)"
    r"|iedere (?:dag|week|keer)|vroeger|vorig jaar|al jaren|al maanden|af en toe)\b"
)


def houd_classificatie(text: Optional[str], intent: Optional[str]) -> bool:
    """Whether a classifier's ``acute_danger`` stands when no pattern matched: not for a
    message that describes a pattern over time."""
    return intent == INTENT and not (text and _GEWOONTE.search(text))
