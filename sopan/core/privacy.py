"""Pages that show personal data (UU 27/2022 PDP: a NIK, an identity scan, a reporter's contact details, the page
behind a secret link) must not stay behind in a browser's cache, a shared office computer's history or a proxy.

`personal_data` marks such a view. It is Django's `never_cache` (`Cache-Control: max-age=0, no-cache, no-store,
must-revalidate, private` and an `Expires` in the past): no-store keeps the copy off disk, private keeps shared caches
out, and the old headers cover old proxies. One name for it, so a reader sees why the view needs it and a test can
list every view that does.
"""

from __future__ import annotations

from django.views.decorators.cache import never_cache


def personal_data(view):
    """Answer without letting any cache keep the page (see the module's docstring)."""
    return never_cache(view)
