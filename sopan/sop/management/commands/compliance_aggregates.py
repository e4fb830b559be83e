"""`manage.py compliance_aggregates check|rebuild [--organization SLUG]`: the compliance report's aggregates
(sop/rollup.py) for operators.

- `check` compares each organisation's aggregates with what its step records make them, prints every difference and
  exits with status 1 when there is one (records changed by hand in SQL, say);
- `rebuild` recomputes them from the records, one transaction per organisation (writers wait meanwhile), and prints
  how many rows each now has. Writes keep them current; `migrate` builds them when an installation first gets them.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sopan.sop import rollup


class Command(BaseCommand):
    help = "Check or rebuild the compliance report's aggregates from the SOP step records."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "rebuild"])
        parser.add_argument("--organization", help="only this organisation (its slug)")

    def handle(self, *args, action: str, organization: str | None, **options):
        from sopan.accounts.models import Organization

        organizations = Organization.objects.order_by("pk")
        if organization:
            organizations = organizations.filter(slug=organization)
            if not organizations.exists():
                raise CommandError(_("No organisation has the slug %(slug)r.") % {"slug": organization})
        found = 0
        for each in organizations:
            if action == "rebuild":
                rows = rollup.rebuild(each)
                self.stdout.write(_("%(organization)s: %(rows)d rows rebuilt.") % {"organization": each, "rows": rows})
                continue
            problems = rollup.differences(each)
            found += len(problems)
            for problem in problems:
                self.stdout.write(f"{each}: {problem}")
        if action == "check":
            if found:
                raise CommandError(
                    _("%(count)d differences: run `manage.py compliance_aggregates rebuild`.") % {"count": found}
                )
            self.stdout.write(_("The compliance aggregates match the step records."))
