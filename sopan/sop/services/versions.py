"""Writes of SOP definitions and their lifecycle: import, edit a draft, submit, approve (disahkan), make effective,
revise, copy another organisation's published SOP, and bind an SOP to a procedure.

draft → submitted → approved → effective → superseded; a submitted version can be returned to draft with a note.
Every status change goes through `workflows.VERSION_FLOW` (permission, source status, guard, literal audit code, the
`version` counter a decision taken on an outdated page is checked against: `seen_version`).
Only one effective version per SOP and one open revision (draft/submitted/approved) at a time (database constraints).
`by=None` is the system itself (the demo loader); every other caller is checked against policies.py.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.accounts.services import own_roles
from sopan.core import audit, workflow
from sopan.sop import adoption, policies, procedures
from sopan.sop import definition as d
from sopan.sop.definition import bounded_yaml
from sopan.sop.definition.handovers import handover_warnings
from sopan.sop.models import ProcedureBinding, Sop, SopVersion
from sopan.sop.services import numbering
from sopan.sop.workflows import VERSION_FLOW

S = SopVersion.Status


def _check(allowed: bool, by) -> None:
    if by is not None:
        require(allowed)


def _errors(problems) -> list[d.Problem]:
    return [p for p in problems if p.severity == d.Severity.ERROR]


def _refuse(problems) -> ValidationError:
    return ValidationError([p.describe() for p in _errors(problems)])


def _read(text: str, source: str, organization, *, key: str = "") -> tuple[d.Definition, list[d.Problem], dict]:
    """An incomplete source read as far as it goes (issue 16 §2): the best definition, every problem, and the data
    as written (JSON-safe) to keep while it has errors. A file that is not YAML or not a mapping is refused; a file
    without a usable key takes `key`, else one made from its title (a warning says so)."""
    roles = own_roles.role_codes_of(organization)
    definition, problems = d.check_yaml(text, source=source, known_roles=roles)
    if definition is None:
        raise _refuse(problems)
    data = d.json_safe(bounded_yaml.parse(text))
    if not d.KEY_RE.match(definition.key or ""):
        made = key or slugify(definition.key or definition.identity.title)[:80].strip("-")
        if not made:
            raise _refuse(problems)
        data["key"] = made
        definition, problems = d.check_data(data, source=source, known_roles=roles)
        problems.append(
            d.Problem(
                source,
                "",
                "key",
                _("the file has no usable key: %(key)s is used (write key: to choose another)") % {"key": made},
                d.Severity.WARNING,
            )
        )
    # a hand-over to an SOP the organisation does not have (yet) is a warning (definition/handovers.py)
    known = Sop.objects.filter(organization=organization).values_list("key", flat=True)
    checked = handover_warnings(definition, known)
    problems += checked.warnings[len(definition.warnings) :]
    return checked, problems, data


def _problem_data(problems) -> list[dict]:
    return [dataclasses.asdict(p) for p in problems]


def _require_complete(version: SopVersion) -> None:
    if message := policies.incomplete_message(version):
        raise ValidationError(message)


def _require_status(version: SopVersion, *allowed: str) -> None:
    if version.status not in allowed:
        raise ValidationError(
            _("This version is %(status)s; that cannot be done now.") % {"status": version.get_status_display()}
        )


def _numbered(definition: d.Definition, organization_id: int) -> d.Definition:
    """The definition with its Nomor SOP: as printed when it has one, else the next of the organisation's scheme."""
    if definition.identity.number.strip():
        return definition
    number = numbering.number_assign(organization_id)
    return replace(definition, identity=replace(definition.identity, number=number))


def _new_version(sop: Sop, definition: d.Definition, *, revision: int, by, **fields) -> SopVersion:
    definition = _numbered(definition, sop.organization_id)
    version = SopVersion.objects.create(
        sop=sop,
        organization_id=sop.organization_id,
        revision=revision,
        status=S.DRAFT,
        definition=definition.as_data(),
        lane_roles=policies.lane_roles_text(definition),
        title=definition.identity.title,
        number=definition.identity.number,
        created_by=by,
        **fields,
    )
    return version


def _new_incomplete(sop: Sop, definition: d.Definition, data: dict, problems, *, revision: int, by) -> SopVersion:
    """A draft kept with its errors: the data as written, what could be read of it for the lists and the pages.
    It is numbered when approved, like any version still without a number."""
    return SopVersion.objects.create(
        sop=sop,
        organization_id=sop.organization_id,
        revision=revision,
        status=S.DRAFT,
        definition=data,
        lane_roles=policies.lane_roles_text(definition),
        title=(definition.identity.title or sop.key)[:300],
        number=definition.identity.number[:255],
        created_by=by,
        problems=_problem_data(problems),
    )


