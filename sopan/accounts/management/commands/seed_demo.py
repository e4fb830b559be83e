from django.core.management.base import BaseCommand
from django.utils import translation

from sopan.accounts import demo, roles


class Command(BaseCommand):
    help = "Create the demo organisation, its units and one persona per role (idempotent), and print the logins."

    def handle(self, *args, **options):
        translation.activate("id")
        organizations = demo.ensure_organizations()  # the three organisations and their personas
        # Then what each installed app brings (`demo` in its module.py): SOPs and cases, vendors, helpdesk …
        demo.seed_modules(organizations.values())
        organization = organizations["salatiga"]
        out = self.stdout
        out.write("")
        out.write(
            self.style.MIGRATE_HEADING(f"Demo logins — {organization.name} (password for all: {demo.DEMO_PASSWORD})")
        )
        out.write(f"  {'user ID':<20} {'role':<62} 2FA key (authenticator app)")
        for persona in demo.PERSONAS:
            role = roles.get(persona.role)
            key = demo.demo_totp_secret(persona.username) if role.staff else "— (optional for vendors)"
            out.write(f"  {persona.username:<20} {role.label!s:<62} {key}")
        out.write("")
        out.write(
            "  Staff log in with a second factor: add the key to an authenticator app, or print the current code with"
        )
        out.write("  .venv/bin/python manage.py demo_totp <user ID>")
        out.write("")
        out.write(
            "  Vendors applying, one per stage of registration: penyedia1 (form submitted) … penyedia5 (approved)."
        )
        out.write("  Public sign-up: /daftar/salatiga/")
        out.write(
            "  Helpdesk: /helpdesk/ (log in as helpdesk); public help, FAQ, tracking and announcements (with the Berita"
            " Acara Gangguan of a closed outage): /bantuan/salatiga/ (and /bantuan/pagar-alam/, /bantuan/batang/)"
        )
        out.write("")
        out.write(
            "  The same roles exist in Pemerintah Kota Pagar Alam (user IDs prefixed pagaralam., e.g. "
            "pagaralam.kepala.ukpbj) and Pemerintah Kabupaten Batang (prefixed batang., e.g. batang.helpdesk)."
        )
        out.write("")
