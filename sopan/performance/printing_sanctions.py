"""The SK Penetapan Sanksi Daftar Hitam (issue 18 §3; SOP Pencatatan Kinerja Penyedia step 6, "PA memberikan sanksi
daftar hitam"): the PA/KPA's decree on the agency's kop surat, with the ground, its legal source and the period.

The text is Indonesian whatever the interface language (the template writes it literally). The number and the dates
were fixed when the sanction was imposed (services_sanctions.proposal_impose), so every print is the same decree.
"""

from __future__ import annotations

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from sopan.core.documents import office
from sopan.core.documents.pdf import html_to_pdf
from sopan.performance.models_sanctions import SanctionProposal
from sopan.performance.printing import BAND_NAMES, Printed

PROPOSERS = {
    SanctionProposal.Proposer.PPK: "Pejabat Pembuat Komitmen",
    SanctionProposal.Proposer.POKJA: "Pokja Pemilihan",
}


def sanction_decree(proposal: SanctionProposal) -> Printed:
    if not proposal.sk_number:
        raise Http404("no SK yet")
    organization = proposal.organization
    ground = proposal.ground_row
    with office.as_written(organization):
        printed = timezone.localtime()
        context = {
            "proposal": proposal,
            "company": proposal.company,
            "ground": ground,
            "ground_text": GROUND_NAMES.get(proposal.ground, str(ground.label)),
            "proposer": PROPOSERS.get(proposal.proposer_role, ""),
            "band": BAND_NAMES.get(proposal.assessment.band, "") if proposal.assessment_id else "",
            "sk_date": office.indonesian_date(proposal.sk_dated_on),
            "starts_on": office.indonesian_date(proposal.starts_on),
            "ends_on": office.indonesian_date(proposal.ends_on),
            "kop": office.kop_surat(organization, unit=proposal.agency.name),
            "printed_on": f"{date_format(printed, 'j F Y H.i')} {organization.zone_abbreviation}",
            "signatures": office.signatures(
                office.signature(
                    f"Pengguna Anggaran / Kuasa Pengguna Anggaran\n{proposal.agency.name}",
                    proposal.decided_by,
                    place_date=office.place_and_date(organization, proposal.sk_dated_on),
                ),
            ),
        }
        html = render_to_string("performance/print/sk_sanksi.html", context)
    return Printed(f"sk-sanksi-daftar-hitam-{proposal.sk_value}-{proposal.sk_dated_on.year}.pdf", html_to_pdf(html))


# The grounds in the decree's language (the interface's labels are English msgids).
GROUND_NAMES = {
    "false_documents": "menyampaikan dokumen atau keterangan palsu/tidak benar dalam pemilihan",
    "collusion": "terindikasi melakukan persekongkolan dengan peserta lain untuk mengatur harga penawaran atau "
    "pemenang",
    "corruption": "terindikasi melakukan korupsi, kolusi, dan/atau nepotisme dalam pemilihan",
    "withdrawal": "mengundurkan diri dengan alasan yang tidak dapat diterima",
    "contract_default": "tidak melaksanakan kontrak, tidak menyelesaikan pekerjaan, atau tidak melaksanakan kewajiban "
    "dalam masa pemeliharaan",
    "guarantee_not_cashed": "menyerahkan jaminan yang tidak dapat dicairkan",
}
