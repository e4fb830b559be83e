"""`make restore-drill` (issue 13 §9): prove that a backup of a running installation restores whole.

1. A running embedded installation in a scratch folder: migrate, the demo data without its SOP cases (documents with
   their SHA-256, audit events), the audit chains anchored; then gunicorn serving it, its background worker, and a
   writer filing web reports with a PDF each and queueing mail for the worker, while
2. `manage.py backup` takes the backup (SQLite's online backup API, then the media, the key files and the anchors).
3. The installation is stopped and the backup restored into another folder by the procedure of docs/operations.md,
   over the -wal/-shm files another database left there.
4. Proven, or the drill exits non-zero: the row count of every table equals the backup's; every file a row names is
   there with the SHA-256 the row stores; `audit_verify` passes on the restored copy with its key and anchors, and the
   chains' heads equal the backup's; the restored chains are the start of the live ones (nothing was invented).
5. Recorded: `manage.py record_restore_drill` writes the passed drill into the restored copy as a restore test of
   kind "sopan" (the backups log, /standar-lpse/cadangan/), and the command line to record it elsewhere is printed.

Operator output, in English. `--keep` keeps the scratch folder (it is kept anyway when the drill fails).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRITE_PAUSE = 0.1  # seconds between the writer's reports: steady writes without starving the other processes
DRILL_ORGANIZATION = "salatiga"  # the demo organisation the writer files reports to, and the drill is recorded for


def _env(var_dir: Path) -> dict[str, str]:
    """The embedded tier in `var_dir`, whatever the caller's shell points at (CI sets DATABASE_URL for its lanes)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SOPAN_", "DJANGO_", "AUDIT_", "S3_"))
        and k not in ("DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "SECRET_KEY", "EMAIL_HOST")
    }
    env.update(SOPAN_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="config.settings.base", PYTHONUNBUFFERED="1")
    # Static files are no part of a backup (`make setup` builds them): DEBUG serves them from the sources, so the
    # drill need not collect and compress them first (the printed forms of the demo data link their style sheet).
    env["DEBUG"] = "true"
    return env


