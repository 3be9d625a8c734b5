"""bot.channels.teams without network: token checks, key rotation, activities in and out."""

from __future__ import annotations

import copy
import hashlib
import re
import time
from datetime import date
from pathlib import Path
from typing import Optional

import jwt
import pytest
import yaml
from cryptography.hazmat.primitives import serialization

from bot.channels import teams
from tests.fake_botframework import FakeBotFramework, SigningKey

APP_ID = "11111111-2222-3333-4444-555555555555"
TENANT = "99999999-8888-7777-6666-555555555555"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake():
    return FakeBotFramework(APP_ID, TENANT, url="http://fake.invalid")


def keys_of(fake, clock=time.monotonic, min_refresh=30):
    async def fetch(url):
        return fake.documents(url)

    return teams.OpenIdKeys(fake.openid_url, fetch_json=fetch, clock=clock, min_refresh=min_refresh)


async def check(fake, token, activity=None, keys=None, app_id=APP_ID):
    activity = activity or fake.activity("hoi")
    header = None if token is None else f"Bearer {token}"
    return await teams.authenticate(header, activity, app_id, keys or keys_of(fake))


@pytest.mark.anyio
async def test_a_valid_token_is_accepted(fake):
    claims = await check(fake, fake.token())
    assert claims["aud"] == APP_ID and claims["iss"] == teams.ISSUER


@pytest.mark.anyio
@pytest.mark.parametrize("algorithm", ["RS384", "RS512"])
async def test_the_other_rsa_algorithms_are_accepted(fake, algorithm):
    assert await check(fake, fake.token(algorithm=algorithm))


@pytest.mark.anyio
async def test_an_expired_token_within_five_minutes_leeway_is_accepted(fake):
    assert await check(fake, fake.token(exp=int(time.time()) - 240))


# name: (token and activity, what the refusal must be about)
REJECTED = {
    "missing token": (lambda f: (None, None), "missing"),
    "not a jwt": (lambda f: ("abc.def", None), "malformed"),
    "forged signature": (lambda f: (f.token(key=SigningKey("key-1")), None), "Signature"),
    "wrong issuer": (lambda f: (f.token(iss="https://sts.windows.net/x/"), None), "issuer"),
    "wrong audience": (lambda f: (f.token(aud="someone-else"), None), "audience"),
    "expired beyond leeway": (
        lambda f: (f.token(exp=int(time.time()) - 400), None),
        "expired",
    ),
    "no expiry": (lambda f: (f.token(exp=None), None), "exp"),
    "wrong serviceurl": (
        lambda f: (f.token(serviceurl="https://evil.example/"), None),
        "serviceurl",
    ),
    "no serviceurl": (lambda f: (f.token(serviceurl=None), None), "serviceurl"),
    "unknown key": (lambda f: (f.token(key=SigningKey("key-unknown")), None), "unknown key"),
    "channel not endorsed": (
        lambda f: (f.token(), f.activity("hoi", channelId="slack")),
        "endorsed",
    ),
    "activity with other serviceUrl": (
        lambda f: (f.token(), f.activity("hoi", serviceUrl="https://evil.example/")),
        "serviceurl",
    ),
}


@pytest.mark.anyio
@pytest.mark.parametrize("case", REJECTED, ids=list(REJECTED))
async def test_bad_requests_are_rejected(fake, case):
    make, reason = REJECTED[case]
    token, activity = make(fake)
    with pytest.raises(teams.AuthError) as refused:
        await check(fake, token, activity)
    assert reason.lower() in refused.value.reason.lower()


@pytest.mark.anyio
async def test_hs256_with_the_public_key_as_secret_is_rejected(fake):
    # The classic algorithm-confusion attack: an HMAC token, "signed" with a public value.
    public_pem = (
        fake.keys[0]
        .private.public_key()
        .public_bytes(
            encoding=serialization.Encoding.PEM,
            format=serialization.PublicFormat.SubjectPublicKeyInfo,
        )
    )
    token = jwt.encode(
        {"iss": teams.ISSUER, "aud": APP_ID, "exp": int(time.time()) + 60},
        hashlib.sha256(public_pem).hexdigest(),
        algorithm="HS256",
        headers={"kid": "key-1"},
    )
    with pytest.raises(teams.AuthError, match="algorithm"):
        await check(fake, token)


@pytest.mark.anyio
async def test_without_an_app_id_everything_is_rejected(fake):
    with pytest.raises(teams.AuthError, match="app id"):
        await check(fake, fake.token(), app_id="")


@pytest.mark.anyio
async def test_keys_are_fetched_lazily_and_cached(fake):
    keys = keys_of(fake)
    assert fake.key_fetches == 0
    await check(fake, fake.token(), keys=keys)
    await check(fake, fake.token(), keys=keys)
    assert fake.key_fetches == 1


