"""Check every supporting quote of every answer against its source (``make check-sources``).

Each answer text in ``knowledge/`` carries, per paragraph, short quotes from its sources: the
words of the source, used only as evidence and never shown to users. This check finds every
quote in the named source and section, and checks that every paragraph of every text has at
least one quote. It prints one line per problem (file, topic, paragraph, quote) and exits 1
when there is any.

Where the quotes live
- ``knowledge/faq/<id>.yml``: under each entry of ``bronnen``, ``citaten: [{alinea, kop, tekst}]``
  (the source is the entry's ``bron``);
- ``knowledge/afwegingskader.yml``: per outcome, ``citaten: [{alinea, bron, kop, tekst}]``;
- ``knowledge/melden_zonder_toestemming.yml`` and ``knowledge/veilig_thuis_gesprek.yml``:
  top-level ``citaten: {<text key>: [{alinea, bron, kop, tekst}]}``, the key naming the text
  (``vragen.belang``, ``daarna.melding``, ``klaarleggen.punten`` ...);
- ``knowledge/citaten_domein.yml``: quotes for Rasa responses in ``domain/*.yml`` that make
  claims (``utter_explain_*``, ``utter_wat_nu_*`` ...), with the patterns that must be covered.

``alinea`` is the paragraph number, counted from 1; paragraphs are separated by a blank line
(a list belongs to the paragraph it is in). In a list of texts (``klaarleggen.punten``) each
item is a paragraph. A citation line ("Bron: ...", "(Bron: ...)") is not a paragraph.

How a quote is found (``find``)
Both the source text and the quote are compared after NFKC, case folding, typographic quotes
made plain, HTML tags and markdown ``*`` dropped, and all whitespace, hyphens, dashes and
soft hyphens removed. So "kinder-\\nmishandeling", "kinder mishandeling" (PDF layout) and OCR
line breaks match "kindermishandeling"; other punctuation and the letters must be the same.
A quote has at most 25 words.

How sections are located (``sections``)
The seed files are text extractions without reliable structure, so the heading lines are
declared: a heading is
1. a markdown heading line (``#`` ... ``######``) in the file, or
2. a line listed under ``koppen`` of that source in ``knowledge/bronnen.yml``. A listed line
   matches when its words equal the line's words (case, punctuation and markdown ignored).
   It must occur exactly once, or say which occurrence with ``{kop: ..., keer: n}``; the
   other occurrences are then ordinary text.
A section runs from its heading line to the next heading line, or to the end of the file.
``(begin)`` is the text before the first heading. A quote's ``kop`` names the heading; the
quote must lie inside a section with that heading (where a markdown heading occurs twice,
inside either).

External sources (no ``bestand``: websites such as veiligthuis.nl) cannot be fetched here:
their sentences are registered in ``knowledge/bronnen.yml`` (``citaten: [{sectie, tekst,
url}]``), and a quote from such a source must be part of a registered sentence. Sources in
this repository (``bestand_project``, e.g. README.md) are checked like seeds.

The seeds live in ``../shared/seeds/`` (``--seeds`` or ``MELDCODE_SEEDS_DIR`` to change it).
The project never needs them at run time or in tests: without them, the checks that need no
seed still run (paragraph coverage, quote length, registered external quotes, the README)
and the seed lookups are skipped with a message.

Usage: ``python -m scripts.check_sources [--seeds DIR]``
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Union

import yaml

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
MAX_QUOTE_WORDS = 25
BEGIN = "(begin)"

# ---- matching -----------------------------------------------------------------------------

_DROP = set(" \t\r\n\f\v\u00a0\u2009\u202f-\u2010\u2011\u2012\u2013\u2014\u2015\u00ad*•")
_PLAIN = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u00b4": "'",
          "`": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'}  # fmt: skip
_TAG = re.compile(r"<[^>\n]{1,200}>")


def normalize(text: str) -> Tuple[str, List[int]]:
    """The text as compared, and for each character kept its offset in ``text``."""
    text = _TAG.sub(lambda m: " " * len(m.group()), text)
    chars: List[str] = []
    offsets: List[int] = []
    for offset, char in enumerate(text):
        if char in _DROP or char.isspace():
            continue
        for out in unicodedata.normalize("NFKC", _PLAIN.get(char, char)).casefold():
            if out in _DROP or out.isspace():
                continue
            chars.append(out)
            offsets.append(offset)
    return "".join(chars), offsets


def find(text: str, quote: str) -> List[Tuple[int, int]]:
    """Every place the quote occurs in the text: (start, end) offsets in the original text."""
    haystack, offsets = normalize(text)
    needle, _ = normalize(quote)
    if not needle:
        return []
    found = []
    start = haystack.find(needle)
    while start != -1:
        found.append((offsets[start], offsets[start + len(needle) - 1] + 1))
        start = haystack.find(needle, start + 1)
    return found


# ---- sections -----------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s*#{1,6}\s+\S")


def heading_key(line: str) -> str:
    """A heading's words: case, punctuation and markdown ignored."""
    line = unicodedata.normalize("NFKC", line).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", line).split())


@dataclass(frozen=True)
class Section:
    key: str  # heading_key of the heading, or BEGIN
    start: int
    end: int


Kop = Union[str, Dict]


def sections(text: str, koppen: Sequence[Kop] = ()) -> Tuple[List[Section], List[str]]:
    """The sections of a text, and the problems with the declared headings (see module doc)."""
    problems: List[str] = []
    lines: List[Tuple[int, str]] = []  # (offset, line)
    offset = 0
    for line in text.splitlines(keepends=True):
        lines.append((offset, line))
        offset += len(line)
    heads: Dict[int, str] = {}  # line offset -> heading key
    for start, line in lines:
        if _MD_HEADING.match(line):
            heads[start] = heading_key(line)
    for kop in koppen:
        name, keer = (kop, None) if isinstance(kop, str) else (kop["kop"], kop.get("keer"))
        key = heading_key(name)
        hits = [start for start, line in lines if heading_key(line) == key]
        if not hits:
            problems.append(f"heading '{name}' is not a line of the file")
        elif keer is None and len(hits) > 1:
            problems.append(f"heading '{name}' is on {len(hits)} lines: say which with 'keer'")
        elif keer is not None and not 1 <= keer <= len(hits):
            problems.append(f"heading '{name}': keer {keer}, but it is on {len(hits)} lines")
        else:
            heads[hits[(keer or 1) - 1]] = key
    starts = sorted(heads)
    result = [Section(BEGIN, 0, starts[0] if starts else len(text))]
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        result.append(Section(heads[start], start, end))
    return result, problems


def locate(text: str, secs: Sequence[Section], kop: str, quote: str) -> Optional[str]:
    """None when the quote is in a section named ``kop``; otherwise what is wrong."""
    key = BEGIN if kop.strip() == BEGIN else heading_key(kop)
    named = [s for s in secs if s.key == key]
    if not named:
        return f"section '{kop}' not found (not a heading of the file)"
    hits = find(text, quote)
    if not hits:
        return "quote not found in the source"
    if any(s.start <= a and b <= s.end for a, b in hits for s in named):
        return None
    where = sorted({s.key for a, _ in hits for s in secs if s.start <= a < s.end})
    return f"quote found, but in section {', '.join(repr(w) for w in where)}, not in '{kop}'"


# ---- what is checked ----------------------------------------------------------------------


@dataclass
class Quote:
    bron: str
    kop: str
    tekst: str
    alinea: int = 1


@dataclass
class Unit:
    """One text shown to users, with its paragraphs and quotes."""

    file: str
    topic: str
    paragraphs: List[str]
    quotes: List[Quote]
    bronnen: Optional[List[str]] = None  # source ids cited visibly; None: not checked
    problems: List[str] = field(default_factory=list)


_CITATION = re.compile(r"\s*\((Bron|Bronnen): [^()]*(\([^()]*\)[^()]*)*\)\s*$")


def paragraphs(text: str) -> List[str]:
    """Paragraphs separated by blank lines; a citation line or bracket is dropped."""
    result = []
    for block in re.split(r"\n\s*\n", text.strip()):
        block = _CITATION.sub("", block).strip()
        if block and not re.match(r"^(Bron|Bronnen): ", block):
            result.append(block)
    return result


def _quotes(raw: Iterable[dict], bron: Optional[str] = None) -> List[Quote]:
    return [
        Quote(
            bron=bron or q.get("bron", ""),
            kop=str(q.get("kop", "")),
            tekst=str(q.get("tekst", "")),
            alinea=int(q.get("alinea", 1)),
        )
        for q in raw or []
    ]


