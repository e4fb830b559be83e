"""The verifier's rows written by Python (core.listing.RowFormat) instead of the template engine: the queue draws
fifty rows and the workspace a row per document and per SOP step, and an include or a variable node per cell cost
those pages most of their time. test_lpse_rows.py checks each against the template markup it replaces, in both
languages."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from sopan.core.listing import RowFormat
from sopan.core.templatetags.sopan import local_datetimes
from sopan.sop.models import StepRecord

# vendors/lpse/_status.html, for rows (the page headers keep the include)
_STATUS_CLASS = {
    "approved": "text-bg-success",
    "rejected": "text-bg-danger",
    "expired": "text-bg-danger",
    "completion_requested": "text-bg-warning",
    "in_verification": "text-bg-primary",
    "received": "text-bg-info",
}
_VERDICT_CLASS = {"matches": "text-bg-success", "mismatch": "text-bg-danger", "incomplete": "text-bg-warning"}


def status_badge(status: str, label) -> SafeString:
    """What vendors/lpse/_status.html writes for a registration's status."""
    css = _STATUS_CLASS.get(status, "text-bg-secondary")
    return SafeString(f'<span class="badge {css}" data-status="{escape(status)}">{escape(str(label))}</span>')


def verdict_badge(verdict: str, label) -> SafeString:
    """What vendors/lpse/_verdict.html writes for a document's verdict."""
    css = _VERDICT_CLASS.get(verdict, "text-bg-light border")
    return SafeString(f'<span class="badge {css}" data-verdict="{escape(verdict)}">{escape(str(label))}</span>')


QUEUE_ROW = RowFormat(
    '<tr data-registration="{number}"><td><a href="{url}">{number}</a></td><td>{applicant}</td>'
    '<td class="small">{kind}</td><td class="small">{received}</td><td>{status}</td>'
    '<td class="small">{verifier}</td><td class="small">{step}</td><td class="small text-nowrap">{due}</td></tr>'
)


def queue_rows(rows: list[dict]) -> SafeString:
    """The queue's table rows from the rows `verification.queue_row` makes."""
    overdue = SafeString(f' <span class="badge text-bg-danger overdue">{escape(_("overdue"))}</span>')
    return SafeString(
        "".join(
            QUEUE_ROW(
                number=row["number"],
                url=row["url"],
                applicant=row["applicant"],
                kind=row["kind"],
                received=row["received"],
                status=status_badge(row["status"], row["status_label"]),
                verifier=row["verifier"] or "—",
                step=row["step"] or "—",
                due=SafeString(escape(row["due"]) + (overdue if row["overdue"] else "")) if row["due"] else "—",
            )
            for row in rows
        )
    )


STEP_ROW = RowFormat(
    '<li class="list-group-item" data-step="{key}" data-status="{status}">{label}{exit}'
    '<div class="text-muted">{detail}</div></li>'
)


def step_rows(records: list, now) -> SafeString:
    """The workspace's SOP steps so far, from the columns `selectors.case_steps_of` read (`STEP_COLUMNS`)."""
    local_datetime = local_datetimes()
    late = f' <span class="badge text-bg-danger">{escape(_("late"))}</span>'
    overdue = f' <span class="badge text-bg-danger">{escape(_("overdue"))}</span>'
    opened = escape(_("open"))
    written = []
    for record in records:
        if record.status == StepRecord.Status.DONE:
            detail = escape(local_datetime(record.completed_at))
            if record.completed_by_id:
                detail += " · " + escape(record.completed_by__full_name or record.completed_by__username)
            if record.on_time is False:
                detail += late
        elif record.status == StepRecord.Status.OPEN:
            detail = opened
            if record.due_at:
                # as {% blocktranslate %} writes it: the value escaped, the message as translated
                detail += " · " + _("due %(when)s") % {"when": escape(local_datetime(record.due_at))}
                if record.due_at < now:
                    detail += overdue
        else:
            detail = escape(str(StepRecord.Status(record.status).label))
        written.append(
            STEP_ROW(
                key=record.step_key,
                status=record.status,
                label=Truncator(record.label).chars(70),
                exit=f" ({record.exit_label})" if record.exit_label else "",
                detail=SafeString(detail),
            )
        )
    return SafeString("".join(written))
