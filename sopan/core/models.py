"""Shared kernel models: the append-only, hash-chained audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditChain(models.Model):
    """The head of one hash chain: one per organisation, plus one for platform-level events.

    Appending locks this row, so events of one organisation are serialised (and only those: organisations do not wait
    for each other). `last_sequence`/`last_hash` let `audit_verify` notice events deleted from the end of the chain.
    """

    key = models.CharField(max_length=64, unique=True)
    organization = models.OneToOneField(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_chain"
    )
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return self.key


class AuditEvent(models.Model):
    """One write, as it happened: who, what, to which object, which fields changed (old → new), when, from where.

    Never updated or deleted: the model refuses, and database triggers refuse raw SQL too (migration 0002).
    """

    chain = models.ForeignKey(AuditChain, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveBigIntegerField()
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_repr = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["chain", "sequence"], name="audit_event_chain_sequence")]
        indexes = [
            models.Index(fields=["organization", "-created_at", "-id"], name="audit_org_time"),
            models.Index(fields=["target_type", "target_id", "-created_at"], name="audit_target"),
            models.Index(fields=["organization", "actor", "-created_at"], name="audit_org_actor"),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.action} #{self.sequence}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")