def _ids(references: Iterable[str]) -> List[str]:
    return [ref.partition(" §")[0].strip() for ref in references]


def _lookup(data: dict, key: str):
    value = data
    for part in key.split("."):
        value = value[part]
    return value


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def collect(knowledge: Path = KNOWLEDGE, domain: Path = ROOT / "domain") -> List[Unit]:
    """Every text that must carry quotes, with its quotes."""
    units: List[Unit] = []
    for path in sorted((knowledge / "faq").glob("*.yml")):
        data = _read(path)
        quotes = [q for b in data.get("bronnen", []) for q in _quotes(b.get("citaten"), b["bron"])]
        units.append(
            Unit(f"faq/{path.name}", data.get("id", path.stem), paragraphs(data["antwoord"]),
                 quotes, [b["bron"] for b in data.get("bronnen", [])])
        )  # fmt: skip

    data = _read(knowledge / "afwegingskader.yml")
    for key, value in data["uitkomsten"].items():
        units.append(
            Unit("afwegingskader.yml", key, paragraphs(value["toelichting"]),
                 _quotes(value.get("citaten")), _ids(value.get("bronnen", [])))
        )  # fmt: skip

    for name, keys in (
        ("melden_zonder_toestemming.yml", ["vragen.*", "onderbouwing.slot"]),
        (
            "veilig_thuis_gesprek.yml",
            ["klaarleggen.punten", "daarna.*", "identiteit", "ouders_vooraf",
             "ouders_geen_reden", "bellen"],
        ),
    ):  # fmt: skip
        data = _read(knowledge / name)
        citaten = data.get("citaten") or {}
        bronnen = data.get("bronnen")
        ids = _ids(bronnen if isinstance(bronnen, list) else sum(bronnen.values(), []))
        for pattern in keys:
            if pattern.endswith(".*"):
                base = pattern[:-2]
                names = [f"{base}.{k}" for k in _lookup(data, base)]
            else:
                names = [pattern]
            for key in names:
                value = _lookup(data, key)
                paras = value if isinstance(value, list) else paragraphs(value)
                units.append(Unit(name, key, list(paras), _quotes(citaten.get(key)), ids))

    path = knowledge / "citaten_domein.yml"
    if path.exists():
        data = _read(path)
        responses: Dict[str, str] = {}
        for domain_file in sorted(domain.glob("*.yml")):
            for rname, variants in (_read(domain_file).get("responses") or {}).items():
                if variants and isinstance(variants[0], dict) and "text" in variants[0]:
                    responses[rname] = variants[0]["text"]
        citaten = data.get("responses") or {}
        required = [re.compile(p) for p in data.get("verplicht", [])]
        must = {r for r in responses if any(p.fullmatch(r) for p in required)}
        names = sorted(set(citaten) | must)
        for rname in names:
            unit = Unit("citaten_domein.yml", rname, [], _quotes(citaten.get(rname)))
            if rname not in responses:
                unit.problems.append("no such response in domain/*.yml")
            else:
                unit.paragraphs = paragraphs(responses[rname])
            units.append(unit)
    return units


# ---- the check ----------------------------------------------------------------------------


@dataclass
class Source:
    id: str
    text: Optional[str]  # None: an external source, or a seed that is not available
    sections: List[Section]
    registered: List[str]  # external sources: the registered sentences
    external: bool
    problems: List[str]


def load_sources(knowledge: Path, seeds: Optional[Path]) -> Dict[str, Source]:
    registry = _read(knowledge / "bronnen.yml")
    result: Dict[str, Source] = {}
    for raw in registry.get("bronnen", []):
        problems: List[str] = []
        text = None
        secs: List[Section] = []
        path = None
        if raw.get("bestand_project"):
            path = knowledge.parent / raw["bestand_project"]
        elif raw.get("bestand") and seeds is not None:
            path = seeds / raw["bestand"]
        if path is not None:
            if path.exists():
                text = path.read_text(encoding="utf-8")
                secs, problems = sections(text, raw.get("koppen") or [])
            else:
                problems.append(f"file {path} is missing")
        external = not raw.get("bestand") and not raw.get("bestand_project")
        registered = []
        if external:
            if not raw.get("url"):
                problems.append("external source without url")
            for item in raw.get("citaten") or []:
                if not item.get("url") or not item.get("tekst"):
                    problems.append("registered sentence without url or tekst")
                registered.append(item.get("tekst", ""))
            if not registered:
                problems.append("external source without a registered sentence (citaten)")
        result[raw["id"]] = Source(raw["id"], text, secs, registered, external, problems)
    return result


