"""Microsoft Teams (Bot Framework): request authentication, activities in and out, replies.

Framework-free; ``addons.teams_channel`` plugs it into Rasa. What Rasa 3.6's own
``botframework`` channel lacks and this module does (see issue #6):

- the whole Bot Framework token check: RS256/384/512 signature only, issuer, audience = our
  app id, expiry with 5 minutes leeway, the ``serviceurl`` claim equal to the activity's
  ``serviceUrl``, and the signing key endorsed for the activity's channel;
- keys from the OpenID metadata, fetched when first needed (start-up works offline), cached,
  and fetched again when a token names a key id we do not know (key rotation);
- reply tokens from a single tenant (new Azure bots) or the multi-tenant endpoint;
- replies over async HTTP with retry and back-off on 429 and 5xx;
- buttons as an Adaptive Card whose submit ``value`` comes back as the button payload;
- conversations keyed by a hash of the Teams conversation id and user id (no Teams names
  or ids in the tracker store);
- a tenant allow-list: with tenants configured (MELDCODE_TEAMS_TENANTS, or the single-tenant
  bot's MELDCODE_TEAMS_TENANT_ID), an activity from any other Microsoft 365 tenant
  (``channelData.tenant.id``), or without one, is refused with a logged reason (``tenant_problem``).
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import json
import logging
import re
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm

from bot.channels import incoming

logger = logging.getLogger(__name__)

ISSUER = "https://api.botframework.com"
OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
LOGIN_BASE_URL = "https://login.microsoftonline.com"
MULTI_TENANT = "botframework.com"
REPLY_SCOPE = "https://api.botframework.com/.default"
ALGORITHMS = ("RS256", "RS384", "RS512")
LEEWAY_SECONDS = 300
WELCOME_PAYLOAD = "/greet"
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"

FetchJson = Callable[[str], Awaitable[Dict[str, Any]]]


class AuthError(Exception):
    """A request that must be answered with 401; ``reason`` is for the log, not the caller."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


async def http_get_json(url: str, timeout: float = 10.0) -> Dict[str, Any]:
    limit = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(timeout=limit) as session, session.get(url) as response:
        response.raise_for_status()
        return await response.json(content_type=None)


