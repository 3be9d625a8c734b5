"""Conversation locks in Redis whose every change is one atomic step.

Rasa's RedisLockStore keeps a conversation's ticket lock as one JSON value and changes it
with GET, change in Python, SET. Two Rasa instances that take a ticket at the same moment
both read the same lock, both write their own version, and both believe they are next: the
same conversation is then processed twice at once (issue #8 measured it in 98 of 100
simultaneous rounds). Here each change is a Lua script, which Redis runs without anything
in between: issuing a ticket, giving one back (and deleting the lock when nobody waits), and
dropping expired tickets. The value keeps Rasa's format, so Rasa's own code can still read
it (``TicketLock.from_dict``).

Framework-free: needs only a redis-py client; ``addons.lock_store`` plugs it into Rasa.
"""

from __future__ import annotations

import math
from typing import Any

# Shared by the scripts: read the lock, keep the tickets that have not expired.
_READ = """
local raw = redis.call('GET', KEYS[1])
local now = tonumber(ARGV[1])
local kept = {}
local last = -1
local latest = now
if raw then
  local lock = cjson.decode(raw)
  local tickets = lock['tickets']
  if type(tickets) == 'table' then
    for _, text in ipairs(tickets) do
      local ticket = cjson.decode(text)
      if tonumber(ticket['expires']) >= now then
        table.insert(kept, ticket)
        last = ticket['number']
        if ticket['expires'] > latest then latest = ticket['expires'] end
      end
    end
  end
end
"""

# Write the kept tickets back (Rasa's format: each ticket a JSON text), or delete the lock
# when none is left. The key expires with its last ticket, so a crashed instance leaves
# nothing behind.
_WRITE = """
local function write(conversation_id)
  if #kept == 0 then
    redis.call('DEL', KEYS[1])
    return
  end
  local texts = {}
  for i, ticket in ipairs(kept) do
    texts[i] = cjson.encode({number = ticket['number'], expires = ticket['expires']})
  end
  local value = cjson.encode({conversation_id = conversation_id, tickets = texts})
  local ttl = math.ceil((latest - now) * 1000) + 1000
  redis.call('SET', KEYS[1], value, 'PX', ttl)
end
"""

# ARGV: now, lifetime, conversation id -> the new ticket's number
ISSUE_SCRIPT = (
    _READ
    + _WRITE
    + """
local number = last + 1
local expires = now + tonumber(ARGV[2])
table.insert(kept, {number = number, expires = expires})
if expires > latest then latest = expires end
write(ARGV[3])
return number
"""
)

# ARGV: now, ticket number, conversation id -> 1 when the lock was deleted (nobody waits)
FINISH_SCRIPT = (
    _READ
    + _WRITE
    + """
local remaining = {}
for _, ticket in ipairs(kept) do
  if ticket['number'] ~= tonumber(ARGV[2]) then table.insert(remaining, ticket) end
end
kept = remaining
write(ARGV[3])
if #kept == 0 then return 1 else return 0 end
"""
)

# ARGV: now, conversation id -> number of tickets left
PRUNE_SCRIPT = (
    _READ
    + _WRITE
    + """
if raw then write(ARGV[2]) end
return #kept
"""
)


def _ms(seconds: float) -> float:
    # cjson keeps 14 significant digits: round to the millisecond so numbers survive.
    return math.floor(seconds * 1000) / 1000


class AtomicTickets:
    """Ticket issue, return and pruning for one Redis database, each in one atomic step."""

    def __init__(self, client: Any, key_prefix: str):
        self.client = client
        self.key_prefix = key_prefix
        self._issue = client.register_script(ISSUE_SCRIPT)
        self._finish = client.register_script(FINISH_SCRIPT)
        self._prune = client.register_script(PRUNE_SCRIPT)

    def key(self, conversation_id: str) -> str:
        return self.key_prefix + conversation_id

    def issue(self, conversation_id: str, lifetime: float, now: float) -> int:
        keys = [self.key(conversation_id)]
        return int(self._issue(keys=keys, args=[_ms(now), lifetime, conversation_id]))

    def finish(self, conversation_id: str, ticket: int, now: float) -> bool:
        """Give the ticket back; True when that deleted the lock (nobody else waits)."""
        keys = [self.key(conversation_id)]
        return bool(self._finish(keys=keys, args=[_ms(now), ticket, conversation_id]))

    def prune(self, conversation_id: str, now: float) -> int:
        keys = [self.key(conversation_id)]
        return int(self._prune(keys=keys, args=[_ms(now), conversation_id]))
