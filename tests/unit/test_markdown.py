"""bot.markdown.escape: echoed user text is shown as written, never as markup."""

import re
from datetime import date

import pytest

from bot import markdown
from bot import melden_zonder_toestemming as mzt
from bot import veilig_thuis_gesprek as vt

LINK = "[klik](https://evil.example/login)"
# What the widget renders as a link or as bold (web/src/widget.js, renderInline), escapes aside.
LIVE_LINK = re.compile(r"(?<!\\)\[([^\]]+)(?<!\\)\]\(([^)\s]+)\)")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("gewoon een antwoord.", "gewoon een antwoord."),
        (LINK, r"\[klik\](https://evil.example/login)"),
        ("**vet** en _schuin_", r"\*\*vet\*\* en \_schuin\_"),
        ("<b>x</b> `code` # kop | ~", r"\<b\>x\</b\> \`code\` \# kop \| \~"),
        ("a\\b", "a\\\\b"),
        ("- lijst", r"\- lijst"),
        ("1. punt", r"1\. punt"),
        ("5-jarige, 3.5 jaar", "5-jarige, 3.5 jaar"),
        # The redaction's placeholders read the same in every channel ...
        ("vader [NAAM] belde, [E-MAIL]", "vader [NAAM] belde, [E-MAIL]"),
        # ... but not as the text of a link, nor other bracketed words.
        ("[NAAM](https://evil.example)", r"\[NAAM\](https://evil.example)"),
        ("[NAAM] (https://evil.example)", r"\[NAAM\] (https://evil.example)"),
        ("[ANDERS]", r"\[ANDERS\]"),
    ],
)
def test_escape(text, expected):
    assert markdown.escape(text) == expected


def unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize("text", [LINK, "**x**", "a\\b [c](d)", "- x", "x ] ( [ y"])
def test_escaping_is_undone_by_the_renderer(text):
    assert unescaped(markdown.escape(text)) == text


def test_the_mzt_rationale_shows_a_link_as_text():
    antwoorden = {vraag: "iets" for vraag in mzt.VRAGEN} | {"belang": LINK}
    tekst = mzt.onderbouwing(antwoorden, date(2024, 1, 2))
    assert r"\[klik\](https://evil.example/login)" in tekst
    assert not LIVE_LINK.search(tekst.split("\nBron")[0])


def test_the_call_summary_shows_a_link_as_text():
    tekst = vt.samenvatting({"vt_rol": LINK, "vt_signalen": "**alarm**"}, None, None, date.today())
    assert r"\[klik\](https://evil.example/login)" in tekst and r"\*\*alarm\*\*" in tekst
    assert not LIVE_LINK.search(tekst.split("\nBron")[0])
