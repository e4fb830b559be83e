"""Expectations read off the seed documents by hand, one module per transcription (`batang.py`, …), each with
`ORGANIZATION` (the catalogue folder) and `EXPECTED` (SOP key → `Expect`). `test_catalogue.py` checks every catalogue
file against them, so a transcription that loses a step, a branch or a time fails."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Expect:
    numbers: list[str]  # every step's printed number, in order ("" for an unnumbered Mulai/Selesai row)
    decisions: dict[str, dict[str, str]] = field(default_factory=dict)  # decision number → {exit label: target number}
    times: dict[str, str] = field(default_factory=dict)  # step number → printed Waktu, for the steps that have one
