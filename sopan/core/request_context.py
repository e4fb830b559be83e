"""Who is asking, from where: set per request by `RequestContextMiddleware`, read by the audit trail.

A context variable, not a thread-local or a global, so it is right under threads and async alike and nothing is shared
between requests (DESIGN.md §4: no in-process state that must agree across processes).
"""

from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestMeta:
    ip_address: str | None = None
    request_id: str = ""


_current: contextvars.ContextVar[RequestMeta | None] = contextvars.ContextVar("sopan_request_meta", default=None)
_NO_REQUEST = RequestMeta()


def current() -> RequestMeta:
    """The current request's facts; empty ones outside a request (commands, tasks)."""
    return _current.get() or _NO_REQUEST


def activate(meta: RequestMeta) -> contextvars.Token:
    return _current.set(meta)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex
