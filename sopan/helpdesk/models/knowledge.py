"""The knowledge base: canned answers and articles (FAQ)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sopan.accounts.models import Organization
from sopan.helpdesk.models.choices import Application
from sopan.helpdesk.models.tickets import Ticket


class CannedAnswer(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="canned_answers")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("answer"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


# --- knowledge and announcements ---------------------------------------------------------------------------------
class Article(models.Model):
    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public")
        STAFF = "staff", _("LPSE staff only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="articles")
    title = models.CharField(_("question or title"), max_length=200)
    body = models.TextField(_("answer"))
    application = models.CharField(
        _("application"), max_length=20, choices=Application.choices, default=Application.SPSE
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    source_ticket = models.ForeignKey(Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["organization", "status", "audience", "-updated_at"], name="article_org_list")]

    def __str__(self) -> str:
        return self.title
