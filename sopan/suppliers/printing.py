"""The printed documents of the module, official Indonesian documents on the LPSE's kop surat (the text is
Indonesian whatever the interface language: the templates write it literally):

1. Lembar Evaluasi Pendukung Layanan (SOP Pemantauan Kinerja Pendukung Layanan step 2), every round, with the Kepala
   LPSE's decision (steps 3–4);
2. Usulan Pengadaan (SOP Usulan Pengadaan step 7): the needs, the check of existing assets, the budget, the KAK and
   its review.

Printing writes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from sopan.core.documents import office
from sopan.core.documents.pdf import html_to_pdf
from sopan.suppliers import criteria, selectors
from sopan.suppliers.models import Evaluation, Proposal

OUTCOME_NAMES = {"extend": "Perpanjangan kontrak", "replace": "Penggantian pendukung layanan", "": "-"}


@dataclass(frozen=True)
class Printed:
    filename: str
    content: bytes


def _base(organization) -> dict:
    printed = timezone.localtime()
    return {
        "kop": office.kop_surat(organization),
        "printed_on": f"{date_format(printed, 'j F Y H.i')} {organization.zone_abbreviation}",
    }


def evaluation_sheet(evaluation: Evaluation) -> Printed:
    organization = evaluation.organization
    with office.as_written(organization):
        rounds = []
        for sheet in selectors.rounds_of(evaluation):
            lines = [(criteria.PRINTED[key], sheet.scores.get(key, "")) for key in criteria.KEYS]
            rounds.append(
                {
                    "sheet": sheet,
                    "lines": lines,
                    "average": criteria.average(sheet.scores),
                    "recommendation": OUTCOME_NAMES.get(sheet.recommendation, "-"),
                }
            )
        day = timezone.localdate(evaluation.decided_at) if evaluation.decided_at else timezone.localdate()
        last = rounds[-1]["sheet"] if rounds else None
        context = _base(organization) | {
            "evaluation": evaluation,
            "contract": evaluation.contract,
            "rounds": rounds,
            "outcome": OUTCOME_NAMES.get(evaluation.outcome, "-"),
            "signatures": office.signatures(
                office.signature("Pengelola Pendukung Layanan", last.evaluated_by if last else None,
                                 caption="Yang mengevaluasi,"),
                office.signature("Kepala LPSE", evaluation.decided_by, caption="Menyetujui,",
                                 place_date=office.place_and_date(organization, day)),
            ),
        }  # fmt: skip
        content = html_to_pdf(render_to_string("suppliers/print/lembar_evaluasi.html", context))
    return Printed(f"lembar-evaluasi-{evaluation.pk}.pdf", content)


def proposal_document(proposal: Proposal) -> Printed:
    organization = proposal.organization
    with office.as_written(organization):
        day = timezone.localdate(proposal.approved_at) if proposal.approved_at else timezone.localdate()
        context = _base(organization) | {
            "proposal": proposal,
            "signatures": office.signatures(
                office.signature("Pengelola Pendukung Layanan", proposal.created_by, caption="Yang mengusulkan,"),
                office.signature("Kepala LPSE", proposal.approved_by, caption="Menyetujui,",
                                 place_date=office.place_and_date(organization, day)),
            ),
        }  # fmt: skip
        content = html_to_pdf(render_to_string("suppliers/print/usulan_pengadaan.html", context))
    return Printed(f"usulan-pengadaan-{proposal.pk}.pdf", content)
