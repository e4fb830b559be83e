from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Risk(models.Model):
    """A row of a risk register, as the coming risks module will keep it."""

    class Category(models.TextChoices):
        OPERATIONAL = "operational", _("Operational")
        FINANCIAL = "financial", _("Financial")
        COMPLIANCE = "compliance", _("Compliance")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    level = models.PositiveSmallIntegerField(_("level"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    owner = models.CharField(_("owner"), max_length=100, blank=True)
    due_on = models.DateField(_("due date"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        indexes = [models.Index(fields=["organization", "due_on", "id"])]

    def __str__(self) -> str:
        return self.title