class Drill:
    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.live = scratch / "live"
        self.backup = scratch / "backup"
        self.restored = scratch / "restored"
        self.processes: list[subprocess.Popen] = []
        self.started = time.monotonic()

    def say(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f}s] {text}", flush=True)

    def manage(self, var_dir: Path, *args: str) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=_env(var_dir), capture_output=True, text=True, timeout=600
        )
        if result.returncode != 0:
            raise DrillFailed(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result

    def start(self, name: str, args: list[str]) -> None:
        log = (self.scratch / f"{name}.log").open("w")
        self.processes.append(
            subprocess.Popen(args, cwd=ROOT, env=_env(self.live), stdout=log, stderr=subprocess.STDOUT)
        )

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes = []

    # --- 1. a running installation ---------------------------------------------------------------------------------
    def install(self) -> None:
        self.live.mkdir(parents=True)
        self.manage(self.live, "migrate", "--noinput", "--verbosity", "0")
        self.manage(self.live, "createcachetable")
        self.say("migrated")
        seeded = subprocess.run(
            [PYTHON, str(Path(__file__).resolve()), "--seed"],
            cwd=ROOT,
            env=_env(self.live),
            capture_output=True,
            text=True,
        )
        if seeded.returncode != 0:
            raise DrillFailed(f"seeding the demo data failed:\n{seeded.stdout}{seeded.stderr}")
        self.say("demo data in place")
        self.manage(self.live, "audit_anchor")
        self.say("audit chains anchored")

    def run(self) -> int:
        port = _free_port()
        bin_dir = Path(PYTHON).parent
        self.start(
            "gunicorn",
            [str(bin_dir / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        )
        self.start("worker", [PYTHON, "manage.py", "db_worker", "--queue-name", "default"])
        self.start("writer", [PYTHON, str(Path(__file__).resolve()), "--write"])
        _wait_for(f"http://127.0.0.1:{port}/healthz", self.processes[0])
        _wait_for_rows(self.live / "sopan.sqlite3", "helpdesk_attachment", _count(self.live, "helpdesk_attachment") + 3)
        self.say(f"serving on port {port}, worker and writer running")
        return port

    # --- 2. the backup while it runs -------------------------------------------------------------------------------
    def take_backup(self, port: int) -> None:
        before = _count(self.live, "helpdesk_ticket")
        self.manage(self.live, "backup", str(self.backup))
        time.sleep(1)  # the writer goes on after the backup, so the live installation is ahead of it
        after = _count(self.live, "helpdesk_ticket")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            serving = response.status == 200
        if after <= before or not serving:
            raise DrillFailed("the installation was not writing and serving while the backup was taken")
        self.say(f"backup taken while running ({after - before} reports filed around it)")
        # What a crashed or replaced installation leaves beside its database, copied where the restore will go.
        self.restored.mkdir()
        for suffix in ("-wal", "-shm"):
            stale = self.live / f"sopan.sqlite3{suffix}"
            if stale.exists():
                shutil.copy2(stale, self.restored / stale.name)

    # --- 3. restore by the documented procedure ---------------------------------------------------------------------
    def restore(self) -> None:
        self.stop_all()
        self.say("installation stopped")
        from sopan.core import backup

        backup.restore_installation(
            backup=self.backup,
            var_dir=self.restored,
            media=self.restored / "media",
            anchors=self.restored / "audit-anchors",
        )
        self.say("restored: database, then keys, then media, then anchors")

    # --- 4. the proofs ------------------------------------------------------------------------------------------------
    def prove(self) -> list[str]:
        from sopan.core import backup

        columns = backup.file_columns()
        expected = backup.read_snapshot(self.backup / backup.DATABASE, columns)
        if not expected.documents or not expected.heads:
            return ["the backup holds no documents or no audit chain: the drill would prove nothing"]
        problems = backup.compare(expected, self.restored / backup.DATABASE, self.restored / "media", columns)
        self.say(
            f"compared {len(expected.counts)} tables ({sum(expected.counts.values())} rows), "
            f"{len(expected.documents)} documents, {len(expected.heads)} audit chains"
        )
        verified = subprocess.run(
            [PYTHON, "manage.py", "audit_verify"], cwd=ROOT, env=_env(self.restored), capture_output=True, text=True
        )
        if verified.returncode != 0:
            problems.append(f"audit_verify on the restored copy failed:\n{verified.stdout}{verified.stderr}")
        else:
            self.say(verified.stdout.strip())
        problems += _not_a_prefix(self.restored / backup.DATABASE, self.live / backup.DATABASE)
        return problems

    # --- 5. the result, recorded as a restore test of kind "sopan" (sopan/archives, annex 2.6.5 a) -----------------
    def record(self) -> list[str]:
        """Record the passed drill on the restored installation with `manage.py record_restore_drill`: proves the
        restored copy takes a write and that the command works. The scratch folder goes away; an operator records a
        drill in the real installation with the command line printed here (docs/operations.md)."""
        args = ["record_restore_drill", "--organization", DRILL_ORGANIZATION, "--result", "passed",
                "--duration", str(round(time.monotonic() - self.started)),
                "--details", "make restore-drill: counts, document hashes and audit chains equal"]  # fmt: skip
        try:
            result = self.manage(self.restored, *args)
        except DrillFailed as failure:
            return [str(failure)]
        self.say(result.stdout.strip())
        self.say("to record it in your installation: manage.py " + " ".join(_quoted(a) for a in args))
        return []


def _quoted(arg: str) -> str:
    return f'"{arg}"' if " " in arg else arg


class DrillFailed(Exception):
    pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DrillFailed(f"the server stopped (exit {process.returncode}); see its log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise DrillFailed(f"{url} did not answer within {seconds:.0f} s")


def _count(var_dir: Path, table: str) -> int:
    with sqlite3.connect(f"file:{var_dir / 'sopan.sqlite3'}?mode=ro", uri=True, timeout=30) as connection:
        return connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608 (our own names)


def _wait_for_rows(database: Path, table: str, at_least: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while _count(database.parent, table) < at_least:
        if time.monotonic() > deadline:
            raise DrillFailed(f"the writer did not write {table} rows within {seconds:.0f} s; see writer.log")
        time.sleep(0.3)


def _not_a_prefix(restored: Path, live: Path) -> list[str]:
    """The restored chains must be where the live ones were at the backup: same hash at the restored head."""
    problems = []
    with (
        sqlite3.connect(f"file:{restored}?mode=ro", uri=True) as restored_db,
        sqlite3.connect(f"file:{live}?mode=ro", uri=True) as live_db,
    ):
        for key, sequence, head in restored_db.execute("SELECT key, last_sequence, last_hash FROM core_auditchain"):
            row = live_db.execute(
                "SELECT e.hash FROM core_auditevent e JOIN core_auditchain c ON c.id = e.chain_id "
                "WHERE c.key = ? AND e.sequence = ?",
                (key, sequence),
            ).fetchone()
            if row is None or row[0] != head:
                problems.append(
                    f"audit chain {key}: restored head #{sequence} is not event #{sequence} of the live chain"
                )
    return problems


def seed() -> None:
    """The demo data of `seed_demo` without its SOP cases: the three organisations with their people and SOPs, vendor
    registrations at every stage (uploaded documents, archived files and forms, each with its SHA-256) and helpdesk
    tickets, all audited. The cases' step records are rows like any other and half of seed_demo's time."""
    import django

    django.setup()
    from django.utils import translation

    from sopan.helpdesk import demo as helpdesk_demo
    from sopan.sop import demo as sop_demo
    from sopan.vendors import demo as vendors_demo

    translation.activate("id")
    organizations = sop_demo.ensure_organizations()
    sop_demo.ensure_sops(organizations)
    for organization in organizations.values():
        vendors_demo.ensure_vendors(organization)
        helpdesk_demo.ensure_helpdesk(organization)


def write_until_stopped() -> None:
    """What people do with a running installation: web reports with a PDF attached (a document with its SHA-256 and
    audit events, the file written on commit) and mail queued for the worker."""
    import io

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from pypdf import PdfWriter

    from sopan.accounts.models import Organization, User
    from sopan.core.tasks import send_test_mail
    from sopan.core.uploads import check_upload
    from sopan.helpdesk.tickets import services as tickets

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    organization = Organization.objects.get(slug=DRILL_ORGANIZATION)
    someone = User.objects.filter(organization=organization).exclude(email="").order_by("pk").first()
    n = 0
    while not stopping:
        n += 1
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        writer.add_metadata({"/Title": f"Laporan {n}"})
        buffer = io.BytesIO()
        writer.write(buffer)
        upload = SimpleUploadedFile(f"laporan-{n}.pdf", buffer.getvalue(), content_type="application/pdf")
        with transaction.atomic():
            tickets.ticket_create(
                organization=organization,
                channel="web",
                reporter={
                    "name": f"Pelapor Latihan {n}",
                    "email": f"latihan{n}@example.invalid",
                    "user_type": "vendor",
                },
                problem={"subject": f"Latihan pemulihan {n}", "description": "Laporan dari latihan pemulihan."},
                by=None,
                attachments=[check_upload(upload)],
            )
        if n % 5 == 0:
            send_test_mail.enqueue(someone.pk)
        time.sleep(WRITE_PAUSE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)  # the demo data, in its own process
    parser.add_argument("--write", action="store_true", help=argparse.SUPPRESS)  # the writer process
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if options.seed:
        seed()
        return 0
    if options.write:
        write_until_stopped()
        return 0
    scratch = Path(tempfile.mkdtemp(prefix="sopan-restore-drill-"))
    drill = Drill(scratch)
    drill.say(f"scratch folder {scratch}")
    problems: list[str] = []
    try:
        drill.install()
        # This process reads the app registry (which tables keep files and hashes) with the live installation's
        # settings, never the caller's (CI's DATABASE_URL).
        os.environ.clear()
        os.environ.update(_env(drill.live))
        import django

        django.setup()
        port = drill.run()
        drill.take_backup(port)
        drill.restore()
        problems = drill.prove()
        if not problems:
            problems = drill.record()
    except DrillFailed as failure:
        problems = [str(failure)]
    finally:
        drill.stop_all()
    if problems:
        print("\nRESTORE DRILL FAILED:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        print(f"scratch folder kept for inspection: {scratch}", file=sys.stderr)
        return 1
    drill.say("restore drill passed: counts, document hashes and audit chains equal")
    if not options.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
