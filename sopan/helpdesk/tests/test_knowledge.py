"""The helpdesk's knowledge base (FAQ articles) and canned answers: services, search, the public FAQ, the screens."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from sopan.core.models import AuditEvent
from sopan.core.testing import login
from sopan.helpdesk.knowledge import selectors, services
from sopan.helpdesk.models import Article, CannedAnswer, Message
from sopan.helpdesk.tests.factories import make_article, make_contact, make_ticket

pytestmark = pytest.mark.django_db


def _events(action: str, target) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, target_id=str(target.pk)))


def _reply(ticket, body: str, *, kind=Message.Kind.TO_REPORTER, author=None) -> Message:
    return Message.objects.create(ticket=ticket, organization=ticket.organization, kind=kind, body=body, author=author)


def _titles(page) -> list[str]:
    return [article.title for article in page.items]


# --- writing articles --------------------------------------------------------------------------------------------
def test_agent_writes_an_article_which_starts_as_a_draft_and_is_audited(organization, helpdesk_agent):
    article = services.article_create(
        organization=organization,
        title="  Lupa kata sandi SPSE  ",
        body="Gunakan menu Lupa Password di halaman masuk.",
        application="spse",
        audience="public",
        by=helpdesk_agent,
    )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.title == "Lupa kata sandi SPSE"
    assert article.created_by == helpdesk_agent
    [event] = _events("helpdesk.article.created", article)
    assert event.actor == helpdesk_agent and event.changes["status"] == "draft"


@pytest.mark.parametrize("persona", ["verifier", "vendor_admin", "ppk", "auditor"])
def test_only_the_desk_writes_articles(organization, personas, persona):
    with pytest.raises(PermissionDenied):
        services.article_create(organization=organization, title="T", body="B", by=personas[persona])
    assert not Article.objects.exists()


def test_an_article_without_question_or_answer_is_refused_field_by_field(organization, helpdesk_agent):
    with pytest.raises(ValidationError) as caught:
        services.article_create(organization=organization, title=" ", body="", application="nope", by=helpdesk_agent)

    assert set(caught.value.error_dict) == {"title", "body", "application"}


def test_outsider_cannot_change_an_article_of_another_organisation(organization, personas):
    article = make_article(organization, title="Asli")

    with pytest.raises(PermissionDenied):
        services.article_update(article=article, title="Diubah", by=personas["outsider"])
    with pytest.raises(PermissionDenied):
        services.article_unpublish(article=article, by=personas["outsider"])

    article.refresh_from_db()
    assert (article.title, article.status) == ("Asli", Article.Status.PUBLISHED)


def test_update_records_only_what_changed(organization, helpdesk_agent):
    article = make_article(organization, title="Lama", audience="public")

    services.article_update(article=article, title="Baru", audience="public", by=helpdesk_agent)

    [event] = _events("helpdesk.article.updated", article)
    assert event.changes == {"title": ["Lama", "Baru"]}


def test_a_second_editor_working_from_an_old_copy_is_refused(organization, helpdesk_agent, lpse_head):
    # Given both opened the article at the same moment
    article = make_article(organization, body="Versi awal")
    seen = article.updated_at
    # When the first saves and then the second saves from their old copy
    services.article_update(article=article, body="Versi agen", seen_updated_at=seen, by=helpdesk_agent)
    with pytest.raises(ValidationError) as caught:
        services.article_update(article=article, body="Versi kepala", seen_updated_at=seen, by=lpse_head)

    # Then the first one's text stays and the second is told why
    assert "Someone else saved this article" in caught.value.messages[0]
    article.refresh_from_db()
    assert article.body == "Versi agen"


def test_publish_and_unpublish_move_between_draft_and_published_once(organization, helpdesk_agent):
    article = make_article(organization, status=Article.Status.DRAFT)

    services.article_publish(article=article, by=helpdesk_agent)
    with pytest.raises(ValidationError, match="already published"):
        services.article_publish(article=article, by=helpdesk_agent)
    services.article_unpublish(article=article, by=helpdesk_agent)

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert [e.changes for e in _events("helpdesk.article.published", article)] == [{"status": ["draft", "published"]}]
    assert len(_events("helpdesk.article.unpublished", article)) == 1


def test_verifier_cannot_publish(organization, verifier):
    article = make_article(organization, status=Article.Status.DRAFT)

    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, by=verifier)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


# --- a reply becomes an article ----------------------------------------------------------------------------------
@pytest.fixture
def answered_ticket(organization, helpdesk_agent):
    contact = make_contact(
        organization,
        name="Budi Santoso",
        email="budi.santoso@majujaya.co.id",
        phone="081234567890",
        institution="CV Maju Jaya",
    )
    return make_ticket(
        organization,
        contact=contact,
        subject="Budi tidak bisa mengunggah dokumen penawaran",
        application="spse",
        form_number="FK-2026-000042",
    )


def test_a_reply_becomes_a_draft_article_without_the_reporters_personal_data(answered_ticket, helpdesk_agent):
    # Given a reply that names the reporter and repeats their details
    reply = _reply(
        answered_ticket,
        "Yth. Bapak Budi Santoso,\n\n"
        f"Terkait tiket {answered_ticket.number}: perbarui Apendo ke versi terbaru, lalu unggah ulang dokumen.\n"
        "Kami sudah mengirim panduan ke budi.santoso@majujaya.co.id dan ke b.santoso@gmail.com.\n"
        "Bila masih gagal, Pak Budi dapat menghubungi 0812-3456-7890 atau +62 813 1111 2222 dari CV Maju Jaya.\n"
        "NIK yang terdaftar 3373014506900001, NPWP 01.234.567.8-901.000. Kode tender 10012345 tetap sama.",
        author=helpdesk_agent,
    )

    # When the agent turns it into an article
    article = services.article_create_from_message(message=reply, by=helpdesk_agent)

    # Then it is a draft of the same organisation, linked to the ticket, with the answer kept
    assert article.status == Article.Status.DRAFT
    assert article.audience == Article.Audience.PUBLIC
    assert article.source_ticket == answered_ticket
    assert article.application == "spse"
    assert article.organization == answered_ticket.organization
    assert article.title == "[reporter] tidak bisa mengunggah dokumen penawaran"
    assert "perbarui Apendo ke versi terbaru, lalu unggah ulang dokumen." in article.body
    assert "Kode tender 10012345 tetap sama." in article.body
    # and nothing that points to the reporter
    for personal in (
        "Budi",
        "Santoso",
        "majujaya",
        "gmail",
        "0812",
        "813",
        "Maju Jaya",
        "3373014506900001",
        "01.234.567.8-901.000",
        answered_ticket.number,
    ):
        assert personal not in article.body, personal
    assert not article.body.startswith("Yth."), "the salutation naming the reporter is dropped"
    for placeholder in ("[ticket number]", "[e-mail]", "[telephone]", "[company or agency]", "[identity number]"):
        assert placeholder in article.body
    [event] = _events("helpdesk.article.created", article)
    assert event.changes["source_message"] == reply.pk
    assert event.changes["source_ticket"] == answered_ticket.number


def test_a_reporter_called_like_the_placeholder_does_not_garble_it(organization, helpdesk_agent):
    ticket = make_ticket(organization, contact=make_contact(organization, name="Reporter Wibowo"))
    reply = _reply(ticket, "Terima kasih Pak Wibowo, masalah sudah kami teruskan.")

    article = services.article_create_from_message(message=reply, by=helpdesk_agent)

    assert article.body == "Terima kasih Pak [reporter], masalah sudah kami teruskan."


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (Message.Kind.NOTE, "An internal note stays inside the ticket"),
        (Message.Kind.FROM_REPORTER, "This message was written by the reporter"),
        (Message.Kind.SYSTEM, "Only a reply to the reporter can become an article"),
    ],
)
def test_only_a_reply_to_the_reporter_can_become_an_article(organization, helpdesk_agent, kind, expected):
    message = _reply(make_ticket(organization), "Isi pesan.", kind=kind)

    with pytest.raises(ValidationError) as caught:
        services.article_create_from_message(message=message, by=helpdesk_agent)

    assert expected in caught.value.messages[0]
    assert not Article.objects.exists()


def test_verifier_cannot_turn_a_reply_into_an_article(organization, verifier):
    reply = _reply(make_ticket(organization), "Silakan coba lagi.")

    with pytest.raises(PermissionDenied):
        services.article_create_from_message(message=reply, by=verifier)


def test_outsider_cannot_turn_a_reply_of_another_organisation_into_an_article(organization, personas):
    reply = _reply(make_ticket(organization), "Silakan coba lagi.")

    with pytest.raises(PermissionDenied):
        services.article_create_from_message(message=reply, by=personas["outsider"])
    assert not Article.objects.exists()


# --- canned answers ----------------------------------------------------------------------------------------------
def test_canned_answers_are_written_changed_and_taken_out_of_use(organization, helpdesk_agent):
    canned = services.canned_answer_create(
        organization=organization, title="Reset kata sandi", body="Gunakan menu Lupa Password.", by=helpdesk_agent
    )
    services.canned_answer_update(canned=canned, body="Gunakan menu Lupa Password di SPSE.", by=helpdesk_agent)
    services.canned_answer_deactivate(canned=canned, by=helpdesk_agent)

    canned.refresh_from_db()
    assert (canned.body, canned.is_active) == ("Gunakan menu Lupa Password di SPSE.", False)
    assert len(_events("helpdesk.canned_answer.created", canned)) == 1
    [updated] = _events("helpdesk.canned_answer.updated", canned)
    assert list(updated.changes) == ["body"]
    assert _events("helpdesk.canned_answer.deactivated", canned)[0].changes == {"is_active": [True, False]}
    with pytest.raises(ValidationError, match="already out of use"):
        services.canned_answer_deactivate(canned=canned, by=helpdesk_agent)
    services.canned_answer_update(canned=canned, is_active=True, by=helpdesk_agent)
    canned.refresh_from_db()
    assert canned.is_active


def test_two_canned_answers_cannot_share_a_name(organization, other_organization, helpdesk_agent, personas):
    services.canned_answer_create(organization=organization, title="Salam", body="Halo.", by=helpdesk_agent)

    with pytest.raises(ValidationError) as caught:
        services.canned_answer_create(organization=organization, title="SALAM", body="Hai.", by=helpdesk_agent)
    assert "title" in caught.value.error_dict
    # another organisation has its own names
    services.canned_answer_create(organization=other_organization, title="Salam", body="Halo.", by=personas["outsider"])


@pytest.mark.parametrize("persona", ["verifier", "vendor_admin", "outsider"])
def test_canned_answers_are_kept_by_the_desk_of_the_organisation(organization, personas, persona):
    canned = CannedAnswer.objects.create(organization=organization, title="Salam", body="Halo.")

    with pytest.raises(PermissionDenied):
        services.canned_answer_create(organization=organization, title="X", body="Y", by=personas[persona])
    with pytest.raises(PermissionDenied):
        services.canned_answer_deactivate(canned=canned, by=personas[persona])
    canned.refresh_from_db()
    assert canned.is_active


def test_the_reply_box_offers_the_active_answers_of_the_own_organisation_by_title(
    organization, other_organization, helpdesk_agent, verifier
):
    CannedAnswer.objects.create(organization=organization, title="Tutup tiket", body="…")
    CannedAnswer.objects.create(organization=organization, title="Salam pembuka", body="…")
    CannedAnswer.objects.create(organization=organization, title="Lama", body="…", is_active=False)
    CannedAnswer.objects.create(organization=other_organization, title="Batang", body="…")

    assert [c.title for c in selectors.canned_answers_for(helpdesk_agent)] == ["Salam pembuka", "Tutup tiket"]
    assert [c.title for c in selectors.canned_answers_for(verifier)] == ["Salam pembuka", "Tutup tiket"]


def test_the_reply_box_answers_are_not_for_vendors(personas):
    with pytest.raises(PermissionDenied):
        selectors.canned_answers_for(personas["vendor_admin"])


# --- search ------------------------------------------------------------------------------------------------------
@pytest.fixture
def library(organization, other_organization):
    return {
        "upload": make_article(
            organization, title="Gagal mengunggah dokumen penawaran", body="Perbarui APENDO.", application="spse"
        ),
        "password": make_article(
            organization,
            title="Lupa kata sandi",
            body="Pakai menu lupa password, lalu UNGGAH KTP.",
            application="spse",
        ),
        "sirup": make_article(
            organization, title="Paket SiRUP tidak muncul", body="Periksa status umumkan.", application="sirup"
        ),
        "staff": make_article(
            organization, title="Reset akun penyedia (internal)", body="Lewat ADP.", audience=Article.Audience.STAFF
        ),
        "draft": make_article(
            organization, title="Draf unggah berkas", body="Belum selesai.", status=Article.Status.DRAFT
        ),
        "elsewhere": make_article(other_organization, title="Unggah di Batang", body="Unggah."),
    }


def test_search_finds_every_word_in_question_or_answer_whatever_the_case(library, helpdesk_agent):
    # "unggah" is inside "mengunggah": Indonesian affixes must not hide an article
    page = selectors.article_list_for(helpdesk_agent, query="UNGGAH")
    assert set(_titles(page)) == {"Gagal mengunggah dokumen penawaran", "Lupa kata sandi", "Draf unggah berkas"}

    page = selectors.article_list_for(helpdesk_agent, query="unggah apendo")
    assert _titles(page) == ["Gagal mengunggah dokumen penawaran"]


def test_search_filters_by_application(library, helpdesk_agent):
    assert _titles(selectors.article_list_for(helpdesk_agent, application="sirup")) == ["Paket SiRUP tidak muncul"]


def test_search_treats_wildcards_as_plain_characters(organization, helpdesk_agent):
    make_article(organization, title="Diskon 100% untuk UMKM", body="Tidak ada.")
    make_article(organization, title="Diskon 1000 untuk UMKM", body="Tidak ada.")

    assert _titles(selectors.article_list_for(helpdesk_agent, query="100%")) == ["Diskon 100% untuk UMKM"]
    assert _titles(selectors.article_list_for(helpdesk_agent, query="1_0")) == []


def test_a_very_long_search_uses_its_first_words_only():
    words = [f"kata{i}" for i in range(40)]

    assert selectors.search_words(" ".join([*words, "KATA0"])) == words[: selectors.MAX_SEARCH_WORDS]


@pytest.mark.postgres
def test_on_postgresql_search_ignores_case_beyond_ascii(organization, helpdesk_agent):
    make_article(organization, title="ÜBERSICHT Straße", body="Ñandú")

    assert len(selectors.article_list_for(helpdesk_agent, query="übersicht ñandú").items) == 1


def test_the_desk_sees_drafts_and_staff_articles_of_its_own_organisation_only(library, helpdesk_agent):
    titles = set(_titles(selectors.article_list_for(helpdesk_agent)))

    assert titles == {a.title for key, a in library.items() if key != "elsewhere"}
    assert _titles(selectors.article_list_for(helpdesk_agent, status="draft")) == ["Draf unggah berkas"]
    assert _titles(selectors.article_list_for(helpdesk_agent, audience="staff")) == ["Reset akun penyedia (internal)"]


def test_the_verifier_sees_published_articles_for_every_audience_but_no_drafts(library, verifier):
    titles = set(_titles(selectors.article_list_for(verifier)))

    assert titles == {
        "Gagal mengunggah dokumen penawaran",
        "Lupa kata sandi",
        "Paket SiRUP tidak muncul",
        "Reset akun penyedia (internal)",
    }
    assert selectors.article_list_for(verifier, status="draft").items == []
    with pytest.raises(Http404):
        selectors.article_get_for(verifier, library["draft"].pk)


@pytest.mark.parametrize("persona", ["vendor_admin", "ppk", "registration_officer"])
def test_staff_articles_are_closed_to_other_roles(library, personas, persona):
    with pytest.raises(PermissionDenied):
        selectors.article_list_for(personas[persona])


def test_the_public_finds_only_published_public_articles_of_the_organisation(organization, library):
    page = selectors.public_article_list(organization, query="unggah")

    assert set(_titles(page)) == {"Gagal mengunggah dokumen penawaran", "Lupa kata sandi"}


def test_lists_page_by_keyset_without_repeating_or_losing_articles(organization, helpdesk_agent):
    made = [make_article(organization, title=f"Pertanyaan {i:02d}") for i in range(7)]

    seen, cursor = [], None
    while True:
        page = selectors.public_article_list(organization, cursor=cursor, size=3)
        seen += [a.pk for a in page.items]
        if not page.has_next:
            break
        cursor = page.next_cursor

    assert sorted(seen) == sorted(a.pk for a in made) and len(seen) == len(set(seen))


# --- the screens -------------------------------------------------------------------------------------------------
def test_agent_writes_publishes_and_the_public_reads_the_article(client, organization, helpdesk_agent):
    login(client, helpdesk_agent)
    response = client.post(
        reverse("helpdesk:article-create"),
        {
            "title": "Cara cetak BAP",
            "body": "Buka menu Dokumen.\n\nPilih <b>Cetak</b>.",
            "application": "spse",
            "audience": "public",
        },
    )
    article = Article.objects.get(title="Cara cetak BAP")
    assert response.status_code == 302 and response["Location"] == reverse("helpdesk:article-detail", args=[article.pk])
    public_url = reverse("helpdesk:public-article", kwargs={"org": organization.slug, "pk": article.pk})
    client.logout()
    assert client.get(public_url).status_code == 404, "a draft is not public"

    login(client, helpdesk_agent)
    client.post(reverse("helpdesk:article-publish", args=[article.pk]), {"status": "published"})
    client.logout()

    response = client.get(public_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<p>Buka menu Dokumen.</p>" in html
    assert "Pilih &lt;b&gt;Cetak&lt;/b&gt;." in html, "the answer is plain text, never raw HTML"
    faq = client.get(reverse("helpdesk:public-faq", kwargs={"org": organization.slug}), {"q": "cetak bap"})
    assert "Cara cetak BAP" in faq.content.decode()


def test_staff_only_articles_and_other_organisations_are_404_on_the_public_faq(
    client, organization, other_organization
):
    staff = make_article(organization, title="Rahasia internal", audience=Article.Audience.STAFF)
    elsewhere = make_article(other_organization, title="Artikel Batang")

    for org, article in ((organization, staff), (organization, elsewhere), (other_organization, staff)):
        url = reverse("helpdesk:public-article", kwargs={"org": org.slug, "pk": article.pk})
        assert client.get(url).status_code == 404
    listing = client.get(reverse("helpdesk:public-faq", kwargs={"org": organization.slug})).content.decode()
    assert "Rahasia internal" not in listing and "Artikel Batang" not in listing
    assert client.get(reverse("helpdesk:public-faq", kwargs={"org": "tidak-ada"})).status_code == 404


def test_outsider_gets_404_for_an_article_of_another_organisation(client, organization, personas):
    article = make_article(organization)
    login(client, personas["outsider"])

    assert client.get(reverse("helpdesk:article-detail", args=[article.pk])).status_code == 404
    assert client.post(reverse("helpdesk:article-publish", args=[article.pk]), {"status": "draft"}).status_code == 404
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_from_message_opens_the_edit_page_of_the_new_draft(client, answered_ticket, helpdesk_agent):
    reply = _reply(answered_ticket, "Yth. Pak Budi,\nSilakan perbarui peramban Anda.")
    login(client, helpdesk_agent)

    response = client.post(reverse("helpdesk:article-from-message", kwargs={"message_pk": reply.pk}))

    article = Article.objects.get(source_ticket=answered_ticket)
    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:article-update", args=[article.pk])
    assert article.body == "Silakan perbarui peramban Anda."
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'id="from-ticket"' in page.content.decode()


def test_from_message_refuses_a_note_and_goes_back_with_the_reason(client, organization, helpdesk_agent):
    note = _reply(make_ticket(organization), "Server sedang dicek.", kind=Message.Kind.NOTE)
    login(client, helpdesk_agent)

    response = client.post(
        reverse("helpdesk:article-from-message", kwargs={"message_pk": note.pk}),
        HTTP_REFERER="http://testserver/helpdesk/tiket/1/",
    )

    assert response.status_code == 302 and response["Location"] == "http://testserver/helpdesk/tiket/1/"
    assert not Article.objects.exists()
    followed = client.get(reverse("helpdesk:article-list"))
    assert [m.level_tag for m in followed.context["messages"]] == ["error"]


def test_from_message_never_redirects_to_another_site(client, organization, helpdesk_agent):
    note = _reply(make_ticket(organization), "Catatan.", kind=Message.Kind.NOTE)
    login(client, helpdesk_agent)

    response = client.post(
        reverse("helpdesk:article-from-message", kwargs={"message_pk": note.pk}), HTTP_REFERER="https://evil.example/"
    )

    assert response["Location"] == reverse("helpdesk:article-list")


def test_edit_form_refuses_a_save_over_someone_elses(client, organization, helpdesk_agent, lpse_head):
    article = make_article(organization, body="Awal")
    url = reverse("helpdesk:article-update", args=[article.pk])
    login(client, helpdesk_agent)
    seen = client.get(url).context["form"]["seen"].value()
    data = {"title": article.title, "application": "spse", "audience": "public", "seen": seen}
    services.article_update(article=article, body="Kepala LPSE menyimpan dulu", by=lpse_head)

    response = client.post(url, {**data, "body": "Agen menyimpan belakangan"})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    article.refresh_from_db()
    assert article.body == "Kepala LPSE menyimpan dulu"


def test_edit_form_saves_with_a_fresh_copy(client, organization, helpdesk_agent):
    article = make_article(organization, body="Awal")
    url = reverse("helpdesk:article-update", args=[article.pk])
    login(client, helpdesk_agent)
    seen = client.get(url).context["form"]["seen"].value()

    response = client.post(
        url, {"title": "Judul baru", "application": "sikap", "audience": "staff", "body": "Baru", "seen": seen}
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.application, article.audience, article.body) == (
        "Judul baru",
        "sikap",
        "staff",
        "Baru",
    )


def test_empty_article_form_comes_back_with_errors(client, helpdesk_agent):
    login(client, helpdesk_agent)

    response = client.post(
        reverse("helpdesk:article-create"), {"title": "", "body": "", "application": "spse", "audience": "public"}
    )

    assert response.status_code == 400 and set(response.context["form"].errors) == {"title", "body"}
    assert not Article.objects.exists()


def test_canned_answer_screens_create_edit_and_deactivate(client, organization, helpdesk_agent):
    login(client, helpdesk_agent)
    client.post(reverse("helpdesk:canned-create"), {"title": "Salam", "body": "Selamat pagi."})
    canned = CannedAnswer.objects.get(organization=organization, title="Salam")

    client.post(
        reverse("helpdesk:canned-update", args=[canned.pk]), {"title": "Salam", "body": "Halo.", "is_active": "on"}
    )
    client.post(reverse("helpdesk:canned-deactivate", args=[canned.pk]))

    canned.refresh_from_db()
    assert (canned.body, canned.is_active) == ("Halo.", False)
    listing = client.get(reverse("helpdesk:canned-list"))
    assert listing.status_code == 200 and "Salam" in listing.content.decode()


def test_duplicate_canned_answer_name_is_shown_on_the_field(client, organization, helpdesk_agent):
    CannedAnswer.objects.create(organization=organization, title="Salam", body="Halo.")
    login(client, helpdesk_agent)

    response = client.post(reverse("helpdesk:canned-create"), {"title": "salam", "body": "Hai."})

    assert response.status_code == 400 and "title" in response.context["form"].errors


# --- query counts ------------------------------------------------------------------------------------------------
def _measure(client, url, django_assert_max_num_queries, more):
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    more()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_staff_article_list_costs_the_same_for_many_articles(
    client, organization, helpdesk_agent, django_assert_max_num_queries
):
    make_article(organization, created_by=helpdesk_agent, source_ticket=make_ticket(organization))
    login(client, helpdesk_agent)

    def more():
        for i in range(30):
            make_article(
                organization,
                title=f"Soal {i}",
                created_by=helpdesk_agent,
                status=Article.Status.DRAFT if i % 2 else Article.Status.PUBLISHED,
            )

    _measure(client, reverse("helpdesk:article-list") + "?q=soal", django_assert_max_num_queries, more)


def test_public_faq_costs_the_same_for_many_articles(client, organization, django_assert_max_num_queries):
    make_article(organization)

    def more():
        for i in range(30):
            make_article(organization, title=f"Soal {i}")

    _measure(
        client, reverse("helpdesk:public-faq", kwargs={"org": organization.slug}), django_assert_max_num_queries, more
    )


def test_canned_list_costs_the_same_for_many_answers(
    client, organization, helpdesk_agent, django_assert_max_num_queries
):
    CannedAnswer.objects.create(organization=organization, title="A", body="a")
    login(client, helpdesk_agent)

    def more():
        CannedAnswer.objects.bulk_create(
            CannedAnswer(organization=organization, title=f"Jawaban {i}", body="…") for i in range(30)
        )

    _measure(client, reverse("helpdesk:canned-list"), django_assert_max_num_queries, more)


def test_article_times_are_shown_in_the_organisations_zone(client, organization, helpdesk_agent):
    article = make_article(organization)
    Article.objects.filter(pk=article.pk).update(updated_at=datetime.datetime(2026, 3, 2, 1, 30, tzinfo=datetime.UTC))
    login(client, helpdesk_agent)

    html = client.get(reverse("helpdesk:article-detail", args=[article.pk])).content.decode()

    assert "08.30 WIB" in html


def test_the_public_faq_pages_lead_back_to_the_help_page(client, organization):
    # Given a published article, which a visitor may reach from a search engine or a link in a mail
    article = make_article(organization, title="Lupa kata sandi", body="Pakai menu lupa password.")
    home = reverse("helpdesk:public-home", kwargs={"org": organization.slug})
    faq = reverse("helpdesk:public-faq", kwargs={"org": organization.slug})

    # Then the list and the article link to the help page (to report a problem), the article to the list too
    listing = client.get(faq).content.decode()
    page = client.get(reverse("helpdesk:public-article", kwargs={"org": organization.slug, "pk": article.pk}))
    assert f'href="{home}"' in listing
    assert f'href="{home}"' in page.content.decode() and f'href="{faq}"' in page.content.decode()
