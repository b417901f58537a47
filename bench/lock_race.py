"""Rasa's Redis lock store against ours (deploy/rasa_lock_store.py) in the replicas' race.

Replica A finishes message k of a conversation while replica B issues the ticket for message k+1,
300 times, both at once (a barrier). A lost update leaves B without its ticket, and in Rasa its
message then ends in LockError. Needs Redis at 127.0.0.1:6379 (database 13). Run in Rasa's env:

    PYTHONPATH=$PWD .venv-rasa/bin/python bench/lock_race.py

Measured: Rasa's RedisLockStore lost 153 and 213 of 300 tickets (two runs), ours 0.
"""

from __future__ import annotations

import threading
import uuid

from rasa.core.lock_store import RedisLockStore

from deploy.rasa_lock_store import AtomicRedisLockStore


def hammer(cls: type[RedisLockStore], rounds: int = 300) -> int:
    """How many of `rounds` tickets issued during another replica's cleanup were lost."""
    a, b = cls(host="127.0.0.1", port=6379, db=13), cls(host="127.0.0.1", port=6379, db=13)
    lost = 0
    for _ in range(rounds):
        cid = uuid.uuid4().hex
        k = a.issue_ticket(cid)
        barrier = threading.Barrier(2)
        out: dict[str, int] = {}

        def finish(cid: str = cid, k: int = k, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            a.cleanup(cid, k)

        def issue(
            cid: str = cid, barrier: threading.Barrier = barrier, out: dict[str, int] = out
        ) -> None:
            barrier.wait()
            out["t"] = b.issue_ticket(cid)

        threads = [threading.Thread(target=finish), threading.Thread(target=issue)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        lock = b.get_lock(cid)
        if lock is None or not any(t.number == out["t"] for t in lock.tickets):
            lost += 1
        b.red.delete(b.key_prefix + cid)
    return lost


if __name__ == "__main__":
    print("Rasa's RedisLockStore lost tickets:", hammer(RedisLockStore), "of 300")
    print("AtomicRedisLockStore lost tickets:", hammer(AtomicRedisLockStore), "of 300")
