"""Floods: nothing vanishes silently, and one client cannot slow everyone down.

Stock Rasa queues every message of a conversation behind its lock; a flood of 400 messages
on one socket left 342 waiting until their lock tickets expired, unanswered and unlogged.
Here:

- ``Admission``: at most ``MAX_PENDING`` messages per conversation are being processed or
  waiting; a message beyond that is refused at once;
- ``RateLimiter``: per client (address) at most N messages per T seconds (a token bucket:
  a burst of N, then N/T per second), configured by MELDCODE_RATE_LIMIT as ``N/T``;
- ``Refusals``: every refused message is logged with the running count per reason.

A refused message gets a Dutch reply (``notices.yml``: ``too_many_messages``,
``rate_limited``); the channels in ``addons/`` send it.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, Optional, Tuple

import yaml

logger = logging.getLogger(__name__)

MAX_PENDING = 4  # per conversation: one being answered, three waiting
DEFAULT_RATE_LIMIT = "60/10"  # per client: a burst of 60, then 6 messages a second
MAX_CLIENTS = 50_000  # remembered buckets; the oldest are forgotten first
TOO_MANY_MESSAGES = "too_many_messages"
RATE_LIMITED = "rate_limited"
_NOTICES_FILE = Path(__file__).with_name("notices.yml")


@lru_cache(maxsize=1)
def notices() -> Dict[str, str]:
    with _NOTICES_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


class Admission:
    """How many messages of each conversation are in the assistant now."""

    def __init__(self, max_pending: int = MAX_PENDING):
        self.max_pending = max_pending
        self._pending: Dict[str, int] = {}

    def enter(self, conversation: str) -> bool:
        count = self._pending.get(conversation, 0)
        if count >= self.max_pending:
            return False
        self._pending[conversation] = count + 1
        return True

    def leave(self, conversation: str) -> None:
        count = self._pending.get(conversation, 0) - 1
        if count > 0:
            self._pending[conversation] = count
        else:
            self._pending.pop(conversation, None)

    def pending(self, conversation: str) -> int:
        return self._pending.get(conversation, 0)


def parse_rate_limit(value: Optional[str]) -> Optional[Tuple[int, float]]:
    """``"N/T"`` -> (N, T); ``"off"`` -> None (no limit); anything unusable -> the default."""
    text = (value or DEFAULT_RATE_LIMIT).strip().lower()
    if text == "off":
        return None
    try:
        count, seconds = text.split("/")
        parsed = int(count), float(seconds)
    except ValueError:
        logger.error("MELDCODE_RATE_LIMIT %r is not N/T; using %s.", value, DEFAULT_RATE_LIMIT)
        return parse_rate_limit(DEFAULT_RATE_LIMIT)
    if parsed[0] < 1 or parsed[1] <= 0:
        return parse_rate_limit(DEFAULT_RATE_LIMIT)
    return parsed


class RateLimiter:
    """A token bucket per client: ``capacity`` messages at once, refilled over ``seconds``."""

    def __init__(
        self,
        limit: Optional[Tuple[int, float]],
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_CLIENTS,
    ):
        self.limit = limit
        self.clock = clock
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, Tuple[float, float]] = OrderedDict()

    def allow(self, client: str) -> bool:
        if self.limit is None:
            return True
        capacity, seconds = self.limit
        now = self.clock()
        tokens, last = self._buckets.pop(client, (float(capacity), now))
        tokens = min(float(capacity), tokens + (now - last) * capacity / seconds)
        allowed = tokens >= 1.0
        self._buckets[client] = (tokens - 1.0 if allowed else tokens, now)
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        return allowed


class Refusals:
    """Counts refused messages per reason and logs each one with the running count."""

    def __init__(self, channel: str):
        self.channel = channel
        self.counts: Dict[str, int] = {}

    def count(self, reason: str) -> int:
        self.counts[reason] = self.counts.get(reason, 0) + 1
        logger.warning(
            "%s: message refused (%s); %d refused for this reason since start.",
            self.channel,
            reason,
            self.counts[reason],
        )
        return self.counts[reason]
