"""Open steps keep their due time to the end of the minute shown (issue 14 §6): a due time written before this rule
had seconds, so a step done within the minute the page shows would still have been counted late.

Only open steps change; completed ones keep the due time and the verdict they were judged by."""

import datetime

from django.db import migrations

BATCH = 2000


def end_of_minute(instant):
    return instant.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1, microseconds=-1)


def forwards(apps, schema_editor):
    StepRecord = apps.get_model("sop", "StepRecord")
    changed = []
    for step in StepRecord.objects.filter(status="open", due_at__isnull=False).only("pk", "due_at").iterator(BATCH):
        rounded = end_of_minute(step.due_at)
        if rounded != step.due_at:
            step.due_at = rounded
            changed.append(step)
        if len(changed) >= BATCH:
            StepRecord.objects.bulk_update(changed, ["due_at"])
            changed = []
    if changed:
        StepRecord.objects.bulk_update(changed, ["due_at"])


class Migration(migrations.Migration):
    dependencies = [("sop", "0005_sop_numbering_adoption_review")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
