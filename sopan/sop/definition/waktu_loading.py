"""Loading a step's Waktu (the loader's part): the printed text or the mapping {text, value, unit, low, every,
from}, a warning for a text the reader cannot interpret, and the step a relative time counts from."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from .waktu import Period, TimeUnit, Waktu, parse_time, relative_phrase

TIME_FIELDS = {"text", "value", "unit", "low", "every", "from"}


def load_time(out, where: str, value: Any, unknown) -> Waktu:
    """A step's Waktu: printed text (parsed as the reader reads it, see waktu.py), or the mapping {text, value,
    unit, low, every, from}. A text the reader cannot interpret is kept as printed, with no due time, and warned."""
    if value is None:
        return Waktu(text="")
    if isinstance(value, Mapping):
        return _time_mapping(out, where, value, unknown)
    parsed = parse_time(str(value))
    if parsed is None:
        out.warn(where, "time", _unreadable_time(value))
        return Waktu(text=" ".join(str(value).split()))
    return parsed


def _unreadable_time(value: Any) -> str:
    return _(
        "%(value)r is kept as printed, with no due time: write e.g. '10 menit', '2 jam', '1-3 hari', '1 minggu', "
        "'setiap bulan', or {text: …, value: …, unit: …} to give the step a due time"
    ) % {"value": value}


def _time_mapping(out, where: str, value: Mapping, unknown) -> Waktu:
    unknown(out, f"{where} time", value, TIME_FIELDS)
    text = " ".join(str(value.get("text") or "").split())
    after = str(value.get("from") or "").strip()
    unit, amount, low, every = (value.get(name) for name in ("unit", "value", "low", "every"))
    if amount is None and unit is None and every is None:
        # {text: "Sesuai Kebutuhan Penyedia"}: the file says on purpose that the text has no due time (no warning)
        parsed = parse_time(text) or Waktu(text=text)
        return dataclasses.replace(parsed, after=after)
    if every is not None:
        if every not in Period.ALL:
            choices = ", ".join(Period.ALL)
            out.add(
                where, "time.every", _("%(every)r is not one of %(choices)s") % {"every": every, "choices": choices}
            )
            return Waktu(text=text)
        return Waktu(text=text or f"setiap {every}", every=every, after=after)
    if unit not in TimeUnit.ALL:
        out.add(
            where,
            "time.unit",
            _("%(unit)r is not one of %(choices)s") % {"unit": unit, "choices": ", ".join(TimeUnit.ALL)},
        )
        return Waktu(text=text)
    if not _positive(amount):
        out.add(where, "time.value", _("must be a positive number"))
        return Waktu(text=text)
    if low is not None and (not _positive(low) or low >= amount):
        out.add(where, "time.low", _("the lower bound of a range must be a positive number below value"))
        low = None
    return Waktu(text=text or f"{amount} {unit}", value=amount, unit=unit, low=low, after=after)


def _positive(number: Any) -> bool:
    return not isinstance(number, bool) and isinstance(number, int | float) and number > 0


def resolve_relative(out, steps: list, step_where) -> list:
    """Relative times: `from` must name a step; "5 menit terhitung setelah mengisi buku tamu" without `from` counts
    from the step whose text holds "mengisi buku tamu" when exactly one does (else from the step's own opening, with
    a warning)."""
    keys = {step.key for step in steps}
    resolved = []
    for step in steps:
        where = step_where(step.number, step.key)
        if step.time.after and step.time.after not in keys:
            out.add(where, "time.from", _("step %(target)r does not exist") % {"target": step.time.after})
        elif not step.time.after and (phrase := relative_phrase(step.time.text)):
            wanted = " ".join(phrase.lower().split())
            found = [s.key for s in steps if s.key != step.key and wanted in " ".join(s.text.lower().split())]
            if len(found) == 1:
                step = dataclasses.replace(step, time=dataclasses.replace(step.time, after=found[0]))
            else:
                out.warn(
                    where,
                    "time",
                    _(
                        "no single step's text holds %(phrase)r, so the time counts from this step's opening: name "
                        "the step it counts from, {text: …, value: …, unit: …, from: <step key>}"
                    )
                    % {"phrase": phrase},
                )
        resolved.append(step)
    return resolved