@pytest.mark.anyio
async def test_an_unknown_key_id_refetches_the_keys_once_rotated(fake):
    now = [1000.0]
    keys = keys_of(fake, clock=lambda: now[0])
    await check(fake, fake.token(), keys=keys)
    fake.keys.append(SigningKey("key-2"))  # the Bot Framework rotates its keys
    now[0] += 31
    assert await check(fake, fake.token(key=fake.keys[1]), keys=keys)
    assert fake.key_fetches == 2


@pytest.mark.anyio
async def test_unknown_key_ids_do_not_cause_a_fetch_storm(fake):
    now = [1000.0]
    keys = keys_of(fake, clock=lambda: now[0])
    await check(fake, fake.token(), keys=keys)
    for number in range(5):
        with pytest.raises(teams.AuthError, match="unknown key"):
            await check(fake, fake.token(key=SigningKey(f"random-{number}")), keys=keys)
    assert fake.key_fetches == 1


@pytest.mark.anyio
async def test_unreachable_metadata_rejects_instead_of_crashing(fake):
    async def offline(url):
        raise teams.aiohttp.ClientConnectionError("offline")

    keys = teams.OpenIdKeys(fake.openid_url, fetch_json=offline)
    with pytest.raises(teams.AuthError, match="unknown key"):
        await check(fake, fake.token(), keys=keys)


# ---- activities in -----------------------------------------------------------------------

INCOMING = [
    ("plain text", {"text": "Mag ik melden?"}, "Mag ik melden?"),
    (
        "mention stripped",
        {"text": "<at>Meldcode-assistent</at> wat is stap 3?"},
        "wat is stap 3?",
    ),
    ("html entities", {"text": "ouders&nbsp;&amp; school"}, "ouders & school"),
    ("card submit", {"text": None, "value": {"payload": "/affirm"}}, "/affirm"),
    ("only a mention", {"text": "<at>Meldcode-assistent</at>"}, None),
    ("typing activity", {"type": "typing", "text": "x"}, None),
    ("control characters", {"text": "hoi\x00 daar\x07"}, "hoi daar"),
    ("over the length limit", {"text": "zorgen " * 400}, "/message_too_long"),
    ("card payload cleaned", {"text": None, "value": {"payload": "\x00/deny "}}, "/deny"),
]


@pytest.mark.parametrize("name,fields,expected", INCOMING, ids=[c[0] for c in INCOMING])
def test_incoming_text(fake, name, fields, expected):
    text = fields.get("text")
    fields = {k: v for k, v in fields.items() if k != "text"}
    assert teams.incoming_text(fake.activity(text, **fields)) == expected


def test_conversations_are_keyed_by_conversation_and_user_without_storing_them(fake):
    one = teams.sender_id(fake.activity("x"))
    other_user = teams.sender_id(fake.activity("x", **{"from": {"id": "29:user-2"}}))
    other_chat = teams.sender_id(fake.activity("x", conversation={"id": "a:conversation-2"}))
    assert len({one, other_user, other_chat}) == 3
    assert one == teams.sender_id(fake.activity("y"))
    assert "user-1" not in one and "conversation" not in one


@pytest.mark.parametrize(
    "members,expected",
    [([{"id": "29:user-1"}], True), ([{"id": f"28:{APP_ID}"}], False), ([], False)],
    ids=["user added", "only the bot added", "nobody"],
)
def test_welcome_when_someone_else_than_the_bot_is_added(fake, members, expected):
    activity = fake.activity(None, type="conversationUpdate", membersAdded=members)
    assert teams.wants_welcome(activity) is expected


# ---- activities out ----------------------------------------------------------------------


def test_a_text_reply_answers_the_incoming_activity(fake):
    incoming = fake.activity("hoi")
    reply = teams.reply_activity(incoming, {"text": "Hoi! **Welkom**"})
    assert reply["replyToId"] == incoming["id"]
    assert reply["recipient"] == incoming["from"] and reply["from"] == incoming["recipient"]
    assert reply["text"] == "Hoi! **Welkom**" and reply["textFormat"] == "markdown"
    assert "attachments" not in reply


def test_buttons_become_an_adaptive_card_that_submits_the_payload(fake):
    reply = teams.reply_activity(
        fake.activity("x"),
        {
            "text": "Is er acute onveiligheid?",
            "buttons": [
                {"title": "Ja", "payload": "/affirm"},
                {"title": "Nee", "payload": "/deny"},
            ],
        },
    )
    card = reply["attachments"][0]
    assert card["contentType"] == teams.ADAPTIVE_CARD
    assert card["content"]["body"][0]["text"] == "Is er acute onveiligheid?"
    assert [a["data"] for a in card["content"]["actions"]] == [
        {"payload": "/affirm"},
        {"payload": "/deny"},
    ]
    # Submitting the card brings the payload back as the user's message.
    submit = fake.activity(None, value=card["content"]["actions"][0]["data"])
    assert teams.incoming_text(submit) == "/affirm"


