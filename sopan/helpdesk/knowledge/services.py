"""The helpdesk's knowledge: FAQ articles (for the public or for LPSE staff only) and canned answers
(issue 5 §3–4; Perwali Salatiga 41/2024 annex 2.6.3: the Layanan Dukungan answers users' questions).

An article is written as a draft and published by the desk (`policies.can_manage_knowledge`). A helpdesk reply to a
reporter can become a draft article: the ticket's subject is its title, the reply its answer, with the reporter's
personal data (name, e-mail, telephone, company, identity numbers, ticket number) left out — the staff reads and
edits it before publishing (UU 27/2022 PDP). Canned answers are the texts agents insert into a reply.

Each service runs in one transaction, checks permission itself, locks the row it changes and writes its audit event.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.core import audit, workflow
from sopan.helpdesk import policies
from sopan.helpdesk.knowledge.workflows import ARTICLE_FLOW
from sopan.helpdesk.models import Application, Article, CannedAnswer, Message, Ticket

ARTICLE_FIELDS = ("title", "body", "application", "audience")
CANNED_FIELDS = ("title", "body", "is_active")
TITLE_MAX = 200


# --- articles ----------------------------------------------------------------------------------------------------
def _clean_article(values: dict) -> dict:
    errors = {}
    cleaned = dict(values)
    if "title" in values:
        cleaned["title"] = (values["title"] or "").strip()
        if not cleaned["title"]:
            errors["title"] = _("Write the question the article answers, as users ask it.")
        elif len(cleaned["title"]) > TITLE_MAX:
            errors["title"] = _("At most %(max)s characters.") % {"max": TITLE_MAX}
    if "body" in values:
        cleaned["body"] = (values["body"] or "").strip()
        if not cleaned["body"]:
            errors["body"] = _("Write the answer.")
    if "application" in values and values["application"] not in Application.values:
        errors["application"] = _("Choose the application the article is about.")
    if "audience" in values and values["audience"] not in Article.Audience.values:
        errors["audience"] = _("Choose whether the article is for the public or for LPSE staff only.")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def article_create(
    *,
    organization,
    title: str,
    body: str,
    application: str = Application.SPSE,
    audience: str = Article.Audience.PUBLIC,
    by,
) -> Article:
    """Write a new FAQ article as a draft; it is seen by the public (or the staff) once published."""
    require(policies.can_manage_knowledge(by, organization))
    values = _clean_article({"title": title, "body": body, "application": application, "audience": audience})
    article = Article.objects.create(organization=organization, status=Article.Status.DRAFT, created_by=by, **values)
    audit.record(
        action="helpdesk.article.created",
        by=by,
        target=article,
        changes=audit.snapshot(article, (*ARTICLE_FIELDS, "status")),
    )
    return article


@transaction.atomic
def article_update(*, article: Article, by, seen_updated_at=None, **values) -> Article:
    """Change an article's question, answer, application or audience (a published article stays published).

    `seen_updated_at` is the article's `updated_at` when the editor opened it: if someone saved it since, the
    second save is refused rather than silently overwriting the first.
    """
    require(policies.can_manage_knowledge(by, article))
    unknown = set(values) - set(ARTICLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    article = Article.objects.select_for_update().get(pk=article.pk)
    if seen_updated_at is not None and article.updated_at != seen_updated_at:
        raise workflow.stale_error(
            _(
                "Someone else saved this article after you opened it. Open it again to see their changes, "
                "then make yours."
            )
        )
    values = _clean_article(values)
    before = audit.snapshot(article, ARTICLE_FIELDS)
    for name, value in values.items():
        setattr(article, name, value)
    changes = audit.changes_between(before, audit.snapshot(article, ARTICLE_FIELDS))
    if changes:
        article.save()
        audit.record(action="helpdesk.article.updated", by=by, target=article, changes=changes)
    return article


def _set_status(article: Article, *, target: str, transition: str, by) -> Article:
    require(policies.can_manage_knowledge(by, article))
    article = workflow.locked(Article, article.pk)
    if article.status == target:
        message = (
            _("The article is already published.")
            if target == Article.Status.PUBLISHED
            else _("The article is already a draft.")
        )
        raise ValidationError(message, code="same_status")
    return ARTICLE_FLOW.apply(article, transition, by=by)


@transaction.atomic
def article_publish(*, article: Article, by) -> Article:
    """Publish a draft: the public FAQ shows it when its audience is the public, the staff pages in any case."""
    return _set_status(article, target=Article.Status.PUBLISHED, transition="publish", by=by)


@transaction.atomic
def article_unpublish(*, article: Article, by) -> Article:
    """Take an article back to draft: it leaves the public FAQ at once."""
    return _set_status(article, target=Article.Status.DRAFT, transition="unpublish", by=by)


# --- a reply becomes an article ----------------------------------------------------------------------------------
# Runs of digits with single separators between them (0812-3456-7890, +62 812 3456 7890, 01.234.567.8-901.000).
_DIGIT_RUN = re.compile(r"(?<![\w+])\+?\d(?:[ .\-]?\d){8,19}(?!\w)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SALUTATION_WORDS = 6


def _personal_values(ticket: Ticket) -> dict[str, set[str]]:
    contact = ticket.contact
    return {
        "name": {ticket.reporter_name, contact.name},
        "email": {ticket.reporter_email, contact.email},
        "phone": {ticket.reporter_phone, contact.phone},
        "institution": {ticket.reporter_institution, contact.institution},
        "number": {ticket.number, ticket.form_number},
    }


def _literal(value: str) -> re.Pattern:
    """`value` as written, any case, not inside a longer word."""
    start = r"(?<!\w)" if value[:1].isalnum() else ""
    end = r"(?!\w)" if value[-1:].isalnum() else ""
    return re.compile(start + re.escape(value) + end, re.IGNORECASE)


def _digit_run(match: re.Match, mark: dict[str, str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    if len(digits) in (15, 16):  # NIK (16), NPWP (15, or 16 since 2024)
        return mark["identity"]
    if text.startswith(("+62", "62", "0")) and 9 <= len(digits) <= 14:
        return mark["phone"]
    return text


def redact_personal_data(text: str, ticket: Ticket, *, drop_salutation: bool = False) -> str:
    """`text` without the reporter's personal data: what the ticket knows of them, and any e-mail address, telephone
    or identity number (NIK/NPWP) written in it. With `drop_salutation`, a short first line naming the reporter
    ("Yth. Bapak Budi,") is dropped when more follows: it says nothing to the next reader."""
    placeholders = {
        "name": _("[reporter]"),
        "email": _("[e-mail]"),
        "phone": _("[telephone]"),
        "institution": _("[company or agency]"),
        "number": _("[ticket number]"),
        "identity": _("[identity number]"),
    }
    # Private-use characters (neither letters nor digits) stand in until the end, so no later pattern matches
    # inside a placeholder (the reporter may well be called "Pelapor").
    mark = {kind: f"\ue000{chr(0xE010 + i)}\ue000" for i, kind in enumerate(placeholders)}
    personal = _personal_values(ticket)
    literals = [
        (value.strip(), kind) for kind, values in personal.items() for value in values if value and value.strip()
    ]
    for value, kind in sorted(literals, key=lambda item: -len(item[0])):  # "Budi Santoso" before "Budi"
        text = _literal(value).sub(mark[kind], text)
    text = _EMAIL.sub(mark["email"], text)
    text = _DIGIT_RUN.sub(lambda match: _digit_run(match, mark), text)
    # Parts of the name on their own ("Pak Budi"): words of three letters or more.
    for name in personal["name"]:
        for part in re.findall(r"\w{3,}", name or ""):
            if not part.isdigit():
                text = _literal(part).sub(mark["name"], text)
    lines = text.strip().splitlines()
    if drop_salutation and len(lines) > 1 and mark["name"] in lines[0] and len(lines[0].split()) <= SALUTATION_WORDS:
        lines = lines[1:]
    text = "\n".join(lines).strip()
    for kind, placeholder in placeholders.items():
        text = text.replace(mark[kind], placeholder)
    return text


@transaction.atomic
def article_create_from_message(*, message: Message, by) -> Article:
    """Turn a helpdesk reply to a reporter into a draft article (issue 5 §4): the ticket's subject as the question,
    the reply as the answer, the reporter's personal data left out. The staff edits it before publishing."""
    require(policies.can_manage_knowledge(by, message))
    message = Message.objects.select_related("ticket__contact").get(pk=message.pk)
    if message.kind == Message.Kind.NOTE:
        raise ValidationError(
            _("An internal note stays inside the ticket: only a reply to the reporter can become an article."),
            code="note",
        )
    if message.kind == Message.Kind.FROM_REPORTER:
        raise ValidationError(
            _(
                "This message was written by the reporter: only the helpdesk's reply to the reporter can become "
                "an article."
            ),
            code="from_reporter",
        )
    if message.kind != Message.Kind.TO_REPORTER:
        raise ValidationError(_("Only a reply to the reporter can become an article."), code="not_reply")
    ticket = message.ticket
    title = redact_personal_data(ticket.subject, ticket)[:TITLE_MAX].strip() or _("Question from a ticket")
    body = redact_personal_data(message.body, ticket, drop_salutation=True)
    if not body:
        raise ValidationError(_("Nothing of this reply is left once the reporter's personal data is taken out."))
    article = Article.objects.create(
        organization=message.organization,
        title=title,
        body=body,
        application=ticket.application if ticket.application in Application.values else Application.OTHER,
        audience=Article.Audience.PUBLIC,
        status=Article.Status.DRAFT,
        source_ticket=ticket,
        created_by=by,
    )
    audit.record(
        action="helpdesk.article.created",
        by=by,
        target=article,
        changes={
            **audit.snapshot(article, (*ARTICLE_FIELDS, "status")),
            "source_ticket": ticket.number,
            "source_message": message.pk,
        },
    )
    return article


