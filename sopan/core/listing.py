"""Helpers for the rows a list view makes itself (the ticket inbox, the verifier's queue): fifty rows a page, so what
each row costs counts."""

from __future__ import annotations

import html
from collections.abc import Callable

from django.urls import reverse
from django.utils.safestring import SafeData, SafeString

_MARK = 918273645  # a pk no URL pattern takes as anything but itself


def pk_url(name: str, **kwargs) -> Callable[[int], str]:
    """The URL of `name` for any pk, resolved once: `reverse` walks the URL patterns on every call.

    `pk_url("helpdesk:ticket-detail")(42) == reverse("helpdesk:ticket-detail", kwargs={"pk": 42})`.
    """
    head, tail = reverse(name, kwargs={**kwargs, "pk": _MARK}).split(str(_MARK))
    return lambda pk: f"{head}{int(pk)}{tail}"


def shorten(text: str | None, length: int) -> str:
    """At most `length` characters, the last an ellipsis when cut (what Truncator.chars does for plain text)."""
    text = text or ""
    return text if len(text) <= length else text[: length - 1] + "…"


class RowFormat:
    """A list's row written by Python instead of the template engine: fifty rows of ten cells cost the engine about
    4 ms a page (a variable node, its lookup and its escaping per cell), this a few hundred microseconds.

        ROW = RowFormat('<tr><td><a href="{url}">{name}</a></td><td>{status}</td></tr>')
        ROW(url=..., name=package.name, status=Package.Status(package.status).label)

    Every value is escaped as `{{ value }}` would escape it (lazy texts in the active language), except what is
    already safe (`SafeString`, e.g. another format's output). The markup stays beside the view that fills it; the
    page's template says where its rows come from."""

    def __init__(self, markup: str):
        self.markup = markup

    def __call__(self, **values) -> SafeString:
        escaped = {
            name: value if isinstance(value, SafeData) else html.escape(str(value)) for name, value in values.items()
        }
        return SafeString(self.markup.format_map(escaped))
