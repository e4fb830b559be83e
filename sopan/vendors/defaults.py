"""The documents an LPSE asks for when it has not configured its own list (Perka LKPP on SPSE user registration:
identity, tax number, business licence, deeds, the signed forms). The LPSE edits the list afterwards; labels are the
LPSE's own data, in Indonesian as printed on its checklist."""

from __future__ import annotations

from sopan.vendors.models import ApplicantKind, LegalForm, RequiredDocument

# Legal forms founded by a deed (akta): not sole proprietors.
WITH_DEED = [f for f in LegalForm.values if f not in (LegalForm.PERORANGAN, LegalForm.OTHER)]

VENDOR_DOCUMENTS = (
    # code, label, explanation, legal forms ([] = all), identity, required
    ("ktp", "KTP direktur / pemilik", "Kartu Tanda Penduduk pimpinan perusahaan atau pemilik usaha", [], True, True),
    ("npwp", "NPWP perusahaan", "Nomor Pokok Wajib Pajak badan usaha (NPWP pribadi untuk perorangan)", [], False, True),
    ("nib", "NIB / izin usaha", "Nomor Induk Berusaha dari OSS, atau izin usaha yang berlaku", [], False, True),
    ("siup-sbu", "SIUP / SBU", "Sertifikat Badan Usaha atau izin sesuai bidang, bila dipersyaratkan", [], False, False),
    ("akta-pendirian", "Akta pendirian", "Akta pendirian perusahaan beserta pengesahannya", WITH_DEED, False, True),
    ("akta-perubahan", "Akta perubahan terakhir", "Bila anggaran dasar pernah diubah", WITH_DEED, False, False),
    (
        "formulir-pendaftaran",
        "Formulir Pendaftaran (ditandatangani)",
        "Dicetak dari Sopan, ditandatangani",
        [],
        False,
        True,
    ),
    (
        "formulir-keikutsertaan",
        "Formulir Keikutsertaan (ditandatangani)",
        "Dicetak dari Sopan, ditandatangani",
        [],
        False,
        True,
    ),
    (
        "surat-penunjukan-admin",
        "Surat Penunjukan Admin (ditandatangani)",
        "Dicetak dari Sopan, ditandatangani pimpinan",
        [],
        False,
        True,
    ),
    ("surat-kuasa", "Surat Kuasa", "Bila berkas diserahkan oleh orang lain selain pimpinan", [], False, False),
)

NON_VENDOR_DOCUMENTS = (
    ("ktp", "KTP", "Kartu Tanda Penduduk pemohon", [], True, True),
    (
        "surat-tugas",
        "Surat Tugas / SK",
        "Surat Tugas atau SK penetapan sebagai PPK, Pokja, Pejabat Pengadaan atau auditor",
        [],
        False,
        True,
    ),
    (
        "formulir-pendaftaran",
        "Formulir Pendaftaran (ditandatangani)",
        "Dicetak dari Sopan, ditandatangani",
        [],
        False,
        True,
    ),
)


def ensure_required_documents(organization) -> int:
    """Create the default list for an organisation that has none of its own yet. Returns how many were created."""
    created = 0
    for kind, documents in ((ApplicantKind.VENDOR, VENDOR_DOCUMENTS), (ApplicantKind.NON_VENDOR, NON_VENDOR_DOCUMENTS)):
        if RequiredDocument.objects.filter(organization=organization, applicant_kind=kind).exists():
            continue
        for position, (code, label, help_text, forms, identity, required) in enumerate(documents, start=1):
            RequiredDocument.objects.create(
                organization=organization,
                applicant_kind=kind,
                code=code,
                label=label,
                help_text=help_text,
                legal_forms=list(forms),
                is_identity=identity,
                is_required=required,
                position=position,
            )
            created += 1
    return created
