"""Test data for the vendors context, made through the services (the way people make it)."""

from __future__ import annotations

import datetime
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from stdnum import luhn

from sopan.sop import definition as d
from sopan.sop.services import versions
from sopan.sop.tests.factories import effective_version
from sopan.vendors.models import AppointmentSlot, LegalForm, Registration, RequiredDocument
from sopan.vendors.registration import services
from sopan.vendors.registration.services.common import link_token_hash

_serial = itertools.count(1)


def committed():
    """Run what the block registers with `transaction.on_commit` at its end, as a real commit would (files written,
    mail queued): each factory step stands for one request that committed."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def bind_registration_sop(organization):
    """Put Pagar Alam's SOP Rekrutmen dan Registrasi Penyedia in force here and bind it to the procedure."""
    source = next(x for x in d.load_catalogue()["pagar-alam"] if x.key == "rekrutmen-registrasi-penyedia")
    version = effective_version(organization, source.to_yaml())
    versions.procedure_bind(organization=organization, procedure="vendor_registration", sop=version.sop, by=None)
    return version


def pdf_bytes(text: str = "dokumen") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return buffer.getvalue()


def pdf_upload(name: str = "dokumen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(name), content_type="application/pdf")


def valid_nik(serial: int | None = None) -> str:
    """A plausible NIK of Salatiga (33 73 01), born 17-08-1985, with a running serial."""
    return f"337301170885{(serial or next(_serial)) % 10000 or 1:04d}"


def valid_npwp(serial: int | None = None) -> str:
    """A plausible old-format (15-digit) company NPWP: type 01, a serial, its Luhn check digit, office, branch."""
    first = f"01{(serial or next(_serial)) % 10**6:06d}"
    check = luhn.calc_check_digit(first)
    return f"{first}{check}505000"


def company_data(**overrides) -> dict:
    n = next(_serial)
    data = {
        "name": f"CV Maju Bersama {n}",
        "legal_form": LegalForm.CV,
        "npwp": valid_npwp(n),
        "nib": f"91201{n % 10**8:08d}",
        "kbli": ["41011", "43211"],
        "address": "Jl. Diponegoro No. 10",
        "province": "33",
        "regency": "Kota Salatiga",
        "postal_code": "50711",
        "phone": "+62298321000",
        "email": f"kantor{n}@majubersama.co.id",
    }
    data.update(overrides)
    return data


def person_data(**overrides) -> dict:
    data = {"name": "Slamet Riyadi", "nik": valid_nik(), "position": "Direktur", "phone": "+6281234567890"}
    data.update(overrides)
    return data


def submitted_registration(organization, *, email: str | None = None, **company) -> Registration:
    """A vendor who confirmed the e-mail and submitted the online form (step 1)."""
    n = next(_serial)
    email = email or f"admin{n}@majubersama.co.id"
    with committed():
        services.signup_request(organization=organization, email=email)
    token = f"token-{n}"
    # The mailed token is not stored; make a known one for the test.
    from sopan.vendors.models import EmailConfirmation

    confirmation = EmailConfirmation.objects.filter(email=email).latest("created_at")
    confirmation.token_hash = link_token_hash(token)
    confirmation.save(update_fields=["token_hash"])
    with committed():
        return services.registration_submit(
            token=token,
            company=company_data(**company),
            person=person_data(),
            username=f"vendor{n}",
            password="Rahasia-Sekali-2026",
        )


def slot(organization, *, days: int = 3, capacity: int = 4) -> AppointmentSlot:
    start = timezone.now() + datetime.timedelta(days=days)
    return AppointmentSlot.objects.create(
        organization=organization, starts_at=start, ends_at=start + datetime.timedelta(hours=1), capacity=capacity
    )


def upload_all(registration, *, required_only: bool = True) -> None:
    from sopan.vendors.selectors import requirements_for

    for requirement in requirements_for(registration):
        if requirement.is_required or not required_only:
            with committed():
                services.document_upload(
                    registration=registration,
                    requirement=requirement,
                    uploaded=pdf_upload(f"{requirement.code}.pdf"),
                    by=registration.user,
                )


def ready_registration(organization) -> Registration:
    registration = submitted_registration(organization)
    upload_all(registration)
    with committed():
        services.slot_book(registration=registration, slot=slot(organization), by=registration.user)
    with committed():
        return services.registration_prepare(registration=registration, by=registration.user)


def received_registration(organization, officer) -> Registration:
    registration = ready_registration(organization)
    with committed():
        return services.registration_receive(registration=registration, brought_by="Slamet Riyadi", by=officer)


def in_verification(organization, officer, verifier) -> Registration:
    registration = received_registration(organization, officer)
    with committed():
        return services.registration_take(registration=registration, by=verifier)


def check_all(registration, verifier, verdict: str = "matches") -> None:
    """Mark every current document, showing the identity documents to the verifier first (as the viewer does)."""
    from sopan.vendors.registration.services.verification import document_shown

    for document in registration.documents.filter(is_current=True).select_related("requirement"):
        if document.requirement.is_identity:
            document_shown(document=document, by=verifier)
        services.document_check(
            document=document, verdict=verdict, note="" if verdict == "matches" else "x", by=verifier
        )


def requirement(organization, code: str, kind: str = "vendor") -> RequiredDocument:
    return RequiredDocument.objects.get(organization=organization, applicant_kind=kind, code=code)
