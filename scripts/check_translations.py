"""Fail the build when the Indonesian catalogue is not complete and current.

1. Extract the messages from the code as `make makemessages` does (needs GNU gettext's xgettext) into a scratch copy.
2. Fail on a message of the code that the catalogue lacks, an untranslated or fuzzy entry, or a translation whose
   placeholders differ from its source (a crash waiting to happen when the text is formatted).
The working tree is left as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")


def placeholders(text: str) -> set[str]:
    return {"".join(m) for m in PLACEHOLDER.findall(text)}


def main() -> int:
    if shutil.which("xgettext") is None:
        print(
            "check_translations: GNU gettext (xgettext) is needed: sudo apt install gettext (Debian/Ubuntu), "
            "sudo dnf install gettext (Fedora)",
            file=sys.stderr,
        )
        return 2
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        backup = Path(scratch) / "django.po"
        shutil.copy2(CATALOGUE, backup)
        try:
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "makemessages",
                    "--locale",
                    "id",
                    "--no-obsolete",
                    "--no-location",
                    "--ignore",
                    "node_modules/*",
                    "--ignore",
                    ".venv/*",
                    "--ignore",
                    "var/*",
                    "--verbosity",
                    "0",
                ],
                cwd=ROOT,
                check=True,
                env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base"},
            )
            extracted = polib.pofile(str(CATALOGUE))
        finally:
            shutil.copy2(backup, CATALOGUE)
    committed = polib.pofile(str(CATALOGUE))
    known = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
    for entry in extracted:
        if entry.obsolete:
            continue
        if (entry.msgctxt, entry.msgid) not in known:
            problems.append(f"not in the catalogue (run `make makemessages`, then translate): {entry.msgid!r}")
    for entry in committed:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not all(t.strip() for t in translations):
            problems.append(f"untranslated: {entry.msgid!r}")
            continue
        expected = placeholders(entry.msgid)
        for text in translations:
            if placeholders(text) != expected:
                problems.append(f"placeholders differ: {entry.msgid!r} -> {text!r}")
    for problem in problems:
        print(f"locale/id: {problem}", file=sys.stderr)
    print(f"check_translations: {len(committed)} entries, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
