"""Many threads, each doing read-then-write transactions on one SQLite file, as web workers do.

Usage: python tests/sqlite_writers.py DB_PATH TRANSACTION_MODE → prints "<ok> <failed>".
Run as its own process so it uses a real file database with Sopan's SQLite options (settings.SQLITE_OPTIONS).
"""

import contextlib
import os
import sys
import threading

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
os.environ.pop("DATABASE_URL", None)
os.environ["SOPAN_VAR_DIR"] = os.path.dirname(sys.argv[1])
django.setup()

from django.conf import settings  # noqa: E402
from django.db import OperationalError, connection, connections, transaction  # noqa: E402

settings.DATABASES["default"]["NAME"] = sys.argv[1]
settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] = sys.argv[2]
settings.DATABASES["default"]["OPTIONS"]["timeout"] = 5
connections.close_all()

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS counter (n INTEGER NOT NULL)")
    cursor.execute("DELETE FROM counter")
    cursor.execute("INSERT INTO counter VALUES (0)")

THREADS, ROUNDS = 8, 50
results = {"ok": 0, "failed": 0}
lock = threading.Lock()
start = threading.Barrier(THREADS)
# In the first round every DEFERRED transaction reads before any writes (all hold a snapshot, as busy web workers
# do), so the comparison does not depend on how the machine happens to schedule the threads. An IMMEDIATE
# transaction takes the write lock at BEGIN, so only one reaches the read at a time: the rendezvous times out and
# is skipped for the rest of the run.
rendezvous = threading.Barrier(THREADS)


def meet(round_: int) -> None:
    if round_ == 0 and not rendezvous.broken:
        with contextlib.suppress(threading.BrokenBarrierError):
            rendezvous.wait(timeout=1)


def writer():
    start.wait()
    for round_ in range(ROUNDS):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")  # read first: a DEFERRED transaction takes a shared lock
                (n,) = cursor.fetchone()
                meet(round_)
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
            outcome = "ok"
        except OperationalError:
            outcome = "failed"
        with lock:
            results[outcome] += 1
    connection.close()


threads = [threading.Thread(target=writer) for _ in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    total = cursor.fetchone()[0]
assert total == results["ok"], (total, results)  # no lost update among the transactions that committed
print(results["ok"], results["failed"])
