"""Configuration as the README documents it: production by environment variables, the embedded SQLite tier."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SOPAN_", "DATABASE_URL", "REDIS"))}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", "SOPAN_VAR_DIR": str(tmp_path)}, **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "SOPAN_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-1234567890",
    "AUDIT_KEY": "a" * 20 + "-audit-key-kept-outside-the-database-1234567890",
    "ALLOWED_HOSTS": "lpse.salatiga.go.id",
    "DATABASE_URL": "postgres://sopan@127.0.0.1:5432/sopan",
}


def test_production_settings_pass_the_deployment_check(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_without_secret_key_refuses_to_start(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr
    assert not (tmp_path / "secret_key").exists()  # no silent fallback key


def test_production_without_audit_key_refuses_to_start(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "AUDIT_KEY"}
    result = _manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "AUDIT_KEY is required" in result.stderr
    assert not (tmp_path / "audit_key").exists()  # no silent fallback key


def test_production_refuses_debug(tmp_path):
    result = _manage("check", env={**PRODUCTION, "DEBUG": "true"}, tmp_path=tmp_path)
    assert result.returncode != 0 and "DEBUG must be off" in result.stderr


def test_embedded_tier_generates_and_keeps_its_own_secret_key(tmp_path):
    assert _manage("check", env={}, tmp_path=tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 50 and oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    _manage("check", env={}, tmp_path=tmp_path)
    assert (tmp_path / "secret_key").read_text() == key


def test_embedded_tier_generates_its_audit_key_apart_from_the_secret_key(tmp_path):
    code = "from django.conf import settings; print(settings.AUDIT_KEY, settings.AUDIT_ANCHOR_DIR)"
    first = _manage("shell", "-c", code, env={}, tmp_path=tmp_path).stdout.splitlines()[-1].split()
    key = (tmp_path / "audit_key").read_text()
    assert first == [key, str(tmp_path / "audit-anchors")]
    assert key != (tmp_path / "secret_key").read_text() and oct((tmp_path / "audit_key").stat().st_mode)[-3:] == "600"
    again = _manage("shell", "-c", code, env={"AUDIT_ANCHOR_DIR": "/srv/anchors"}, tmp_path=tmp_path)
    again = again.stdout.splitlines()[-1].split()
    assert again == [key, "/srv/anchors"]


def test_redis_url_switches_tasks_to_rq(tmp_path):
    code = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    result = _manage("shell", "-c", code, env={"REDIS_URL": "redis://127.0.0.1:6379/14"}, tmp_path=tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "django_tasks_rq.RQBackend"
    result = _manage("shell", "-c", code, env={}, tmp_path=tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "django_tasks_db.DatabaseBackend"


def _writers(tmp_path, mode: str) -> tuple[int, int]:
    result = subprocess.run(
        [sys.executable, "tests/sqlite_writers.py", str(tmp_path / "concurrency.sqlite3"), mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
    )
    assert result.returncode == 0, result.stderr
    ok, failed = map(int, result.stdout.split())
    return ok, failed


@pytest.mark.parametrize("mode", ["IMMEDIATE"])
def test_sqlite_with_sopan_options_has_no_locked_writers(tmp_path, mode):
    """DESIGN.md §6: IMMEDIATE transactions in WAL mode with a busy timeout let parallel writers all succeed."""
    ok, failed = _writers(tmp_path, mode)
    assert (ok, failed) == (400, 0)


def test_sqlite_default_mode_would_fail_so_the_check_above_can_fail(tmp_path):
    ok, failed = _writers(tmp_path, "DEFERRED")
    assert failed > 0 and ok + failed == 400
