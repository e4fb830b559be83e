"""The printed register (Daftar Risiko) on the UKPBJ's kop surat, landscape, in the columns of the XLSX file
(spreadsheet.HEADERS), signed by the Kepala UKPBJ as the coordinator (SOP Pengelolaan Risiko, "Format konsolidasi").
The text is Indonesian whatever the interface language: the template writes it literally. Printing writes nothing."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from sopan.accounts.models import OrgUnit
from sopan.core.documents import office
from sopan.core.documents.pdf import html_to_pdf
from sopan.procurement.printing import head_of_ukpbj, ukpbj_name
from sopan.risks.spreadsheet import HEADERS, row_values


def register_pdf(organization, risks, treatments_by_risk: dict) -> bytes:
    printed = timezone.localtime()
    with office.as_written(organization):
        rows = [row_values(n, risk, treatments_by_risk.get(risk.pk, [])) for n, risk in enumerate(risks, 1)]
        context = {
            "kop": office.kop_surat(organization, unit_kind=OrgUnit.Kind.UKPBJ),
            "ukpbj": ukpbj_name(organization),
            "headers": HEADERS,
            "rows": [[value if value is not None else "" for value in row] for row in rows],
            "printed_on": f"{date_format(printed, 'j F Y H.i')} {organization.zone_abbreviation}",
            "signatures": office.signatures(
                office.signature(
                    f"Kepala {ukpbj_name(organization)}",
                    head_of_ukpbj(organization),
                    caption="Koordinator Risiko,",
                    place_date=office.place_and_date(organization, timezone.localdate()),
                )
            ),
        }
        return html_to_pdf(render_to_string("risks/print/register.html", context))
