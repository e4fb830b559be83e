"""The printed documents (printing.py), served as their views serve them: the Lembar Evaluasi Pendukung Layanan with
its two rounds (SOP Pemantauan step 2, the Kepala LPSE's return at step 4) and the Usulan Pengadaan (SOP Usulan
Pengadaan step 7) are PDFs for the Kepala LPSE of the organisation, and 404 for the Kepala LPSE of another one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sopan.core.testing import login
from sopan.suppliers.services import evaluations, proposals
from sopan.suppliers.tests.factories import SCORES, bind_supplier_sops, contract, head, officer

pytestmark = pytest.mark.django_db


def _evaluated_twice(organization):
    by = officer(organization)
    evaluation = evaluations.evaluation_start(contract=contract(organization), by=by)
    evaluation = evaluations.evaluation_submit(evaluation=evaluation, scores=SCORES, notes="Gangguan berulang",
                                               recommendation="extend", by=by)  # fmt: skip
    evaluation = evaluations.evaluation_return(evaluation=evaluation, note="Lampirkan uptime", by=head(organization))
    evaluation = evaluations.evaluation_submit(evaluation=evaluation, scores=SCORES, notes="Uptime 97 %",
                                               recommendation="replace", by=by)  # fmt: skip
    evaluation = evaluations.evaluation_approve(evaluation=evaluation, by=head(organization))
    _row, proposal = evaluations.evaluation_document(evaluation=evaluation, by=by)
    proposal = proposals.proposal_move(proposal=proposal, name="submit", by=by)
    return evaluation, proposal


def _pdf(client, name, pk):
    response = client.get(reverse(name, kwargs={"pk": pk}))
    return response, b"".join(response.streaming_content) if response.streaming else response.content


def test_the_lembar_evaluasi_and_the_usulan_pengadaan_print_for_their_organisation_only(client, organization, personas):
    bind_supplier_sops(organization)
    evaluation, proposal = _evaluated_twice(organization)
    login(client, personas["lpse_head"])
    for name, pk in (("suppliers:evaluation-print", evaluation.pk), ("suppliers:proposal-print", proposal.pk)):
        response, content = _pdf(client, name, pk)
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf", name
        assert content.startswith(b"%PDF"), name

    login(client, personas["outsider"])  # the Kepala LPSE of another organisation
    for name, pk in (("suppliers:evaluation-print", evaluation.pk), ("suppliers:proposal-print", proposal.pk)):
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404, name
