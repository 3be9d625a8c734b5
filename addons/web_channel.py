"""The web chat widget's channel: Rasa's socket.io channel, made safe.

Differences from ``rasa.core.channels.socketio.SocketIOInput`` (Rasa 3.6.21):
- only the configured origins may connect (stock: every origin, CORS handling switched off);
- the server issues signed session ids (``bot.channels.web``); a client cannot pick someone
  else's conversation, and messages go to the session of the socket, not to an id in the
  message (stock: the ``session_id`` in every message is trusted);
- the socket really joins its session's room (stock calls the coroutine ``enter_room``
  without awaiting it under python-socketio 5.x, so replies after a reload go nowhere);
- no metadata from the browser reaches the tracker (privacy).

credentials.yml::

    addons.web_channel.WebChatInput:
      cors_allowed_origins: ["http://localhost:8080"]   # or MELDCODE_WEB_ORIGINS=a,b

Environment: MELDCODE_WEB_ORIGINS (comma-separated, overrides the list),
MELDCODE_WEB_SESSION_SECRET (needed with several instances or restarts).
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

from bot.channels import web

logger = logging.getLogger(__name__)

USER_EVENT = "user_uttered"
BOT_EVENT = "bot_uttered"


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
        )

    def __init__(self, origins: list, secret: bytes, socketio_path: str = "/socket.io"):
        self.origins = origins
        self.secret = secret
        self.socketio_path = socketio_path
        self.sio: Optional[AsyncServer] = None

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

        @sio.on("session_request")
        async def session_request(sid: str, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = web.session_for(self.secret, requested)
            await sio.save_session(sid, {"session_id": session_id})
            await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on(USER_EVENT)
        async def handle_message(sid: str, data: Any) -> None:
            session_id = (await sio.get_session(sid)).get("session_id")
            text = web.clean_message(data)
            if not session_id or text is None:
                logger.debug("Web chat: message ignored (no session yet, or no text).")
                return
            await on_new_message(
                UserMessage(
                    text,
                    WebChatOutput(sio, BOT_EVENT),
                    session_id,
                    input_channel=self.name(),
                )
            )

        return blueprint