@transaction.atomic
def sop_import(*, organization, text: str, by, source: str = "import", allow_problems: bool = False) -> SopVersion:
    """Create an SOP from a definition file, or a new draft revision of the SOP with the same key. With
    `allow_problems`, a file with errors (an incomplete source: a decision with one outcome, a table cut off, only
    the identity block …) is kept as a draft with its problems; it cannot be submitted or run until it validates.
    A file that is not YAML, or not a mapping, is refused all the same."""
    _check(policies.can_manage_sops(by, organization), by)
    definition, problems, data = _read(text, source, organization)
    errors = _errors(problems)
    if errors and not allow_problems:
        raise _refuse(problems)
    sop = Sop.objects.select_for_update().filter(organization=organization, key=definition.key).first()
    if sop is None:
        title = (definition.identity.title or definition.key)[:300]
        sop = Sop.objects.create(organization=organization, key=definition.key, title=title)
        revision = 0
    else:
        if sop.versions.filter(status__in=SopVersion.OPEN_STATUSES).exists():
            raise ValidationError(
                _("SOP %(key)s already has a revision in preparation; edit that one instead.") % {"key": sop.key}
            )
        revision = (sop.versions.order_by("-revision").values_list("revision", flat=True).first() or 0) + 1
    if errors:
        version = _new_incomplete(sop, definition, data, problems, revision=revision, by=by)
    else:
        version = _new_version(sop, definition, revision=revision, by=by, problems=_problem_data(problems))
    audit.record(
        action="sop.version.imported",
        by=by,
        target=version,
        changes={"key": sop.key, "revision": revision, "source": source, "problems": len(errors)},
    )
    return version


@transaction.atomic
def version_update(*, version: SopVersion, text: str, by) -> SopVersion:
    """Replace a draft's definition (the YAML edited in the app). The key cannot change. A draft kept with its errors
    is checked again and keeps the problems still there (it may be saved part-mended); a draft that validates must
    still validate."""
    _check(policies.can_manage_sops(by, version), by)
    version = SopVersion.objects.select_for_update().select_related("sop").get(pk=version.pk)
    _require_status(version, S.DRAFT)
    source = f"{version.sop.key} rev. {version.revision}"
    definition, problems, data = _read(text, source, version.organization_id, key=version.sop.key)
    errors = _errors(problems)
    if errors and not version.errors:
        raise _refuse(problems)
    if definition.key != version.sop.key:
        raise ValidationError(
            _("The key of the SOP cannot change (it is %(key)s); import it as a new SOP instead.")
            % {"key": version.sop.key}
        )
    changes = d.diff(version.parsed, definition)
    version.definition = data if errors else definition.as_data()
    version.problems = _problem_data(problems)
    version.lane_roles = policies.lane_roles_text(definition)
    version.title = (definition.identity.title or version.sop.key)[:300]
    version.number = definition.identity.number[:255]
    version.version += 1  # what an approver or submitter saw has changed
    version.save(update_fields=["definition", "problems", "lane_roles", "title", "number", "version"])
    version.__dict__.pop("parsed", None)
    audit.record(
        action="sop.version.updated",
        by=by,
        target=version,
        changes={
            "changed": [f"{where} {name}".strip() for where, name, _a, _b in changes][:50],
            "problems": len(errors),
        },
    )
    return version


def _locked(version: SopVersion, seen_version) -> SopVersion:
    return workflow.locked(SopVersion, version.pk, seen_version=seen_version, message=VERSION_FLOW.stale_message)


@transaction.atomic
def version_submit(*, version: SopVersion, by, seen_version: int | None = None) -> SopVersion:
    version = _locked(version, seen_version)
    VERSION_FLOW.check(version, "submit", by=by)
    _require_complete(version)
    version.submitted_at, version.review_note = timezone.now(), ""
    return VERSION_FLOW.apply(version, "submit", by=by)


@transaction.atomic
def version_return(*, version: SopVersion, note: str, by, seen_version: int | None = None) -> SopVersion:
    """Send a submitted version back to its authors, saying what to change; or an approved one not yet in force
    (its approval lapses: the changed text must be approved again)."""
    version = _locked(version, seen_version)
    VERSION_FLOW.check(version, "return", by=by)
    if not note.strip():
        raise ValidationError({"note": _("Say what has to change before it can be approved.")})
    version.review_note = note.strip()
    version.approved_at = version.approved_by = None
    return VERSION_FLOW.apply(version, "return", by=by, changes={"note": version.review_note})


