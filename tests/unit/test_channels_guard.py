"""bot.channels.guard and api_token: what the HTTP guard refuses on every route."""

import jwt
import pytest

from bot.channels import api_token, guard, rest

TOKEN = "t" * 40
DEV = guard.Settings(origins=["http://localhost:8080"])
PROD = guard.Settings(origins=["https://www.school.nl"], token=TOKEN)
SELF = "http://127.0.0.1:5005"


def refusal(settings, method="POST", path="/webhooks/rest/webhook", origin=None, auth=None, size=9):
    return guard.refusal(settings, method, path, origin, SELF, auth, size)


@pytest.mark.parametrize(
    "method,path,origin,expected",
    [
        ("POST", "/webhooks/rest/webhook", "http://evil.example", guard.ORIGIN_NOT_ALLOWED),
        ("POST", "/conversations/x/messages", "http://evil.example", guard.ORIGIN_NOT_ALLOWED),
        ("PUT", "/conversations/x/tracker/events", "null", guard.ORIGIN_NOT_ALLOWED),
        ("DELETE", "/model", "http://evil.example", guard.ORIGIN_NOT_ALLOWED),
        ("POST", "/webhooks/rest/webhook", "http://localhost:8080", None),  # the demo page
        ("POST", "/webhooks/rest/webhook", SELF, None),  # the server itself
        ("POST", "/webhooks/rest/webhook", None, None),  # curl, programs
        ("GET", "/conversations/x/tracker", "http://evil.example", None),  # not a change
        ("POST", "/socket.io/", "http://evil.example", None),  # socket.io checks itself
    ],
)
def test_cross_origin_state_changes_are_refused_in_development(method, path, origin, expected):
    assert refusal(DEV, method, path, origin) == expected


@pytest.mark.parametrize(
    "path",
    ["/status", "/version", "/conversations/x/tracker", "/model/parse", "/webhooks/rest/webhook"],
)
def test_production_routes_need_the_token_in_the_header(path):
    assert refusal(PROD, "GET", path) == guard.UNAUTHORIZED
    assert refusal(PROD, "GET", path, auth="Bearer wrong") == guard.UNAUTHORIZED
    assert refusal(PROD, "GET", path, auth=TOKEN) == guard.UNAUTHORIZED  # no "Bearer "
    assert refusal(PROD, "GET", path, auth=f"Bearer {TOKEN}") is None


@pytest.mark.parametrize(
    "path", ["/", "/socket.io/", "/webhooks/webchat/", "/webhooks/teams/webhook"]
)
def test_public_routes_in_production(path):
    assert refusal(PROD, "GET", path) is None


def test_bodies_are_capped_except_model_uploads():
    assert refusal(DEV, size=rest.MAX_BODY_BYTES) is None
    assert refusal(DEV, size=rest.MAX_BODY_BYTES + 1) == rest.TOO_LARGE
    assert refusal(DEV, path="/webhooks/rest/webhook/", size=50_000) == rest.TOO_LARGE
    assert refusal(DEV, path="/conversations/x/messages", size=200_000) == rest.TOO_LARGE
    assert refusal(DEV, path="/model", method="PUT", size=50_000_000) is None
    assert refusal(DEV, path="/model/train", size=5_000_000) is None


def test_every_guard_code_has_a_status_and_a_dutch_explanation():
    messages = rest.error_messages()
    assert set(guard.STATUS) <= set(messages)


@pytest.mark.parametrize(
    "user,path,allowed",
    [
        ({"username": "beheer", "role": "admin"}, "/status", True),
        ({"username": "a", "role": "user"}, "/conversations/a/tracker", True),
        ({"username": "a", "role": "user"}, "/conversations/b/tracker", False),
        ({"username": "a", "role": "user"}, "/status", False),
        ("admin", "/status", False),
    ],
)
def test_jwts_follow_rasas_roles(user, path, allowed):
    token = jwt.encode({"user": user}, "jwt-geheim-van-minstens-32-tekens-lang", algorithm="HS256")
    settings = guard.Settings(token=TOKEN, jwt_secret="jwt-geheim-van-minstens-32-tekens-lang")
    assert (refusal(settings, "GET", path, auth=f"Bearer {token}") is None) is allowed
    forged = jwt.encode({"user": user}, "iets-anders-ook-van-minstens-32-tekens", algorithm="HS256")
    assert refusal(settings, "GET", path, auth=f"Bearer {forged}") == guard.UNAUTHORIZED


def test_the_token_comes_from_the_environment_or_a_file(tmp_path):
    assert api_token.from_environment({"MELDCODE_API_TOKEN": TOKEN}) == TOKEN
    secret_file = tmp_path / "token"
    secret_file.write_text(TOKEN + "\n", encoding="utf-8")
    assert api_token.from_environment({"MELDCODE_API_TOKEN_FILE": str(secret_file)}) == TOKEN
    assert api_token.from_environment({"MELDCODE_API_TOKEN_FILE": str(tmp_path / "nee")}) == ""


def test_a_token_in_the_url_does_not_count():
    assert api_token.presented(None) is None
    assert not api_token.accepted(TOKEN, None)
    assert api_token.accepted(TOKEN, f"Bearer {TOKEN}")


def test_the_token_is_compared_in_constant_time(monkeypatch):
    compared = []
    compare_digest = api_token.hmac.compare_digest

    def spy(a, b):
        compared.append((a, b))
        return compare_digest(a, b)

    monkeypatch.setattr(api_token.hmac, "compare_digest", spy)
    assert api_token.accepted(TOKEN, f"Bearer {TOKEN}")
    assert not api_token.accepted(TOKEN, f"Bearer {TOKEN[:-1]}x")
    wrong = (TOKEN[:-1] + "x").encode()
    assert compared == [(TOKEN.encode(), TOKEN.encode()), (wrong, TOKEN.encode())]
