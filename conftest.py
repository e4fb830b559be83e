"""Test personas and helpers shared by every test (DESIGN.md §7).

Personas live in the demo organisation "Pemerintah Kota Salatiga" (the same data `make run` shows), plus an
`outsider`: the Kepala LPSE of a second organisation, who must see none of the first one's data.
"""

from __future__ import annotations

import contextlib
import fcntl
import ipaddress
import logging
import os
import socket
from collections.abc import Mapping
from pathlib import Path

import pytest

from sopan.accounts import demo
from sopan.accounts.models import User

# The browser lane's fixtures (chromium, journey, tabs), for the journeys of tests/browser and of each module.
pytest_plugins = ["tests.browser.plugin"]

PERSONA_USERNAMES = {
    "vendor_admin": "penyedia.admin",
    "verifier": "verifikator",
    "registration_officer": "petugas.registrasi",
    "helpdesk_agent": "helpdesk",
    "lpse_head": "kepala.lpse",
    "ukpbj_head": "kepala.ukpbj",
    "ppk": "ppk",
    "pokja": "pokja",
    "system_admin": "admin.sistem",
    "auditor": "auditor",
}

OTHER_ORGANIZATION = {
    "name": "Pemerintah Kabupaten Batang",
    "slug": "batang",
    "timezone": "Asia/Jakarta",
    "address": "Jl. Proklamasi No. 1, Batang",
    "letterhead": "PEMERINTAH KABUPATEN BATANG",
}


