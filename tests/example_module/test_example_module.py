"""The promise of issue 15 §1: a module that follows the recipe touches nothing outside its package but
INSTALLED_APPS. The example module (this package) brings a page, an entry on the bar, a periodic task, a procedure,
demo data, a hook and its own translations; prove.py checks each in a process with the module installed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_module_installed_by_one_line_brings_everything_it_declares():
    # Given its catalogue compiled as `make messages` compiles every catalogue
    subprocess.run([sys.executable, "scripts/compile_messages.py"], cwd=ROOT, check=True, capture_output=True)
    assert (Path(__file__).parent / "locale" / "id" / "LC_MESSAGES" / "django.mo").exists()
    # When a process runs with the module in INSTALLED_APPS
    environment = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    done = subprocess.run(
        [sys.executable, "-m", "tests.example_module.prove"],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "tests.example_module.settings"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    # Then every promise holds
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("proved")
