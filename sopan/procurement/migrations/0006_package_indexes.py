"""Indexes for the package list at national scale (issue 17 §8): the agency's packages newest first (a PPK's or a
PA/KPA's list, the agency filter) replace the plain (organisation, agency) index, and the PPK filter reads the
organisation's commitment officers from an index."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("procurement", "0005_availability"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="package", name="package_org_agency"),
        migrations.AddIndex(
            model_name="package",
            index=models.Index(fields=["organization", "agency", "-id"], name="package_org_agency_keyset"),
        ),
        migrations.AddIndex(
            model_name="package",
            index=models.Index(fields=["organization", "commitment_officer"], name="package_org_ppk"),
        ),
    ]
