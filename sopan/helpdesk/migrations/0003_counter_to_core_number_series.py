"""Helpdesk's number counters move to core's numbered series (issue 15 §2): copy every row, then remove Counter."""

from django.db import migrations


def copy_counters(apps, schema_editor):
    Counter = apps.get_model("helpdesk", "Counter")
    NumberSeries = apps.get_model("core", "NumberSeries")
    for counter in Counter.objects.all():
        row, _ = NumberSeries.objects.get_or_create(
            organization_id=counter.organization_id, series=counter.kind, year=counter.year, defaults={"value": 0}
        )
        if counter.value > row.value:
            row.value = counter.value
            row.save(update_fields=["value"])


def copy_back(apps, schema_editor):
    Counter = apps.get_model("helpdesk", "Counter")
    NumberSeries = apps.get_model("core", "NumberSeries")
    for row in NumberSeries.objects.filter(series__in=["HD", "FK", "BA"]):
        Counter.objects.update_or_create(
            organization_id=row.organization_id, kind=row.series, year=row.year, defaults={"value": row.value}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_number_series"),
        ("helpdesk", "0002_open_tickets_due_to_the_minute"),
    ]

    operations = [
        migrations.RunPython(copy_counters, copy_back),
        migrations.DeleteModel(name="Counter"),
    ]
