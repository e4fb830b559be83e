"""The procedure catalogue (sop/procedures.py): each code declared by one module only."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sopan.core import modules
from sopan.core.modules import Procedure
from sopan.sop import procedures, workflows
from sopan.sop.models import ProcedureBinding
from sopan.sop.tests.factories import effective_version


def test_a_code_declared_by_two_modules_is_refused_naming_both(monkeypatch):
    # Given the installed modules, and one of them declaring a code another module already declares
    installed = modules.installed()
    first = next(m for m in installed if m.procedures)
    twin = replace(installed[-1], label="twin", procedures=(Procedure(first.procedures[0].code, "Twin"),))
    monkeypatch.setattr(modules, "installed", lambda: (*installed, twin))
    procedures.catalogue.cache_clear()  # the declarations changed (modules.forget, but `installed` is replaced here)
    # when the catalogue is built, then it is refused with both modules and the code named
    with pytest.raises(procedures.ProcedureDeclaredTwice) as refused:
        procedures.catalogue()
    message = str(refused.value)
    assert repr(first.procedures[0].code) in message and repr(first.label) in message and "'twin'" in message


def test_each_installed_code_is_declared_once_and_procurements_stages_keep_their_steps():
    codes = [procedure.code for procedure in modules.each("procedures")]
    assert len(codes) == len(set(codes))
    # the sop module's step-less twins no longer hide the procurement stages' step keys
    assert "tetapkan-dokumen-persiapan" in procedures.get("procurement_preparation").required_steps
    assert procedures.get("procurement_selection_preparation").reference_sop == "persiapan-pemilihan-penyedia"
    assert "selection_preparation" not in procedures.by_code()


def test_a_binding_kept_from_a_procedure_no_longer_declared_needs_no_steps(organization):
    # Given an SOP bound (before the code was dropped) to the former "selection_preparation"
    version = effective_version(organization)
    ProcedureBinding.objects.create(organization=organization, procedure="selection_preparation", sop=version.sop)
    # then it needs no step keys, and a new version of the SOP is not stopped by it
    assert procedures.missing_steps("selection_preparation", ()) == []
    assert workflows._keeps_bound_steps(version) is None
