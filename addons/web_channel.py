"""The web chat widget's channel: Rasa's socket.io channel, made safe.

Differences from ``rasa.core.channels.socketio.SocketIOInput`` (Rasa 3.6.21):
- only the configured origins may connect (stock: every origin, CORS handling switched off);
- the server issues signed session ids (``bot.channels.web``); a client cannot pick someone
  else's conversation, and messages go to the session of the socket, not to an id in the
  message (stock: the ``session_id`` in every message is trusted);
- the socket really joins its session's room (stock calls the coroutine ``enter_room``
  without awaiting it under python-socketio 5.x, so replies after a reload go nowhere);
- no metadata from the browser reaches the tracker (privacy);
- a session id is continued only with the page key it was issued for, and not after its
  lifetime (``bot.channels.web``); after "Nieuw gesprek" the socket leaves the old room;
- with ``require_origin: true`` (production) a connection without ``Origin`` is refused
  (python-socketio lets those through: its origin check needs the header);
- floods: at most ``flood.MAX_PENDING`` messages per conversation, a rate limit per client
  address (MELDCODE_RATE_LIMIT); a refused message gets a Dutch notice and is counted in the
  log (``bot.channels.flood``);
- a typed message can ask for its redacted form back (``echo_id``): the widget keeps the
  conversation in sessionStorage the way the server stores it (``bot.privacy``).

credentials.yml::

    addons.web_channel.WebChatInput:
      cors_allowed_origins: ["http://localhost:8080"]   # or MELDCODE_WEB_ORIGINS=a,b

      require_origin: false   # true in credentials.prod.yml

Environment: MELDCODE_WEB_ORIGINS (comma-separated, overrides the list),
MELDCODE_WEB_SESSION_SECRET (needed with several instances or restarts),
MELDCODE_WEB_SESSION_HOURS (lifetime of a session id, default 12), MELDCODE_RATE_LIMIT.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from addons import flood_guard
from bot import privacy
from bot.channels import flood, web

logger = logging.getLogger(__name__)

USER_EVENT = "user_uttered"
BOT_EVENT = "bot_uttered"
STORED_EVENT = "user_stored"  # the redacted text of a typed message, for the widget's history


class WebChatOutput(SocketIOOutput):
    """One chat bubble per response (stock splits a text at every blank line)."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"text": text.strip()})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list, **kwargs: Any
    ) -> None:
        quick_replies = [
            {"content_type": "text", "title": b["title"], "payload": b["payload"]} for b in buttons
        ]
        await self._send_message(
            recipient_id, {"text": text.strip(), "quick_replies": quick_replies}
        )


class WebChatInput(InputChannel):
    """Socket.io channel for the widget in ``web/``."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        credentials = credentials or {}
        origins = os.environ.get("MELDCODE_WEB_ORIGINS") or credentials.get("cors_allowed_origins")
        return cls(
            origins=web.allowed_origins(origins),
            secret=web.secret_from(os.environ.get("MELDCODE_WEB_SESSION_SECRET")),
            socketio_path=credentials.get("socketio_path", "/socket.io"),
            require_origin=bool(credentials.get("require_origin", False)),
            lifetime=web.lifetime_from(os.environ.get("MELDCODE_WEB_SESSION_HOURS")),
        )

    def __init__(
        self,
        origins: list,
        secret: bytes,
        socketio_path: str = "/socket.io",
        require_origin: bool = False,
        lifetime: float = web.SESSION_LIFETIME_SECONDS,
    ):
        self.origins = origins
        self.secret = secret
        self.socketio_path = socketio_path
        self.require_origin = require_origin
        self.lifetime = lifetime
        self.sio: Optional[AsyncServer] = None
        self.rate_limiter = flood.RateLimiter(
            flood.parse_rate_limit(os.environ.get("MELDCODE_RATE_LIMIT"))
        )
        self.refusals = flood.Refusals("Web chat")

    def get_output_channel(self) -> Optional[OutputChannel]:
        return WebChatOutput(self.sio, BOT_EVENT) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # None = same origin only; a list = exactly those origins. Never [] (= no check).
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=self.origins or None)
        self.sio = sio
        blueprint = SocketBlueprint(sio, self.socketio_path, "webchat_webhook", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        bounded = flood_guard.bounded(on_new_message, "Web chat")

        @sio.on("connect")
        async def connect(sid: str, environ: Dict[str, Any], auth: Any = None) -> bool:
            if self.require_origin and not environ.get("HTTP_ORIGIN"):
                logger.warning("Web chat: connection without Origin refused.")
                return False
            request = environ.get("sanic.request")
            client = (request.remote_addr or request.ip) if request is not None else ""
            await sio.save_session(sid, {"client": client or "?"})
            return True

        @sio.on("session_request")
        async def session_request(sid: str, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            page_key = data.get("page_key") if isinstance(data, dict) else None
            session_id = web.session_for(self.secret, requested, page_key, lifetime=self.lifetime)
            session = await sio.get_session(sid)
            previous = session.get("session_id")
            if previous and previous != session_id:
                await sio.leave_room(sid, previous)  # "Nieuw gesprek": no more of the old one
            await sio.save_session(sid, {**session, "session_id": session_id})
            await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on(USER_EVENT)
        async def handle_message(sid: str, data: Any) -> None:
            session = await sio.get_session(sid)
            session_id = session.get("session_id")
            text = web.clean_message(data)
            if not session_id or text is None:
                logger.debug("Web chat: message ignored (no session yet, or no text).")
                return
            output = WebChatOutput(sio, BOT_EVENT)
            if not self.rate_limiter.allow(session.get("client", "?")):
                self.refusals.count(flood.RATE_LIMITED)
                await output.send_text_message(session_id, flood.notices()[flood.RATE_LIMITED])
                return
            echo_id = data.get("echo_id")
            if isinstance(echo_id, int) and not isinstance(echo_id, bool):
                stored = {"echo_id": echo_id, "text": privacy.redact(text).tekst}
                await sio.emit(STORED_EVENT, stored, room=sid)
            await bounded(UserMessage(text, output, session_id, input_channel=self.name()))

        return blueprint
