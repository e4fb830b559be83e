"""The checks of an SOP's flow (successors, decisions, start and end, reachability), run on whatever steps of a
definition could be read: a file's structural and flow problems are listed together (issue 16 §2)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .model import Definition, Step, Symbol


def step_where(number: str, key: str) -> str:
    if number:
        return _("step %(number)s (%(key)s)") % {"number": number, "key": key}
    return _("step (%(key)s)") % {"key": key}


def check_flow(out, definition: Definition) -> None:
    """The flow of whatever steps could be read: successors, decisions, start and end, reachability."""
    keys = set(definition.step_keys)
    for step in definition.steps:
        _check_successors(out, step, keys)
    starts = definition.start_steps
    if not starts:
        out.add("steps", "", _("no start terminator: give the first step of the table symbol: start"))
    if len(starts) > 1:
        out.add("steps", "", _("more than one start terminator"))
    if not any(_ends(s) for s in definition.steps):
        out.add(
            "steps",
            "",
            _(
                "no end terminator: give the step where the procedure ends symbol: end, or hand the case over to "
                "another SOP with next: {sop: <key>}"
            ),
        )
    if not starts:
        return
    # A step may lead back to the start step ("kembali ke aktivitas No. 1": the start symbol is drawn on activity 1);
    # it re-opens as an activity.
    reachable = _reachable(definition, [starts[0].key], forward=True)
    # A successor that could not be read may be the missing link: then only a step nothing leads to is reported.
    broken = any(_unread(s, keys) for s in definition.steps)
    for step in definition.steps:
        if step.key not in reachable and not (broken and definition.predecessors(step.key)):
            out.add(step_where(step.number, step.key), "", _("unreachable: no step leads to it from the start"))
    # Where the flow ends: the end terminators, the exits that end the procedure, and the steps whose successor
    # could not be read (already reported: the steps before them are not reported again).
    ends = [s.key for s in definition.steps if _ends(s) or _unread(s, keys)]
    finishing = _reachable(definition, ends, forward=False)
    for step in definition.steps:
        if step.key in reachable and step.key not in finishing:
            out.add(step_where(step.number, step.key), "", _("no path from here reaches an end terminator"))


def _ends(step: Step) -> bool:
    """Where a case ends: an end terminator, an exit that ends the procedure, a hand-over to another SOP."""
    return step.symbol == Symbol.END or step.ends_here or bool(step.handover)


def _unread(step: Step, keys: set[str]) -> bool:
    """Whether the step's successor is missing or names no step (reported where it is)."""
    if _ends(step):
        return False
    return not step.successors or bool(set(step.successors) - keys)


def _check_successors(out, step: Step, keys: set[str]) -> None:
    where = step_where(step.number, step.key)
    if step.is_decision:
        if step.next:
            out.add(where, "next", _("a decision leads on through its exits, not next"))
        labels = [e.label for e in step.exits]
        if len(step.exits) < 2 or not all(labels):
            out.add(
                where,
                "exits",
                _(
                    "a decision needs at least two labelled exits (e.g. Ya / Tidak): write each outcome as "
                    "{label: …, to: <step key>}, or {label: …} alone where the procedure ends"
                ),
            )
        if len(set(labels)) != len(labels):
            out.add(where, "exits", _("two exits have the same label"))
    elif step.exits:
        out.add(where, "exits", _("only a decision has exits; use next"))
    if step.symbol == Symbol.END:
        if step.successors or step.handover:
            out.add(where, "next", _("an end terminator has no next step"))
    elif step.handover and step.is_decision:
        message = _("a decision hands over through an exit leading to a connector step with next: {sop: <key>}")
        out.add(where, "next", message)
    elif not step.successors and not step.ends_here and not step.handover:
        out.add(where, "next", _("the step leads nowhere (dangling): give next, or make it an end terminator"))
    for target in step.successors:
        if target not in keys:
            out.add(
                where,
                "next" if not step.is_decision else "exits",
                _("step %(target)r does not exist: name the key of a step of this file") % {"target": target},
            )
        elif target == step.key:
            out.add(where, "next", _("a step cannot lead to itself"))


def _reachable(definition: Definition, roots: list[str], *, forward: bool) -> set[str]:
    seen, todo = set(roots), list(roots)
    keys = set(definition.step_keys)
    while todo:
        key = todo.pop()
        if key not in keys:
            continue  # a successor that does not exist (reported where it is named)
        nxt = definition.step(key).successors if forward else definition.predecessors(key)
        for other in nxt:
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen
