"""scripts/check_sources.py: how quotes are matched and sections located (small inline texts)."""

from pathlib import Path

import pytest
import yaml

from scripts import check_sources as cs

SEED = """\
Titel van de brochure
Een inleidende zin over de meldcode.

1. Eerste kop
Hier staat dat de kinder-
mishandeling   vaak in huiselijke
kring voorkomt, ook bij ‘aardige’ ouders.

## Tweede kop
Een melding doe je in principe op naam.

Eerste kop
Alleen dezelfde woorden als de kop, maar geen kop.
"""


def _sections(koppen=("1. Eerste kop",)):
    secs, problems = cs.sections(SEED, list(koppen))
    assert problems == []
    return secs


@pytest.mark.parametrize(
    "quote",
    [
        "de kindermishandeling vaak in huiselijke kring voorkomt",  # hyphen + line break
        "DE KINDER MISHANDELING VAAK",  # case, a word broken by layout
        "kring voorkomt, ook bij 'aardige' ouders",  # typographic quotes
        "de kinder-mishandeling\n vaak",
    ],
)
def test_quotes_match_across_hyphenation_whitespace_and_case(quote):
    assert cs.find(SEED, quote)


def test_other_letters_or_punctuation_do_not_match():
    assert not cs.find(SEED, "de kindermishandeling vaak in huiselijke kring voorkwam")
    assert not cs.find(SEED, "kring voorkomt ook bij")  # the comma is kept


def test_offsets_point_into_the_original_text():
    [(start, end)] = cs.find(SEED, "in principe op naam")
    assert SEED[start:end] == "in principe op naam"


def test_quote_in_the_named_section_passes():
    secs = _sections()
    assert cs.locate(SEED, secs, "1. Eerste kop", "huiselijke kring voorkomt") is None
    assert cs.locate(SEED, secs, "Tweede kop", "Een melding doe je in principe op naam") is None
    assert cs.locate(SEED, secs, cs.BEGIN, "Een inleidende zin over de meldcode") is None


def test_quote_in_another_section_fails_and_says_where():
    problem = cs.locate(SEED, _sections(), "1. Eerste kop", "in principe op naam")
    assert problem and "in section 'tweede kop'" in problem and "not in '1. Eerste kop'" in problem


def test_section_ends_at_the_next_heading():
    secs = _sections()
    # The markdown heading ends the declared section: its text is not in "1. Eerste kop".
    assert cs.locate(SEED, secs, "1. Eerste kop", "Een melding doe je") is not None


def test_missing_quote_and_unknown_section_are_reported():
    secs = _sections()
    assert cs.locate(SEED, secs, "1. Eerste kop", "dit staat er niet") == (
        "quote not found in the source"
    )
    assert "not found" in cs.locate(SEED, secs, "Derde kop", "in principe op naam")


def test_declared_heading_must_be_unambiguous_or_say_which():
    _, problems = cs.sections(SEED, ["Eerste kop"])  # only the plain line: once, fine
    assert problems == []
    text = SEED + "\nEerste kop\n"
    _, problems = cs.sections(text, ["Eerste kop"])
    assert "on 2 lines" in problems[0]
    secs, problems = cs.sections(text, [{"kop": "Eerste kop", "keer": 1}])
    assert problems == []
    assert cs.locate(text, secs, "Eerste kop", "Alleen dezelfde woorden") is None
    _, problems = cs.sections(SEED, ["Vierde kop"])
    assert "not a line of the file" in problems[0]


def test_paragraphs_drop_citation_lines():
    text = "Eerste alinea.\n- een lijst\n- hoort erbij\n\nTweede. (Bron: X, stap 1)\n\nBron: Y"
    assert cs.paragraphs(text) == ["Eerste alinea.\n- een lijst\n- hoort erbij", "Tweede."]


def _knowledge(tmp_path: Path, quotes: list, antwoord: str = "Een.\n\nTwee.") -> Path:
    root = tmp_path / "knowledge"
    (root / "faq").mkdir(parents=True)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "seed.txt").write_text(SEED, encoding="utf-8")
    (root / "bronnen.yml").write_text(yaml.safe_dump({"bronnen": [
        {"id": "seed", "bestand": "seed.txt", "koppen": ["1. Eerste kop"]},
        {"id": "web", "bestand": None, "url": "https://example.nl",
         "citaten": [{"sectie": "s", "tekst": "Bel gratis en dag en nacht.",
                      "url": "https://example.nl/a"}]},
    ]}), encoding="utf-8")  # fmt: skip
    entry = {"id": "t", "antwoord": antwoord, "bronnen": [
        {"bron": b, "sectie": "x", "citaten": [q for bb, q in quotes if bb == b]}
        for b in sorted({b for b, _ in quotes})]}  # fmt: skip
    (root / "faq" / "t.yml").write_text(yaml.safe_dump(entry), encoding="utf-8")
    (root / "afwegingskader.yml").write_text("uitkomsten: {}\n", encoding="utf-8")
    for name in ("melden_zonder_toestemming.yml", "veilig_thuis_gesprek.yml"):
        (root / name).write_text(
            "vragen: {}\nonderbouwing: {slot: ''}\nklaarleggen: {punten: []}\ndaarna: {}\n"
            "identiteit: ''\nouders_vooraf: ''\nouders_geen_reden: ''\nbellen: ''\nbronnen: []\n",
            encoding="utf-8",
        )
    return root


def _run(tmp_path, quotes, **kw):
    root = _knowledge(tmp_path, quotes, **kw)
    return cs.run(root, tmp_path / "seeds", tmp_path / "domain")


def test_every_paragraph_needs_a_quote(tmp_path):
    report = _run(tmp_path, [("seed", {"alinea": 1, "kop": "1. Eerste kop",
                                       "tekst": "huiselijke kring voorkomt"})])  # fmt: skip
    assert report.checked == 1 and report.covered == 1 and report.paragraphs == 2
    assert any("faq/t.yml: t: paragraph 2 has no quote" in p for p in report.problems)


def test_problems_name_file_topic_paragraph_and_quote(tmp_path):
    report = _run(tmp_path, [
        ("seed", {"alinea": 1, "kop": "1. Eerste kop", "tekst": "in principe op naam"}),
        ("web", {"alinea": 2, "kop": "", "tekst": "Bel gratis en dag en nacht"}),
    ])  # fmt: skip
    [problem] = report.problems
    assert problem.startswith("faq/t.yml: t: paragraph 1: seed / '1. Eerste kop': quote found")
    assert '"in principe op naam"' in problem


def test_external_quote_must_be_registered(tmp_path):
    report = _run(tmp_path, [
        ("seed", {"alinea": 1, "kop": "1. Eerste kop", "tekst": "vaak in huiselijke"}),
        ("web", {"alinea": 2, "kop": "", "tekst": "Bel altijd gratis"}),
    ])  # fmt: skip
    assert any("not part of a sentence registered for 'web'" in p for p in report.problems)


def test_long_quote_is_refused(tmp_path):
    report = _run(tmp_path, [("seed", {"alinea": 1, "kop": "1. Eerste kop",
                                       "tekst": "woord " * 26})])  # fmt: skip
    assert any("at most 25" in p for p in report.problems)


def test_without_seeds_seed_quotes_are_skipped_not_failed(tmp_path):
    root = _knowledge(tmp_path, [
        ("seed", {"alinea": 1, "kop": "1. Eerste kop", "tekst": "staat er niet"}),
        ("web", {"alinea": 2, "kop": "", "tekst": "Bel gratis"}),
    ])  # fmt: skip
    report = cs.run(root, tmp_path / "nergens", tmp_path / "domain")
    assert report.problems == [] and report.skipped == 1 and report.checked == 1


def test_main_skips_cleanly_without_seeds(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cs, "run", lambda seeds: cs.Report([], 0, 3, 1, 1, {}))
    assert cs.main(["--seeds", str(tmp_path / "nergens")]) == 0
    assert "SKIP: no seeds" in capsys.readouterr().out


def test_every_paragraph_of_the_project_has_a_quote_and_no_structural_problem(tmp_path):
    """Runs without the seeds: coverage, quote length, registered external sentences, README."""
    report = cs.run(seeds=tmp_path / "geen_seeds")
    assert report.problems == []
    assert report.covered == report.paragraphs > 100
