"""The vendor's business scale (`Company.business_scale`, PP 7/2021 micro/small/medium/large; issue 17 §4): optional
at signup, changeable through a verified change request, shown to the verifier, and what it means for a tender's
qualification (kecil: micro, small or a cooperative; non-kecil: medium or large)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sopan.vendors.accounts import changes
from sopan.vendors.models import BusinessScale, Company, LegalForm
from sopan.vendors.registration.forms_public import VendorRegistrationForm
from sopan.vendors.registration.views_lpse.panel import entered_data
from sopan.vendors.tests import factories
from sopan.vendors.tests.test_accounts import vendor_company

pytestmark = pytest.mark.django_db


def test_signup_keeps_the_stated_scale_and_leaves_it_blank_when_not_stated(registration_setup):
    organization = registration_setup
    stated = factories.submitted_registration(organization, business_scale="medium")
    unstated = factories.submitted_registration(organization)
    assert stated.company.business_scale == BusinessScale.MEDIUM
    assert unstated.company.business_scale == ""


def test_signup_refuses_a_scale_that_is_not_one_of_the_four(registration_setup):
    organization = registration_setup
    with pytest.raises(ValidationError) as error:
        factories.submitted_registration(organization, business_scale="giant")
    assert "business_scale" in error.value.message_dict


def test_the_public_form_offers_the_scale_as_optional_and_passes_it_to_the_service():
    form = VendorRegistrationForm()
    assert "business_scale" in form.COMPANY_FIELDS and not form.fields["business_scale"].required
    assert {value for value, _label in form.fields["business_scale"].choices} == {"", *BusinessScale.values}
    assert form.LOGIN_FIELDS == ("username", "password", "password_again")


@pytest.mark.parametrize(
    ("scale", "legal_form", "expected"),
    [
        ("micro", LegalForm.CV, {"small"}),
        ("small", LegalForm.PT, {"small"}),
        ("medium", LegalForm.PT, {"non_small"}),
        ("large", LegalForm.PT, {"non_small"}),
        ("", LegalForm.PT, set()),
        ("", LegalForm.KOPERASI, {"small"}),
        ("medium", LegalForm.KOPERASI, {"small", "non_small"}),
    ],
)
def test_the_qualification_a_scale_gives(scale, legal_form, expected):
    assert Company(business_scale=scale, legal_form=legal_form).qualifications == expected


def test_a_change_request_may_change_the_scale_and_refuses_an_unknown_one_in_indonesian(registration_setup):
    organization = registration_setup
    company = vendor_company(organization)
    assert "business_scale" in Company.CHANGEABLE
    request = changes.change_request_submit(
        company=company, changes={"business_scale": "small"}, reason="NIB baru.", evidence=None, by=company.admin_user
    )
    assert request.changes["business_scale"] == [company.business_scale, "small"]
    with translation.override("id"), pytest.raises(ValidationError) as error:
        changes.change_request_submit(
            company=company, changes={"business_scale": "giant"}, reason="-", evidence=None, by=company.admin_user
        )
    assert error.value.message_dict["business_scale"] == ["Pilih skala usaha dari daftar."]


def test_the_verifier_sees_the_scale_beside_the_kbli(registration_setup):
    organization = registration_setup
    registration = factories.submitted_registration(organization, business_scale="small")
    with translation.override("id"):
        label, value, _mono = entered_data(registration, "****")["business_scale"]
        assert (str(label), str(value)) == ("Skala usaha", "Kecil")
