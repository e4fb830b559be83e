"""The automatic checks the verifier sees beside an application (issue 4 §2, "automatic checks shown as findings").

- duplicates in the organisation: another company with the same NPWP, NIB or e-mail, another company or applicant
  with the same NIK, naming the record and its registration;
- the NPWP or NIB on the organisation's blacklist register (Daftar Hitam): in force today, ended, or not yet started;
- the format and plausibility of the NIK, NPWP and NIB as the validators judge them today (data entered before a
  validator was tightened may fail it).

Findings are computed when asked, in a fixed number of queries whatever the data: one for companies, one for other
applicants with the NIK, one for the register. They inform the verifier; they decide nothing.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sopan.accounts.models import User
from sopan.vendors import identifiers
from sopan.vendors.blacklist.selectors import entries_matching, npwp_variants
from sopan.vendors.models import Company, Registration
from sopan.vendors.registration.printing import format_npwp

DANGER, WARNING, INFO = "danger", "warning", "info"
_ORDER = {DANGER: 0, WARNING: 1, INFO: 2}
LIMIT = 20  # records named per query: enough to see a pattern, bounded so a bad data set cannot flood the page


@dataclass(frozen=True)
class Finding:
    code: str  # duplicate_npwp, duplicate_nib, duplicate_email, duplicate_nik, blacklisted, blacklisted_expired,
    # blacklisted_upcoming, invalid_nik, invalid_npwp, invalid_nib
    severity: str  # "danger", "warning" or "info" (Bootstrap's contextual colours)
    message: str
    detail: str = ""
    # What the finding is about, independent of language and wording: its code and the record (or, for a format
    # finding, a digest of the value) it concerns. Acknowledgements (issue 13 §8) are kept by this key.
    key: str = ""

    def __post_init__(self):
        if not self.key:
            object.__setattr__(self, "key", self.code)


def findings_for(registration: Registration, *, today: datetime.date | None = None) -> list[Finding]:
    """What the verifier should look at in this application, the most serious first."""
    today = today or timezone.localdate()
    company = registration.company if registration.company_id else None
    found = _format_findings(registration, company, today)
    found += _duplicate_findings(registration, company)
    if company is not None:
        found += _blacklist_findings(company, today)
    return sorted(found, key=lambda f: _ORDER[f.severity])


# --- format and plausibility -----------------------------------------------------------------------------------
def _format_findings(registration, company, today) -> list[Finding]:
    def nik(value):
        return identifiers.validate_nik(value, today=today)

    def npwp(value):
        return identifiers.validate_npwp(value, today=today)

    checks = []
    if registration.data_removed_at is None:  # else the personal data is gone on purpose (retention rule)
        if company is None:
            checks.append(("invalid_nik", _("NIK"), registration.person_nik, nik))
        else:
            checks.append(("invalid_nik", _("administrator's NIK"), company.admin_nik, nik))
    if company is not None:
        checks.append(("invalid_npwp", _("NPWP"), company.npwp, npwp))
        if company.nib:
            checks.append(("invalid_nib", _("NIB"), company.nib, identifiers.validate_nib))
    found = []
    for code, label, value, validate in checks:
        try:
            validate(value)
        except ValidationError as error:
            detail = _("Field: %(field)s.") % {"field": label}
            # A digest, not the value: the key is stored, and a NIK does not belong in it.
            digest = hashlib.sha256((value or "").encode()).hexdigest()[:16]
            found.append(Finding(code, WARNING, " ".join(error.messages), detail, key=f"{code}:{digest}"))
    return found


# --- duplicates --------------------------------------------------------------------------------------------------
_COMPANY_SEVERITY = {
    Company.Status.ACTIVE: DANGER,
    Company.Status.SUSPENDED: DANGER,
    Company.Status.DEACTIVATED: DANGER,
    Company.Status.REGISTERING: WARNING,
    Company.Status.REFUSED: INFO,
}


def _registration_severity(status: str) -> str:
    if status == Registration.Status.APPROVED:
        return DANGER
    return WARNING if status in Registration.OPEN else INFO


def _who(name: str, status: str, number: str | None) -> str:
    if number:
        return _("%(name)s (%(status)s, registration %(number)s)") % {"name": name, "status": status, "number": number}
    return _("%(name)s (%(status)s)") % {"name": name, "status": status}


def _duplicate_findings(registration, company) -> list[Finding]:
    organization_id = registration.organization_id
    nik = identifiers.normalize_digits(company.admin_nik if company is not None else registration.person_nik)
    npwp = nib = ""
    emails: set[str] = set()
    condition = Q(admin_nik=nik) if nik else Q()
    if company is not None:
        npwp, nib = identifiers.normalize_digits(company.npwp), identifiers.normalize_digits(company.nib)
        emails = {e.strip().lower() for e in (company.email, registration.user.email) if e and e.strip()}
        if npwp:
            condition |= Q(npwp__in=npwp_variants(npwp))
        if nib:
            condition |= Q(nib=nib)
        if emails:
            # The administrators with the address, found first by the index on UPPER(email): joining every company
            # of the organisation to its administrator would read the whole user table, and as a subquery inside the
            # OR it kept PostgreSQL from combining the indexes of the conditions (it read all the organisation's
            # companies instead: 4.5 ms at 5,000).
            administrators = list(User.objects.filter(_any_email(emails)).values_list("pk", flat=True))
            condition |= Q(email_lower__in=emails)
            if administrators:
                condition |= Q(admin_user__in=administrators)
    found: list[Finding] = []
    if condition:
        latest = Registration.objects.filter(company=OuterRef("pk")).order_by("-submitted_at", "-id")
        # Read for the companies shown only (a subquery, not a join of the user table)
        admin_email = User.objects.filter(pk=OuterRef("admin_user_id")).values(email_lower=Lower("email"))
        others = (
            Company.objects.filter(organization_id=organization_id)
            .annotate(
                email_lower=Lower("email"),
                admin_email_lower=Subquery(admin_email[:1]),
                registration_number=Subquery(latest.values("number")[:1]),
            )
            .filter(condition)
            .order_by("name", "id")
        )
        if company is not None:
            others = others.exclude(pk=company.pk)
        for other in others[:LIMIT]:
            found += _company_matches(other, npwp=npwp, nib=nib, emails=emails, nik=nik)
    if nik:
        people = (
            Registration.objects.filter(organization_id=organization_id, person_nik=nik)
            .exclude(pk=registration.pk)
            .only("number", "status", "person_name")
            .order_by("-submitted_at", "-id")
        )
        for person in people[:LIMIT]:
            who = _who(person.person_name, person.get_status_display(), person.number)
            key = f"duplicate_nik:registration:{person.pk}"
            found.append(_nik_finding(nik, who, _registration_severity(person.status), key=key))
    return found


def _any_email(emails: set[str]) -> Q:
    condition = Q()
    for email in sorted(emails):
        condition |= Q(email__iexact=email)
    return condition


def _company_matches(other: Company, *, npwp: str, nib: str, emails: set[str], nik: str) -> list[Finding]:
    who = _who(other.name, other.get_status_display(), other.registration_number)
    severity = _COMPANY_SEVERITY.get(other.status, WARNING)
    about = f"company:{other.pk}"
    found = []
    if npwp and other.npwp in npwp_variants(npwp):
        message = _("NPWP %(npwp)s is also used by %(who)s.") % {"npwp": format_npwp(npwp), "who": who}
        found.append(Finding("duplicate_npwp", severity, message, key=f"duplicate_npwp:{about}"))
    if nib and other.nib == nib:
        message = _("NIB %(nib)s is also used by %(who)s.") % {"nib": nib, "who": who}
        found.append(Finding("duplicate_nib", severity, message, key=f"duplicate_nib:{about}"))
    for email, detail in (
        (other.email_lower, _("It is that company's e-mail address.")),
        (other.admin_email_lower, _("It is the e-mail address of that company's administrator account.")),
    ):
        if email and email in emails:
            message = _("The e-mail address %(email)s is also used by %(who)s.") % {"email": email, "who": who}
            found.append(Finding("duplicate_email", severity, message, detail, key=f"duplicate_email:{about}"))
            break
    if nik and other.admin_nik == nik:
        detail = _("It is the NIK of that company's administrator.")
        found.append(_nik_finding(nik, who, severity, detail, key=f"duplicate_nik:{about}"))
    return found


def _nik_finding(nik: str, who: str, severity: str, detail: str = "", *, key: str) -> Finding:
    # Masked: the finding may be read where the NIK itself is not shown.
    message = _("NIK %(nik)s is also used by %(who)s.") % {"nik": identifiers.mask_nik(nik), "who": who}
    return Finding("duplicate_nik", severity, message, detail, key=key)


# --- the blacklist register --------------------------------------------------------------------------------------
def _blacklist_findings(company: Company, today: datetime.date) -> list[Finding]:
    npwp, nib = identifiers.normalize_digits(company.npwp), identifiers.normalize_digits(company.nib)
    entries = entries_matching(company.organization_id, npwp=npwp, nib=nib).order_by("-ends_on", "id")
    found = []
    for entry in entries[:LIMIT]:
        matched = []
        if npwp and entry.npwp in npwp_variants(npwp):
            matched.append(f"NPWP {format_npwp(npwp)}")
        if nib and entry.nib == nib:
            matched.append(f"NIB {nib}")
        if len(matched) == 2:
            which = _("%(first)s and %(second)s") % {"first": matched[0], "second": matched[1]}
        else:
            which = matched[0]
        facts = {"identifiers": which, "sk": _sk(entry.sk_number), "period": _period(entry)}
        if entry.in_force_on(today):
            code, severity = "blacklisted", DANGER
            message = _("%(identifiers)s is on the blacklist (Daftar Hitam) in force today: %(sk)s, %(period)s.")
        elif entry.ends_on is not None and entry.ends_on < today:
            code, severity = "blacklisted_expired", INFO
            message = _(
                "%(identifiers)s was on the blacklist (Daftar Hitam); the sanction has ended: %(sk)s, %(period)s."
            )
        else:
            code, severity = "blacklisted_upcoming", WARNING
            message = _("%(identifiers)s is on the blacklist (Daftar Hitam) from a later date: %(sk)s, %(period)s.")
        if entry.violation:
            detail = _("Listed as %(name)s. Violation: %(violation)s") % {
                "name": entry.name,
                "violation": entry.violation,
            }
        else:
            detail = _("Listed as %(name)s.") % {"name": entry.name}
        found.append(Finding(code, severity, message % facts, detail, key=f"{code}:blacklist:{entry.pk}"))
    return found


def _sk(number: str) -> str:
    return _("SK %(number)s") % {"number": number} if number else _("no SK number given")


def _period(entry) -> str:
    start = date_format(entry.starts_on, "DATE_FORMAT") if entry.starts_on else ""
    end = date_format(entry.ends_on, "DATE_FORMAT") if entry.ends_on else ""
    if start and end:
        return _("from %(start)s to %(end)s") % {"start": start, "end": end}
    if start:
        return _("from %(start)s, without an end date") % {"start": start}
    if end:
        return _("until %(end)s") % {"end": end}
    return _("without dates")
