"""The catalogue in the repository: `catalogue/<organisation slug>/<sop key>.yaml`, loaded and validated."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from .loader import load_file
from .model import Definition, DefinitionError, Problem

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "catalogue"


def catalogue_files() -> list[Path]:
    """Every SOP file of the catalogue: `catalogue/<organisation slug>/<sop key>.yaml`."""
    return sorted(CATALOGUE_DIR.glob("*/*.yaml"))


def load_catalogue() -> dict[str, list[Definition]]:
    """Every catalogue file, validated, by organisation slug. Raises `DefinitionError` with every problem found."""
    found: dict[str, list[Definition]] = {}
    problems: list[Problem] = []
    for path in catalogue_files():
        try:
            definition = load_file(path)
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
