"""`manage.py sop check|import|print` (issue 16 §6): folders of complete and incomplete SOPs, YAML and Word, as an
administrator moving many of them runs it."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from sopan.accounts import demo
from sopan.core.models import AuditEvent
from sopan.sop.models import SopVersion
from sopan.sop.tests import factories
from sopan.sop.tests.test_docx_import import batang_docx

# A step with a field the format does not have (found while reading the structure) and a decision exit to a step
# that does not exist (found while checking the flow): both are listed at once.
BROKEN = factories.SMALL.replace("key: uji-verifikasi", "key: uji-rusak").replace(
    "{label: Tidak, to: lengkapi}", "{label: Tidak, to: hilang}"
)
UNKNOWN_FIELD = BROKEN.replace("  output: Tanda terima\n", "  output: Tanda terima\n  warna: merah\n")
# An incomplete source (issue 16 §2): a decision whose second outcome is not written.
INCOMPLETE = factories.SMALL.replace("key: uji-verifikasi", "key: uji-tidak-lengkap").replace(
    "exits: [{label: Ya, to: setujui}, {label: Tidak, to: lengkapi}]", "exits: [{label: Ya, to: setujui}]"
)


def _run(*args) -> tuple[str, str, CommandError | None]:
    """The command as `manage.py` runs it: the system checks first (which a method named `check` would replace)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("sop", *args, stdout=out, stderr=err, skip_checks=False)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def test_check_a_folder_lists_every_problem_of_every_file_and_fails(tmp_path):
    (tmp_path / "baik.yaml").write_text(factories.SMALL)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "rusak.yml").write_text(BROKEN)
    (tmp_path / "sub" / "lain.yaml").write_text(UNKNOWN_FIELD.replace("uji-rusak", "uji-lain"))
    (tmp_path / "catatan.txt").write_text("not an SOP, not looked at")
    out, err, error = _run("check", str(tmp_path))
    assert error is not None and "3 file(s) checked: 1 valid, 2 not valid" in str(error)
    assert f"{tmp_path / 'baik.yaml'}: OK" in out
    assert "rusak.yml: step 3 (periksa): exits: step 'hilang' does not exist" in out
    assert "lain.yaml: step 2 (terima): warna: unknown field" in out
    assert "catatan.txt" not in out + err


def test_check_passes_a_folder_of_valid_files_and_refuses_an_unreadable_one(tmp_path):
    (tmp_path / "baik.yaml").write_text(factories.SMALL)
    out, _err, error = _run("check", str(tmp_path))
    assert error is None and "1 file(s) checked: 1 valid, 0 not valid" in out
    (tmp_path / "biner.yaml").write_bytes(b"\xff\xfe\x00binary")
    _out, err, error = _run("check", str(tmp_path))
    assert error is not None and "biner.yaml: cannot be read: The file is not a UTF-8 text (YAML) file." in err


def test_check_all_problems_at_once_after_the_merge_of_drafts(tmp_path):
    """Pass after C's merge (check_yaml lists the structural and the flow problems at once)."""
    (tmp_path / "lain.yaml").write_text(UNKNOWN_FIELD)
    out, _err, error = _run("check", str(tmp_path))
    assert error is not None
    assert "warna: unknown field" in out and "exits: step 'hilang' does not exist" in out


def test_import_a_folder_of_complete_incomplete_and_word_sops_as_drafts(tmp_path, organization):
    """Pass after C's merge (sop_import(allow_problems=True))."""
    spec = next(p for p in demo.PERSONAS if p.username == "kepala.lpse")  # one persona: the set costs seconds
    lpse_head = demo.ensure_persona(organization, spec, with_totp=False)
    (tmp_path / "baik.yaml").write_text(factories.SMALL)
    (tmp_path / "tidak-lengkap.yaml").write_text(INCOMPLETE)
    (tmp_path / "batang.docx").write_bytes(batang_docx())
    out, err, error = _run("import", str(tmp_path), "--organization", organization.slug, "--by", lpse_head.username)
    assert error is None, err
    versions = {v.sop.key: v for v in SopVersion.objects.select_related("sop")}
    word_key = "penanganan-permasalahan-pengguna-spse-melalui-telepon"  # from its Nama SOP
    assert set(versions) == {"uji-verifikasi", "uji-tidak-lengkap", word_key}
    assert all(v.status == SopVersion.Status.DRAFT for v in versions.values())
    for version in versions.values():
        assert reverse("sop:version-detail", kwargs={"pk": version.pk}) in out
    assert "tidak-lengkap.yaml: step 3 (periksa): exits:" in out  # its problem, listed
    assert "batang.docx: doubt: step 5:" in out  # the Word reader's doubts, listed
    assert AuditEvent.objects.filter(action="sop.version.imported").count() == 3
    (tmp_path / "daftar.yaml").write_text("- not an SOP\n")
    _out, err, error = _run("import", str(tmp_path / "daftar.yaml"), "--organization", organization.slug)
    assert error is not None and "daftar.yaml" in err and SopVersion.objects.count() == 3


def test_import_names_an_unknown_organisation(db):
    with pytest.raises(CommandError, match="No organisation has the slug 'tidak-ada'"):
        call_command("sop", "import", "x.yaml", "--organization", "tidak-ada")


def test_print_a_version_and_a_file_to_pdf(tmp_path, organization):
    version = factories.effective_version(organization)
    _out, _err, error = _run("print", str(version.pk), "--output", str(tmp_path / "versi.pdf"))
    assert error is None and (tmp_path / "versi.pdf").read_bytes().startswith(b"%PDF-")
    (tmp_path / "uji.yaml").write_text(factories.SMALL)
    target = tmp_path / "berkas.pdf"
    _out, _err, error = _run("print", str(tmp_path / "uji.yaml"), "--output", str(target), "--organization", "x")
    assert error is not None and "No organisation has the slug 'x'" in str(error) and not target.exists()
    _run("print", str(tmp_path / "uji.yaml"), "--output", str(target), "--organization", organization.slug)
    assert target.read_bytes().startswith(b"%PDF-")
