"""A minimal Django project that runs django-helpdesk (the benchmark's peer) as its documentation says."""
