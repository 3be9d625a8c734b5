"""The web chat widget's sessions: ids issued and signed by the server, never chosen by a client.

Rasa's stock socket.io channel uses whatever ``session_id`` a client sends as the conversation
id, so anyone who guesses or picks an id can read and write that conversation. Here a session
id is ``web-<random>.<issued>.<signature>``: a client can keep its own id (sessionStorage, for
a reload) but cannot make one up. The signature also covers

- a **page key**: a random secret the widget keeps in the page's sessionStorage and sends
  only when it connects. An id is continued only together with the key it was issued for, so
  a client that got hold of someone's session id (a log, a shared screen) cannot replay it;
  a client without a usable key gets an id bound to a key nobody knows (it works for that
  socket, but cannot be continued);
- the time it was **issued**: after ``SESSION_LIFETIME_SECONDS`` (MELDCODE_WEB_SESSION_HOURS,
  default 12) an id is no longer continued and the widget starts a new conversation.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from typing import Iterable, List, Optional

from bot.channels import incoming

SESSION_PREFIX = "web-"
SESSION_LIFETIME_SECONDS = 12 * 3600
_RANDOM_BYTES = 16
_SIGNATURE_CHARS = 32
_PAGE_KEY = re.compile(r"[A-Za-z0-9_-]{32,128}")


def is_page_key(page_key: object) -> bool:
    """A page key as the widget makes them: 32-128 letters, digits, "-" or "_"."""
    return isinstance(page_key, str) and _PAGE_KEY.fullmatch(page_key) is not None


def _signature(secret: bytes, unsigned: str, page_key: str) -> str:
    message = f"{unsigned}|{page_key}".encode("ascii")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:_SIGNATURE_CHARS]


def new_session_id(secret: bytes, page_key: object = None, now: Optional[float] = None) -> str:
    """A fresh, unguessable session id signed with ``secret``, bound to ``page_key``."""
    key = page_key if is_page_key(page_key) else secrets.token_urlsafe(32)  # nobody knows it
    issued = int(time.time() if now is None else now)
    unsigned = f"{SESSION_PREFIX}{secrets.token_hex(_RANDOM_BYTES)}.{issued}"
    return f"{unsigned}.{_signature(secret, unsigned, key)}"


def is_valid_session_id(
    secret: bytes,
    session_id: object,
    page_key: object = None,
    now: Optional[float] = None,
    lifetime: float = SESSION_LIFETIME_SECONDS,
) -> bool:
    """True for an id this server (with this secret) issued for ``page_key``, still in its
    lifetime; False for anything else."""
    if not isinstance(session_id, str) or len(session_id) > 200 or not is_page_key(page_key):
        return False
    unsigned, dot, signature = session_id.rpartition(".")
    random_part, dot_issued, issued = unsigned.rpartition(".")
    if not dot or not dot_issued or not random_part.startswith(SESSION_PREFIX):
        return False
    if not issued.isdigit() or not unsigned.isascii():
        return False
    if not hmac.compare_digest(signature, _signature(secret, unsigned, page_key)):
        return False
    age = (time.time() if now is None else now) - int(issued)
    return -60 <= age <= lifetime  # a minute of clock difference between instances


def session_for(
    secret: bytes,
    requested: object,
    page_key: object = None,
    now: Optional[float] = None,
    lifetime: float = SESSION_LIFETIME_SECONDS,
) -> str:
    """The id a client asked to continue if it is genuine, its own and current; else a new one."""
    if is_valid_session_id(secret, requested, page_key, now, lifetime):
        return requested  # type: ignore[return-value]
    return new_session_id(secret, page_key, now)


def lifetime_from(hours: Optional[str]) -> float:
    """MELDCODE_WEB_SESSION_HOURS as seconds (default 12 hours)."""
    try:
        value = float(hours) if hours else SESSION_LIFETIME_SECONDS / 3600
    except ValueError:
        value = SESSION_LIFETIME_SECONDS / 3600
    return max(value, 0.01) * 3600


def secret_from(value: Optional[str]) -> bytes:
    """The signing secret from configuration, or a random one for this process only.

    Without a configured secret the ids stop being valid when the server restarts, and several
    instances do not accept each other's ids: production sets MELDCODE_WEB_SESSION_SECRET.
    """
    if value:
        return value.encode("utf-8")
    return secrets.token_bytes(32)


def allowed_origins(configured: Iterable[str] | str | None) -> List[str]:
    """The origins that may open a socket: a list, or a comma-separated string (env variable).

    ``*`` is refused: the widget is meant for the organisation's own sites. An empty list
    means "same origin only".
    """
    if configured is None:
        return []
    items = configured.split(",") if isinstance(configured, str) else list(configured)
    origins = [str(item).strip().rstrip("/") for item in items if str(item).strip()]
    if "*" in origins:
        raise ValueError("'*' is not allowed as a web chat origin: list the sites by name")
    for origin in origins:
        if not origin.startswith(("http://", "https://")) or origin.count("/") != 2:
            raise ValueError(f"not an origin (scheme://host[:port]): {origin!r}")
    return origins


def clean_message(data: object) -> Optional[str]:
    """The text of a ``user_uttered`` payload for the assistant (cleaned; an intent trigger when
    too long: ``bot.channels.incoming``), or None when it carries no usable text."""
    if not isinstance(data, dict):
        return None
    message = data.get("message")
    if not isinstance(message, str):
        return None
    return incoming.prepared(message)