@transaction.atomic
def version_approve(
    *, version: SopVersion, by, on: datetime.date | None = None, seen_version: int | None = None
) -> SopVersion:
    """Disahkan: by a holder of the position named in the identity block. The approver's name and NIP go into the
    identity block as printed."""
    version = _locked(version, seen_version)
    VERSION_FLOW.check(version, "approve", by=by)  # before a number is taken
    _require_complete(version)
    definition = _numbered(version.parsed, version.organization_id)
    if by is not None:
        person = replace(definition.identity.approved_by, name=by.get_full_name(), nip=by.nip or "")
        definition = replace(definition, identity=replace(definition.identity, approved_by=person))
    version.definition = definition.as_data()
    version.number = definition.identity.number
    version.approved_at, version.approved_by = timezone.now(), by
    version.__dict__.pop("parsed", None)
    position = definition.identity.approved_by.position
    return VERSION_FLOW.apply(version, "approve", by=by, changes={"position": position})


@transaction.atomic
def version_make_effective(
    *, version: SopVersion, by, on: datetime.date | None = None, seen_version: int | None = None
) -> SopVersion:
    """Put an approved version into force; the version in force until now is superseded. Running cases stay on the
    version they started with."""
    sop = Sop.objects.select_for_update().get(pk=version.sop_id)
    version = _locked(version, seen_version)
    VERSION_FLOW.check(version, "make_effective", by=by)
    _require_complete(version)
    on = on or timezone.localdate()
    previous = sop.versions.select_for_update().filter(status=S.EFFECTIVE).first()
    if previous is not None:
        previous.superseded_at = timezone.now()
        VERSION_FLOW.apply(previous, "supersede", by=by, changes={"superseded_by": version.pk})
    definition = version.parsed
    definition = replace(definition, identity=replace(definition.identity, effective_on=on))
    version.definition = definition.as_data()
    version.effective_on = on
    version.__dict__.pop("parsed", None)
    VERSION_FLOW.apply(
        version,
        "make_effective",
        by=by,
        changes={"effective_on": on, "supersedes": previous and previous.pk},
    )
    sop.title = version.title
    sop.save(update_fields=["title"])
    return version


@transaction.atomic
def sop_revise(*, sop: Sop, by) -> SopVersion:
    """Start a new draft revision from the version in force (or the latest one): revision number + 1."""
    _check(policies.can_manage_sops(by, sop), by)
    sop = Sop.objects.select_for_update().get(pk=sop.pk)
    if sop.versions.filter(status__in=SopVersion.OPEN_STATUSES).exists():
        raise ValidationError(_("A revision of this SOP is already in preparation."))
    base = sop.versions.filter(status=S.EFFECTIVE).first() or sop.versions.order_by("-revision").first()
    definition = base.parsed
    identity = replace(
        definition.identity,
        revision=definition.identity.revision + 1,
        revised_on=timezone.localdate(),
        effective_on=None,
    )
    version = _new_version(sop, replace(definition, identity=identity), revision=base.revision + 1, by=by)
    audit.record(action="sop.version.revised", by=by, target=version, changes={"from_revision": base.revision})
    return version


@transaction.atomic
def sop_copy(*, source: SopVersion, organization, by, key: str = "") -> SopVersion:
    """Start the organisation's own SOP from another organisation's effective (published) one: a new draft that keeps
    a reference to its origin. The header becomes the organisation's; the approval is cleared."""
    _check(policies.can_manage_sops(by, organization), by)
    if source.status != S.EFFECTIVE:
        raise ValidationError(_("Only an SOP in force can be copied."))
    definition = source.parsed
    key = key or definition.key
    if Sop.objects.filter(organization=organization, key=key).exists():
        raise ValidationError({"key": _("Your organisation already has an SOP with the key %(key)s.") % {"key": key}})
    header = organization.letterhead_lines
    identity = replace(
        definition.identity,
        organization=header[0] if header else organization.name.upper(),
        unit="\n".join(header[1:]) if len(header) > 1 else definition.identity.unit,  # a line per letterhead row
        number="",
        created_on=timezone.localdate(),
        revised_on=None,
        revision=0,
        effective_on=None,
        # the positions stay; the source's people do not sign the copy
        prepared_by=d.Person(position=definition.identity.prepared_by.position),
        reviewed_by=d.Person(position=definition.identity.reviewed_by.position),
        approved_by=d.Person(position=definition.identity.approved_by.position),
        related=tuple(replace(r, sop="") for r in definition.identity.related),
    )
    definition = replace(definition, key=key, identity=identity)
    sop = Sop.objects.create(organization=organization, key=key, title=identity.title, origin=source)
    review = {
        "source": source.organization.name,
        "places": adoption.organization_places(source.organization, source.parsed.identity.organization),
        "confirmed": [],
    }
    version = _new_version(sop, definition, revision=0, by=by, adoption_review=review)
    audit.record(
        action="sop.version.copied",
        by=by,
        target=version,
        changes={
            "origin": f"{source.organization} / {source.sop.key} rev. {source.revision}",
            "texts_to_review": len(adoption.open_flags(version)),
        },
    )
    return version


