"""The procedures Sopan runs, and the SOP steps each needs.

An organisation binds one of its effective SOPs to a procedure (`ProcedureBinding`); the domain module then records
its transitions on the SOP's steps by *key*. A procedure lists the step keys its module refers to, so an SOP that
lacks one cannot be bound (nor used), and the refusal names the missing keys. An organisation may renumber, reword or
extend the SOP freely as long as those keys remain.

Each app declares the procedures it runs in its module.py (sopan.core.modules.Procedure): vendors the vendor
registration, helpdesk the telephone helpdesk, sop those no domain module runs yet (the generic case runner's).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from django.core.exceptions import ImproperlyConfigured

from sopan.core import modules
from sopan.core.modules import Procedure

__all__ = ["Procedure", "ProcedureDeclaredTwice", "by_code", "catalogue", "get", "missing_steps", "recorded_by"]


class ProcedureDeclaredTwice(ImproperlyConfigured):
    """Two modules declare one procedure code: which one's step keys would a binding be checked against?"""


def _declared() -> list[Procedure]:
    """Every installed app's procedures, refusing a code declared by two modules (or twice by one)."""
    owners: dict[str, str] = {}
    declared = []
    for module in modules.installed():
        for procedure in module.procedures:
            if procedure.code in owners:
                raise ProcedureDeclaredTwice(
                    f"The procedure {procedure.code!r} is declared by the modules {owners[procedure.code]!r} and "
                    f"{module.label!r}: a procedure belongs to one module; remove one of the declarations."
                )
            owners[procedure.code] = module.label
            declared.append(procedure)
    return declared


@modules.derived  # read once per process, and again when the declarations change (modules.forget)
def catalogue() -> tuple[Procedure, ...]:
    """Every installed app's procedures (`procedures` in its module.py): those a domain module runs (with the step keys
    it records) first, then those the generic case runner serves, each in INSTALLED_APPS order. A code declared by two
    modules is refused (ProcedureDeclaredTwice)."""
    return tuple(sorted(_declared(), key=lambda procedure: not procedure.required_steps))


@modules.derived
def by_code() -> Mapping[str, Procedure]:
    """The procedures by code (read-only: it is shared by every caller of the process); each step of a case page and
    each step completion asks it (`recorded_by`)."""
    return MappingProxyType({procedure.code: procedure for procedure in catalogue()})


def __getattr__(name: str):
    # Read from the installed apps when asked (after the app registry is ready), not at import.
    if name == "CATALOGUE":
        return catalogue()
    if name == "PROCEDURES":
        return by_code()
    if name == "CHOICES":
        return [(procedure.code, procedure.label) for procedure in catalogue()]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def get(code: str) -> Procedure:
    return by_code()[code]


def missing_steps(code: str, step_keys) -> list[str]:
    """The step keys the procedure needs that the SOP lacks, sorted. A binding whose procedure no module declares any
    more (its row keeps its code, e.g. the sop module's former "selection_preparation") needs none."""
    procedure = by_code().get(code)
    return sorted(procedure.required_steps - set(step_keys)) if procedure else []


def recorded_by(case, step_key: str) -> Procedure | None:
    """The procedure whose module records the step `step_key` of `case`, else None.

    A subject's case (a package's, a registration's …) has the steps its module's transitions record (`required_steps`)
    done by those transitions, never on the case page: done there, the SOP would say a step is done that the module's
    record says is not, and the module's own transition would later find it closed. The organisation's own steps beside
    them (an SOP may be extended) are done on the case page as in any case."""
    if not case.procedure or case.subject_type_id is None:
        return None
    procedure = by_code().get(case.procedure)
    if procedure is None or step_key not in procedure.required_steps:
        return None
    return procedure
