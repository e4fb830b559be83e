"""What this machine lacks for `make run` and `make test`, with the package that brings each: run before anything else.

Standard library only, and run by the system Python (no virtual environment exists yet). Each missing piece is named
with what it is for and the one command that installs it on Debian/Ubuntu and on Fedora; then the exit status is 1,
so that `make` stops before it fails half-way in a traceback.

Needed: Python 3.11 or newer with venv and ensurepip (the Makefile makes .venv); Pango (WeasyPrint draws the printed
documents, PDF, with it); Node.js and npm (the page assets: Bootstrap, htmx). Optional: GNU gettext (msgfmt,
xgettext), which only the translation check of `make test` needs: without it that check is skipped and said so,
unless SOPAN_REQUIRE_GETTEXT=1 (CI), which makes it required.

    python3 scripts/check_machine.py            the check (exit 1 if something needed is missing)
    python3 scripts/check_machine.py --translation-check
                                                exit 0 if the translation check is to run (gettext is there, or
                                                required so that its absence fails), 1 if it is to be skipped
    python3 scripts/check_machine.py --summary  the reminder `make test` prints at its end if the check was skipped
"""

import ctypes.util
import importlib.util
import os
import shutil
import sys

MIN_PYTHON = (3, 11)
# The shared libraries WeasyPrint opens (weasyprint/text/ffi.py); Pango brings the others along.
PANGO_LIBRARIES = ("gobject-2.0", "pango-1.0", "pangoft2-1.0", "harfbuzz", "fontconfig")


class Missing:
    def __init__(self, name, purpose, debian, fedora, required=True):
        self.name, self.purpose, self.debian, self.fedora, self.required = name, purpose, debian, fedora, required

    def lines(self):
        return [
            f"  - {self.name}: {self.purpose}",
            f"      Debian/Ubuntu:  sudo apt install {self.debian}",
            f"      Fedora:         sudo dnf install {self.fedora}",
        ]


def find_library(name):
    return ctypes.util.find_library(name)


def which(command):
    return shutil.which(command)


def has_module(name):
    return importlib.util.find_spec(name) is not None


def python_version():
    return sys.version_info[:2]


def gettext_required():
    return os.environ.get("SOPAN_REQUIRE_GETTEXT", "") not in ("", "0", "false", "no")


def has_gettext():
    return bool(which("msgfmt") and which("xgettext"))


def missing_pieces():
    """What the machine lacks, the required pieces first."""
    missing = []
    version = python_version()
    if version < MIN_PYTHON:
        missing.append(
            Missing(
                "Python {}.{} or newer (this is {}.{})".format(*MIN_PYTHON, *version),
                "Sopan runs on it",
                "python3 python3-venv   (Debian 12 and Ubuntu 24.04 have 3.11 or newer)",
                "python3",
            )
        )
    elif not (has_module("venv") and has_module("ensurepip")):
        missing.append(
            Missing(
                "Python's venv and ensurepip",
                "the Makefile makes Sopan's own Python environment (.venv) with them",
                "python3-venv",
                "python3   (venv is part of it on Fedora)",
            )
        )
    lacking = [name for name in PANGO_LIBRARIES if not find_library(name)]
    if lacking:
        missing.append(
            Missing(
                "Pango (not found: {})".format(", ".join(lacking)),
                "WeasyPrint draws the printed documents (PDF) with it",
                "libpango-1.0-0 libpangoft2-1.0-0",
                "pango",
            )
        )
    tools = [tool for tool in ("node", "npm") if not which(tool)]
    if tools:
        missing.append(
            Missing(
                "Node.js and npm (not found: {})".format(", ".join(tools)),
                "they fetch the page assets (Bootstrap, htmx) named in package.json",
                "nodejs npm",
                "nodejs npm",
            )
        )
    if not has_gettext():
        missing.append(
            Missing(
                "GNU gettext (msgfmt, xgettext)",
                "the translation check of `make test`"
                + (
                    " (required here: SOPAN_REQUIRE_GETTEXT=1)"
                    if gettext_required()
                    else "; without it that check is skipped"
                ),
                "gettext",
                "gettext",
                required=gettext_required(),
            )
        )
    return missing


def check(out=sys.stdout):
    missing = missing_pieces()
    required = [piece for piece in missing if piece.required]
    optional = [piece for piece in missing if not piece.required]
    if required:
        print("This machine lacks what Sopan needs; install it and run the command again:", file=out)
        for piece in required:
            print("\n".join(piece.lines()), file=out)
    if optional:
        print("Optional, not installed:", file=out)
        for piece in optional:
            print("\n".join(piece.lines()), file=out)
    return 1 if required else 0


SKIPPED = (
    "NOTE: the translation check was SKIPPED: GNU gettext (xgettext) is not installed. The Indonesian catalogue was "
    "not compared with the code. Install it (Debian/Ubuntu: sudo apt install gettext; Fedora: sudo dnf install "
    "gettext) and run `make test` again; CI requires it (SOPAN_REQUIRE_GETTEXT=1)."
)


def main(argv):
    if "--translation-check" in argv:
        return 0 if has_gettext() or gettext_required() else 1
    if "--summary" in argv:
        if not has_gettext() and not gettext_required():
            print(SKIPPED)
        return 0
    return check()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
