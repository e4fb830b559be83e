"""Django's makemessages, also extracting `_l(...)`: the name several modules give `gettext_lazy` where `_` is already
`gettext` (workflow labels and choices, made at import). Without it those texts never reached the catalogues, and the
buttons they label showed in English on Indonesian pages; `scripts/check_translations.py` runs this command, so a
label without its translation now fails the build."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
