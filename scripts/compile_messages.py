"""Compile every catalogue into .mo with polib (no GNU gettext needed to run Sopan): the project's
(locale/*/LC_MESSAGES/*.po) and each module's own (sopan/<app>/locale/…, tests/…/locale/…)."""

from __future__ import annotations

import os
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".git", ".venv", "node_modules", "var", "__pycache__"}


def locale_dirs() -> list[Path]:
    """Every `locale` directory of the project and its modules (where `makemessages` writes), project's first."""
    found = []
    for dirpath, dirnames, _filenames in os.walk(ROOT):
        dirnames[:] = sorted(name for name in dirnames if name not in SKIPPED)
        if "locale" in dirnames:
            found.append(Path(dirpath) / "locale")
            dirnames.remove("locale")
    return sorted(found, key=lambda path: (path != ROOT / "locale", str(path)))


def catalogues(language: str = "*") -> list[Path]:
    return [po for directory in locale_dirs() for po in sorted(directory.glob(f"{language}/LC_MESSAGES/*.po"))]


def main() -> None:
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        print(f"compiled {mo_path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
