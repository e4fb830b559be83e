"""Hand-overs to other SOPs (`next: {sop: <key>}`) checked against the SOPs the organisation has: a key it does not
have is a warning, not an error (the other SOP may be imported later)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from django.utils.translation import gettext as _

from .flow import step_where as _step_where
from .model import Definition, Problem, Severity


def handover_warnings(definition: Definition, known_sops: Iterable[str]) -> Definition:
    """The definition with a warning for each hand-over to an SOP the organisation does not have (yet): the other
    SOP may be imported later; a case reaching it then ends with a note (services/cases.py)."""
    known = set(known_sops)
    extra = [
        Problem(
            definition.source or "import",
            _step_where(step.number, step.key),
            "next.sop",
            _(
                "the organisation has no SOP %(sop)r yet: import it, or correct the key; until then a case ends "
                "here without starting it"
            )
            % {"sop": step.handover},
            Severity.WARNING,
        )
        for step in definition.steps
        if step.handover and step.handover not in known
    ]
    if not extra:
        return definition
    return dataclasses.replace(definition, warnings=(*definition.warnings, *extra))
