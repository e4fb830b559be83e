"""WSGI entry point of the peer project, for gunicorn (benchmarks/peer/serve.sh)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_site.settings")
application = get_wsgi_application()