def check_quote(quote: Quote, sources: Dict[str, Source]) -> Tuple[str, Optional[str]]:
    """('ok' | 'skipped' | 'fout', problem)."""
    words = len(quote.tekst.split())
    if not quote.tekst.strip():
        return "fout", "empty quote"
    if words > MAX_QUOTE_WORDS:
        return "fout", f"quote has {words} words; at most {MAX_QUOTE_WORDS}"
    source = sources.get(quote.bron)
    if source is None:
        return "fout", f"unknown source '{quote.bron}'"
    if source.external:
        if any(find(sentence, quote.tekst) for sentence in source.registered):
            return "ok", None
        return "fout", f"not part of a sentence registered for '{quote.bron}' in bronnen.yml"
    if not quote.kop.strip():
        return "fout", "quote without kop (the section heading in the source)"
    if source.text is None:
        return "skipped", None
    problem = locate(source.text, source.sections, quote.kop, quote.tekst)
    return ("fout", problem) if problem else ("ok", None)


@dataclass
class Report:
    problems: List[str]
    checked: int
    skipped: int
    paragraphs: int
    covered: int
    statuses: Dict[Tuple[str, str, int], List[Tuple[Quote, str, Optional[str]]]]


def run(knowledge: Path = KNOWLEDGE, seeds: Optional[Path] = DEFAULT_SEEDS,
        domain: Path = ROOT / "domain") -> Report:  # fmt: skip
    sources = load_sources(knowledge, seeds if seeds and seeds.is_dir() else None)
    problems = [f"bronnen.yml: {sid}: {p}" for sid, s in sources.items() for p in s.problems]
    checked = skipped = total = covered = 0
    statuses: Dict[Tuple[str, str, int], List[Tuple[Quote, str, Optional[str]]]] = {}
    for unit in collect(knowledge, domain):
        where = f"{unit.file}: {unit.topic}"
        problems.extend(f"{where}: {p}" for p in unit.problems)
        for quote in unit.quotes:
            status, problem = check_quote(quote, sources)
            checked += status == "ok"
            skipped += status == "skipped"
            statuses.setdefault((unit.file, unit.topic, quote.alinea), []).append(
                (quote, status, problem)
            )
            if problem:
                problems.append(
                    f"{where}: paragraph {quote.alinea}: {quote.bron} / {quote.kop!r}: "
                    f"{problem}: \"{quote.tekst}\""
                )
            if not 1 <= quote.alinea <= len(unit.paragraphs):
                problems.append(
                    f"{where}: quote for paragraph {quote.alinea}, but the text has "
                    f"{len(unit.paragraphs)}: \"{quote.tekst}\""
                )
            if unit.bronnen is not None and quote.bron not in unit.bronnen:
                problems.append(
                    f"{where}: paragraph {quote.alinea}: quote from '{quote.bron}', "
                    f"which the text does not cite: \"{quote.tekst}\""
                )
        for number, text in enumerate(unit.paragraphs, start=1):
            total += 1
            if any(q.alinea == number for q in unit.quotes):
                covered += 1
            else:
                short = " ".join(text.split())[:70]
                problems.append(f"{where}: paragraph {number} has no quote: \"{short}...\"")
    return Report(problems, checked, skipped, total, covered, statuses)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("MELDCODE_SEEDS_DIR", DEFAULT_SEEDS))
    parser.add_argument("--seeds", type=Path, default=default)
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        print(f"SKIP: no seeds at {args.seeds}: quotes from the seed files are not checked "
              "(paragraph coverage, external and README quotes still are).")  # fmt: skip
    report = run(seeds=args.seeds)
    for problem in report.problems:
        print(problem)
    print(
        f"check-sources: {report.checked} quotes found in their source and section, "
        f"{report.skipped} skipped (no seeds); {report.covered} of {report.paragraphs} "
        f"paragraphs have a quote; {len(report.problems)} problems."
    )
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