# --- the network is blocked: only this machine is reachable ---------------------------------------------------
_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    if isinstance(address, tuple) and self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise OSError(f"network access blocked in tests: {host}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def _block_network():
    socket.socket.connect = _guarded_connect
    yield
    socket.socket.connect = _real_connect


# --- parallel runs (pytest-xdist) -----------------------------------------------------------------------------------
# `make pytest` runs the suite in several worker processes at once. Each worker has its own test database (pytest-django
# suffixes its name with the worker id: test_sopan_gw0 on PostgreSQL; on SQLite config/settings/test.py names the file
# after the process and pytest-django adds the suffix), its own temporary folders (tmp_path_factory is per worker), and
# the files it writes below: nothing under var/ is shared between two workers, or with a developer's `make run`.
@contextlib.contextmanager
def _file_lock(path: Path):
    """An exclusive lock between the processes of one run (workers that share a fixture's result through a file)."""
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(autouse=True, scope="session")
def _static_files_scanned_once():
    """WhiteNoise reads STATIC_ROOT (some 2,900 files) once per process here, not once per test client.

    A server loads its middleware once per process. Django's test client loads it anew for every client, that is for
    almost every test, and WhiteNoise's part then lists and stats every collected file again: measured, 0.1–0.3 s of
    each role-matrix case's 0.13–0.35 s, a third of the whole suite. The files do not change while the tests run
    (collectstatic runs before them; the production static collection is a folder of its own), so each folder is
    read once per process and settings: a test that changes a WHITENOISE_/STATIC setting or DEBUG gets its own scan.
    What WhiteNoise serves, and with which headers, is what it built from the first scan.
    """
    from django.conf import settings
    from whitenoise.base import WhiteNoise

    scanned: dict[tuple, dict] = {}
    original = WhiteNoise.update_files_dictionary

    def update_files_dictionary(self, root, prefix):
        fingerprint = tuple(
            (name, repr(getattr(settings, name)))
            for name in sorted(dir(settings))
            if name.startswith(("WHITENOISE_", "STATIC")) or name in ("DEBUG", "STORAGES")
        )
        key = (type(self), root, prefix, fingerprint)
        if key not in scanned:
            earlier, self.files = self.files, {}
            original(self, root, prefix)
            scanned[key], self.files = self.files, {**earlier, **self.files}
        else:
            self.files.update(scanned[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoise, "update_files_dictionary", update_files_dictionary)
        yield


@pytest.fixture(autouse=True, scope="session")
def _worker_files(tmp_path_factory):
    """Uploaded files and mail written as files go to a folder of this worker's own instead of var/ (two workers
    storing `organizations/logos/logo.png` at once would otherwise rename or delete each other's files); tests that
    need a folder of their own still set MEDIA_ROOT to their tmp_path."""
    from django.test import override_settings

    root = tmp_path_factory.mktemp("var")
    with override_settings(MEDIA_ROOT=root / "media", EMAIL_FILE_PATH=str(root / "mail")):
        yield root


# --- the audit guard ------------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _audit_guard(request):
    """Keep the append-only guard on during every test; lift it only for the flush after a transactional test.

    Transactional tests (live server, concurrency) empty every table afterwards, which the guard rightly refuses.
    Requesting the database fixture from here makes its teardown (the flush) run after ours.
    """
    from django.db import connection

    from sopan.core import audit_guard
    from sopan.sop.tests.rollup_writes import AggregateWrites

    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    uses_db = marker is not None or transactional or "db" in request.fixturenames
    if not uses_db:
        yield
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    audit_guard.install(connection)
    writes = AggregateWrites()
    connection.execute_wrappers.append(writes)
    try:
        yield
    finally:
        connection.execute_wrappers.remove(writes)
    # Another thread's connection (a live server, a concurrency test) writes unseen: transactional tests always check.
    if request.node.get_closest_marker("rollup_unchecked") is None and (transactional or writes.seen):
        _rollup_is_exact()
    if transactional:
        audit_guard.remove(connection)


def _rollup_is_exact():
    """After every test that wrote what they are made from, the compliance report's aggregates are what the step
    records make them (sop/rollup.py): a write to step records that forgot to keep them fails the test that took it."""
    from django.apps import apps
    from django.db import DatabaseError

    if not apps.is_installed("sopan.sop"):
        return
    from sopan.sop import rollup

    try:
        problems = rollup.all_differences()
    except DatabaseError:  # the test left its transaction broken on purpose; nothing more can be read
        return
    if problems:
        pytest.fail("The compliance aggregates differ from the step records:\n" + "\n".join(problems[:20]))


@pytest.fixture(autouse=True)
def _audit_anchor_dir(settings, tmp_path_factory):
    """Anchors of the audit chains go to a folder of each test's own: anchors written by another test (or by the
    developer's `make run` under var/) name chains of another database and would read as a rewrite."""
    settings.AUDIT_ANCHOR_DIR = tmp_path_factory.mktemp("audit-anchors")


@pytest.fixture(autouse=True)
def _process_copies_of_versions():
    """The process's copies of SOP versions (sop.progress.with_versions) go with each test's database: on SQLite a
    rolled-back test gives its ids out again, so the next test's version 1 is another version."""
    from sopan.sop import progress

    progress.forget_versions()


# --- printing ---------------------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def print_load_errors():
    """Any test in which a printed page could not load a stylesheet or image fails (issue 14 §1): the print code logs
    each such resource as an ERROR of `sopan.core.documents.pdf`. A test that provokes one on purpose reads the
    messages from this fixture and clears them."""
    from sopan.core.tests.printing import PRINT_LOGGER, RecordList

    handler = RecordList()
    logger = logging.getLogger(PRINT_LOGGER)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
    if handler.records:
        pytest.fail("printing could not load: " + "; ".join(handler.messages), pytrace=False)


# Printing tests of the apps, which print with the storage production uses too (core/tests/test_printing.py covers
# every kind of document; these check each document's content). Node id prefixes; add a module's when it prints.
PRINTING_TESTS = (
    "sopan/vendors/tests/test_printing.py",
    "sopan/sop/tests/test_rendering.py::test_pdf",
    "sopan/sop/tests/test_compliance.py::test_pdf",
    "sopan/helpdesk/tests/test_announcements.py::test_the_berita_acara",
    "sopan/helpdesk/tests/test_announcements.py::test_anyone_downloads_the_berita_acara",
    "sopan/helpdesk/tests/test_reports.py::test_the_printed_report",
    "sopan/helpdesk/tests/test_views_tickets.py::test_consultation_form_prints",
    "sopan/suppliers/tests/test_printing.py",
)


@pytest.fixture(autouse=True)
def _printing_tests_on_production_static(request):
    if request.node.nodeid.startswith(PRINTING_TESTS):
        request.getfixturevalue("production_static")


@pytest.fixture(scope="session")
def production_static_root(tmp_path_factory):
    """STATIC_ROOT collected once per run with the production storage (whitenoise's manifest storage).

    Under pytest-xdist the workers of a run share one collection: the first to need it collects it into the run's
    temporary folder while holding a lock, the others wait for it and then only read it (nothing writes to STATIC_ROOT).
    """
    from sopan.core.tests.printing import collect_static

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return collect_static(tmp_path_factory.mktemp("static-root"))
    shared = tmp_path_factory.getbasetemp().parent / "static-root"  # the run's folder, above each worker's own
    with _file_lock(shared.with_name("static-root.lock")):
        if not (shared / "staticfiles.json").is_file():  # the manifest is written last: a whole collection
            collect_static(shared)
    return shared


@pytest.fixture
def production_static(settings, production_static_root):
    """This test runs on the production static storage: hashed names from `{% static %}`, files in STATIC_ROOT."""
    from sopan.core.tests.printing import production_storages

    settings.STATIC_ROOT = str(production_static_root)
    settings.STORAGES = production_storages(settings.STORAGES)
    settings.WHITENOISE_USE_FINDERS = False  # as with DEBUG off: whitenoise serves STATIC_ROOT only
    settings.WHITENOISE_AUTOREFRESH = False
    return production_static_root


# --- organisations and personas --------------------------------------------------------------------------------
@pytest.fixture
def organization(db):
    return demo.ensure_organization(is_demo=False)


def _other_organization():
    units = (demo.UnitSpec("LPSE", "LPSE Kabupaten Batang", "lpse"),)
    return demo.ensure_organization(OTHER_ORGANIZATION, units, is_demo=False)


@pytest.fixture
def other_organization(db):
    return _other_organization()


def _persona(organization, username: str) -> User:
    spec = next(p for p in demo.PERSONAS if p.username == username)
    return demo.ensure_persona(organization, spec, with_totp=False)


def _outsider() -> User:
    spec = demo.Persona("batang.kepala.lpse", "Kepala LPSE Batang", "lpse_head", "LPSE")
    return demo.ensure_persona(_other_organization(), spec, with_totp=False)


class Personas(Mapping):
    """Every persona by name, each made (through the services, as the demo makes it) when a test first reads it: a
    test pays for the people it uses, not for all eleven. Reading them all (`items()`, `values()`) makes them all."""

    def __init__(self, organization):
        self._organization = organization
        self._made: dict[str, User | None] = {"anonymous": None}

    def __getitem__(self, name: str) -> User | None:
        if name not in self._made:
            if name == "outsider":
                self._made[name] = _outsider()
            elif name in PERSONA_USERNAMES:
                self._made[name] = _persona(self._organization, PERSONA_USERNAMES[name])
            else:
                raise KeyError(name)
        return self._made[name]

    def __iter__(self):
        return iter([*PERSONA_USERNAMES, "outsider", "anonymous"])

    def __len__(self) -> int:
        return len(PERSONA_USERNAMES) + 2


def _personas(organization) -> dict[str, User | None]:
    """Every persona, made now (for data a whole module shares)."""
    return dict(Personas(organization).items())


@pytest.fixture
def personas(request, organization) -> Personas:
    """Every persona by name, made when first read, and `outsider`: the Kepala LPSE of another organisation (made
    with it). A test whose subject needs people it never names (a demo that hands work to each role, a list of every
    member of staff) is marked `every_persona`: all of them are made before it starts."""
    people = Personas(organization)
    if request.node.get_closest_marker("every_persona") is not None:
        dict(people.items())
    return people


# --- data made once per test module ------------------------------------------------------------------------------
# A module whose many tests only read the same set-up (the role matrix, the malformed-input walk) makes it once: the
# module's data is written in a transaction opened before its first test and rolled back after its last, and each test
# runs in a savepoint inside it (pytest-django's `db`), rolled back after the test. So every test still starts from the
# same state, whatever the one before it wrote, and no data outlives the module. Only for modules whose tests use
# `db`: a transactional test (`transactional_db`, `live_server`) commits and flushes, and cannot run inside it.
@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """A transaction around the whole test module, rolled back after its last test; module fixtures write in it."""
    from django.db import connection, transaction

    from sopan.core import audit_guard

    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        audit_guard.install(connection)  # as `_audit_guard` does for each test
    try:
        yield django_db_blocker
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_personas(module_db) -> dict[str, User]:
    """`personas`, made once for the test module (see `module_db`); tests that use it request `db` as well."""
    with module_db.unblock():
        return _personas(demo.ensure_organization(is_demo=False))


@pytest.fixture
def lpse_head(personas):
    return personas["lpse_head"]


@pytest.fixture
def verifier(personas):
    return personas["verifier"]


@pytest.fixture
def registration_officer(personas):
    return personas["registration_officer"]


@pytest.fixture
def vendor_admin(personas):
    return personas["vendor_admin"]


@pytest.fixture
def outsider(personas):
    return personas["outsider"]


# === Lane policies (DESIGN.md §7) ==============================================================================
# CI runs the suite on PostgreSQL with SOPAN_REQUIRE_POSTGRES=1: if DATABASE_URL got lost on the way, the run must
# fail at once rather than pass on SQLite. Tests marked `postgres` are skipped on SQLite (and so cannot be skipped
# in that lane). The browser lane's policy (SOPAN_REQUIRE_BROWSER) lives in tests/browser/conftest.py.
def _database_vendor() -> str:
    from django.db import connections

    return connections["default"].vendor


def pytest_sessionstart(session):
    if os.environ.get("SOPAN_REQUIRE_POSTGRES", "") not in ("", "0") and _database_vendor() != "postgresql":
        raise pytest.UsageError(
            f"SOPAN_REQUIRE_POSTGRES=1 but the database is {_database_vendor()}, not PostgreSQL: "
            "set DATABASE_URL=postgres://user@host:5432/name (pytest creates and drops test_<name> itself)."
        )


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and _database_vendor() != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://… to run it")
