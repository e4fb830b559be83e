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


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OfficeDay(models.Model):
    """Office hours of one weekday with an optional break inside them (both break times or neither)."""

    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts_at = models.TimeField(_("opens"))
    ends_at = models.TimeField(_("closes"))
    break_starts = models.TimeField(_("break from"), null=True, blank=True)
    break_ends = models.TimeField(_("break until"), null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="%(class)s_order"),
            models.CheckConstraint(
                condition=models.Q(break_starts__isnull=True, break_ends__isnull=True)
                | models.Q(
                    break_starts__gt=models.F("starts_at"),
                    break_ends__gt=models.F("break_starts"),
                    ends_at__gt=models.F("break_ends"),
                ),
                name="%(class)s_break_inside",
            ),
        ]

    def __str__(self) -> str:
        text = f"{self.get_weekday_display()} {self.starts_at:%H.%M}–{self.ends_at:%H.%M}"
        return text + (f" ({self.break_starts:%H.%M}–{self.break_ends:%H.%M})" if self.break_starts else "")

    @property
    def times(self) -> tuple:
        return (self.starts_at, self.ends_at)

    @property
    def pause(self) -> tuple | None:
        return (self.break_starts, self.break_ends) if self.break_starts else None


class WorkingHours(OfficeDay):
    """An organisation's office hours on one weekday; a weekday without a row is not worked.

    An organisation with no rows at all works the defaults of Perpres 21/2023 (calendar.DEFAULT_HOURS and
    DEFAULT_BREAKS).
    """

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="working_hours")

    class Meta(OfficeDay.Meta):
        ordering = ["organization", "weekday"]
        constraints = [
            *OfficeDay.Meta.constraints,
            models.UniqueConstraint(fields=["organization", "weekday"], name="workinghours_one_per_weekday"),
        ]


class RamadanPeriod(models.Model):
    """An organisation's Ramadan of one Hijri year: its dates (by default 1 Ramadan to the last day, Umm al-Qura) and,
    in `hours`, the office hours of the weekdays it works then. A year without a row runs on the defaults
    (calendar.RAMADAN_HOURS)."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="ramadan_periods")
    hijri_year = models.PositiveSmallIntegerField(_("Hijri year"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        ordering = ["organization", "hijri_year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "hijri_year"], name="ramadanperiod_one_per_year"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="ramadanperiod_order"),
        ]

    def __str__(self) -> str:
        return f"Ramadan {self.hijri_year} H ({self.starts_on:%d-%m-%Y}–{self.ends_on:%d-%m-%Y})"


class RamadanHours(OfficeDay):
    """The office hours of one weekday during an organisation's Ramadan."""

    period = models.ForeignKey(RamadanPeriod, on_delete=models.CASCADE, related_name="hours")

    class Meta(OfficeDay.Meta):
        ordering = ["period", "weekday"]
        constraints = [
            *OfficeDay.Meta.constraints,
            models.UniqueConstraint(fields=["period", "weekday"], name="ramadanhours_one_per_weekday"),
        ]


class CalendarDay(models.Model):
    """A date on which the organisation departs from its week and the national holidays: an extra day off (e.g. a
    local holiday), or a working day on a weekend or holiday, with its hours."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="calendar_days")
    date = models.DateField(_("date"))
    is_working = models.BooleanField(_("working day"), default=False)
    starts_at = models.TimeField(_("opens"), null=True, blank=True)
    ends_at = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["organization", "date"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "date"], name="calendarday_one_per_date"),
            models.CheckConstraint(
                condition=models.Q(is_working=False, starts_at__isnull=True, ends_at__isnull=True)
                | models.Q(is_working=True, starts_at__isnull=False, ends_at__gt=models.F("starts_at")),
                name="calendarday_hours_when_working",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"


class NumberSeries(models.Model):
    """One running number per organisation, series and year (tickets, consultation forms, Berita Acara …).

    Drawn by `sopan.core.documents.numbering.next_number` with the row locked in the caller's transaction, so the
    sequence is gap-free: a rolled-back transaction gives its number back.
    """

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    series = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "series", "year"], name="numberseries_org_series_year")
        ]

    def __str__(self) -> str:
        return f"{self.series}-{self.year}: {self.value}"
