from __future__ import annotations

import datetime

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from sopan.accounts.models import Organization, OrgUnit, RoleAssignment, User


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Pemerintah Kabupaten Contoh {n}")
    slug = factory.Sequence(lambda n: f"contoh-{n}")
    letterhead = factory.LazyAttribute(lambda o: o.name.upper())


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Unit {n}")
    code = factory.Sequence(lambda n: f"U{n}")
    kind = OrgUnit.Kind.OTHER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", "kata-sandi-uji-panjang")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    organization = factory.SelfAttribute("user.organization")
    unit = factory.SubFactory(OrgUnitFactory, organization=factory.SelfAttribute("..organization"))
    role = "verifier"
    valid_from = factory.LazyFunction(lambda: datetime.date(2024, 1, 1))


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "authenticator"
    confirmed = True
