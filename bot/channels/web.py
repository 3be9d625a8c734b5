"""The web chat widget's sessions: ids issued and signed by the server, never chosen by a client.

Rasa's stock socket.io channel uses whatever ``session_id`` a client sends as the conversation
id, so anyone who guesses or picks an id can read and write that conversation. Here a session
id is ``<random>.<signature>``: a client can keep its own id (sessionStorage, for a reload) but
cannot make one up.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Iterable, List, Optional

from bot.channels import incoming

SESSION_PREFIX = "web-"
_RANDOM_BYTES = 16
_SIGNATURE_CHARS = 32


def _signature(secret: bytes, random_part: str) -> str:
    return hmac.new(secret, random_part.encode("ascii"), hashlib.sha256).hexdigest()[
        :_SIGNATURE_CHARS
    ]


def new_session_id(secret: bytes) -> str:
    """A fresh, unguessable session id signed with ``secret``."""
    random_part = SESSION_PREFIX + secrets.token_hex(_RANDOM_BYTES)
    return f"{random_part}.{_signature(secret, random_part)}"


def is_valid_session_id(secret: bytes, session_id: object) -> bool:
    """True for an id this server (with this secret) issued; False for anything else."""
    if not isinstance(session_id, str) or len(session_id) > 200:
        return False
    random_part, dot, signature = session_id.rpartition(".")
    if not dot or not random_part.startswith(SESSION_PREFIX):
        return False
    return hmac.compare_digest(signature, _signature(secret, random_part))


def session_for(secret: bytes, requested: object) -> str:
    """The id a client asked to continue if it is genuine, otherwise a new one."""
    return requested if is_valid_session_id(secret, requested) else new_session_id(secret)


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