# --- canned answers ----------------------------------------------------------------------------------------------
def _clean_canned(values: dict, *, organization_id: int, exclude_pk: int | None = None) -> dict:
    errors = {}
    cleaned = dict(values)
    if "title" in values:
        cleaned["title"] = (values["title"] or "").strip()
        if not cleaned["title"]:
            errors["title"] = _("Give the answer a short name agents will recognise in the list.")
        elif len(cleaned["title"]) > TITLE_MAX:
            errors["title"] = _("At most %(max)s characters.") % {"max": TITLE_MAX}
        else:
            taken = CannedAnswer.objects.filter(organization_id=organization_id, title__iexact=cleaned["title"])
            if exclude_pk is not None:
                taken = taken.exclude(pk=exclude_pk)
            if taken.exists():
                errors["title"] = _("Another canned answer is already called %(title)s; choose another name.") % {
                    "title": cleaned["title"]
                }
    if "body" in values:
        cleaned["body"] = (values["body"] or "").strip()
        if not cleaned["body"]:
            errors["body"] = _("Write the answer.")
    if "is_active" in values:
        cleaned["is_active"] = bool(values["is_active"])
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def canned_answer_create(*, organization, title: str, body: str, by) -> CannedAnswer:
    """Add a canned answer agents can insert into a reply (issue 5 §3)."""
    require(policies.can_manage_knowledge(by, organization))
    values = _clean_canned({"title": title, "body": body}, organization_id=organization.pk)
    canned = CannedAnswer.objects.create(organization=organization, is_active=True, **values)
    audit.record(
        action="helpdesk.canned_answer.created", by=by, target=canned, changes=audit.snapshot(canned, CANNED_FIELDS)
    )
    return canned


