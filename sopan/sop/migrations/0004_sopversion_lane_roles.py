from django.db import migrations, models


def fill_lane_roles(apps, schema_editor):
    """The roles of each version's lanes, read from its stored definition (the data form of definition/)."""
    SopVersion = apps.get_model("sop", "SopVersion")
    for version in SopVersion.objects.only("pk", "definition").iterator(chunk_size=200):
        codes = set()
        for lane in (version.definition or {}).get("lanes") or []:
            codes.update(lane.get("roles") or [])
            codes.update(lane.get("recorded_by") or [])
        text = "|" + "|".join(sorted(codes)) + "|" if codes else ""
        SopVersion.objects.filter(pk=version.pk).update(lane_roles=text)


class Migration(migrations.Migration):
    dependencies = [
        ("sop", "0003_steprecord_org_counted"),
    ]

    operations = [
        migrations.AddField(
            model_name="sopversion",
            name="lane_roles",
            field=models.CharField(blank=True, default="", max_length=1000),
        ),
        migrations.RunPython(fill_lane_roles, migrations.RunPython.noop),
    ]