class OpenIdKeys:
    """Signing keys of the Bot Framework, from its OpenID metadata.

    Fetched on first use; fetched again when the cache is older than ``max_age`` or a token
    names an unknown key id, but not more often than every ``min_refresh`` seconds (a flood of
    forged tokens with random key ids must not turn into a flood of requests).
    """

    def __init__(
        self,
        metadata_url: str = OPENID_METADATA_URL,
        fetch_json: FetchJson = http_get_json,
        max_age: float = 24 * 3600,
        min_refresh: float = 30,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.metadata_url = metadata_url
        self.fetch_json = fetch_json
        self.max_age = max_age
        self.min_refresh = min_refresh
        self.clock = clock
        self._keys: Dict[str, Dict[str, Any]] = {}
        self._fetched_at: Optional[float] = None
        self._lock = asyncio.Lock()

    async def _refresh(self) -> None:
        metadata = await self.fetch_json(self.metadata_url)
        jwks = await self.fetch_json(metadata["jwks_uri"])
        self._keys = {key["kid"]: key for key in jwks.get("keys", []) if "kid" in key}
        self._fetched_at = self.clock()

    async def get(self, kid: str) -> Optional[Dict[str, Any]]:
        async with self._lock:
            now = self.clock()
            stale = self._fetched_at is None or now - self._fetched_at > self.max_age
            may_refetch = self._fetched_at is None or now - self._fetched_at >= self.min_refresh
            if stale or (kid not in self._keys and may_refetch):
                try:
                    await self._refresh()
                except (aiohttp.ClientError, asyncio.TimeoutError, KeyError, ValueError) as error:
                    # Keep the keys we have; the request fails only if its key is unknown.
                    logger.error("Teams: could not fetch the Bot Framework keys: %r", error)
            return self._keys.get(kid)


def _normalise_url(url: Any) -> str:
    return url.rstrip("/").lower() if isinstance(url, str) else ""


async def authenticate(
    authorization: Optional[str], activity: Dict[str, Any], app_id: str, keys: OpenIdKeys
) -> Dict[str, Any]:
    """The claims of a valid Bot Framework request; raises ``AuthError`` otherwise."""
    if not app_id:
        raise AuthError("no Teams app id configured")
    if not authorization or not authorization.startswith("Bearer "):
        raise AuthError("missing bearer token")
    token = authorization[len("Bearer ") :].strip()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as error:
        raise AuthError(f"malformed token: {error}") from None
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise AuthError(f"algorithm not allowed: {algorithm!r}")
    kid = header.get("kid")
    if not isinstance(kid, str):
        raise AuthError("token without key id")
    jwk = await keys.get(kid)
    if jwk is None:
        raise AuthError(f"unknown key id {kid!r}")
    channel_id = activity.get("channelId")
    if channel_id not in (jwk.get("endorsements") or []):
        raise AuthError(f"key not endorsed for channel {channel_id!r}")
    try:
        public_key = RSAAlgorithm.from_jwk(json.dumps(jwk))
        claims = jwt.decode(
            token,
            public_key,
            algorithms=[algorithm],
            audience=app_id,
            issuer=ISSUER,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iss", "aud"]},
        )
    except (jwt.InvalidTokenError, ValueError, TypeError) as error:
        raise AuthError(f"invalid token: {error}") from None
    if not _normalise_url(claims.get("serviceurl")) or _normalise_url(
        claims.get("serviceurl")
    ) != _normalise_url(activity.get("serviceUrl")):
        raise AuthError("serviceurl claim does not match the activity")
    return claims


# ---- tenants ------------------------------------------------------------------------------


def allowed_tenants(tenants: Optional[str], tenant_id: Optional[str]) -> List[str]:
    """The tenants that may talk to the bot: the comma-separated list, else the single
    tenant of the bot itself; [] (every tenant) only for an old multi-tenant bot."""
    listed = [t.strip().lower() for t in (tenants or "").split(",") if t.strip()]
    if listed:
        return listed
    if tenant_id and tenant_id.strip().lower() != MULTI_TENANT:
        return [tenant_id.strip().lower()]
    return []


def tenant_of(activity: Dict[str, Any]) -> Optional[str]:
    channel_data = activity.get("channelData")
    tenant = channel_data.get("tenant") if isinstance(channel_data, dict) else None
    tenant_id = tenant.get("id") if isinstance(tenant, dict) else None
    return tenant_id if isinstance(tenant_id, str) and tenant_id else None


def tenant_problem(activity: Dict[str, Any], allowed: List[str]) -> Optional[str]:
    """Why an (authenticated) activity's tenant may not talk to the bot, or None."""
    if not allowed:
        return None
    tenant = tenant_of(activity)
    if tenant is None:
        return "activity without a tenant id"
    if tenant.lower() not in allowed:
        return f"tenant {tenant[:64]!r} is not in the allow-list"
    return None


# ---- activities in -----------------------------------------------------------------------

_MENTION = re.compile(r"<at[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def sender_id(activity: Dict[str, Any]) -> str:
    """One conversation per Teams conversation and user, without storing their ids."""
    conversation = (activity.get("conversation") or {}).get("id", "")
    user = (activity.get("from") or {}).get("id", "")
    digest = hashlib.sha256(f"{conversation}|{user}".encode()).hexdigest()[:32]
    return f"teams-{digest}"


def incoming_text(activity: Dict[str, Any]) -> Optional[str]:
    """What the user said: an Adaptive Card submit's payload, or the text without @mentions;
    cleaned, and an intent trigger when too long (``bot.channels.incoming``)."""
    if activity.get("type") != "message":
        return None
    value = activity.get("value")
    if isinstance(value, dict) and isinstance(value.get("payload"), str):
        return incoming.prepared(value["payload"])
    text = activity.get("text")
    if not isinstance(text, str):
        return None
    text = _TAG.sub(" ", _MENTION.sub(" ", text))
    # Control characters become spaces in clean_text: collapse the white space after it.
    return incoming.prepared(" ".join(incoming.clean_text(html.unescape(text)).split()))


def wants_welcome(activity: Dict[str, Any]) -> bool:
    """A conversationUpdate that adds someone other than the bot itself."""
    if activity.get("type") != "conversationUpdate":
        return False
    bot_id = (activity.get("recipient") or {}).get("id")
    added = activity.get("membersAdded") or []
    return any(isinstance(m, dict) and m.get("id") != bot_id for m in added)


# ---- activities out ----------------------------------------------------------------------


def adaptive_card(text: str, buttons: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The text with its buttons; a click submits ``{"payload": ...}`` back to the bot."""
    return {
        "contentType": ADAPTIVE_CARD,
        "content": {
            "type": "AdaptiveCard",
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "version": "1.4",
            "body": [{"type": "TextBlock", "text": text, "wrap": True}],
            "actions": [
                {
                    "type": "Action.Submit",
                    "title": str(button.get("title", "")),
                    "data": {"payload": str(button.get("payload", ""))},
                }
                for button in buttons
            ],
        },
    }


def reply_activity(incoming: Dict[str, Any], message: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The reply to ``incoming`` for one bot message (Rasa's dict: text, buttons, custom)."""
    text = (message.get("text") or "").strip()
    buttons = message.get("buttons") or message.get("quick_replies") or []
    custom = message.get("custom")
    reply: Dict[str, Any] = {
        "type": "message",
        "from": incoming.get("recipient"),
        "recipient": incoming.get("from"),
        "conversation": incoming.get("conversation"),
        "replyToId": incoming.get("id"),
    }
    if isinstance(custom, dict) and custom.get("contentType") == ADAPTIVE_CARD:
        reply["attachments"] = [custom]
        if text:
            reply["text"], reply["textFormat"] = text, "markdown"
    elif buttons:
        reply["attachments"] = [adaptive_card(text, buttons)]
    elif text:
        reply["text"], reply["textFormat"] = text, "markdown"
    else:
        return None
    return reply


# ---- replies -----------------------------------------------------------------------------


class ReplyError(Exception):
    """The Bot Framework did not take a reply, also after retrying."""


class Connector:
    """Posts replies to the Bot Framework connector with a cached app token.

    ``tenant`` is the Azure tenant id of a single-tenant bot (all new Azure bots), or
    ``botframework.com`` for an old multi-tenant one.
    """

    RETRY_STATUS = {429, 500, 502, 503, 504}

    def __init__(
        self,
        app_id: str,
        app_password: str,
        tenant: str = MULTI_TENANT,
        login_base_url: str = LOGIN_BASE_URL,
        retries: int = 3,
        backoff: float = 0.5,
        max_wait: float = 10.0,
        timeout: float = 10.0,
    ):
        self.app_id = app_id
        self.app_password = app_password
        self.token_url = f"{login_base_url.rstrip('/')}/{tenant}/oauth2/v2.0/token"
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._token: Optional[str] = None
        self._token_expires = 0.0
        self._lock = asyncio.Lock()

    async def _access_token(self, session: aiohttp.ClientSession) -> str:
        async with self._lock:
            if self._token and time.monotonic() < self._token_expires:
                return self._token
            form = {
                "grant_type": "client_credentials",
                "client_id": self.app_id,
                "client_secret": self.app_password,
                "scope": REPLY_SCOPE,
            }
            async with session.post(self.token_url, data=form) as response:
                if response.status != 200:
                    raise ReplyError(f"token endpoint answered {response.status}")
                body = await response.json(content_type=None)
            self._token = body["access_token"]
            # Renew five minutes before it runs out.
            self._token_expires = time.monotonic() + max(0, int(body.get("expires_in", 0)) - 300)
            return self._token

    def _wait(self, attempt: int, retry_after: Optional[str]) -> float:
        try:
            wanted = float(retry_after) if retry_after else None
        except ValueError:
            wanted = None
        if wanted is None:
            wanted = self.backoff * (2**attempt)
        return min(max(wanted, 0.0), self.max_wait)

    async def send(self, incoming: Dict[str, Any], activity: Dict[str, Any]) -> None:
        service_url = str(incoming.get("serviceUrl", "")).rstrip("/")
        conversation = (incoming.get("conversation") or {}).get("id", "")
        url = f"{service_url}/v3/conversations/{conversation}/activities"
        if incoming.get("id"):
            url += f"/{incoming['id']}"
        async with aiohttp.ClientSession(timeout=self.timeout) as session:
            for attempt in range(self.retries + 1):
                retry_after = None
                try:
                    token = await self._access_token(session)
                    async with session.post(
                        url, json=activity, headers={"Authorization": f"Bearer {token}"}
                    ) as response:
                        if response.status < 300:
                            return
                        if response.status == 401:
                            self._token = None  # fetch a fresh token for the next attempt
                        elif response.status not in self.RETRY_STATUS:
                            raise ReplyError(f"connector answered {response.status}")
                        retry_after = response.headers.get("Retry-After")
                        problem = f"connector answered {response.status}"
                except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                    problem = repr(error)
                if attempt == self.retries:
                    raise ReplyError(f"{problem} (after {attempt + 1} attempts)")
                delay = self._wait(attempt, retry_after)
                logger.warning("Teams: reply failed (%s); retry in %.1f s", problem, delay)
                await asyncio.sleep(delay)