@transaction.atomic
def canned_answer_update(*, canned: CannedAnswer, by, **values) -> CannedAnswer:
    """Change a canned answer's name or text; `is_active=True` puts a deactivated one back in use."""
    require(policies.can_manage_knowledge(by, canned))
    unknown = set(values) - set(CANNED_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    canned = CannedAnswer.objects.select_for_update().get(pk=canned.pk)
    values = _clean_canned(values, organization_id=canned.organization_id, exclude_pk=canned.pk)
    before = audit.snapshot(canned, CANNED_FIELDS)
    for name, value in values.items():
        setattr(canned, name, value)
    changes = audit.changes_between(before, audit.snapshot(canned, CANNED_FIELDS))
    if changes:
        canned.save()
        audit.record(action="helpdesk.canned_answer.updated", by=by, target=canned, changes=changes)
    return canned


@transaction.atomic
def canned_answer_deactivate(*, canned: CannedAnswer, by) -> CannedAnswer:
    """Take a canned answer out of the reply box (kept, and can be put back in use by editing it)."""
    require(policies.can_manage_knowledge(by, canned))
    canned = CannedAnswer.objects.select_for_update().get(pk=canned.pk)
    if not canned.is_active:
        raise ValidationError(_("This canned answer is already out of use."), code="inactive")
    canned.is_active = False
    canned.save(update_fields=["is_active"])
    audit.record(
        action="helpdesk.canned_answer.deactivated", by=by, target=canned, changes={"is_active": [True, False]}
    )
    return canned
