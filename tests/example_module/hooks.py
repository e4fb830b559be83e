"""The example module's answer to the kernel's `calendar_changed` hook: it remembers the organisations (the proof reads
it)."""

CALENDAR_CHANGED: list[int] = []


def calendar_changed(*, organization) -> None:
    CALENDAR_CHANGED.append(organization.pk)
