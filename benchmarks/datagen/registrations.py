"""The registration procedure as the generator plays it: the scenarios (which transitions, hence which SOP steps, an
application went through, and how often), and when each transition happened.

Times follow the people: a vendor takes hours to days for its own steps, the front office receives the file at the
booked appointment (09.00 and 13.00 at the desk, 10.30 online), the verifier decides mostly within the mutu baku of
one working day. Applications still in the procedure are placed backwards from now.
"""

from __future__ import annotations

import json
import random

from benchmarks.datagen import people
from benchmarks.datagen.clock import DAY, WorkClock
from benchmarks.datagen.traces import Group, Trace
from sopan.sop.api import StepDone
from sopan.vendors import workflows

FLOW = workflows.REGISTRATION_FLOW


def _steps(name: str) -> tuple[StepDone, ...]:
    return tuple(FLOW.get(name).sop_steps)


SUBMIT = Group("submitted", "vendor", (StepDone("registrasi-online"),))
PREPARE = Group("prepared", "vendor", _steps("prepare"))
RECEIVE = Group("received", "officer", _steps("receive"))
COMPLETION = Group("completion_requested", "verifier", _steps("request_completion"))
RESUBMIT = (
    Group("resubmitted", "vendor", _steps("resubmit")),
    Group("resubmitted", None, workflows.RECEIVED_ONLINE_STEPS),
)
APPROVE = (Group("decided", "verifier", _steps("approve")), Group("decided", "verifier", workflows.ARCHIVE_STEPS, True))
REJECT = Group("decided", "verifier", _steps("reject"))
EXPIRE = Group("expired", None, close=True)

# scenario: (status, share of all registrations, groups)
SCENARIOS: dict[str, tuple[str, float, tuple[Group, ...]]] = {
    "approved": ("approved", 0.62, (SUBMIT, PREPARE, RECEIVE, *APPROVE)),
    "approved_desk": ("approved", 0.04, (Group("received", "officer", _steps("receive_registered_at_desk")), *APPROVE)),
    "approved_after_completion": ("approved", 0.14, (SUBMIT, PREPARE, RECEIVE, COMPLETION, *RESUBMIT, *APPROVE)),
    "rejected": ("rejected", 0.028, (SUBMIT, PREPARE, RECEIVE, REJECT)),
    "rejected_after_completion": ("rejected", 0.012, (SUBMIT, PREPARE, RECEIVE, COMPLETION, REJECT)),
    "expired_submitted": ("expired", 0.035, (SUBMIT, EXPIRE)),
    "expired_ready": ("expired", 0.015, (SUBMIT, PREPARE, EXPIRE)),
    "expired_completion": ("expired", 0.02, (SUBMIT, PREPARE, RECEIVE, COMPLETION, EXPIRE)),
}
# Applications still in the procedure: (status, share of them, groups). Their share of all is OPEN_SHARE.
OPEN_SCENARIOS: dict[str, tuple[str, float, tuple[Group, ...]]] = {
    "open_submitted": ("submitted", 0.22, (SUBMIT,)),
    "open_ready": ("ready", 0.14, (SUBMIT, PREPARE)),
    "open_received": ("received", 0.26, (SUBMIT, PREPARE, RECEIVE)),
    "open_in_verification": ("in_verification", 0.24, (SUBMIT, PREPARE, RECEIVE)),
    "open_completion": ("completion_requested", 0.14, (SUBMIT, PREPARE, RECEIVE, COMPLETION)),
}
OPEN_SHARE = 0.09
REJECTIONS = (
    ("not_matching", 0.4, "Data pada formulir tidak sesuai dengan dokumen asli yang diserahkan."),
    ("incomplete", 0.25, "Berkas tidak dilengkapi sampai batas waktu yang ditentukan."),
    ("duplicate", 0.15, "Perusahaan dengan NPWP yang sama sudah terdaftar di LPSE ini."),
    ("false_documents", 0.1, "Akta pendirian yang diserahkan tidak sesuai dengan data AHU."),
    ("blacklisted", 0.05, "Perusahaan tercantum dalam Daftar Hitam nasional."),
    ("other", 0.05, "Pemohon membatalkan pendaftaran."),
)
SLOT_HOURS = ((9, 0, "desk", "Loket LPSE, lantai 2"), (10, 30, "online", "Zoom LPSE"), (13, 0, "desk", "Loket LPSE"))
DOCUMENT_FILE = "vendors/documents/bench/berkas-contoh.pdf"

SCENARIO_GROUPS = {name: groups for name, (_s, _w, groups) in {**SCENARIOS, **OPEN_SCENARIOS}.items()}


def expected_steps(traces: dict[str, Trace]) -> tuple[float, float]:
    """The step records of an average decided registration with a case, and of an open one."""
    closed = sum(share * len(traces[name].steps) for name, (_s, share, _g) in SCENARIOS.items())
    still = sum(share * len(traces[name].steps) for name, (_s, share, _g) in OPEN_SCENARIOS.items())
    return closed / sum(share for _s, share, _g in SCENARIOS.values()), still


