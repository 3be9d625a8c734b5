"""Delete conversations older than the retention period (``make purge``, ``meldcode-purge``).

A conversation counts as old when its latest event is older than ``--days`` days (default:
``MELDCODE_RETENTION_DAYS`` or 30). Reads the tracker store from ``endpoints.yml``, so it
cleans the same SQLite file or PostgreSQL database the assistant writes to. Meant for a daily
cron job; ``--dry-run`` only counts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import NamedTuple, Optional

import sqlalchemy as sa

DEFAULT_DAYS = 30
BATCH = 500


class Opgeschoond(NamedTuple):
    gesprekken: int
    events: int


def retention_days() -> int:
    value = os.environ.get("MELDCODE_RETENTION_DAYS", "")
    return int(value) if value.strip() else DEFAULT_DAYS


def purge(
    engine: sa.engine.Engine, days: int, now: Optional[float] = None, dry_run: bool = False
) -> Opgeschoond:
    """Delete every event of the conversations whose latest event is older than ``days``."""
    if days < 1:
        raise ValueError("days must be at least 1")
    cutoff = (time.time() if now is None else now) - days * 86400
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    old = (
        sa.select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(sa.func.max(events.c.timestamp) < cutoff)
    )
    with engine.begin() as connection:
        senders = [row[0] for row in connection.execute(old)]
        count = 0
        for start in range(0, len(senders), BATCH):
            chosen = events.c.sender_id.in_(senders[start : start + BATCH])
            if dry_run:
                count += connection.execute(
                    sa.select(sa.func.count()).select_from(events).where(chosen)
                ).scalar_one()
            else:
                count += connection.execute(sa.delete(events).where(chosen)).rowcount
    if not dry_run and senders and engine.dialect.name == "sqlite":
        with engine.connect() as connection:  # give the freed pages back, old text included
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("VACUUM"))
    return Opgeschoond(len(senders), count)


def engine_from_endpoints(path: str) -> sa.engine.Engine:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.core.utils import read_endpoints_from_path

    store = read_endpoints_from_path(path).tracker_store
    if (
        store is None
        or not store.type
        or not (store.type.lower() == "sql" or store.type.endswith("RedactingSQLTrackerStore"))
    ):
        raise SystemExit(f"Geen SQL-trackerstore ingesteld in {path}: er valt niets op te schonen.")
    # The database itself, not the login_db Rasa uses to create it.
    keys = ("dialect", "port", "db", "username", "password", "query")
    settings = {key: store.kwargs[key] for key in keys if key in store.kwargs}
    return sa.create_engine(SQLTrackerStore.get_db_url(host=store.url, **settings))


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="meldcode-purge",
        description="Verwijder gesprekken die ouder zijn dan de bewaartermijn.",
    )
    parser.add_argument("--days", type=int, default=None, help="bewaartermijn in dagen")
    parser.add_argument("--endpoints", default="endpoints.yml", help="pad naar endpoints.yml")
    parser.add_argument("--dry-run", action="store_true", help="alleen tellen, niets wissen")
    args = parser.parse_args(argv)
    try:
        days = args.days if args.days is not None else retention_days()
    except ValueError:
        print("MELDCODE_RETENTION_DAYS moet een heel getal zijn.", file=sys.stderr)
        return 2
    if days < 1:
        print("De bewaartermijn moet minstens 1 dag zijn.", file=sys.stderr)
        return 2
    if not os.path.exists(args.endpoints):
        print(f"{args.endpoints} bestaat niet.", file=sys.stderr)
        return 2
    engine = engine_from_endpoints(args.endpoints)
    try:
        if not sa.inspect(engine).has_table("events"):
            print("Nog geen gesprekken opgeslagen: niets op te schonen.")
            return 0
        result = purge(engine, days, dry_run=args.dry_run)
    finally:
        engine.dispose()
    verb = "zou verwijderen" if args.dry_run else "verwijderd"
    print(
        f"Bewaartermijn {days} dagen: {result.gesprekken} gesprek(ken) met "
        f"{result.events} events {verb}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
