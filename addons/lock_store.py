"""AtomicRedisLockStore: Rasa's Redis lock store with atomic ticket changes (bot.lock_store).

endpoints.prod.yml::

    lock_store:
      type: addons.lock_store.AtomicRedisLockStore
      url: <redis host>
      port: 6379
      db: 1

Same settings and same stored format as Rasa's ``redis`` lock store; only issuing a ticket,
giving it back and pruning expired tickets are done by Lua scripts inside Redis, so two Rasa
instances can never both hold the lock of one conversation.
"""

from __future__ import annotations

import time
from typing import Any, Optional

from rasa.core.constants import DEFAULT_LOCK_LIFETIME
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.lock_store import AtomicTickets


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**kwargs)
        self.tickets = AtomicTickets(self.red, self.key_prefix)

    def issue_ticket(
        self, conversation_id: str, lock_lifetime: float = DEFAULT_LOCK_LIFETIME
    ) -> int:
        try:
            return self.tickets.issue(conversation_id, lock_lifetime, time.time())
        except Exception as error:  # redis errors: Rasa expects a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        self.tickets.prune(conversation_id, time.time())

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.tickets.finish(conversation_id, ticket_number, time.time())

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Giving the ticket back deletes the lock when nobody waits, in the same step.
        self.tickets.finish(conversation_id, ticket_number, time.time())