WORKING_DAY = 8.5 * 3600
COMPLETION_NOTE = "Mohon unggah ulang NPWP atas nama badan usaha; yang diunggah NPWP pribadi."
COMPLETION_ITEMS = json.dumps(
    [
        {
            "code": "npwp",
            "label": "NPWP perusahaan",
            "problem": "mismatch",
            "note": "NPWP yang diunggah bukan atas nama usaha",
        }
    ]
)
ALL_SCENARIOS = {**SCENARIOS, **OPEN_SCENARIOS}


def cumulative_shares(table) -> list[float]:
    return people.cumulative(share for _status, share, _groups in table.values())


def last_day(clock: WorkClock, now: int) -> int:
    """The last working day that has begun by `now`."""
    return clock.day_index(now) - (1 if clock.opens[clock.day_index(now)] > now else 0)


def vendor_delay(rng: random.Random) -> float:
    """Working seconds a vendor takes for its own steps (fill the forms, upload, complete)."""
    return min(max(rng.expovariate(1 / (1.5 * WORKING_DAY)), 600), 10 * WORKING_DAY)


def verify_delay(rng: random.Random) -> float:
    """Working seconds from the file's arrival to the verifier's decision (mutu baku: 1 working day)."""
    if rng.random() < 0.82:
        return rng.uniform(900, 0.95 * WORKING_DAY)
    return rng.uniform(1.05, 4) * WORKING_DAY


def slot_time(clock: WorkClock, day: int, k: int) -> int:
    hour, minute, _mode, _place = SLOT_HOURS[k]
    return clock.midnights[day] + hour * 3600 + minute * 60


def timeline(
    rng, clock: WorkClock, scenario: str, first: int, today: int, now: int
) -> tuple[dict[str, int], int | None]:
    whens = {g.when for g in SCENARIO_GROUPS[scenario]}
    if scenario.startswith("open"):
        return _recent(rng, clock, scenario, today, now)
    high = today
    for _attempt in range(12):
        times, slot_day = _forward(rng, clock, whens, rng.randrange(first, max(first + 1, high)))
        if max(times.values()) < now - 300:
            break
        high = clock.day_index(min(times.values()))
    return times, slot_day


def _forward(rng, clock: WorkClock, whens: set[str], day: int) -> tuple[dict[str, int], int | None]:
    times: dict[str, int] = {}
    slot_day = None
    if "submitted" in whens:
        times["submitted"] = clock.instant(rng, day)
    if "prepared" in whens:
        times["prepared"] = clock.add(times["submitted"], vendor_delay(rng))
    if "received" in whens:
        slot_day = day if "submitted" not in whens else clock.day_index(times["prepared"]) + rng.randint(1, 5)
        times["received"] = slot_time(clock, slot_day, rng.randrange(3)) + rng.randint(120, 2400)
    if "completion_requested" in whens:
        times["completion_requested"] = clock.add(times["received"], verify_delay(rng))
    if "resubmitted" in whens:
        times["resubmitted"] = clock.add(times["completion_requested"], vendor_delay(rng))
    if "decided" in whens:
        times["decided"] = clock.add(times.get("resubmitted", times["received"]), verify_delay(rng))
    if "expired" in whens:
        latest = max(times.values())
        times["expired"] = max(times["submitted"] + 30 * DAY, latest + 3600) + rng.randint(60, 3600)
    return times, slot_day


def _recent(rng, clock: WorkClock, scenario: str, today: int, now: int) -> tuple[dict[str, int], int | None]:
    """An application still in the procedure: its last event lies in the past days, the earlier ones before."""

    def at(day: int) -> int:
        moment = clock.instant(rng, day)
        return moment if moment < now else clock.opens[day] + int((now - clock.opens[day]) * rng.random())

    times: dict[str, int] = {}
    slot_day = None
    if scenario == "open_submitted":
        times["submitted"] = at(today - rng.randint(0, 18))
        return times, None
    if scenario == "open_ready":
        prepared = today - rng.randint(0, 6)
        slot_day = today + rng.randint(1, 8)
    else:
        received = today - min(rng.randint(0, 6), rng.randint(0, 8))
        if scenario == "open_completion":
            received = today - rng.randint(0, 15)
        prepared = received - rng.randint(1, 5)
        slot_day = received
    times["submitted"] = at(prepared - rng.randint(0, 4))
    times["prepared"] = max(at(prepared), times["submitted"] + 60)
    if scenario != "open_ready":
        moment = slot_time(clock, slot_day, rng.randrange(3)) + rng.randint(120, 2400)
        times["received"] = min(max(moment, times["prepared"] + 60), now - 60)
    if scenario == "open_completion":
        times["completion_requested"] = min(clock.add(times["received"], verify_delay(rng)), now - 30)
    return times, slot_day
