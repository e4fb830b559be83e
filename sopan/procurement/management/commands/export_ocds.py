"""`manage.py export_ocds --organization SLUG --output FILE`: one organisation's packages as an OCDS 1.1.5 release
package (issue 17 §7), validated against the bundled official schema before anything is written."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sopan.accounts.models import Organization
from sopan.procurement import publishing
from sopan.procurement.ocds.export import build_valid_release_package, dumps
from sopan.procurement.ocds.releases import OcdsExportError


class Command(BaseCommand):
    help = "Write an organisation's procurement packages as an OCDS 1.1.5 release package (validated offline)."

    def add_arguments(self, parser):
        parser.add_argument("--organization", required=True, help="the organisation's slug, e.g. salatiga")
        parser.add_argument("--output", required=True, help="the file to write; - for standard output")
        parser.add_argument("--year", type=int, help="only the packages of this fiscal year")
        parser.add_argument(
            "--ocid-prefix",
            help="the prefix the Open Contracting Partnership issued (ocds-xxxxxx); default: the organisation's own",
        )

    def handle(self, *args, organization, output, year, ocid_prefix, **options):
        found = Organization.objects.filter(slug=organization).first()
        if found is None:
            raise CommandError(_("No organisation has the slug %(slug)s.") % {"slug": organization})
        prefix = ocid_prefix or publishing.ocid_prefix_of(found)
        if not prefix:
            raise CommandError(
                _("%(organization)s has no OCID prefix yet: give one with --ocid-prefix.") % {"organization": found}
            )
        packages = list(publishing.packages_to_publish(found, year=year))
        try:
            document = build_valid_release_package(packages, **publishing.release_kwargs(found, prefix))
        except OcdsExportError as error:
            raise CommandError("\n".join(error.messages)) from error
        text = dumps(document)
        if output == "-":
            self.stdout.write(text, ending="")
            return
        target = Path(output)
        partial = target.with_name(target.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)  # whoever reads the file never sees half of it
        self.stdout.write(
            _("%(count)d releases of %(packages)d packages written to %(file)s")
            % {"count": len(document["releases"]), "packages": len(packages), "file": output}
        )
