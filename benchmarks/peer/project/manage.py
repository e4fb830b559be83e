#!/usr/bin/env python
"""Django's command line for the peer project; run it with the peer venv: benchmarks/peer/.venv/bin/python."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
