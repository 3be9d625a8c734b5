"""Finding and replacing personal data in Dutch free text.

``redact(text)`` replaces e-mail addresses, phone numbers (Dutch formats), BSNs (11-proef),
IBANs (mod-97), postcodes with house numbers, street addresses, full dates (birth dates),
names of schools and day-care centres ("basisschool De Regenboog"), class identifiers
("groep 5b") and names in recognisable contexts ("mijn leerling Sanne", "de familie De Vries")
by typed
placeholders such as ``[NAAM]``, so that a conversation keeps its meaning but no longer
identifies a child or family.

Numbers that are not personal data stay: service numbers (0800-2000, 0900 111 3 111, 112),
"meldnorm 2", "stap 3", "vraag 2b". Names of organisations from the sources (Veilig Thuis,
De Klimtoren) are not names of persons.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Pattern

NAAM = "[NAAM]"
EMAIL = "[E-MAIL]"
TELEFOON = "[TELEFOON]"
BSN = "[BSN]"
IBAN = "[IBAN]"
POSTCODE = "[POSTCODE]"
ADRES = "[ADRES]"
DATUM = "[DATUM]"
SCHOOL = "[SCHOOL]"
KLAS = "[KLAS]"

PLACEHOLDERS = (NAAM, EMAIL, TELEFOON, BSN, IBAN, POSTCODE, ADRES, DATUM, SCHOOL, KLAS)


class Treffer(NamedTuple):
    soort: str  # the placeholder
    start: int
    eind: int


class Redactie(NamedTuple):
    tekst: str
    treffers: List[Treffer]

    @property
    def bevat_naam(self) -> bool:
        return any(t.soort == NAAM for t in self.treffers)


def elfproef(digits: str) -> bool:
    """The BSN check: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11 (and not 0)."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total != 0 and total % 11 == 0


def iban_geldig(iban: str) -> bool:
    """The ISO 13616 mod-97 check."""
    compact = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


_MAANDEN = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
# A capitalised word, possibly after a name particle: "Sanne", "De Vries", "van Dijk", "el Amrani".
_PARTIKEL = (
    r"(?:[Vv]an der|[Vv]an de|[Vv]an den|[Dd]e|[Vv]an|[Dd]en|[Tt]er|[Tt]en|[Ll]e|[Ee]l|[Aa]l"
    r"|[Bb]en|[Bb]in)"
)
_HOOFDLETTER = "A-ZÀ-ÖØ-Þ"
_NAAMWOORD = (
    rf"(?:[{_HOOFDLETTER}][a-zà-ÿ][a-zà-ÿ'-]*|{_PARTIKEL}\s+[{_HOOFDLETTER}][a-zà-ÿ][a-zà-ÿ'-]*)"
)
_NAAM = rf"{_NAAMWOORD}(?:\s+{_NAAMWOORD}){{0,2}}"
_NAAM_CONTEXT = (
    r"(?:leerling|leerlingetje|kind|kindje|peuter|kleuter|baby|meisje|jongen|zoon|dochter"
    r"|broer|broertje|zus|zusje|moeder|vader|mama|papa|oma|opa|tante|oom|stiefvader"
    r"|stiefmoeder|vriend|vriendin|familie|gezin|meneer|mevrouw|dhr\.?|mevr\.?|mw\.?"
    r"|juf|juffrouw|meester|collega|pleegmoeder|pleegvader|buurman|buurvrouw"
    r"|heet|heten|genaamd|naam is)"
)

_INSTELLING = (
    r"(?:basisschool|school|obs|cbs|pcbs|rkbs|kbs|sbo|so|ikc|kindcentrum|kindcentra|kdv"
    r"|kinderdagverblijf|bso|peuterspeelzaal|peuteropvang|opvang|creche|crèche"
    r"|gastouderbureau|lyceum|college|scholengemeenschap)"
)

_Finder = Callable[[str], List[Treffer]]


