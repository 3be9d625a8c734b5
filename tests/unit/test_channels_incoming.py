"""bot.channels.incoming and bot.channels.rest: what a channel hands to the assistant."""

import re
from pathlib import Path

import pytest

from bot.channels import incoming, rest
from bot.channels.incoming import MAX_MESSAGE_CHARS
from tests.unit.helpers import response_text

ROOT = Path(__file__).resolve().parents[2]
LONG = "Ik maak me zorgen over een leerling. " * 200  # ~7,400 characters


@pytest.mark.parametrize(
    "text, expected",
    [
        ("  hoi  ", "hoi"),
        ("regel 1\nregel 2\tmet tab", "regel 1\nregel 2\tmet tab"),
        ("nul\x00teken", "nul teken"),
        ("bel\x07 en escape\x1b[31m", "bel  en escape [31m"),
        ("los \ud800 surrogaat", "los   surrogaat"),
        ("\x00\x01\x02", ""),
        ("emoji 😟 en rtl مرحبا", "emoji 😟 en rtl مرحبا"),
    ],
)
def test_clean_text(text, expected):
    assert incoming.clean_text(text) == expected


def test_cleaned_text_can_be_stored_as_utf8():
    incoming.clean_text("a\ud800b\udfffc\x00").encode("utf-8")  # raises if something is left


@pytest.mark.parametrize(
    "text, expected",
    [
        ("wat is disclosure?", "wat is disclosure?"),
        ("x" * MAX_MESSAGE_CHARS, "x" * MAX_MESSAGE_CHARS),
        ("x" * (MAX_MESSAGE_CHARS + 1), "/message_too_long"),
        (LONG, "/message_too_long"),
        # Acute danger is never lost in a long message.
        (LONG + " Hij heeft nu een mes en dreigt haar te steken.", "/acute_danger"),
    ],
)
def test_admitted(text, expected):
    assert incoming.admitted(text) == expected


def test_the_widget_text_box_has_the_same_limit():
    widget = (ROOT / "web" / "src" / "widget.js").read_text(encoding="utf-8")
    assert re.search(r'maxlength:\s*"(\d+)"', widget).group(1) == str(MAX_MESSAGE_CHARS)


def test_the_reply_states_the_limit():
    assert f"{MAX_MESSAGE_CHARS:,}".replace(",", ".") + " tekens" in response_text(
        "utter_message_too_long"
    )


@pytest.mark.parametrize(
    "body, expected",
    [
        ({"sender": "a", "message": "hoi"}, rest.RestMessage("a", "hoi")),
        (  # metadata is accepted but dropped: nothing of it reaches the tracker store
            {"sender": "a", "message": " hoi\x00 ", "metadata": {"naam": "Sanne de Vries"}},
            rest.RestMessage("a", "hoi"),
        ),
        ({"sender": "a", "message": LONG}, rest.RestMessage("a", "/message_too_long")),
        (None, rest.NOT_AN_OBJECT),
        ([{"sender": "a", "message": "hoi"}], rest.NOT_AN_OBJECT),
        ("hoi", rest.NOT_AN_OBJECT),
        ({"message": "hoi"}, rest.BAD_SENDER),  # stock Rasa: the shared "default" conversation
        ({"sender": "", "message": "hoi"}, rest.BAD_SENDER),
        ({"sender": 12, "message": "hoi"}, rest.BAD_SENDER),
        ({"sender": " a", "message": "hoi"}, rest.BAD_SENDER),
        ({"sender": "a\nb", "message": "hoi"}, rest.BAD_SENDER),
        ({"sender": "a" * 129, "message": "hoi"}, rest.BAD_SENDER),
        ({"sender": "a"}, rest.BAD_MESSAGE),
        ({"sender": "a", "message": ["hoi"]}, rest.BAD_MESSAGE),
        ({"sender": "a", "message": None}, rest.BAD_MESSAGE),
        ({"sender": "a", "message": "  \n "}, rest.EMPTY_MESSAGE),
        ({"sender": "a", "message": "hoi", "metadata": "x"}, rest.BAD_METADATA),
    ],
)
def test_read_rest_body(body, expected):
    assert rest.read(body) == expected


def test_every_rest_error_has_a_dutch_explanation():
    messages = rest.error_messages()
    assert set(messages) == set(rest.CODES)
    assert all(isinstance(text, str) and len(text) > 20 for text in messages.values())


@pytest.mark.parametrize(
    "text, expected",
    [
        # Redacted before the assistant sees it.
        ("Noah uit mijn groep heeft honger", "[NAAM] uit mijn groep heeft honger"),
        ("bel moeder op 06 - 12 34 56 78", "bel moeder op [TELEFOON]"),
        # Intent triggers (buttons) stay as they are.
        ("/resume_form", "/resume_form"),
        ('/choose_topic{"topic": "disclosure"}', '/choose_topic{"topic": "disclosure"}'),
        # A slash that makes no trigger is dropped: the message is read as a message.
        ("/ mijn leerling is bewusteloos", "mijn leerling is bewusteloos"),
        ("//help hij heeft een mes", "help hij heeft een mes"),
        # Acute danger in an over-long message, however far in.
        ("bla " * 3000 + "vader staat nu met een mes in de klas. " + "x " * 40000, "/acute_danger"),
        ("bla " * 30000, "/message_too_long"),
        ("   ", None),
    ],
)
def test_prepared(text, expected):
    assert incoming.prepared(text) == expected
