import time

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from sopan.accounts import demo
from sopan.accounts.models import User


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (demo organisations only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.select_related("organization").filter(username=username).first()
        if user is None or user.organization is None or not user.organization.is_demo:
            raise CommandError("Only accounts of a demo organisation have a printable code.")
        key = bytes.fromhex(demo.demo_totp_key(username))
        code = totp(key, step=30, t0=0, digits=6)
        self.stdout.write(f"{code:06d}  (valid for another {30 - int(time.time()) % 30} s)")
