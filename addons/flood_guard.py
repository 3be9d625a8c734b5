"""The channels' side of ``bot.channels.flood``: a bounded ``on_new_message``.

``bounded(on_new_message, channel_name)`` lets at most ``flood.MAX_PENDING`` messages of one
conversation into the assistant at a time; a message beyond that is answered at once, on its
own output channel, with the Dutch ``too_many_messages`` notice, and counted in the log.
Used by the REST, web chat and Teams channels.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage

from bot.channels import flood

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


async def tell(message: UserMessage, reason: str) -> None:
    """Send the notice for ``reason`` to the sender of ``message``."""
    await message.output_channel.send_text_message(message.sender_id, flood.notices()[reason])


def bounded(on_new_message: OnNewMessage, channel: str) -> OnNewMessage:
    admission = flood.Admission()
    refusals = flood.Refusals(channel)

    async def handle(message: UserMessage) -> Any:
        conversation = message.sender_id
        if not admission.enter(conversation):
            refusals.count(flood.TOO_MANY_MESSAGES)
            await tell(message, flood.TOO_MANY_MESSAGES)
            return None
        try:
            return await on_new_message(message)
        finally:
            admission.leave(conversation)

    handle.admission = admission  # type: ignore[attr-defined]
    handle.refusals = refusals  # type: ignore[attr-defined]
    return handle
