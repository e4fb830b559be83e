"""The archive dispositions (annex 2.6.5 b, "tata cara pengarsipan dokumen elektronik dilaksanakan sesuai dengan
ketentuan peraturan perundang-undangan"): the decision that what a retention rule makes due is destroyed (Berita
Acara Pemusnahan Arsip) or transferred to the archives institution (Berita Acara Penyerahan Arsip), numbered.

A record only: Sopan deletes no registration and no ticket here. The documents due are those dated after the previous
decision's cutoff and up to the cutoff of the rule in force (selectors.due_rows), so a decision is never taken twice
over the same documents. The retention rules themselves are a declared register (registers.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from sopan.accounts.policies import require
from sopan.archives import policies, selectors
from sopan.archives.models import Disposition, RetentionRule
from sopan.core import audit
from sopan.core.documents.numbering import next_number, organization_year

SERIES = "ARSIP-BA"  # NumberSeries.series holds 20 characters
PREFIX = {RetentionRule.Disposition.DESTROY: "BA-PMS", RetentionRule.Disposition.TRANSFER: "BA-PNY"}


@transaction.atomic
def disposition_record(*, organization, kind: str, by, recipient: str = "", notes: str = "") -> Disposition:
    """Decide the disposition of the documents of `kind` now due, as the rule in force says (destroy or transfer)."""
    require(policies.can_manage_archives(by, organization))
    if kind not in selectors.ARCHIVES:
        raise ValidationError({"kind": [_("Choose an archive from the list.")]})
    rule = selectors.rule_in_force(organization, kind)
    if rule is None:
        raise ValidationError(_("No retention rule is in force for this kind of document: add one first."))
    # One decision at a time per kind: the rule's row is the lock, the previous cutoff is read under it.
    RetentionRule.objects.select_for_update().filter(pk=rule.pk).get()
    recipient, notes = str(recipient or "").strip()[:300], str(notes or "").strip()
    if rule.disposition == RetentionRule.Disposition.TRANSFER and not recipient:
        raise ValidationError({"recipient": [_("Name the archives institution that receives the documents.")]})
    rows, after, cutoff = selectors.due_rows(organization, kind, rule)
    date_field = selectors.ARCHIVES[kind].date_field
    facts = rows.order_by().aggregate(oldest=Min(date_field), newest=Max(date_field))
    count = rows.order_by().count()
    if not count:
        raise ValidationError(_("Nothing of this kind is due for destruction or transfer."))
    year = organization_year(organization)
    number = next_number(organization, SERIES, year=year)
    disposition = Disposition.objects.create(
        organization=organization, number=f"{PREFIX[rule.disposition]}/{number:03d}/{year}", kind=kind,
        action=rule.disposition, rule=rule, after=after, cutoff=cutoff, item_count=count, oldest_at=facts["oldest"],
        newest_at=facts["newest"], recipient=recipient, notes=notes, decided_by=by, decided_at=timezone.now(),
    )  # fmt: skip
    audit.record(action="archives.disposition.recorded", by=by, target=disposition,
                 changes={"number": disposition.number, "kind": kind, "action": rule.disposition,
                          "count": count, "cutoff": cutoff.isoformat()})  # fmt: skip
    return disposition
