"""`scripts/check_machine.py`, which `make run` and `make test` run first: each missing system dependency is named with
the package that brings it on Debian/Ubuntu and on Fedora, and stops the command (gettext only when required)."""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_machine.py"

_spec = importlib.util.spec_from_file_location("check_machine", SCRIPT)
check_machine = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_machine)

TOOLS = {"node", "npm", "msgfmt", "xgettext"}


@pytest.fixture
def machine(monkeypatch):
    """A machine that has everything; each test takes away one piece."""
    state = {
        "libraries": set(check_machine.PANGO_LIBRARIES),
        "tools": set(TOOLS),
        "modules": {"venv", "ensurepip"},
        "python": (3, 11),
    }
    monkeypatch.setattr(
        check_machine, "find_library", lambda name: f"lib{name}.so" if name in state["libraries"] else None
    )
    monkeypatch.setattr(check_machine, "which", lambda tool: f"/usr/bin/{tool}" if tool in state["tools"] else None)
    monkeypatch.setattr(check_machine, "has_module", lambda name: name in state["modules"])
    monkeypatch.setattr(check_machine, "python_version", lambda: state["python"])
    monkeypatch.delenv("SOPAN_REQUIRE_GETTEXT", raising=False)
    return state


def run_check() -> tuple[int, str]:
    out = io.StringIO()
    code = check_machine.check(out)
    return code, out.getvalue()


def test_a_complete_machine_passes_silently(machine):
    assert run_check() == (0, "")


@pytest.mark.parametrize("library", ["pango-1.0", "pangoft2-1.0", "gobject-2.0"])
def test_without_pango_the_pango_packages_are_named_and_the_command_stops(machine, library):
    machine["libraries"].discard(library)

    code, output = run_check()

    assert code == 1
    assert f"Pango (not found: {library})" in output
    assert "Debian/Ubuntu:  sudo apt install libpango-1.0-0 libpangoft2-1.0-0" in output
    assert "Fedora:         sudo dnf install pango" in output
    assert "printed documents (PDF)" in output


@pytest.mark.parametrize("tool", ["node", "npm"])
def test_without_node_or_npm_both_packages_are_named_and_the_command_stops(machine, tool):
    machine["tools"].discard(tool)

    code, output = run_check()

    assert code == 1
    assert f"Node.js and npm (not found: {tool})" in output
    assert "sudo apt install nodejs npm" in output
    assert "sudo dnf install nodejs npm" in output


def test_an_old_python_is_named_with_its_version(machine):
    machine["python"] = (3, 10)

    code, output = run_check()

    assert code == 1
    assert "Python 3.11 or newer (this is 3.10)" in output
    assert "sudo dnf install python3" in output


def test_without_venv_or_ensurepip_python3_venv_is_named(machine):
    machine["modules"].discard("ensurepip")  # Debian and Ubuntu ship them apart from python3

    code, output = run_check()

    assert code == 1
    assert "Python's venv and ensurepip" in output
    assert "sudo apt install python3-venv" in output


def test_without_gettext_the_check_passes_and_says_the_translation_check_will_be_skipped(machine):
    machine["tools"] -= {"msgfmt", "xgettext"}

    code, output = run_check()

    assert code == 0
    assert output.startswith("Optional, not installed:")
    assert "that check is skipped" in output
    assert "sudo apt install gettext" in output
    assert "sudo dnf install gettext" in output
    assert check_machine.main(["--translation-check"]) == 1  # the Makefile skips the check


def test_without_gettext_where_it_is_required_the_command_stops(machine, monkeypatch):
    machine["tools"].discard("xgettext")
    monkeypatch.setenv("SOPAN_REQUIRE_GETTEXT", "1")

    code, output = run_check()

    assert code == 1
    assert "GNU gettext (msgfmt, xgettext): the translation check of `make test` (required here" in output
    assert check_machine.main(["--translation-check"]) == 0  # the check runs, and fails without xgettext


def test_with_gettext_the_translation_check_runs(machine):
    assert check_machine.main(["--translation-check"]) == 0


def test_the_end_of_make_test_repeats_that_the_translation_check_was_skipped(machine, capsys):
    machine["tools"] -= {"msgfmt", "xgettext"}

    assert check_machine.main(["--summary"]) == 0
    assert "the translation check was SKIPPED" in capsys.readouterr().out

    machine["tools"] |= {"msgfmt", "xgettext"}
    assert check_machine.main(["--summary"]) == 0
    assert capsys.readouterr().out == ""


def test_everything_missing_is_named_at_once_required_first(machine):
    machine["libraries"].clear()
    machine["tools"].clear()

    code, output = run_check()

    assert code == 1
    assert output.index("Pango") < output.index("Node.js") < output.index("Optional") < output.index("GNU gettext")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_stops_before_the_virtual_environment_when_node_is_missing(tmp_path):
    """End to end, the real lookups: a PATH with only Python and make (no node, npm, gettext)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    (bin_dir / "make").symlink_to(shutil.which("make"))
    venv = tmp_path / "venv-that-must-not-be-made"

    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "deps", f"VENV={venv}"],
        env={**os.environ, "PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "Node.js and npm (not found: node, npm)" in result.stdout
    assert "sudo apt install nodejs npm" in result.stdout
    assert not venv.exists()
