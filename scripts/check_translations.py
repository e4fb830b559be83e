"""Fail the build when an Indonesian catalogue is not complete and current: the project's (locale/id) and every
module's own (a `locale/` directory in its package, where `makemessages` writes the messages of that package).

1. Extract the messages from the code as `make makemessages` does (needs GNU gettext's xgettext) into the catalogues
   (each kept aside and put back).
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
from compile_messages import catalogues

ROOT = Path(__file__).resolve().parent.parent
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
    committed_paths = catalogues("id")
    with tempfile.TemporaryDirectory() as scratch:
        backups = {path: Path(scratch) / str(index) for index, path in enumerate(committed_paths)}
        for path, backup in backups.items():
            shutil.copy2(path, backup)
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
            extracted = {path: polib.pofile(str(path)) for path in catalogues("id")}
        finally:
            for path, backup in backups.items():
                shutil.copy2(backup, path)
            for path in set(catalogues("id")) - set(backups):  # a module's catalogue that was never committed
                path.unlink()
    total = 0
    for path, entries in extracted.items():
        problems += [f"{path.relative_to(ROOT)}: {problem}" for problem in _problems(path, entries)]
        total += len(entries)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"check_translations: {len(extracted)} catalogues, {total} entries, {len(problems)} problems")
    return 1 if problems else 0


def _problems(path: Path, extracted: polib.POFile) -> list[str]:
    problems: list[str] = []
    if not path.exists():
        return ["not committed (run `make makemessages`, then translate)"]
    committed = polib.pofile(str(path))
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
    return problems


if __name__ == "__main__":
    sys.exit(main())
