"""Helpdesk tickets: reporters (contacts found again when they call back), tickets with their SLA clocks from the
organisation's priority table, the conversation (1–4 messages), and for telephone tickets the case of SOP Penanganan
Permasalahan Pengguna SPSE melalui Telepon.

Most tickets are closed (confirmed by the reporter or closed automatically after the waiting time); a few percent
are open — recorded, in progress, waiting for the reporter — placed in the last working days, so some are on track,
some at risk and some past their resolution time. Open tickets are assigned to the organisation's agents.
"""

from __future__ import annotations

import base64
import datetime
import random
from collections import defaultdict

from django.utils import translation
from django.utils.translation import gettext

from benchmarks.datagen import identity, people, problems
from benchmarks.datagen.bulk import Streams
from benchmarks.datagen.cases import CaseWriter
from benchmarks.datagen.clock import WorkClock, as_datetime, as_due, minute_start
from benchmarks.datagen.registrations import last_day
from benchmarks.datagen.traces import Group, Trace
from sopan.helpdesk import workflows
from sopan.helpdesk.defaults import MATRIX, PRIORITIES
from sopan.helpdesk.models import Contact, Message, Ticket

CALL = workflows.CALL_TAKEN
SCENARIOS: dict[str, tuple[Group, ...]] = {
    # solved during the call (seed steps 5 "Ya", 6, 7)
    "spot": (
        Group("received", "agent", CALL),
        Group("received", "agent", workflows.PHONE_FLOW.get("resolve_on_the_spot").sop_steps),
    ),
    # numbers given (step 8), solved later (steps 6, 7)
    "later": (
        Group("received", "agent", (*CALL, *workflows.NOT_ANSWERED)),
        Group("resolved", "agent", workflows.PHONE_FLOW.get("resolve").sop_steps),
    ),
    # numbers given, not solved (yet): open, or closed without a solution
    "numbered": (Group("received", "agent", (*CALL, *workflows.NOT_ANSWERED)),),
}
SPOT_SHARE = 0.45  # telephone calls solved while the caller is on the line
STATUSES = (("closed", 0.905), ("resolved", 0.025), ("in_progress", 0.025), ("waiting", 0.015), ("recorded", 0.03))
OTHER_CHANNELS = (("web", 0.5), ("email", 0.35), ("walk_in", 0.15))
REPORTERS = (
    ("vendor", 0.5),
    ("ppk", 0.14),
    ("pokja", 0.1),
    ("procurement_officer", 0.08),
    ("budget_user", 0.04),
    ("auditor", 0.02),
    ("lpse", 0.02),
    ("public", 0.1),
)
TICKET_FIELDS = (
    "id",
    "organization_id",
    "number",
    "form_number",
    "channel",
    "status",
    "version",
    "contact_id",
    "reporter_name",
    "reporter_email",
    "reporter_phone",
    "reporter_institution",
    "user_type",
    "reporter_user_id",
    "subject",
    "description",
    "application",
    "tender_code",
    "error_code",
    "affects_tender",
    "type",
    "category",
    "area",
    "urgency",
    "impact",
    "priority_id",
    "assignee_id",
    "assigned_role",
    "created_by_id",
    "solved_on_first_contact",
    "resolution",
    "public_token",
    "received_at",
    "response_due_at",
    "responded_at",
    "resolution_due_at",
    "at_risk_at",
    "paused_at",
    "paused_total",
    "resolved_at",
    "closes_at",
    "closed_at",
    "reporter_informed_at",
    "archived_at",
    "updated_at",
)
CONTACT_FIELDS = (
    "id",
    "organization_id",
    "name",
    "email",
    "phone",
    "institution",
    "user_type",
    "user_id",
    "created_at",
    "updated_at",
)
MESSAGE_FIELDS = (
    "id",
    "ticket_id",
    "kind",
    "body",
    "author_id",
    "author_name",
    "channel",
    "email_message_id",
    "organization_id",
    "created_at",
)
RANKS = {code: rank for code, _label, rank, _response, _resolution in PRIORITIES}
BY_RANK = {rank: code for code, rank in RANKS.items()}
TARGETS = {code: (response, resolution) for code, _label, _rank, response, resolution in PRIORITIES}
AT_RISK_PERCENT = 75  # HelpdeskSettings' default
AUTO_CLOSE_DAYS = 3


def expected_steps(traces: dict[str, Trace]) -> float:
    """The step records of an average telephone ticket."""
    spot, later, numbered = (len(traces[name].steps) for name in ("spot", "later", "numbered"))
    solved = 1 - 0.07  # the open ones and those closed without a solution
    return SPOT_SHARE * spot + (1 - SPOT_SHARE) * (solved * later + (1 - solved) * numbered)


