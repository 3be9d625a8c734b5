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
import unicodedata
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Pattern

from bot import names

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
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))


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
# Upper- and lower-case letters of the Latin alphabets (Ł, Ş, Ö, ı ...), as character classes.
_HOOFDLETTER = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper())
_KLEINE_LETTER = "".join(chr(c) for c in range(0x61, 0x250) if chr(c).islower())
_WOORD = rf"[{_HOOFDLETTER}](?:['’][{_HOOFDLETTER}])?[{_KLEINE_LETTER}]+(?:[-'’][{_HOOFDLETTER}]?[{_KLEINE_LETTER}]+)*"
_NAAMWOORD = rf"(?:{_WOORD}|{_PARTIKEL}\s+{_WOORD})"
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
# Two-letter words after a number that make it no postcode: "2000 of 112", "1234 en 12".
_GEEN_POSTCODE = {"of", "en", "in", "op", "te", "is", "at", "om", "na", "al", "nu", "ik", "je", "we", "ze", "er", "de", "uw", "zo", "ja", "um"}


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
    if digits.startswith("00"):  # "+31 (0)6 ...": the 0 written twice
        digits = digits[1:]
    # A Dutch subscriber number has 10 digits; 0800/0900/0906/0909 are service numbers.
    # (the digit after the 0 is an area or mobile code, never 0).
    return (
        len(digits) == 10
        and digits[1] != "0"
        and not digits.startswith(("0800", "0900", "0906", "0909"))
    )


# Between the digits of a phone number or a BSN: spaces, dots, dashes, slashes, brackets.
_SEP = r"[\s.\-–—/()]{0,3}"
# Obfuscated "@" and "." in e-mail addresses: "jan at hotmail dot com", "jan[at]...", "(at)".
_AT = r"(?:\s*@\s*|\s*[\[(]\s*at\s*[\])]\s*|\s+at\s+|\s+apenstaartje\s+)"
_DOT = r"(?:\.|\s*[\[(]\s*(?:dot|punt)\s*[\])]\s*|\s+(?:dot|punt)\s+)"
_TLD = r"(?:nl|com|net|org|eu|be|de|info|nu|biz|co|uk|fr|tr|pl|ma|edu|gov|io|me)"
_STRAAT = (
    r"(?:straat|str\.?|laan|ln\.?|weg|plein|pln\.?|singel|gracht|kade|dijk|steeg|hof|park"
    r"|dreef|pad|baan|plantsoen|ring|markt|wal|haven|dam|erf|veld|allee|boulevard|kanaal"
    r"|oord|akker|hoeve|kamp|horst|hout|zijde|burgwal|straatweg|dwarsstraat|boogaard|gaarde"
    r"|laantje|pleintje|steegje|wijk|berg|brink|stoep|lei|dreve)"
)
_HUISNUMMER = r"(?:(?:nummer|nr\.?|no\.?)\s*)?\d{1,5}(?:\s?[a-zA-Z](?![\w]))?(?:-[IVX]+\b|-\d{1,3}\b)?"

