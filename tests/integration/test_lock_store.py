"""The atomic lock store against the real Redis on 127.0.0.1, next to Rasa's own.

Two "instances" (two lock stores with their own connections, in two threads) take the lock of
the same conversation at the same moment, round after round. With the atomic store they
never both hold it; with Rasa's stock RedisLockStore they often do. Both figures are printed
in the test output (and the test report) so the difference is on record.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid

import pytest
import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from addons.lock_store import AtomicRedisLockStore

REDIS_DB = 11  # a database of its own, emptied before and after
ROUNDS = 40
HOLD_SECONDS = 0.02


@pytest.fixture
def redis_db():
    client = redis.StrictRedis(host="127.0.0.1", port=6379, db=REDIS_DB)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379 (see README, Production).")
    client.flushdb()
    yield client
    client.flushdb()


def make_store(kind: str):
    config = EndpointConfig(url="127.0.0.1", port=6379, db=REDIS_DB, key_prefix=kind)
    if kind == "atomic":
        return AtomicRedisLockStore(endpoint_config=config)
    return RedisLockStore(host="127.0.0.1", port=6379, db=REDIS_DB, key_prefix=kind)


def hold_lock(store, conversation: str, start: threading.Barrier, inside: list) -> None:
    """One instance: wait for the other, take the lock, note when it was inside (or that it
    never got in: Rasa's store can also lose both tickets, and then one instance waits in vain)."""

    async def run():
        start.wait()
        try:
            async with store.lock(conversation, 10, wait_time_in_seconds=0.005):
                entered = time.monotonic()
                await asyncio.sleep(HOLD_SECONDS)
                inside.append((entered, time.monotonic()))
        except LockError:
            inside.append(None)

    asyncio.run(run())


def overlapping_rounds(kind: str) -> int:
    """In how many rounds both instances were inside the lock at the same time, or one of
    them could not get in at all."""
    stores = [make_store(kind), make_store(kind)]
    overlaps = 0
    for _ in range(ROUNDS):
        conversation = uuid.uuid4().hex
        start = threading.Barrier(2)
        inside: list[tuple[float, float]] = []

        threads = [
            threading.Thread(target=hold_lock, args=(s, conversation, start, inside))
            for s in stores
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
        if None in inside or len(inside) != 2:
            overlaps += 1
            continue
        (a_in, a_out), (b_in, b_out) = inside
        if a_in < b_out and b_in < a_out:
            overlaps += 1
    return overlaps


def test_two_instances_never_hold_the_same_conversation_lock_at_once(
    redis_db, record_property, capsys
):
    atomic = overlapping_rounds("atomic")
    stock = overlapping_rounds("stock")
    summary = (
        f"Both instances inside the same conversation's lock, or one locked out: atomic store "
        f"{atomic} of {ROUNDS} rounds, Rasa's RedisLockStore {stock} of {ROUNDS} rounds"
    )
    with capsys.disabled():  # in the test output, also without -s
        print("\n" + summary)
    record_property("lock_store_comparison", summary)
    assert atomic == 0, summary
    # Every lock of the atomic store was deleted when its last ticket went. (Rasa's store
    # leaves a lock behind when an instance was locked out: keys "stock:...".)
    assert redis_db.keys("atomic:*") == []


def test_the_stored_lock_stays_readable_for_rasa(redis_db):
    store = make_store("atomic")
    first = store.issue_ticket("gesprek-1", 30)
    second = store.issue_ticket("gesprek-1", 30)
    assert (first, second) == (0, 1)
    lock = store.get_lock("gesprek-1")  # Rasa's own reader
    assert isinstance(lock, TicketLock)
    assert lock.now_serving == 0 and lock.last_issued == 1
    assert not lock.is_locked(0) and lock.is_locked(1)
    raw = json.loads(redis_db.get("atomic:lock:gesprek-1"))
    assert raw["conversation_id"] == "gesprek-1" and len(raw["tickets"]) == 2
    assert 0 < redis_db.pttl("atomic:lock:gesprek-1") <= 31_000  # expires with its tickets

    store.cleanup("gesprek-1", first)
    assert store.get_lock("gesprek-1").now_serving == 1  # someone waits: lock kept
    store.cleanup("gesprek-1", second)
    assert store.get_lock("gesprek-1") is None  # nobody waits: deleted in the same step


def test_expired_tickets_are_dropped_and_numbering_restarts(redis_db):
    store = make_store("atomic")
    store.issue_ticket("gesprek-2", 0.05)
    time.sleep(0.1)
    store.update_lock("gesprek-2")
    assert store.get_lock("gesprek-2") is None
    assert store.issue_ticket("gesprek-2", 30) == 0


def test_redis_down_is_a_lock_error():
    store = AtomicRedisLockStore(
        endpoint_config=EndpointConfig(url="127.0.0.1", port=1, db=REDIS_DB, socket_timeout=1)
    )
    with pytest.raises(LockError):
        store.issue_ticket("gesprek-3", 30)
