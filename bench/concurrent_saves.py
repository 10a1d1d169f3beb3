"""Simultaneous saves of one action through a real server: how many win, conflict or fail.

    .venv/bin/python bench/concurrent_saves.py [--rounds 10] [--people 8]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/concurrent_saves.py

Starts `citybridge serve` (gunicorn, 16 threads per worker) on a fresh database of the kind DATABASE_URL
names (SQLite in a temporary directory when unset; a PostgreSQL database cb_concurrency_<pid>
created and dropped otherwise). Each round, ``people`` editors open the same action and save it
at the same instant (threads released by a barrier); a round is right when exactly one save
wins (302), every other one gets the edit-conflict page (409), and the stored action holds the
winner's title with its revision one higher. Then, ``rounds`` times, one save is made while
another connection holds the write lock (SQLite) or the action's row (PostgreSQL) for 2 s.
Prints the counts and the response times.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.server_process import (  # noqa: E402
    Server,
    action_form_data,
    logged_in,
    open_action_form,
    prepare,
    simultaneous,
    temporary_database,
)

HOLD_SECONDS = 2


def stored(database, pk) -> tuple[str, int]:
    title, revision = database.fetchone(
        "SELECT title, revision FROM plans_action WHERE id = %s", [pk]
    )
    return json.loads(title).get("en", ""), revision


def race(server, database, seed, action, round_number) -> tuple[list, bool]:
    """One round of simultaneous saves; returns the responses and whether nothing was lost."""
    people = logged_in(server, seed)
    _title, revision = stored(database, action)
    forms = [open_action_form(person, action) for person in people]
    path = f"/en/workspace/actions/{action}/edit/"
    responses = simultaneous(
        [
            lambda p=person, f=form, n=n: p.post(
                path, action_form_data(f, title=f"Round {round_number}, person {n}")
            )
            for n, (person, form) in enumerate(zip(people, forms, strict=True))
        ]
    )
    winners = [n for n, r in enumerate(responses) if getattr(r, "status", None) == 302]
    kept = len(winners) == 1 and stored(database, action) == (
        f"Round {round_number}, person {winners[0]}",
        revision + 1,
    )
    return responses, kept


def held(server, database, seed, action, round_number):
    """One save while another writer holds the lock for HOLD_SECONDS."""
    person = logged_in(server, seed)[0]
    form = open_action_form(person, action)
    with ThreadPoolExecutor(1) as pool:
        with database.writer_holding_lock(action_pk=action):
            saving = pool.submit(
                person.post,
                f"/en/workspace/actions/{action}/edit/",
                action_form_data(form, title=f"Held round {round_number}"),
            )
            time.sleep(HOLD_SECONDS)
        return saving.result(timeout=60)


def status_of(response) -> int | str:
    return getattr(response, "status", type(response).__name__)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--people", type=int, default=8)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory, temporary_database(Path(directory)) as db:
        seed = prepare(db, Path(directory), users=args.people, actions=2)
        with Server(db, Path(directory)) as server:
            statuses, seconds, lost = Counter(), [], 0
            for number in range(args.rounds):
                responses, kept = race(server, db, seed, seed["actions"][0], number)
                statuses.update(status_of(r) for r in responses)
                seconds += [r.seconds for r in responses if hasattr(r, "seconds")]
                lost += not kept
            held_statuses, held_seconds = Counter(), []
            for number in range(args.rounds):
                response = held(server, db, seed, seed["actions"][1], number)
                held_statuses[status_of(response)] += 1
                held_seconds.append(getattr(response, "seconds", 0))

    def errors(counter):
        return sum(n for s, n in counter.items() if not isinstance(s, int) or s >= 500)

    print(f"database: {db.kind}")
    print(
        f"simultaneous saves: {args.rounds} rounds x {args.people} people = "
        f"{sum(statuses.values())} saves tried"
    )
    print(f"  saved (302): {statuses[302]}  conflict page (409): {statuses[409]}")
    print(f"  5xx or no answer: {errors(statuses)}  rounds with a lost or wrong save: {lost}")
    print(f"  statuses: {dict(sorted(statuses.items(), key=str))}")
    print(
        f"  response time: median {statistics.median(seconds) * 1000:.0f} ms, "
        f"max {max(seconds) * 1000:.0f} ms"
    )
    print(f"saves while another writer holds the lock for {HOLD_SECONDS} s: {args.rounds}")
    print(f"  saved (302): {held_statuses[302]}  5xx or no answer: {errors(held_statuses)}")
    print(
        f"  response time: median {statistics.median(held_seconds):.2f} s, "
        f"max {max(held_seconds):.2f} s"
    )


if __name__ == "__main__":
    main()