FINDERS: List[_Finder] = [
    _regex_finder(
        EMAIL,
        re.compile(rf"(?i)(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}{_TLD}\b"),
    ),
    _regex_finder(
        IBAN,
        re.compile(r"\b[A-Za-z]{2}\d{2}\s?(?:[A-Za-z0-9]{4}\s?){2,7}[A-Za-z0-9]{1,4}\b"),
        iban_geldig,
    ),
    _regex_finder(
        TELEFOON,
        re.compile(
            rf"(?<![\w+])(?:\+\s?31|0031|\(0\d{{1,3}}\)|0)(?:{_SEP}\(0\))?(?:{_SEP}\d){{7,10}}(?!\d)"
        ),
        _phone_check,
    ),
    _regex_finder(
        BSN,
        re.compile(r"(?<![\d\-–/.])\d(?:[\s.\-–]?\d){8}(?![\d\-–])"),
        lambda v: elfproef(re.sub(r"\D", "", v)),
    ),
    _regex_finder(
        POSTCODE,
        re.compile(
            r"(?<![\d\-–])\b[1-9]\d{3}\s?(?!SA|SD|SS|sa|sd|ss)[A-Za-z]{2}\b(?:\s*,?\s*(?:nr\.?\s*)?\d{1,5}\s?[a-zA-Z]?\b)?"
        ),
        lambda v: v[4:].strip()[:2].isupper()
        or (v[4:].strip()[:2].lower() not in _GEEN_POSTCODE and re.search(r"\d", v[6:]) is not None),
    ),
    # A street with a house number: "Dorpsstraat 12a", "kerkstraat 12", "Kerkstr. 16",
    # "2e Jan Steenstraat 44-III", "Molenweg nummer 8". Streets without such an ending
    # ("Rokin 112", "Lange Voorhout 5") are found by _street_without_suffix.
    _regex_finder(
        ADRES,
        re.compile(
            rf"\b(?:(?:\d{{1,2}}e|[{_HOOFDLETTER}][\w'’.-]*)\s+){{0,2}}?[^\W\d_][\w'’-]*?(?i:{_STRAAT})\s+(?i:{_HUISNUMMER})"
        ),
    ),
    # Dates written in figures ("03-03-2016", "14/07/2015", "2016-03-03"): most often a birth
    # date when typed with the year, and a birth date identifies a child. Written out with a
    # month ("3 maart 2016") only after a word about birth: "sinds 1 januari 2019" stays.
    _regex_finder(
        DATUM,
        re.compile(
            r"(?<![\d\-/.])(?:\d{1,2}\s?[-/.]\s?\d{1,2}\s?[-/.]\s?(?:19|20)\d{2}"
            r"|(?:19|20)\d{2}-\d{1,2}-\d{1,2})(?![\d\-/])"
        ),
    ),
    _regex_finder(
        DATUM,
        re.compile(
            r"(?i:\b(?:geboren|geboortedatum|geboortedag|verjaardag|jarig|geb)\b\.?)"
            r"[^.\n]{0,20}?"
            rf"(\b(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)?\d{{2}}|\d{{1,2}}\s\d{{1,2}}\s(?:19|20)\d{{2}}"
            rf"|\d{{1,2}}\s+(?i:{_MAANDEN})\.?\s+(?:19|20)\d{{2}})\b)"
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
    # Initials and a surname: "mw. S. Bakker", "J.P. de Vries".
    _regex_finder(
        NAAM,
        re.compile(
            rf"(?<![\w.])(?:[{_HOOFDLETTER}]\.\s?){{1,3}}(?:(?:van|de|der|den|ter|ten|el|al)\s+){{0,3}}"
            rf"[{_HOOFDLETTER}][{_KLEINE_LETTER}]+(?:-[{_HOOFDLETTER}][{_KLEINE_LETTER}]+)?"
        ),
        lambda v: _surname_after_initials(v.split()[-1].split(".")[-1]),
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

# --- Normalising before matching: what looks the same must match the same.

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
# Cyrillic and Greek letters that look like Latin ones ("Sаnne" with a Cyrillic а).
_LOOK_ALIKES = str.maketrans(
    "аеорсухіјѕԁһӏАВЕКМНОРСТХІЈЅԚԜαοτνκχρΑΒΕΗΙΚΜΝΟΡΤΥΧΖ",
    "aeopcyxijsdhlABEKMHOPCTXIJSQWaotvkxpABEHIKMNOPTYXZ",
)


def normalise(text: str) -> str:
    """``text`` in NFKC (full-width digits and "＠" become plain ones), without zero-width
    characters, with look-alike Cyrillic and Greek letters folded into Latin ones."""
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    if text.isascii():
        return text
    return text.translate(_LOOK_ALIKES)


# --- Names without a context word: the lexicon of bot/names.py.

_TOKEN = re.compile(rf"[{_HOOFDLETTER}{_KLEINE_LETTER}]+(?:['’\-][{_HOOFDLETTER}{_KLEINE_LETTER}]+)*")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n]|\s[-•*]|^[-•*\"'“‘(]+)[\s\"'“‘(*•-]*$")
_ACRONYM = re.compile(r"^[A-Z]{1,5}$")


def _sentence_start(text: str, start: int) -> bool:
    return _SENTENCE_END.search(text[max(0, start - 6) : start]) is not None or start == 0


_WIJK = frozenset({"noord", "zuid", "oost", "west", "centrum", "nieuw", "midden"})


def _place_part(lower: str) -> bool:
    """A place with a part of town: "amsterdam-noord", "almere-buiten", "nieuw-west"."""
    parts = lower.split("-")
    places = names.lexicon().places
    return len(parts) > 1 and (parts[0] in places or all(p in places or p in _WIJK for p in parts))


def _name_kind(word: str, sentence_start: bool, part_of_name: bool = False) -> Optional[str]:
    """"first", "surname" or "unknown" (a capitalised unknown word) for a word that is a name
    on its own, else None. ``part_of_name``: the word follows a first name or a particle, where
    "Vries" and "Broek" are surnames, not the villages of that name."""
    lex = names.lexicon()
    lower = word.lower()
    if lower in lex.not_names or lower in names.PARTICLES:
        return None
    if (lower in lex.places or _place_part(lower)) and not part_of_name:
        return None
    folded = names.fold_accents(lower)
    parts = folded.split("-")
    capital = word[0].isupper()
    all_caps = word.isupper() and len(word) > 1
    first = folded in lex.first_names or (
        len(parts) > 1 and all(part in lex.first_names for part in parts)
    )
    ordinary = lower in lex.ordinary or folded in lex.ordinary or lower in lex.project_words
    # "noah", "SANNE", "Anne-Sophie": a first name in any case, unless it is an ordinary word
    # as well; in lower case only a name that is no Dutch or English word ("noah", "kacper").
    if (
        first
        and not ordinary
        and (
            capital
            or (
                folded in lex.dutch_first_names
                and not names.is_dutch_word(lower)
                and not (len(lower) <= 3 and names.is_english_word(lower))  # "an"
            )
            or (  # another list's name: "kacper", "abdirahman", not "grace" or "mark"
                len(lower) >= 4
                and not names.is_dutch_word(lower)
                and not names.is_english_word(lower)
            )
        )
    ):
        return "first"
    if not capital or (all_caps and _ACRONYM.match(word)):
        return None
    if sentence_start:
        return None  # "Roos, tulp of ...", "Hoop dat ...": a capital that says nothing
    if not first and lower not in lex.ordinary and (folded in lex.ordinary or _diminutive(folded)):
        return "first"  # "een jongetje, Daantje": a Dutch first name made small
    if first:
        return "first"  # an ordinary word, capitalised inside a sentence: "met Roos"
    if folded.split("-")[-1] in lex.surnames and not all_caps:
        return "surname"
    known = names.is_dutch_word(lower) or names.is_english_word(lower)  # "Connection refused"
    if not known and not all_caps and len(word) > 2:
        return "unknown"
    return None


# Words for a person, after an ordinary word that is also a name: "Bloem, een meisje uit ...",
# "Roos is het jongste kind", "Jan, de opa van ...".
_PERSOON_WOORD = (
    r"(?:kind|kindje|meisje|meid|jongen|jongetje|leerling|peuter|kleuter|baby|zoon|dochter"
    r"|broer|broertje|zus|zusje|vader|moeder|opa|oma|oom|tante|stiefvader|stiefmoeder|neef"
    r"|nicht|buurman|buurvrouw|collega|leerkracht|juf|meester)"
)
_GETAL_WOORD = r"(?:\d{1,2}|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf)"
# What follows only a person: a capitalised word at the start of a sentence that is a name and
# an ordinary word too ("Roos", "Storm", "Jantje") is a name when one of these follows it.
_PERSOON_NA = re.compile(
    r"\s*\(\s*\d{1,2}\s*(?:jaar|jr\.?)?\s*\)"  # "Storm (5) vertelde"
    rf"|,\s+(?:een|de|het|mijn|onze|haar|zijn)\s+(?:\w+\s+)?{_PERSOON_WOORD}\b"
    rf"|\s+(?:is|was)\s+(?:het|de|een|mijn|onze)\s+(?:\w+\s+)?{_PERSOON_WOORD}\b"
    r"|\s+uit\s+(?:groep|klas|mijn|onze|de\s+(?:klas|groep|peutergroep|kleutergroep))\b"
    rf"|\s+van\s+{_GETAL_WOORD}\b(?!\s+(?:dagen|weken|maanden|uur|minuten|keer))"
    r"|\s+(?:zegt|zei|vertelt|vertelde|huilt|huilde|durft|durfde|wil\s+niet|speelt)\b",
    re.IGNORECASE,
)
# Before a first name in lower case: "kind: bo", "de mama van daan", "een vraag over kenan",
# "zei bo", "collega's bram en ...", "een ouder, marloes,", "naam kind mats".
_NAAM_LABEL = re.compile(
    r"(?:\b(?:kind|leerling|naam|moeder|vader|mama|papa|broer|zus|zoon|dochter)\s*:\s*"
    r"|\b(?:mama|papa|moeder|vader|broer|broertje|zus|zusje|oma|opa)\s+van\s+"
    r"|\b(?:over|om|zei|zegt|vroeg|heet|collega'?s?|juf|meester|naam(?:\s+(?:kind|leerling))?)\s+"
    r"|\b(?:ouder|moeder|vader|collega|leerling|meisje|jongen|kind),\s+)$",
    re.IGNORECASE,
)
# An age (also "2,5") or a group in brackets after a word: "Soufiane (8)", "Senait (groep 2)".
_LEEFTIJD_NA = re.compile(
    r"\s*\(\s*(?:\d{1,2}(?:[,.]5)?\s*(?:jaar|jr\.?)?|(?:groep|klas)\s*\d{1,2}[a-z]?)\s*\)"
)
# A verb of a person after a word that no list knows: "Oleksandr is ...", "Semhar vertelde".
_PERSOON_WERKWOORD = re.compile(
    r"\s+(?:is|was|heeft|had|zegt|zei|vertelt|vertelde|komt|kwam|woont|zit|zat|wil|wilde|gaat"
    r"|ging|huilt|huilde|speelt|durft|krijgt|kreeg|en (?:haar|zijn) (?:broer|zus|moeder|vader))\b"
)
_LIDWOORD_VOOR = re.compile(
    r"\b(?:een|de|het|mijn|onze|ons|haar|zijn|hun|jullie|die|dat|deze|dit)\s+$", re.IGNORECASE
)
# Kin after a name in the possessive: "Ahmeds vader", "Noa's moeder".
_FAMILIE_NA = re.compile(
    r"\s+(?:vader|moeder|papa|mama|broer|broertje|zus|zusje|opa|oma|ouders|stiefvader"
    r"|stiefmoeder|oom|tante)\b",
    re.IGNORECASE,
)
_VERKLEINWOORD = ("tje", "pje", "je")


def _first_name_or_diminutive(word: str) -> bool:
    """A first name of the lists, also one that is an ordinary word ("Roos"), or a Dutch
    first name made small ("Jantje", "Pietje")."""
    lex = names.lexicon()
    folded = names.fold_accents(word.lower())
    return folded in lex.first_names or folded in lex.ordinary or _diminutive(folded)


def _diminutive(folded: str) -> bool:
    """A Dutch first name made small: "jantje", "pietje" (lower case, accents folded)."""
    dutch = names.lexicon().dutch_first_names
    return any(
        folded.endswith(end) and folded[: -len(end)] in dutch
        for end in _VERKLEINWOORD
        if len(folded) > len(end) + 1
    )


def _possessive_or_unknown(text: str, token: re.Match) -> bool:
    """A capitalised word that only its context shows to be a name: a first name in the
    possessive before a family word ("Ahmeds vader"), or a word that is no Dutch or English
    word before an age in brackets or a verb of a person ("Soufiane (8)", "Oleksandr is")."""
    word = token.group()
    if not word[0].isupper() or word.isupper():
        return False
    lex = names.lexicon()
    lower = names.fold_accents(word.lower())
    stem = re.sub(r"(?:['’]s|s)$", "", lower)
    if stem != lower and stem in lex.first_names and _FAMILIE_NA.match(text, token.end()):
        return True  # "Ahmeds vader", "Noa's vader"
    unknown = not (names.is_dutch_word(word) or names.is_english_word(word))
    return (
        unknown
        and len(word) > 3
        and lower not in lex.places
        and not _place_part(lower)
        and lower not in lex.not_names
        and (
            _LEEFTIJD_NA.match(text, token.end()) is not None
            or _PERSOON_WERKWOORD.match(text, token.end()) is not None
        )
    )


def _name_by_context(text: str, tokens: List[re.Match], i: int) -> Optional[int]:
    """Index of the last token of a name that only its context shows: a capitalised word
    followed by what follows only a person ("Roos is het jongste kind",
    "Mees Bloem uit groep 2"), or a first name in lower case after a label ("kind: bo")."""
    token = tokens[i]
    word = token.group()
    lower = word.lower()
    lex = names.lexicon()
    if (
        lower in names.PARTICLES
        or lower in lex.not_names
        or lower in lex.project_words  # the project's own texts hold no names of persons
    ):
        return None
    if word[0].islower():
        folded = names.fold_accents(lower)
        before = text[max(0, token.start() - 30) : token.start()]
        name_like = folded in lex.first_names or folded in lex.ordinary
        if (
            _LEEFTIJD_NA.match(text, token.end())
            and len(lower) > 1
            and (name_like or not names.is_dutch_word(lower))
            and not _LIDWOORD_VOOR.search(before)  # "een gastkind (3)", "mijn oudste (5)"
        ):
            return i  # "sammie (4)", "storm (5)": not "de broer (17)"
        if folded in lex.first_names and _PERSOON_NA.match(text, token.end()):
            return i  # "roos zegt dat ...": also a name that is a word
        # A Dutch list's name, or another list's name that is no Dutch word ("kenan").
        in_list = folded not in lex.ordinary and (
            folded in lex.dutch_first_names
            or (folded in lex.first_names and not names.is_dutch_word(lower))
        )
        if not in_list:
            return None
        if not (_NAAM_LABEL.search(before) or _PERSOON_NA.match(text, token.end())):
            return None
        following = i + 1
        if (  # "mats bakker": the surname that follows
            following < len(tokens)
            and _adjacent(text, token, tokens[following])
            and tokens[following].group().lower() in lex.surnames
            and tokens[following].group().lower() not in lex.project_words
        ):
            return following
        return i
    if not _first_name_or_diminutive(word):
        return i if _possessive_or_unknown(text, token) else None
    last = i
    following = i + 1
    if (
        following < len(tokens)
        and _adjacent(text, tokens[i], tokens[following])
        and tokens[following].group()[0].isupper()
        and (
            _name_kind(tokens[following].group(), False, part_of_name=True) is not None
            or (
                tokens[following].group().lower() not in lex.project_words
                and not names.is_english_word(tokens[following].group())
            )
        )
    ):
        last = following  # "Mees Bloem uit groep 2": first name and surname
    if _PERSOON_NA.match(text, tokens[last].end()):
        return last
    if last != i and _PERSOON_NA.match(text, token.end()):
        return i
    return None


def _lexicon_names(text: str) -> List[Treffer]:
    """Names without a context word: "Noah uit mijn groep", "zorgen om Mila", "Daan Jansen",
    "Anne-Sophie de Vries", "Łukasz Wójcik", "O'Neill", "SANNE", "noah"."""
    tokens = list(_TOKEN.finditer(text))
    phrases = _not_name_spans(text)
    found: List[Treffer] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if any(s <= token.start() < e for s, e in phrases):
            i += 1
            continue
        kind = _name_kind(token.group(), _sentence_start(text, token.start()))
        start, end = token.start(), token.end()
        j = i
        if kind is None and token.group().lower() in names.PARTICLES:
            # "van den Broek", "De Vries", "el Amrani": particles, then a surname or unknown word
            k = i
            while k < len(tokens) and tokens[k].group().lower() in names.PARTICLES:
                k += 1
            if k < len(tokens) and k > i and _adjacent(text, tokens[k - 1], tokens[k]):
                after = _name_kind(tokens[k].group(), False, part_of_name=True)
                if after in ("surname", "unknown") and tokens[k].group()[0].isupper():
                    kind, end, j = after, tokens[k].end(), k
        if kind is None:
            last = _name_by_context(text, tokens, i)
            if last is not None:
                found.append(Treffer(NAAM, token.start(), tokens[last].end()))
                i = last + 1
                continue
            i += 1
            continue
        # The parts that follow: "Daan Jansen", "Fatima el Amrani", "Ayşe Yılmaz".
        k = j + 1
        while k < len(tokens) and _adjacent(text, tokens[k - 1], tokens[k]):
            word = tokens[k].group()
            if word.lower() in names.PARTICLES:
                k += 1
                continue
            if word[0].isupper() and _name_kind(word, False, part_of_name=True) is not None:
                end, j = tokens[k].end(), k
                k += 1
                continue
            break
        found.append(Treffer(NAAM, start, end))
        i = j + 1
    return found


def _surname_after_initials(word: str) -> bool:
    """"S. Bakker" but not "A, B en C. Meldnorm A": a surname of the lists, or no word."""
    lex = names.lexicon()
    lower = word.lower()
    if lower in lex.project_words or lower in lex.not_names or lower in lex.places:
        return False
    return lower.split("-")[-1] in lex.surnames or not names.is_dutch_word(lower)


_NUMMER_NA_NAAM = re.compile(rf"\s+{_HUISNUMMER}(?![\d\-–.,:]\d)")


def _street_without_suffix(text: str, hit: Treffer) -> Treffer:
    """A name directly followed by a house number is a street: "Rokin 112", "Lange Voorhout 5"."""
    if hit.soort != NAAM:
        return hit
    number = _NUMMER_NA_NAAM.match(text, hit.eind)
    if number is None:
        return hit
    return Treffer(ADRES, hit.start, number.end())


def _adjacent(text: str, left: re.Match, right: re.Match) -> bool:
    return text[left.end() : right.start()] in (" ", "  ")


def _not_name_spans(text: str) -> List[tuple]:
    """Where the phrases of ``knowledge/privacy.yml`` ("Veilig Thuis", "Raad voor de
    Kinderbescherming") stand in ``text``."""
    lower = text.lower()
    spans = []
    for phrase in names.lexicon().not_names:
        if " " in phrase or "-" in phrase:
            for match in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", lower):
                spans.append((match.start(), match.end()))
    return spans


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
    if words in NIET_NAMEN or words in names.lexicon().not_names:
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
    # After the pattern finders, so that on the same span "school" or a context name wins.
    found += _lexicon_names(text)
    # A name found once in context ("mijn leerling Sanne", "Bloem, een meisje") is a name
    # everywhere in the text ("... zegt dat Sanne bang is", "Bloem had ...").
    for name in {text[t.start : t.eind] for t in found if t.soort == NAAM}:
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            found.append(Treffer(NAAM, match.start(), match.end()))
    found = [_street_without_suffix(text, hit) for hit in found]
    # Redacting twice changes nothing (the channel redacts, the tracker store again): nothing
    # inside or across a placeholder ("rekening [IBAN]" once became "[[NAAM]]").
    placeholders = [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)]
    found = [h for h in found if not any(h.start < e and s < h.eind for s, e in placeholders)]
    found.sort(key=lambda t: (t.start, -(t.eind - t.start)))
    kept: List[Treffer] = []
    for hit in found:
        if not kept or hit.start >= kept[-1].eind:
            kept.append(hit)
    return kept


def without_placeholders(text: str) -> str:
    """``text`` with the placeholders left out, for models that never saw them in training
    (the danger classifier, the sentence vectors): "[NAAM] heeft een mes" reads as
    " heeft een mes", not as something unusual."""
    if "[" not in text:
        return text
    return re.sub(r"\s{2,}", " ", _PLACEHOLDER.sub(" ", text)).strip()


def redact(text: Optional[str]) -> Redactie:
    """The text with every piece of personal data replaced by its placeholder."""
    if not text:
        return Redactie(text or "", [])
    text = normalise(text)
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
