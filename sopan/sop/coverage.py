"""Runs that together take every branch of an SOP: used by the demo data and by the browser test that drives every
catalogue SOP end to end.

A *plan* says, for some decisions, which exit to take on the first visit; later visits, and decisions the plan does
not name, take the default exit (the first one that does not lead back to an earlier step, so runs end). A loop back
to the start step ("kembali ke aktivitas No. 1") is such a backward exit; a run also ends at a hand-over to another SOP
(`next: {sop: <key>}`), which opens nothing in this case.
"""

from __future__ import annotations

from collections import deque

from sopan.sop import definition as d

Plan = dict[str, str]  # decision step key -> exit label on its first visit


def default_exit(definition: d.Definition, step: d.Step) -> d.Exit:
    """The first exit that does not go back to a step printed before the decision (a loop), else the first. An exit
    that ends the procedure (no target) counts as going forward."""
    order = {s.key: i for i, s in enumerate(definition.steps)}
    forward = [e for e in step.exits if order.get(e.to, len(order)) > order[step.key]]
    return (forward or list(step.exits))[0]


def choose(definition: d.Definition, step: d.Step, plan: Plan, visits: dict[str, int]) -> str:
    """The exit to take at a decision on this visit (counting visits in `visits`)."""
    visits[step.key] = visits.get(step.key, 0) + 1
    if visits[step.key] == 1 and step.key in plan:
        return plan[step.key]
    return default_exit(definition, step).label


def _path_to(definition: d.Definition, target: str) -> Plan:
    """Exits to force so that a run reaches `target`: along a shortest path from the start."""
    start = definition.start_steps[0].key
    previous: dict[str, tuple[str, str]] = {}
    queue, seen = deque([start]), {start}
    while queue:
        key = queue.popleft()
        if key == target:
            break
        step = definition.step(key)
        edges = [(e.to, e.label) for e in step.exits if e.to] if step.is_decision else [(n, "") for n in step.next]
        for to, label in edges:
            if to not in seen:
                seen.add(to)
                previous[to] = (key, label)
                queue.append(to)
    plan: Plan = {}
    key = target
    while key in previous:
        parent, label = previous[key]
        if label:
            plan[parent] = label
        key = parent
    return plan


def simulate(definition: d.Definition, plan: Plan) -> list[tuple[str, str]]:
    """The (step key, exit label) sequence a run under `plan` completes, opening steps as the engine does."""
    visits: dict[str, int] = {}
    done: list[tuple[str, str]] = []
    open_steps: list[str] = [definition.start_steps[0].key]
    guard = 0
    while open_steps:
        guard += 1
        if guard > 1000:
            raise RuntimeError(f"{definition.key}: the plan does not end")
        key = open_steps.pop(0)
        step = definition.step(key)
        label = choose(definition, step, plan, visits) if step.is_decision else ""
        done.append((key, label))
        targets = [next(e.to for e in step.exits if e.label == label)] if step.is_decision else list(step.next)
        for target in filter(None, targets):  # an exit with no target ends the procedure there
            if target in open_steps:
                continue
            if definition.step(target).join and open_steps:
                continue
            open_steps.append(target)
    return done


def covering_plans(definition: d.Definition) -> list[Plan]:
    """Plans whose runs together take every exit of every decision at least once (the default run first)."""
    plans: list[Plan] = [{}]
    taken = {(k, label) for k, label in simulate(definition, {}) if label}
    for step in definition.steps:
        if not step.is_decision:
            continue
        for exit_ in step.exits:
            if (step.key, exit_.label) in taken:
                continue
            plan = {**_path_to(definition, step.key), step.key: exit_.label}
            run = simulate(definition, plan)
            taken |= {(k, label) for k, label in run if label}
            plans.append(plan)
    return plans
