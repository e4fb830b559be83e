from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SopConfig(AppConfig):
    name = "sopan.sop"
    label = "sop"
    verbose_name = _("Standard operating procedures")

    def ready(self):
        post_migrate.connect(_build_aggregates, sender=self)


def _build_aggregates(*, using="default", **kwargs) -> None:
    """An installation upgraded to the compliance aggregates (sop/rollup.py) builds them from its records on its
    `migrate` (in a migration the historical models would have to be rendered, which costs every new test database
    half a minute). Once built, writes keep them; a database with no record has nothing to build."""
    from sopan.accounts.models import Organization
    from sopan.sop import rollup
    from sopan.sop.models import StepDay, StepRecord

    records = StepRecord.objects.using(using)
    if not records.exists() or StepDay.objects.using(using).exists():
        return
    for organization in Organization.objects.using(using).filter(pk__in=records.values("organization_id")):
        rollup.rebuild(organization)
