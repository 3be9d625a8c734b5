"""Microsoft Teams as a Rasa input channel: POST /webhooks/teams/webhook.

The checks and conversions are in ``bot.channels.teams``; this module only wires them into
Rasa. credentials.yml::

    addons.teams_channel.TeamsInput:
      app_id: ""          # or MELDCODE_TEAMS_APP_ID
      app_password: ""    # or MELDCODE_TEAMS_APP_PASSWORD (never commit it)
      tenant_id: ""       # or MELDCODE_TEAMS_TENANT_ID; empty = multi-tenant (old bots)
      tenants: ""         # or MELDCODE_TEAMS_TENANTS: tenants allowed to talk to the bot,
                          # comma-separated; default: tenant_id (empty for multi-tenant = all)

Without an app id every request is refused (401), so the channel is safe to leave on. An
activity from a tenant outside the allow-list is refused with 403 and a logged reason, and
gets no reply.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons import flood_guard
from bot.channels import teams

logger = logging.getLogger(__name__)


class TeamsOutput(OutputChannel):
    """Replies to one incoming activity through the Bot Framework connector."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    def __init__(self, connector: teams.Connector, incoming: Dict[str, Any]):
        self.connector = connector
        self.incoming = incoming

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        activity = teams.reply_activity(self.incoming, message)
        if activity is None:
            return
        try:
            await self.connector.send(self.incoming, activity)
        except teams.ReplyError as error:
            logger.error("Teams: reply lost: %s", error)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})


def _setting(credentials: Dict[str, Any], key: str, env: str, default: str = "") -> str:
    return str(os.environ.get(env) or credentials.get(key) or default)


class TeamsInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        credentials = credentials or {}
        app_id = _setting(credentials, "app_id", "MELDCODE_TEAMS_APP_ID")
        if not app_id:
            logger.info("Teams: no app id configured; /webhooks/teams/webhook refuses requests.")
        return cls(
            app_id=app_id,
            app_password=_setting(credentials, "app_password", "MELDCODE_TEAMS_APP_PASSWORD"),
            tenant=_setting(
                credentials, "tenant_id", "MELDCODE_TEAMS_TENANT_ID", teams.MULTI_TENANT
            ),
            openid_metadata_url=_setting(
                credentials,
                "openid_metadata_url",
                "MELDCODE_TEAMS_OPENID_URL",
                teams.OPENID_METADATA_URL,
            ),
            login_base_url=_setting(
                credentials, "login_base_url", "MELDCODE_TEAMS_LOGIN_URL", teams.LOGIN_BASE_URL
            ),
            min_key_refresh=float(credentials.get("min_key_refresh_seconds", 30)),
            tenants=teams.allowed_tenants(
                _setting(credentials, "tenants", "MELDCODE_TEAMS_TENANTS"),
                _setting(credentials, "tenant_id", "MELDCODE_TEAMS_TENANT_ID"),
            ),
        )

    def __init__(
        self,
        app_id: str,
        app_password: str,
        tenant: str = teams.MULTI_TENANT,
        openid_metadata_url: str = teams.OPENID_METADATA_URL,
        login_base_url: str = teams.LOGIN_BASE_URL,
        min_key_refresh: float = 30,
        tenants: Optional[list] = None,
    ):
        self.app_id = app_id
        self.tenants = list(tenants or [])
        if app_id and not self.tenants:
            logger.warning("Teams: no tenant allow-list; every Microsoft 365 tenant may talk.")
        self.keys = teams.OpenIdKeys(openid_metadata_url, min_refresh=min_key_refresh)
        self.connector = teams.Connector(app_id, app_password, tenant, login_base_url)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        teams_webhook = Blueprint("teams_webhook", __name__)
        bounded = flood_guard.bounded(on_new_message, "Teams")

        @teams_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @teams_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            try:
                activity = request.json
            except Exception:  # Sanic raises its own error type for invalid JSON
                activity = None
            if not isinstance(activity, dict):
                return response.json({"error": "invalid activity"}, status=400)
            try:
                await teams.authenticate(
                    request.headers.get("Authorization"), activity, self.app_id, self.keys
                )
            except teams.AuthError as error:
                logger.warning("Teams: request refused: %s", error.reason)
                return response.json({"error": "unauthorized"}, status=401)
            problem = teams.tenant_problem(activity, self.tenants)
            if problem:
                logger.warning("Teams: activity refused, no reply: %s", problem)
                return response.json({"error": "tenant not allowed"}, status=403)

            output = TeamsOutput(self.connector, activity)
            text = teams.incoming_text(activity)
            if text is None and teams.wants_welcome(activity):
                text = teams.WELCOME_PAYLOAD
            if text is not None:
                await bounded(
                    UserMessage(text, output, teams.sender_id(activity), input_channel="teams")
                )
            return response.json({}, status=200)

        return teams_webhook
