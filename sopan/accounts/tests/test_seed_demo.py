"""`manage.py seed_demo`, as `make run` loads it: every demo organisation is a real office (issue 14 §4) — its
helpdesk's FAQ, canned answers and announcements (one outage closed with its Berita Acara Gangguan) on its public
/bantuan/ pages, cases whose titles say what they are about, late steps justified by reasons that fit the step, and
nothing of one organisation naming another demo organisation."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.utils.html import escape

from sopan.accounts.models import Organization
from sopan.helpdesk.models import Announcement, Article, CannedAnswer, Contact, Ticket
from sopan.sop.models import Case, StepRecord
from sopan.vendors.models import Company

pytestmark = pytest.mark.django_db(transaction=True)  # each demo step commits, as in `make run`

TOWNS = {
    "salatiga": re.compile(r"salatiga", re.IGNORECASE),
    "pagar-alam": re.compile(r"pagar[ -]?alam", re.IGNORECASE),
    "batang": re.compile(r"batang", re.IGNORECASE),
}
OLD_TITLE = re.compile(r"^Demo |#\d+$|^Kasus berjalan$")


def _texts_of(organization) -> list[str]:
    """Everything the demo wrote for the organisation that a user reads as its own."""
    rows = [
        *Article.objects.filter(organization=organization).values_list("title", "body"),
        *CannedAnswer.objects.filter(organization=organization).values_list("title", "body"),
        *Announcement.objects.filter(organization=organization).values_list("title", "body", "services", "cause"),
        *Case.objects.filter(organization=organization).values_list("title"),
        *StepRecord.objects.filter(organization=organization).exclude(justification="").values_list("justification"),
        *Company.objects.filter(organization=organization).values_list("name", "regency", "address", "email"),
        *Ticket.objects.filter(organization=organization).values_list(
            "subject", "description", "reporter_email", "reporter_institution"
        ),
        *Contact.objects.filter(organization=organization).values_list("email", "institution"),
    ]
    return [value for row in rows for value in row if value]


def test_seed_demo_makes_every_organisation_a_real_office(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=io.StringIO())
    counts = _counts()
    organizations = list(Organization.objects.filter(is_demo=True))
    assert {organization.slug for organization in organizations} == set(TOWNS)

    for organization in organizations:
        _the_helpdesk_knowledge_is_on_its_public_pages(client, organization)
        _its_content_names_no_other_demo_organisation(organization)
    _case_titles_say_what_the_case_is_about()
    _late_steps_are_justified_by_their_own_subject()

    call_command("seed_demo", stdout=io.StringIO())  # idempotent: a second run adds nothing
    assert _counts() == counts


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Article, CannedAnswer, Announcement, Case, StepRecord, Company, Ticket)
    }


def _the_helpdesk_knowledge_is_on_its_public_pages(client, organization):
    slug = organization.slug
    home = client.get(f"/bantuan/{slug}/").content.decode()  # the help page leads to both
    assert f"/bantuan/{slug}/faq/" in home and f"/bantuan/{slug}/pengumuman/" in home, slug
    public = Article.objects.filter(organization=organization, status="published", audience="public")
    assert public.count() >= 8, slug
    faq = client.get(f"/bantuan/{slug}/faq/")
    assert faq.status_code == 200
    for article in public:
        assert escape(article.title) in faq.content.decode(), (slug, article.title)
    assert CannedAnswer.objects.filter(organization=organization, is_active=True).count() >= 5, slug

    outage = Announcement.objects.get(organization=organization, kind="outage", status="closed")
    assert outage.report_number and outage.cause
    page = client.get(f"/bantuan/{slug}/pengumuman/").content.decode()
    for announcement in Announcement.objects.filter(organization=organization):
        assert escape(announcement.title) in page, (slug, announcement.title)
    report = client.get(f"/bantuan/{slug}/pengumuman/{outage.pk}/berita-acara.pdf")
    assert report.status_code == 200 and report["Content-Type"] == "application/pdf", slug


def _its_content_names_no_other_demo_organisation(organization):
    texts = _texts_of(organization)
    own = TOWNS[organization.slug]
    assert any(own.search(text) for text in texts), organization.slug  # it does name itself
    for slug, pattern in TOWNS.items():
        if slug != organization.slug:
            named = [text for text in texts if pattern.search(text)]
            assert not named, (organization.slug, slug, named[:3])


def _case_titles_say_what_the_case_is_about():
    titles = list(Case.objects.values_list("title", flat=True))
    assert titles
    assert not [title for title in titles if OLD_TITLE.search(title)]
    for organization in Organization.objects.filter(is_demo=True):
        # no two cases of an office alike; a procurement package has a case in each of its stages' SOPs, each under
        # the package's name, so a title is unique within its SOP
        own = list(Case.objects.filter(organization=organization).values_list("sop_id", "title"))
        assert len(set(own)) == len(own), organization.slug


def _late_steps_are_justified_by_their_own_subject():
    late = StepRecord.objects.filter(on_time=False).select_related("case__version")
    assert late.count() > 5
    justifications = set()
    for record in late:
        assert record.justification, record.step_key
        step = record.case.version.parsed.step(record.step_key)
        words = {
            word for word in re.findall(r"\w+", f"{step.text} {step.key.replace('-', ' ')}".lower()) if len(word) >= 5
        }
        assert any(word in record.justification.lower() for word in words), (step.key, record.justification)
        justifications.add(record.justification)
    assert len(justifications) > 3