def _texts() -> dict[str, str]:
    with translation.override("id"):
        return {
            "confirmed": gettext("The reporter confirmed the solution."),
            "auto_closed": gettext("Closed automatically: the reporter did not answer within the waiting time."),
        }


class TicketWriter:
    def __init__(
        self,
        streams: Streams,
        cases: CaseWriter,
        traces: dict[str, Trace],
        *,
        ids: dict[str, int],
        now: int,
        rng: random.Random,
        ticket_type: int,
        phone_share: float,
    ):
        self.contacts = streams.start(Contact, CONTACT_FIELDS, freeze=True)
        self.tickets = streams.start(Ticket, TICKET_FIELDS, freeze=True)
        self.messages = streams.start(Message, MESSAGE_FIELDS, freeze=True)
        self.case_writer, self.traces = cases, traces
        self.ids, self.now, self.rng = ids, now, rng
        self.ticket_type, self.phone_share = ticket_type, phone_share
        self.steps = self.cases = 0
        self.texts = _texts()
        self._status_cum = people.cumulative(w for _s, w in STATUSES)
        self._channel_cum = people.cumulative(w for _c, w in OTHER_CHANNELS)
        self._reporter_cum = people.cumulative(w for _r, w in REPORTERS)

    def _next(self, name: str) -> int:
        value = self.ids[name]
        self.ids[name] = value + 1
        return value

    def organization(self, org, clock: WorkClock, *, count: int, first_day: int, vendors: list[tuple]) -> dict:
        """Write `count` tickets of `org`; return the last number drawn per (kind, year) for its counters."""
        rng, today = self.rng, last_day(clock, self.now)
        plans = sorted((self._plan(rng, clock, first_day, today) for _ in range(count)), key=lambda p: p["received"])
        # Every organisation's first helpdesk agent has open work in progress, however small the scale: the first
        # ticket in progress (one made so when the draw gave none) is theirs.
        in_progress = [p for p in plans if p["status"] == "in_progress"]
        if not in_progress and plans:
            plans[-1] = self._plan(rng, clock, first_day, today, status="in_progress")
            in_progress = [plans[-1]]
        if in_progress:
            in_progress[0]["agent"] = "helpdesk"
        counters: dict[tuple[str, int], int] = defaultdict(int)
        pool: list[tuple] = []
        zone = clock.calendar.zone
        for plan in plans:
            year = as_datetime(plan["received"]).astimezone(zone).year
            counters["HD", year] += 1
            number = f"HD-{year}-{counters['HD', year]:06d}"
            form_number = ""
            if plan["channel"] in ("phone", "walk_in"):
                counters["FK", year] += 1
                form_number = f"FK-{year}-{counters['FK', year]:06d}"
            contact = self._contact(rng, org, pool, vendors, plan)
            self._ticket(rng, org, clock, plan, number, form_number, contact)
        return counters

    # --- when and what ---------------------------------------------------------------------------------------------
    def _plan(self, rng, clock: WorkClock, first: int, today: int, status: str = "") -> dict:
        status = status or rng.choices(STATUSES, cum_weights=self._status_cum)[0][0]
        phone = rng.random() < self.phone_share
        channel = "phone" if phone else rng.choices(OTHER_CHANNELS, cum_weights=self._channel_cum)[0][0]
        problem = rng.choice(problems.PROBLEMS)
        urgency, impact = problem[4]
        if rng.random() < 0.3:  # the agent judges it differently from the usual case
            urgency, impact = rng.choice(("high", "medium", "low")), rng.choice(("high", "medium", "low"))
        code = MATRIX[urgency, impact]
        if problem[5]:
            code = BY_RANK[max(1, RANKS[code] - 1)]
        spot = phone and status in ("closed", "resolved") and rng.random() < SPOT_SHARE / 0.93
        plan = {
            "status": status,
            "channel": channel,
            "problem": problem,
            "urgency": urgency,
            "impact": impact,
            "priority": code,
            "spot": spot,
        }
        for _attempt in range(12):
            if status in ("closed",):
                day = rng.randrange(first, max(first + 1, today - 1))
            elif status == "resolved":
                day = today - rng.randint(0, 6)
            else:
                day = today - min(rng.randint(0, 8), rng.randint(0, 10))
            received = clock.instant(rng, day, early=True)
            if received >= self.now:
                received = clock.opens[day] + int((self.now - clock.opens[day]) * rng.random())
            self._clocks(rng, clock, plan, received)
            if self._consistent(plan):
                break
        return plan

    def _clocks(self, rng, clock: WorkClock, plan: dict, received: int) -> None:
        (r_amount, r_unit), (s_amount, s_unit) = TARGETS[plan["priority"]]

        def due(amount, unit, start):
            return clock.add_working_days(start, amount) if unit == "days" else clock.add(start, amount * 3600)

        plan["received"] = received
        plan["response_due"] = due(r_amount, r_unit, received)
        resolution_due = due(s_amount, s_unit, received)
        span = clock.working_between(received, resolution_due)
        status, staff_desk = plan["status"], plan["channel"] in ("phone", "walk_in")
        plan["responded"] = received if staff_desk else None
        if not staff_desk and status != "recorded":
            target = clock.working_between(received, plan["response_due"])
            plan["responded"] = clock.add(received, target * (rng.uniform(0.05, 0.9) if rng.random() < 0.9 else 1.3))
        paused = 0
        if status in ("closed", "resolved") and rng.random() < 0.15:
            paused = int(rng.uniform(0.3, 16) * 3600)
        plan["paused_total"] = paused
        plan["resolution_due"] = clock.add(resolution_due, paused) if paused else resolution_due
        plan["at_risk"] = clock.add(received, span * AT_RISK_PERCENT / 100)
        if paused:
            plan["at_risk"] = clock.add(plan["at_risk"], paused)
        plan["at_risk"] = minute_start(plan["at_risk"])  # from the start of its minute, as sopan.helpdesk.sla
        plan["resolved"] = plan["closed"] = plan["paused_at"] = plan["closes"] = None
        plan["closing"] = ""
        if status == "waiting":
            plan["paused_at"] = clock.add(plan["responded"] or received, rng.uniform(600, 4 * 3600))
        if plan["spot"]:
            plan["resolved"] = received + rng.randint(120, 900)
        elif status in ("closed", "resolved") and not (status == "closed" and rng.random() < 0.05):
            share = rng.uniform(0.05, 0.95) if rng.random() < 0.86 else rng.uniform(1.05, 2.5)
            plan["resolved"] = clock.add(received, span * share + paused)
        if plan["resolved"] is not None:
            plan["closes"] = clock.add_working_days(plan["resolved"], AUTO_CLOSE_DAYS)
        if status == "closed":
            if plan["resolved"] is None:  # closed by the desk without a solution (a duplicate, a wrong number)
                plan["closed"], plan["closing"] = clock.add(received, rng.uniform(600, 6 * 3600)), "desk"
            elif plan["spot"] or rng.random() < 0.38:
                plan["closed"] = min(clock.add(plan["resolved"], rng.uniform(300, 12 * 3600)), plan["closes"])
                plan["closing"] = "confirmed"
            else:
                plan["closed"], plan["closing"] = plan["closes"] + rng.randint(30, 900), "auto_closed"

    def _consistent(self, plan: dict) -> bool:
        """Everything lies in the past, and a resolved ticket is still inside its waiting time."""
        moments = [v for k, v in plan.items() if k in ("responded", "resolved", "closed", "paused_at") and v]
        if any(m >= self.now for m in moments):
            return False
        return plan["status"] != "resolved" or plan["closes"] > self.now

    # --- rows ------------------------------------------------------------------------------------------------------
    def _contact(self, rng, org, pool: list[tuple], vendors: list[tuple], plan: dict) -> tuple:
        if pool and rng.random() < 0.4:
            return rng.choice(pool)
        kind = rng.choices(REPORTERS, cum_weights=self._reporter_cum)[0][0]
        user = None
        if kind == "vendor" and vendors:
            user, institution = rng.choice(vendors)
        elif kind == "vendor":
            institution = people.company_name(rng, "CV", org.spec.region.name)
        elif kind in ("public",):
            institution = ""
        elif kind == "lpse":
            institution = f"LPSE {org.spec.region.title}"
        else:
            institution = rng.choice(people.AGENCIES)
        name, _female = people.person(rng)
        contact_id = self._next("contact")
        email = people.personal_email(rng, name, contact_id) if rng.random() < 0.85 else ""
        phone = identity.mobile(rng) if rng.random() < 0.9 else ""
        contact = (contact_id, name, email, phone, institution, kind, user)
        at = as_datetime(plan["received"])
        self.contacts.add((contact_id, org.id, name, email, phone, institution, kind, user, at, at))
        pool.append(contact)
        return contact

    def _ticket(self, rng, org, clock: WorkClock, plan: dict, number: str, form_number: str, contact: tuple) -> None:
        contact_id, name, email, phone, institution, kind, user = contact
        subject, description, application, (ticket_type, category, area), _levels, tender, solution = plan["problem"]
        tender_code = f"{rng.randint(10_000_000, 99_999_999)}" if tender else ""
        error = rng.choice(problems.ERRORS) if "{error}" in description else ""
        description = description.format(tender=tender_code, error=error)
        channel, status = plan["channel"], plan["status"]
        agent = org.staff["helpdesk"] if rng.random() < 0.6 else org.staff["helpdesk2"]
        agent = org.staff[plan["agent"]] if "agent" in plan else agent
        desk = channel in ("phone", "walk_in")
        assignee, role = (agent if desk or status != "recorded" else None), ""
        if status == "in_progress" and not desk and "agent" not in plan and rng.random() < 0.08:
            assignee, role = None, "system_admin"
        web_user = user if channel == "web" and rng.random() < 0.6 else None
        email = email if email or channel not in ("web", "email") else people.personal_email(rng, name, contact_id)
        if channel == "phone" and not (phone or email):
            phone = identity.mobile(rng)
        ticket_id = self._next("ticket")
        resolved, closed = plan["resolved"], plan["closed"]
        informed = None
        if plan["closing"] == "confirmed" or (resolved and desk):
            informed = closed if plan["closing"] == "confirmed" and not desk else resolved
        last = max(v for v in (plan["received"], plan["responded"], plan["paused_at"], resolved, closed) if v)
        token = base64.urlsafe_b64encode(rng.randbytes(32)).rstrip(b"=").decode()
        self.tickets.add(
            (
                ticket_id,
                org.id,
                number,
                form_number,
                channel,
                status,
                2 + 2 * (resolved is not None) + (closed is not None),
                contact_id,
                name,
                email,
                phone,
                institution,
                kind,
                web_user,
                subject,
                description,
                application,
                tender_code,
                error,
                tender,
                ticket_type,
                category,
                area,
                plan["urgency"],
                plan["impact"],
                org.priorities[plan["priority"]],
                assignee,
                role,
                agent if desk else None,
                plan["spot"],
                solution if resolved else "",
                token,
                as_datetime(plan["received"]),
                as_due(plan["response_due"]),
                as_datetime(plan["responded"]),
                as_due(plan["resolution_due"]),
                as_datetime(plan["at_risk"]),
                as_datetime(plan["paused_at"]),
                datetime.timedelta(seconds=plan["paused_total"]),
                as_datetime(resolved),
                as_datetime(plan["closes"]),
                as_datetime(closed),
                as_datetime(informed),
                as_datetime(resolved),
                as_datetime(last),
            )
        )
        self._messages(rng, org, plan, ticket_id, contact, web_user, agent, description, solution, email)
        if channel == "phone":
            scenario = "spot" if plan["spot"] else "later" if resolved else "numbered"
            self.steps += self.case_writer.write(
                self.traces[scenario],
                {"received": plan["received"], "resolved": resolved},
                org=org,
                procedure="telephone_helpdesk",
                title=f"{number} {subject}",
                subject_type=self.ticket_type,
                subject_id=ticket_id,
                actors={"agent": agent},
                clock=clock,
            )
            self.cases += 1

    def _messages(self, rng, org, plan, ticket_id, contact, web_user, agent, description, solution, email) -> None:
        channel, status = plan["channel"], plan["status"]
        reply_channel = "email" if email else channel
        agent_name = org.staff_names[agent]
        rows = [("from_reporter", description, web_user, contact[1], channel, plan["received"])]
        if plan["responded"] and plan["responded"] > plan["received"] and rng.random() < 0.5:
            rows.append(
                ("to_reporter", rng.choice(problems.REPLIES), agent, agent_name, reply_channel, plan["responded"])
            )
        if status == "waiting":
            rows.append(("to_reporter", problems.REPLIES[0], agent, agent_name, reply_channel, plan["paused_at"]))
        if status == "in_progress" and rng.random() < 0.3:
            rows.append(
                ("note", rng.choice(problems.NOTES), agent, agent_name, channel, plan["responded"] or plan["received"])
            )
        if plan["resolved"] and not plan["spot"]:
            rows.append(("to_reporter", solution, agent, agent_name, reply_channel, plan["resolved"]))
        if plan["closing"] in ("confirmed", "auto_closed"):
            rows.append(("system", self.texts[plan["closing"]], None, "", "web", plan["closed"]))
        add = self.messages.add
        for kind, body, author, author_name, via, at in rows[:4]:
            message_id = self._next("message")
            header = (
                f"<{message_id}.{rng.getrandbits(40):x}@mail.gmail.com>"
                if via == "email" and kind == "from_reporter"
                else ""
            )
            add((message_id, ticket_id, kind, body, author, author_name, via, header, org.id, as_datetime(at)))