def _regex_finder(
    soort: str, pattern: Pattern, check: Optional[Callable[[str], bool]] = None, group: int = 0
) -> _Finder:
    def find(text: str) -> List[Treffer]:
        found = []
        for match in pattern.finditer(text):
            value = match.group(group)
            if value and (check is None or check(value)):
                found.append(Treffer(soort, match.start(group), match.end(group)))
        return found

    return find


def _phone_check(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    elif digits.startswith("31") and value.strip().startswith("+"):
        digits = "0" + digits[2:]
    # A Dutch subscriber number has 10 digits; 0800/0900/0906/0909 are service numbers.
    # (the digit after the 0 is an area or mobile code, never 0).
    return (
        len(digits) == 10
        and digits[1] != "0"
        and not digits.startswith(("0800", "0900", "0906", "0909"))
    )


FINDERS: List[_Finder] = [
    _regex_finder(EMAIL, re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    _regex_finder(
        IBAN,
        re.compile(r"\b[A-Za-z]{2}\d{2}\s?(?:[A-Za-z0-9]{4}\s?){2,7}[A-Za-z0-9]{1,4}\b"),
        iban_geldig,
    ),
    _regex_finder(
        TELEFOON,
        re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]?(?:\(0\)[\s-]?)?\d(?:[\s-]?\d){7,9}\b"),
        _phone_check,
    ),
    _regex_finder(
        BSN,
        re.compile(
            r"(?<![\d-])(\d{3}[.\s]?\d{2}[.\s]?\d{2}[.\s]?\d{2}|\d{3}[.\s]\d{3}[.\s]\d{3})(?![\d-])"
        ),
        lambda v: elfproef(re.sub(r"\D", "", v)),
    ),
    _regex_finder(
        POSTCODE,
        re.compile(
            r"\b[1-9]\d{3}\s?(?!SA|SD|SS|sa|sd|ss)[A-Za-z]{2}\b(?:\s*,?\s*(?:nr\.?\s*)?\d{1,5}\s?[a-zA-Z]?\b)?"
        ),
        lambda v: re.search(r"[A-Z]{2}|\d", v[4:]) is not None or v[4:].strip().isupper(),
    ),
    _regex_finder(
        ADRES,
        re.compile(
            r"\b[A-Z][a-zà-ÿ-]*(?:straat|laan|weg|plein|singel|gracht|kade|dijk|steeg|hof|park"
            r"|dreef|pad|baan|plantsoen|ring|markt)\s+\d{1,5}\s?[a-zA-Z]?\b"
        ),
    ),
    # Full dates after a word about birth ("geboren op 03-04-2016", "geb. 3 maart 2016").
    # Other dates (when something was seen) stay: they matter and identify nobody alone.
    _regex_finder(
        DATUM,
        re.compile(
            r"(?i:\b(?:geboren|geboortedatum|geboortedag|verjaardag|jarig|geb)\b\.?)"
            r"[^.\n]{0,20}?"
            rf"(\b(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)\d{{2}}|\d{{1,2}}\s+(?i:{_MAANDEN})\.?\s+(?:19|20)\d{{2}})\b)"
        ),
        group=1,
    ),
    # Names after a word that introduces a person: "leerling Sanne", "de familie De Vries",
    # "zoon van de familie Jansen", "haar moeder Fatima", "hij heet Daan".
    _regex_finder(
        NAAM,
        re.compile(
            rf"(?i:\b{_NAAM_CONTEXT},?\s+(?:van\s+(?:de\s+)?(?:familie\s+)?)?(?:(?:is|was)\s+)?)"
            rf"({_NAAM})"
        ),
        group=1,
    ),
    # A school or day-care centre by name: "basisschool De Regenboog", "bso Dikkie Dik".
    _regex_finder(
        SCHOOL,
        re.compile(rf"(?i:\b{_INSTELLING}\s+)({_NAAM})"),
        group=1,
    ),
    # A class with its letter ("groep 5b", "klas 2a"): with the school it points at a child.
    # "groep 8" alone stays: it says something about age, not about one class.
    _regex_finder(KLAS, re.compile(r"(?i:\b(?:groep|klas)\s+)\d{1,2}[a-zA-Z]\b")),
]

# Capitalised words that are never a person's name here.
NIET_NAMEN = {
    "veilig",
    "thuis",
    "veilig thuis",
    "de klimtoren",
    "klimtoren",
    "wolderwijs",
    "ik",
    "hij",
    "zij",
    "ze",
    "het",
    "de",
    "een",
    "die",
    "dat",
    "er",
    "is",
    "was",
    "school",
}


def _is_name(text: str) -> bool:
    words = text.lower()
    if words in NIET_NAMEN:
        return False
    first = text.split()[0]
    # The name itself must start with a capital (the context words are matched in any case).
    return first[0].isupper() or first.lower() in ("de", "van", "den", "ter", "le")


def find(text: str) -> List[Treffer]:
    """Every piece of personal data found, without overlaps (longest first)."""
    found: List[Treffer] = []
    for finder in FINDERS:
        for hit in finder(text):
            if hit.soort in (NAAM, SCHOOL) and not _is_name(text[hit.start : hit.eind]):
                continue
            found.append(hit)
    # A name found once in context ("mijn leerling Sanne") is a name everywhere in the text
    # ("... zegt dat Sanne bang is").
    for name in {text[t.start : t.eind] for t in found if t.soort == NAAM}:
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            found.append(Treffer(NAAM, match.start(), match.end()))
    found.sort(key=lambda t: (t.start, -(t.eind - t.start)))
    kept: List[Treffer] = []
    for hit in found:
        if not kept or hit.start >= kept[-1].eind:
            kept.append(hit)
    return kept


def redact(text: Optional[str]) -> Redactie:
    """The text with every piece of personal data replaced by its placeholder."""
    if not text:
        return Redactie(text or "", [])
    hits = find(text)
    parts, last = [], 0
    for hit in hits:
        parts.append(text[last : hit.start])
        parts.append(hit.soort)
        last = hit.eind
    parts.append(text[last:])
    return Redactie("".join(parts), hits)


# Fields of Rasa's event dictionaries (``Event.as_dict()``) that can hold what a user typed.
# Channel metadata (Teams sends the user's display name) is dropped altogether, also where Rasa
# copies it into the ``session_started_metadata`` slot.
SESSION_METADATA_SLOT = "session_started_metadata"


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value).tekst
    if isinstance(value, list):
        return [_redact_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _redact_value(item) for key, item in value.items()}
    return value


