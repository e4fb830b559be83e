"""SOPs as versioned data, and their runs.

- `Sop`: one procedure document of an organisation (its key, e.g. `registrasi-verifikasi`), across revisions.
- `SopVersion`: one revision, holding the whole definition (definition/'s data form) and its lifecycle:
  draft → submitted → approved (disahkan) → effective → superseded. One effective version per SOP.
- `ProcedureBinding`: which effective SOP of the organisation serves a procedure (vendor registration, …).
- `Case`: one run of one version; `StepRecord`: one step of a case (who, when, due, exit taken, deviation);
  `StepOutput`: a document attached as a step's Output; `CaseParticipant`: a person bound to a lane of a case.
"""

from __future__ import annotations

import datetime
import json
import threading

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from sopan.sop import definition as d


class Sop(models.Model):
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="sops")
    key = models.SlugField(_("key"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    origin = models.ForeignKey(
        "SopVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "title"]
        verbose_name = _("SOP")
        verbose_name_plural = _("SOPs")
        constraints = [models.UniqueConstraint(fields=["organization", "key"], name="sop_unique_key")]

    def __str__(self) -> str:
        return self.title


class SopVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")
        EFFECTIVE = "effective", _("Effective")
        SUPERSEDED = "superseded", _("Superseded")

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.APPROVED)

    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="versions")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveIntegerField(_("revision"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    definition = models.JSONField(_("definition"))
    title = models.CharField(_("title"), max_length=300)
    # Long enough for any scheme's number: a number is shown whole, never cut (numbering.MAX_NUMBER_LENGTH).
    number = models.CharField(_("SOP number"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    # Every role of its lanes, executors and recorders, as "|role|role|": who may see its cases, found in one indexed
    # query over the organisation's few versions instead of parsing each definition (selectors._cases_visible_to).
    lane_roles = models.CharField(max_length=1000, blank=True, default="")
    # A copy of another organisation's SOP (sop_copy): the names of that organisation to look for in the texts, and
    # the texts the adopter confirmed as intended (adoption.py). Empty for an organisation's own SOPs.
    adoption_review = models.JSONField(_("adoption review"), default=dict, blank=True)
    # Raised by every change of the version (its status, its text): a decision taken on an outdated page is refused.
    version = models.PositiveIntegerField(default=1)
    # A draft imported from an incomplete source (issue 16 §2): the loader's problems as dicts (source, where, field,
    # message, severity), errors and warnings. While it lists an error, `definition` holds the data as written and
    # the version cannot be submitted, approved, made effective or run.
    problems = models.JSONField(_("problems"), default=list, blank=True)

    class Meta:
        ordering = ["sop", "-revision"]
        verbose_name = _("SOP version")
        verbose_name_plural = _("SOP versions")
        constraints = [
            models.UniqueConstraint(fields=["sop", "revision"], name="sopversion_unique_revision"),
            models.UniqueConstraint(
                fields=["sop"], condition=Q(status="effective"), name="sopversion_one_effective_per_sop"
            ),
            models.UniqueConstraint(
                fields=["sop"],
                condition=Q(status__in=["draft", "submitted", "approved"]),
                name="sopversion_one_open_revision_per_sop",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"], name="sopversion_org_status")]

    def __str__(self) -> str:
        return f"{self.title} (rev. {self.revision})"

    @property
    def errors(self) -> list[dict]:
        """The problems that keep this draft from being submitted or run."""
        return [p for p in self.problems or () if p.get("severity", d.Severity.ERROR) == d.Severity.ERROR]

    @property
    def warnings(self) -> list[dict]:
        return [p for p in self.problems or () if p.get("severity") == d.Severity.WARNING]

    @cached_property
    def parsed(self) -> d.Definition:
        """The definition checked and built (`d.Definition`, immutable), shared by every version that holds the
        same data: a page reading a case or a report parses the same few SOPs again and again. A draft with
        errors gives what could be read of it (pages show and print it with its problems)."""
        text = json.dumps(self.definition, sort_keys=True, separators=(",", ":"))
        return _parsed(text, lambda: f"{self.sop.key} rev. {self.revision}", incomplete=bool(self.errors))

    def yaml_text(self) -> str:
        """The definition as YAML for the editor and the download: as written while it has errors (nothing the
        reader could not read is lost), else in the canonical form."""
        if self.errors:
            return d.raw_yaml(self.definition)
        return self.parsed.to_yaml()


_PARSED: dict[str, d.Definition] = {}
_PARSED_MAX = 256
_PARSED_LOCK = threading.Lock()


def _parsed(text: str, source, *, incomplete: bool = False) -> d.Definition:
    """`d.check_data` of the definition whose canonical JSON is `text`, kept for the process (the key is the data
    itself, so an edited draft is parsed anew); `source()` names the version in the problems of one that fails.
    Unless `incomplete` (a draft kept with its errors), a definition with errors raises `DefinitionError`."""
    found = _PARSED.get(text)
    if found is None:
        # Stored definitions were checked when imported or edited, against the roles of their organisation (its own
        # roles included, which this process-wide cache cannot know): their lanes are taken as they are.
        definition, problems = d.check_data(json.loads(text), source=source(), known_roles=d.ANY_ROLE)
        errors = [p for p in problems if p.severity == d.Severity.ERROR]
        found = (definition, errors)
        with _PARSED_LOCK:  # the threads of a worker share the dict
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.pop(next(iter(_PARSED)))  # the oldest: a dict keeps its insertion order
            _PARSED[text] = found
    definition, errors = found
    if (errors and not incomplete) or definition is None:
        raise d.DefinitionError(errors)
    return definition


class SopNumbering(models.Model):
    """The organisation's scheme for numbering its SOPs (Nomor SOP), kept by its SOP administrators: a pattern with
    placeholders, filled when an SOP is created or adopted without a number, or approved still without one
    (numbering.py). Numbers printed in an SOP as given are kept as they are."""

    organization = models.OneToOneField("accounts.Organization", on_delete=models.PROTECT, related_name="sop_numbering")
    pattern = models.CharField(_("pattern"), max_length=120)
    unit_code = models.CharField(_("unit code"), max_length=30, blank=True)
    organization_code = models.CharField(_("organisation code"), max_length=30, blank=True)
    next_sequence = models.PositiveIntegerField(_("next sequence number"), default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("SOP numbering scheme")
        verbose_name_plural = _("SOP numbering schemes")

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.pattern}"


class ProcedureBinding(models.Model):
    """The organisation's choice of which of its SOPs serves a procedure that Sopan runs (procedures.py)."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    procedure = models.CharField(_("procedure"), max_length=60)
    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="bindings", verbose_name=_("SOP"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization", "procedure"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "procedure"], name="procedurebinding_one_per_procedure")
        ]

    def __str__(self) -> str:
        return f"{self.procedure} → {self.sop}"


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="cases")
    version = models.ForeignKey(SopVersion, on_delete=models.PROTECT, related_name="cases")
    procedure = models.CharField(_("procedure"), max_length=60, blank=True)
    title = models.CharField(_("subject"), max_length=300)
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    started_at = models.DateTimeField(_("started"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # The case whose hand-over to this SOP (`next: {sop: <key>}`) started this one; its `handed_over_to` are the cases
    # it started. `handover_note`: why a hand-over started nothing (no version in force).
    handed_over_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handed_over_to",
        verbose_name=_("handed over from"),
    )
    handover_note = models.TextField(_("hand-over note"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "procedure"],
                condition=Q(subject_type__isnull=False) & ~Q(procedure=""),
                name="case_one_per_subject_procedure",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "-started_at", "-id"], name="case_org_started"),
            models.Index(fields=["organization", "sop", "-started_at"], name="case_org_sop"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return self.reference_of(self.started_at, self.pk)

    @staticmethod
    def reference_of(started_at, pk: int) -> str:
        """The case's reference from its start and id (for lists that read the two columns alone)."""
        return f"K-{started_at:%Y}-{pk:06d}"


class CaseParticipant(models.Model):
    """The person bound to a lane of one case ("this PPK", "this Pokja"); unbound lanes go to whoever holds a role of
    the lane. The binding is copied onto each step record of the lane as its `assignee`."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    lane = models.CharField(max_length=80)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "lane"], name="caseparticipant_one_per_lane")]

    def __str__(self) -> str:
        return f"{self.lane}: {self.user_id}"


class StepRecord(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    step_key = models.CharField(max_length=80)
    step_number = models.CharField(_("step"), max_length=20, blank=True)
    label = models.CharField(_("activity"), max_length=300)
    lane = models.CharField(max_length=80)
    # Roles that may complete it, as "|role|role|" (lane roles and recorded_by), for the "my tasks" query.
    roles = models.CharField(max_length=500)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("opened"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exit_label = models.CharField(_("decision"), max_length=100, blank=True)
    checklist = models.JSONField(default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    justification = models.TextField(_("justification"), blank=True)
    on_time = models.BooleanField(null=True)
    work_seconds = models.PositiveBigIntegerField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "step_key"], condition=Q(status="open"), name="steprecord_one_open_per_step"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "status", "due_at"], name="steprecord_org_status_due"),
            models.Index(fields=["assignee", "status"], name="steprecord_assignee_status"),
            models.Index(fields=["organization", "completed_at"], name="steprecord_org_completed"),
            # the compliance report's period: a record counts on its completion, or its opening while still open
            models.Index(F("organization"), Coalesce("completed_at", "opened_at"), name="steprecord_org_counted"),
            # the compliance report's latest deviations (done late, or justified), newest first
            models.Index(
                fields=["organization", "-completed_at"],
                condition=Q(status="done") & (Q(on_time=False) | ~Q(justification="")),
                name="steprecord_org_deviations",
            ),
            # the periodic overdue scan looks across organisations
            models.Index(fields=["due_at"], condition=Q(status="open"), name="steprecord_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.step_number or self.step_key} {self.label}"

    @property
    def role_codes(self) -> list[str]:
        return [code for code in self.roles.split("|") if code]


def output_path(instance: StepOutput, filename: str) -> str:
    return f"sop/outputs/{instance.step_record.organization_id}/{instance.sha256[:2]}/{instance.sha256}-{filename}"


class StepOutput(models.Model):
    """A document attached as the Output of a step: kept with the case, never changed, with its SHA-256."""

    step_record = models.ForeignKey(StepRecord, on_delete=models.PROTECT, related_name="outputs")
    file = models.FileField(upload_to=output_path, max_length=300)
    name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.name


# --- the compliance report's aggregates (sop/rollup.py) ------------------------------------------------------------
# Per organisation, day (in the organisation's zone), SOP and step: what the records counted that day add to the
# report, kept by sop.rollup in the transaction of every write to the records. A record counts on the day it was
# completed (or skipped), or the day it was opened while it is still open. Rows are never read one by one: the report
# sums them over a period, so its cost follows the number of days and steps, not of cases.
class StepDay(models.Model):
    """The step's records of the day: how many, done, done with a standard, on time, deviations."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sop = models.ForeignKey(Sop, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(SopVersion, on_delete=models.CASCADE, related_name="+")
    step_key = models.CharField(max_length=80)
    roles = models.CharField(max_length=500)  # the records' "|role|role|"
    records = models.IntegerField(default=0)
    done = models.IntegerField(default=0)
    with_standard = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    deviations = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "day", "sop", "version", "step_key", "roles"], name="stepday_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.step_key}: {self.records}"


class StepVisit(models.Model):
    """Distinct cases over any period, from sums: a case is counted on the day of each of its records whose previous
    record in the same chain (the case's records of one step; or all of them, `step_key` ""; or all those of one role,
    `step_key` "" and `roles` "|role|") falls on `since`, an earlier day or the same one (`NEVER` when there is none).
    Over [a, b] a case is counted once: by its first record there, the only one whose `since` is before a."""

    NEVER = datetime.date(1, 1, 1)

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sop = models.ForeignKey(Sop, on_delete=models.CASCADE, related_name="+")
    step_key = models.CharField(max_length=80)  # "" for the case as a whole
    roles = models.CharField(max_length=500)  # the step's records' roles; for the whole case "" or one "|role|"
    since = models.DateField()
    cases = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "day", "sop", "step_key", "roles", "since"], name="stepvisit_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.step_key or '*'} {self.roles}: {self.cases}"


class StepDuration(models.Model):
    """How many done records of the step took `seconds` of working time (as the report shows it: whole seconds
    under a minute, whole minutes from a minute), for the median and the 90th percentile."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sop = models.ForeignKey(Sop, on_delete=models.CASCADE, related_name="+")
    step_key = models.CharField(max_length=80)
    roles = models.CharField(max_length=500)
    seconds = models.BigIntegerField()
    records = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "day", "sop", "step_key", "roles", "seconds"], name="stepduration_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.step_key} {self.seconds} s: {self.records}"
