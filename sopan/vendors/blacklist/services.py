"""The blacklist register (Daftar Hitam): the national list of sanctioned vendors, imported as CSV or XLSX.

The verifier checks every applicant against it (issue 4 §2; Perpres 12/2021 art. 78 and Peraturan LKPP 4/2021 on the
sanction of being put on the blacklist). An import replaces the organisation's register as a whole, in one
transaction: a file with a single wrong row is refused with every row's problem named, and nothing is written.

The file is judged by its content, not its name: CSV is text (UTF-8, with or without BOM, else Windows-1252, as
Excel writes it); XLSX is a ZIP that openpyxl opens, checked first for a zip bomb. Headers may be Indonesian or
English, in any case and with the usual variants; the header row may sit below a title.

Who may import or look at the register: `policies.can_import_blacklist`. Reading the file: `blacklist.file`; the
register's reads: `blacklist.selectors`.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sopan.accounts.models import Organization
from sopan.core import audit
from sopan.vendors.blacklist.file import parse, read_upload
from sopan.vendors.models import BlacklistEntry, BlacklistImport
from sopan.vendors.policies import can_import_blacklist


# --- the import --------------------------------------------------------------------------------------------------
@transaction.atomic
def blacklist_import(*, organization: Organization, uploaded, by) -> BlacklistImport:
    """Replace the organisation's blacklist register with the entries of the uploaded national list (Daftar Hitam).

    Either every row is right and the register is replaced, or nothing changes and every wrong row is named.
    """
    if not can_import_blacklist(by, organization):
        raise PermissionDenied
    name, content = read_upload(uploaded)
    entries = parse(name, content)
    # Two imports at once would each delete the other's entries: one after the other, on the organisation's row.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    now = timezone.now()
    source = BlacklistImport.objects.create(
        organization=organization,
        file_name=name,
        sha256=hashlib.sha256(content).hexdigest(),
        rows=len(entries),
        imported_at=now,
        imported_by=by,
    )
    replaced, _by_model = BlacklistEntry.objects.filter(organization=organization).delete()
    BlacklistEntry.objects.bulk_create(
        [BlacklistEntry(organization=organization, source=source, **entry.fields()) for entry in entries],
        batch_size=1000,
    )
    audit.record(
        action="vendors.blacklist.imported",
        by=by,
        target=source,
        changes={"file": name, "sha256": source.sha256, "rows": len(entries), "replaced": replaced},
    )
    return source
