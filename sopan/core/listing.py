"""Helpers for the rows a list view makes itself (the ticket inbox, the verifier's queue): fifty rows a page, so what
each row costs counts."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

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