def test_an_empty_message_sends_nothing(fake):
    assert teams.reply_activity(fake.activity("x"), {"text": "  "}) is None


def test_single_tenant_token_url(fake):
    connector = teams.Connector(APP_ID, "secret", TENANT, "https://login.example")
    assert connector.token_url == f"https://login.example/{TENANT}/oauth2/v2.0/token"
    assert teams.Connector(APP_ID, "s").token_url.endswith("/botframework.com/oauth2/v2.0/token")


@pytest.mark.parametrize(
    "attempt,retry_after,expected",
    [(0, None, 0.5), (2, None, 2.0), (0, "3", 3.0), (0, "600", 10.0), (1, "soon", 1.0)],
)
def test_backoff(attempt, retry_after, expected):
    assert teams.Connector(APP_ID, "s")._wait(attempt, retry_after) == expected


@pytest.mark.parametrize(
    "tenants,tenant_id,expected",
    [
        ("", TENANT, [TENANT]),
        ("a-1, B-2", TENANT, ["a-1", "b-2"]),
        ("", "botframework.com", []),  # an old multi-tenant bot
        ("", "", []),
    ],
)
def test_allowed_tenants(tenants, tenant_id, expected):
    assert teams.allowed_tenants(tenants, tenant_id) == expected


def test_only_allowed_tenants_may_talk(fake):
    allowed = teams.allowed_tenants("", TENANT)
    assert teams.tenant_problem(fake.activity("hoi"), allowed) is None
    foreign = fake.activity("hoi", channelData={"tenant": {"id": "00000000-dead-beef"}})
    assert "allow-list" in teams.tenant_problem(foreign, allowed)
    assert "without a tenant" in teams.tenant_problem(fake.activity("hoi", channelData={}), allowed)
    assert teams.tenant_problem(foreign, []) is None  # multi-tenant: no list


# ---- echoed user text --------------------------------------------------------------------

LINK = "[klik](https://evil.example/login)"
# A Markdown link with brackets that are not escaped: Teams renders it as a live link.
LIVE_LINK = re.compile(r"(?<!\\)\[([^\]]+)(?<!\\)\]\(([^)\s]+)\)")


def domain_response(name: str, channel: Optional[str] = None) -> dict:
    for path in (ROOT / "domain").glob("*.yml"):
        responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        for variant in responses.get(name, []):
            if variant.get("channel") == channel:
                return copy.deepcopy(variant)
    raise LookupError(f"{name} for channel {channel!r} not in domain/")


def shown(reply: dict) -> str:
    """Every text the reply shows: its text and the TextBlocks of its cards."""
    cards = [a["content"] for a in reply.get("attachments", [])]
    blocks = [b["text"] for card in cards for b in card["body"] if b.get("type") == "TextBlock"]
    return "\n".join([reply.get("text") or "", *blocks])


def assert_inert(text: str) -> None:
    own = text.split("\nBron")[0]  # the source line is the bot's own text
    assert r"\[klik\](https://evil.example/login)" in own
    assert not LIVE_LINK.search(own)


def test_a_link_in_the_call_summary_card_stays_text(fake):
    from rasa.core.nlg.interpolator import interpolate

    from bot import veilig_thuis_gesprek as vt

    summary = vt.samenvatting({"vt_signalen": f"zie {LINK}"}, None, None, date(2024, 1, 2))
    card = interpolate(domain_response("utter_vt_summary", "teams"), {"samenvatting": summary})
    reply = teams.reply_activity(fake.activity("x"), card)
    assert reply["attachments"][0]["contentType"] == teams.ADAPTIVE_CARD
    assert_inert(shown(reply))
    assert not reply["attachments"][0]["content"].get("actions")  # no buttons to follow


def test_a_link_in_the_mzt_rationale_stays_text(fake):
    from rasa.core.nlg.interpolator import interpolate

    from bot import melden_zonder_toestemming as mzt

    antwoorden = {vraag: "iets" for vraag in mzt.VRAGEN} | {"belang": f"zie {LINK}"}
    rationale = mzt.onderbouwing(antwoorden, date(2024, 1, 2))
    message = interpolate(domain_response("utter_mzt_rationale"), {"onderbouwing": rationale})
    reply = teams.reply_activity(fake.activity("x"), message)
    assert reply["textFormat"] == "markdown"
    assert_inert(shown(reply))