def redact_event(event: Dict[str, Any]) -> Dict[str, Any]:
    """A copy of one serialised dialogue event with personal data replaced.

    User and bot texts, parse data text and entity values, free-text slot values and
    metadata are covered; names of intents, actions and slots stay as they are.
    """
    kind = event.get("event")
    redacted = copy.deepcopy(event)
    if "metadata" in redacted and kind in ("user", "session_started"):
        redacted["metadata"] = {}
    if kind in ("user", "bot"):
        redacted["text"] = _redact_value(redacted.get("text"))
    if kind == "bot":
        # The values a response was filled with ("onderbouwing") travel along in metadata.
        for key in ("metadata", "data"):
            if key in redacted:
                redacted[key] = _redact_value(redacted[key])
    if kind == "user" and isinstance(redacted.get("parse_data"), dict):
        parse_data = redacted["parse_data"]
        parse_data["text"] = _redact_value(parse_data.get("text"))
        if "metadata" in parse_data:
            parse_data["metadata"] = {}
        _redact_entities(parse_data)
    if kind == "slot" and redacted.get("name") == SESSION_METADATA_SLOT:
        redacted["value"] = None  # channel metadata, like the metadata above: never kept
    elif kind == "slot":
        redacted["value"] = _redact_value(redacted.get("value"))
    if kind == "entities":
        _redact_entities(redacted)
    return redacted


def _redact_entities(holder: Dict[str, Any]) -> None:
    for entity in holder.get("entities") or []:
        entity["value"] = _redact_value(entity.get("value"))
