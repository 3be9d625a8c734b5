"""bot.channels.flood: the per-conversation bound, the per-client rate limit, the counts."""

import logging

import pytest

from bot.channels import flood


def test_a_conversation_takes_max_pending_messages_then_refuses():
    admission = flood.Admission(max_pending=2)
    assert admission.enter("a") and admission.enter("a")
    assert not admission.enter("a")
    assert admission.enter("b")  # other conversations are not affected
    admission.leave("a")
    assert admission.enter("a")
    for _ in range(3):
        admission.leave("a")
    assert admission.pending("a") == 0


def test_the_rate_limit_is_a_token_bucket_per_client():
    now = [0.0]
    limiter = flood.RateLimiter((3, 3.0), clock=lambda: now[0])
    assert [limiter.allow("1.2.3.4") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("5.6.7.8")  # another client
    now[0] = 1.0  # one message a second comes back
    assert limiter.allow("1.2.3.4") and not limiter.allow("1.2.3.4")


def test_remembered_clients_are_bounded():
    limiter = flood.RateLimiter((1, 60.0), max_clients=10)
    for number in range(100):
        limiter.allow(f"client-{number}")
    assert len(limiter._buckets) == 10


@pytest.mark.parametrize(
    "value,expected",
    [
        (None, (60, 10.0)),
        ("5/1", (5, 1.0)),
        ("off", None),
        ("veel", (60, 10.0)),
        ("0/1", (60, 10.0)),
    ],
)
def test_parse_rate_limit(value, expected):
    assert flood.parse_rate_limit(value) == expected
    assert flood.RateLimiter(None).allow("x")


def test_every_refusal_is_logged_with_its_count(caplog):
    refusals = flood.Refusals("Web chat")
    with caplog.at_level(logging.WARNING):
        refusals.count(flood.TOO_MANY_MESSAGES)
        refusals.count(flood.TOO_MANY_MESSAGES)
    assert "2 refused" in caplog.records[-1].getMessage()


def test_the_notices_are_dutch_and_say_to_wait():
    notices = flood.notices()
    assert set(notices) == {flood.TOO_MANY_MESSAGES, flood.RATE_LIMITED}
    assert "te veel berichten tegelijk" in notices[flood.TOO_MANY_MESSAGES].lower()
    assert all("even geduld" in text.lower() and "112" in text for text in notices.values())