def _adoption_draft(version: SopVersion, by) -> SopVersion:
    _check(policies.can_manage_sops(by, version), by)
    version = SopVersion.objects.select_for_update().select_related("sop").get(pk=version.pk)
    _require_status(version, S.DRAFT)
    if not (version.adoption_review or {}).get("places"):
        raise ValidationError(_("This version is not a copy of another organisation's SOP."))
    return version


@transaction.atomic
def adoption_confirm(*, version: SopVersion, path: str, by) -> SopVersion:
    """The adopter confirms that a text naming the origin organisation is meant as it stands (e.g. a reference to
    that organisation's regulation). The confirmation holds for that text: edited later, it is reviewed again."""
    version = _adoption_draft(version, by)
    flag = next((f for f in adoption.review_flags(version) if f.path == path), None)
    if flag is None:
        raise ValidationError(_("That text no longer names the other organisation; nothing to confirm."))
    review = dict(version.adoption_review)
    review["confirmed"] = [*review.get("confirmed", []), [flag.path, flag.text]]
    version.adoption_review = review
    version.version += 1
    version.save(update_fields=["adoption_review", "version"])
    audit.record(
        action="sop.adoption.confirmed", by=by, target=version, changes={"where": flag.path, "text": flag.text}
    )
    return version


@transaction.atomic
def adoption_replace_names(*, version: SopVersion, by) -> SopVersion:
    """Put the adopting organisation's name in every text of the copy that names the origin organisation and is not
    confirmed as intended ("LPSE Kota Pagar Alam" → "LPSE Kota Salatiga"). The draft stays a draft to read over."""
    version = _adoption_draft(version, by)
    review = version.adoption_review
    confirmed = [tuple(c) for c in review.get("confirmed", ())]
    target = adoption.adopter_place(version.organization)
    data = adoption.replace_names(version.definition, review["places"], target, skip=confirmed)
    changed = [f.path for f in adoption.open_flags(version)]
    try:
        definition = d.from_data(
            data,
            source=f"{version.sop.key} rev. {version.revision}",
            known_roles=own_roles.role_codes_of(version.organization_id),
        )
    except d.DefinitionError as error:
        raise ValidationError([p.describe() for p in error.problems]) from None
    version.definition = definition.as_data()
    version.title = definition.identity.title
    version.number = definition.identity.number
    version.lane_roles = policies.lane_roles_text(definition)
    version.version += 1
    version.save(update_fields=["definition", "title", "number", "lane_roles", "version"])
    version.__dict__.pop("parsed", None)
    audit.record(
        action="sop.adoption.names_replaced",
        by=by,
        target=version,
        changes={"with": target.phrase, "changed": changed[:50]},
    )
    return version


@transaction.atomic
def procedure_bind(*, organization, procedure: str, sop: Sop, by) -> ProcedureBinding:
    """Choose which effective SOP serves a procedure. Refused, naming the keys, when the SOP lacks a needed step."""
    _check(policies.can_manage_sops(by, organization), by)
    if procedure not in procedures.PROCEDURES:
        raise ValidationError({"procedure": _("Unknown procedure.")})
    if sop.organization_id != organization.pk:
        raise ValidationError({"sop": _("Choose one of your organisation's SOPs.")})
    effective = sop.versions.filter(status=S.EFFECTIVE).first()
    if effective is None:
        raise ValidationError({"sop": _("This SOP has no version in force yet.")})
    missing = procedures.missing_steps(procedure, effective.parsed.step_keys)
    if missing:
        raise ValidationError(
            {
                "sop": _("%(sop)s cannot serve %(procedure)s: it lacks the step(s) %(keys)s.")
                % {"sop": sop.title, "procedure": procedures.get(procedure).label, "keys": ", ".join(missing)}
            }
        )
    binding = (
        ProcedureBinding.objects.select_for_update().filter(organization=organization, procedure=procedure).first()
    )
    before = binding.sop_id if binding else None
    if binding is None:
        binding = ProcedureBinding.objects.create(organization=organization, procedure=procedure, sop=sop)
    else:
        binding.sop = sop
        binding.save(update_fields=["sop", "updated_at"])
    audit.record(
        action="sop.procedure.bound",
        by=by,
        target=binding,
        changes={"procedure": procedure, "sop": [before, sop.pk]},
    )
    return binding
