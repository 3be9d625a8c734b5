"""bot.channels.web: server-issued session ids and the origin allow-list."""

import asyncio

import pytest

from bot.channels import web

SECRET = b"test-secret"
KEY = "k" * 43  # a page key, as the widget makes them


def test_a_new_session_id_is_valid_and_unique():
    ids = {web.new_session_id(SECRET, KEY) for _ in range(50)}
    assert len(ids) == 50
    assert all(web.is_valid_session_id(SECRET, i, KEY) for i in ids)


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
    session = web.session_for(SECRET, requested, KEY)
    assert session != requested
    assert web.is_valid_session_id(SECRET, session, KEY)


def test_a_genuine_session_is_continued_with_its_page_key():
    session = web.new_session_id(SECRET, KEY)
    assert web.session_for(SECRET, session, KEY) == session


@pytest.mark.parametrize("page_key", [None, "", "k" * 42 + "x", "kort", 123, "k" * 40 + "!!!"])
def test_a_session_id_without_its_page_key_is_not_continued(page_key):
    """A client that got hold of someone's id (no Origin, a log) cannot replay it."""
    session = web.new_session_id(SECRET, KEY)
    assert web.session_for(SECRET, session, page_key) != session


def test_without_a_page_key_a_session_cannot_be_continued_at_all():
    session = web.new_session_id(SECRET, None)
    assert not web.is_valid_session_id(SECRET, session, None)
    assert not any(web.is_valid_session_id(SECRET, session, k) for k in (KEY, "a" * 32))


def test_a_session_id_expires():
    issued = 1_000_000.0
    session = web.new_session_id(SECRET, KEY, now=issued)
    assert web.is_valid_session_id(SECRET, session, KEY, now=issued + 3600, lifetime=7200)
    assert not web.is_valid_session_id(SECRET, session, KEY, now=issued + 7201, lifetime=7200)
    assert web.session_for(SECRET, session, KEY, now=issued + 13 * 3600) != session
    assert web.lifetime_from(None) == 12 * 3600 and web.lifetime_from("2") == 7200


def test_the_issue_time_cannot_be_changed():
    session = web.new_session_id(SECRET, KEY, now=1_000_000)
    random_part, issued, signature = session.split(".")
    forged = f"{random_part}.{int(issued) + 10_000}.{signature}"
    assert not web.is_valid_session_id(SECRET, forged, KEY, now=1_000_000)


def test_an_id_signed_with_another_secret_is_not_accepted():
    assert not web.is_valid_session_id(SECRET, web.new_session_id(b"other", KEY), KEY)


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


@pytest.mark.parametrize("hours,continued", [("2", False), ("4", True), (None, True)])
def test_the_session_lifetime_comes_from_the_environment(monkeypatch, hours, continued):
    """MELDCODE_WEB_SESSION_HOURS decides whether the channel continues a 3-hour-old id."""
    import time

    from addons.web_channel import WebChatInput

    if hours is None:
        monkeypatch.delenv("MELDCODE_WEB_SESSION_HOURS", raising=False)
    else:
        monkeypatch.setenv("MELDCODE_WEB_SESSION_HOURS", hours)
    monkeypatch.setenv("MELDCODE_WEB_SESSION_SECRET", SECRET.decode())
    channel = WebChatInput.from_credentials({"cors_allowed_origins": ["http://localhost:8080"]})
    assert channel.lifetime == (float(hours) if hours else 12) * 3600

    # Through the socket's own session_request handler, with the socket.io calls recorded.
    channel.blueprint(on_new_message=None)
    sio, confirmed = channel.sio, []

    async def get_session(sid):
        return {}

    async def nothing(*args, **kwargs):
        return None

    async def emit(event, data, room=None):
        confirmed.append(data)

    for name, replacement in [
        ("get_session", get_session),
        ("save_session", nothing),
        ("enter_room", nothing),
        ("leave_room", nothing),
        ("emit", emit),
    ]:
        monkeypatch.setattr(sio, name, replacement)
    three_hours_old = web.new_session_id(SECRET, KEY, now=time.time() - 3 * 3600)
    handler = sio.handlers["/"]["session_request"]
    asyncio.run(handler("sid-1", {"session_id": three_hours_old, "page_key": KEY}))
    assert (confirmed == [three_hours_old]) is continued
