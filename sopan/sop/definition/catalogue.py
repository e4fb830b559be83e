"""The catalogue in the repository: `catalogue/<organisation slug>/<sop key>.yaml`, loaded and validated."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .loader import load_file
from .model import Definition, DefinitionError, Problem

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "catalogue"


def catalogue_files() -> list[Path]:
    """Every SOP file of the catalogue: `catalogue/<organisation slug>/<sop key>.yaml`."""
    return sorted(CATALOGUE_DIR.glob("*/*.yaml"))


# path -> ((size, modification time, language), definition): each file read once per process while it is unchanged.
_read: dict[Path, tuple[tuple, Definition]] = {}


def _load(path: Path) -> Definition:
    """One catalogue file, parsed once per process for as long as it is unchanged.

    The catalogue ships with the code and is read often (each demo organisation's seeding, each SOP bound in a test):
    parsing its 17 files takes about 0.3 s. A definition is immutable (frozen, tuples throughout), so one can be shared.
    Its warnings are written in the language active when it was read, hence the language in the key. A file that
    fails is not kept: its problems are raised again on every call.
    """
    stat = path.stat()
    signature = (stat.st_size, stat.st_mtime_ns, get_language())
    kept = _read.get(path)
    if kept is None or kept[0] != signature:
        kept = _read[path] = (signature, load_file(path))
    return kept[1]


def load_catalogue() -> dict[str, list[Definition]]:
    """Every catalogue file, validated, by organisation slug. Raises `DefinitionError` with every problem found."""
    found: dict[str, list[Definition]] = {}
    problems: list[Problem] = []
    for path in catalogue_files():
        try:
            definition = _load(path)
        except DefinitionError as error:
            problems.extend(error.problems)
            continue
        if definition.key != path.stem:
            problems.append(
                Problem(path.name, "", "key", _("must match the file name (%(name)r)") % {"name": path.stem})
            )
        found.setdefault(path.parent.name, []).append(definition)
    if problems:
        raise DefinitionError(problems)
    return found
