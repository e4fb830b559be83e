"""Choices the helpdesk classifies by: channel, ticket type, category, area, user type, application, level."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


# --- classification ----------------------------------------------------------------------------------------------
class Channel(models.TextChoices):
    PHONE = "phone", _("Telephone")
    WEB = "web", _("Web form")
    EMAIL = "email", _("E-mail")
    WALK_IN = "walk_in", _("Walk-in at the LPSE desk")


class TicketType(models.TextChoices):
    INCIDENT = "incident", _("Disruption (gangguan)")
    PROBLEM = "problem", _("Problem (masalah)")
    SERVICE_REQUEST = "service_request", _("Service request (permintaan layanan)")
    SUGGESTION = "suggestion", _("Suggestion (usulan)")


class Category(models.TextChoices):
    TECHNICAL = "technical", _("Technical")
    NON_TECHNICAL = "non_technical", _("Non-technical")


class Area(models.TextChoices):
    HARDWARE = "hardware", _("Hardware")
    SOFTWARE = "software", _("Software")
    PROCEDURE = "procedure", _("Procedure")


class UserType(models.TextChoices):
    """The SPSE users of Perwali Salatiga 41/2024 Pasal 8 ayat 3, as a caller names themselves."""

    VENDOR = "vendor", _("Vendor (Penyedia)")
    PPK = "ppk", _("Commitment officer (PPK)")
    POKJA = "pokja", _("Selection working group (Pokja)")
    PROCUREMENT_OFFICER = "procurement_officer", _("Procurement officer (Pejabat Pengadaan)")
    AUDITOR = "auditor", _("Auditor")
    BUDGET_USER = "budget_user", _("Budget user (PA/KPA, SiRUP)")
    LPSE = "lpse", _("LPSE personnel")
    PUBLIC = "public", _("Public")


class Application(models.TextChoices):
    SPSE = "spse", "SPSE"
    SIRUP = "sirup", "SiRUP"
    EKATALOG = "ekatalog", "e-Katalog"
    SIKAP = "sikap", "SIKaP"
    TOKO_DARING = "toko_daring", _("Toko Daring")
    SOPAN = "sopan", "Sopan"
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class TargetUnit(models.TextChoices):
    HOURS = "hours", _("working hours")
    DAYS = "days", _("working days")
