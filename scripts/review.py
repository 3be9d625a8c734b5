"""A content editor's view: every answer beside its supporting quotes (``make review``).

Writes ``reports/review.md``: per text (FAQ topic, afwegingskader outcome, the texts of the
melden-zonder-toestemming and Veilig Thuis dialogs, the domain responses with claims), each
paragraph as shown to users, and under it the quotes that support it, with source, section
and whether ``make check-sources`` found them (found / not checked: no seeds / PROBLEM).

Usage: ``python -m scripts.review [--seeds DIR] [--out FILE]``
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import List, Optional, Sequence

from scripts import check_sources as cs

OUT = cs.ROOT / "reports" / "review.md"
MARK = {"ok": "gevonden", "skipped": "niet gecontroleerd (geen seeds)", "fout": "PROBLEEM"}


def _quote_block(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.splitlines())


def render(report: cs.Report, units: List[cs.Unit], seeds_present: bool) -> str:
    lines = [
        "# Review: antwoorden en hun bronnen",
        "",
        "Per tekst: elke alinea zoals de gebruiker hem ziet, met daaronder de citaten die hem",
        "onderbouwen (bron, kop in de bron, en of `make check-sources` ze vond).",
        "",
        f"- {report.checked} citaten gevonden in hun bron en sectie, {report.skipped} niet "
        f"gecontroleerd{'' if seeds_present else ' (../shared/seeds ontbreekt)'}",
        f"- {report.covered} van {report.paragraphs} alinea's hebben een citaat",
        f"- {len(report.problems)} problemen",
        "",
    ]
    if report.problems:
        lines += ["## Problemen", ""] + [f"- {p}" for p in report.problems] + [""]
    current = None
    for unit in units:
        if unit.file != current:
            current = unit.file
            lines += [f"## {unit.file}", ""]
        lines += [f"### {unit.topic}", ""]
        if unit.bronnen:
            lines += [f"Geciteerd: {', '.join(unit.bronnen)}", ""]
        for number, text in enumerate(unit.paragraphs, start=1):
            lines += [f"**Alinea {number}**", "", _quote_block(text), ""]
            found = report.statuses.get((unit.file, unit.topic, number), [])
            if not found:
                lines += ["- PROBLEEM: geen citaat", ""]
            for quote, status, problem in found:
                mark = MARK[status] + (f": {problem}" if problem else "")
                lines.append(f"- \u201c{quote.tekst.strip()}\u201d \u2014 `{quote.bron}`, "
                             f"*{quote.kop or '(website)'}* \u2014 {mark}")  # fmt: skip
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("MELDCODE_SEEDS_DIR", cs.DEFAULT_SEEDS))
    parser.add_argument("--seeds", type=Path, default=default)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    report = cs.run(seeds=args.seeds)
    units = cs.collect()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(report, units, args.seeds.is_dir()), encoding="utf-8")
    print(f"Wrote {args.out} ({len(units)} texts, {len(report.problems)} problems).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
