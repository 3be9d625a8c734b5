"""bot.channels.web: server-issued session ids and the origin allow-list."""

import pytest

from bot.channels import web

SECRET = b"test-secret"


def test_a_new_session_id_is_valid_and_unique():
    ids = {web.new_session_id(SECRET) for _ in range(50)}
    assert len(ids) == 50
    assert all(web.is_valid_session_id(SECRET, i) for i in ids)


@pytest.mark.parametrize(
    "requested",
    [
        None,
        "",
        "mijn-eigen-id",
        "web-0123456789abcdef0123456789abcdef",  # no signature
        "web-0123456789abcdef0123456789abcdef.0000",  # wrong signature
        12345,
        {"id": "x"},
        "web-" + "a" * 500,
    ],
)
def test_a_client_cannot_choose_its_session(requested):
    session = web.session_for(SECRET, requested)
    assert session != requested
    assert web.is_valid_session_id(SECRET, session)


def test_a_genuine_session_is_continued():
    session = web.new_session_id(SECRET)
    assert web.session_for(SECRET, session) == session


def test_an_id_signed_with_another_secret_is_not_accepted():
    assert not web.is_valid_session_id(SECRET, web.new_session_id(b"other"))


def test_without_configured_secret_each_process_gets_its_own():
    assert web.secret_from(None) != web.secret_from(None)
    assert web.secret_from("abc") == b"abc"


@pytest.mark.parametrize(
    "configured,expected",
    [
        (None, []),
        ([], []),
        (["http://localhost:8080/"], ["http://localhost:8080"]),
        ("https://a.nl, https://b.nl", ["https://a.nl", "https://b.nl"]),
    ],
)
def test_allowed_origins(configured, expected):
    assert web.allowed_origins(configured) == expected


@pytest.mark.parametrize("configured", ["*", ["https://a.nl", "*"], "a.nl", "https://a.nl/pad"])
def test_wildcards_and_non_origins_are_refused(configured):
    with pytest.raises(ValueError):
        web.allowed_origins(configured)


@pytest.mark.parametrize(
    "data,expected",
    [
        ({"message": " hoi "}, "hoi"),
        ({"message": "   "}, None),
        ({"message": 5}, None),
        ({}, None),
        ("hoi", None),
        (None, None),
    ],
)
def test_clean_message(data, expected):
    assert web.clean_message(data) == expected
