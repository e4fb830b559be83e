"""The coordinator (Kepala UKPBJ) keeps the organisation's risk criteria (SOP Pengelolaan Risiko, Peralatan: "Kriteria
dampak dan probabilitas"; step 3 "Risk tolerance"): the likelihood and impact scales with their labels, the appetite
and the tolerance, and the levels with their colours, for each set (the UKPBJ's procurement set and the LPSE's
service-risk set).

What an edit must keep true, else it is refused with its message and nothing changes:
- each scale has SCALE_MIN to SCALE_MAX values, each with a label, no label twice;
- the appetite and the tolerance are scores within 1 … likelihood × impact, the appetite not above the tolerance;
- LEVELS_MIN to LEVELS_MAX levels, each with a name (no name twice), its lowest score and a #rrggbb colour; the first
  starts at score 1, each starts above the one before, the last at most at the highest score. A level covers its
  lowest score up to the next level's lowest score less one (the last up to the highest score), so the levels cover
  the whole range without a gap or an overlap and every level holds at least one score;
- a scale is not shorter than the highest value any risk of the set is rated with (inherent or residual, closed risks
  included, so their history stays readable): the message names how many risks use a value above the new size.

Existing ratings are never rewritten: a risk keeps its likelihood and impact, and its level and its tolerance check
are read from the criteria as they are now (models/criteria.py).
"""

from __future__ import annotations

import itertools
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sopan.accounts.policies import require
from sopan.core import audit, workflow
from sopan.risks import policies
from sopan.risks.models import Criteria, Risk

SCALE_MIN, SCALE_MAX = 3, 10
LEVELS_MIN, LEVELS_MAX = 2, 10
LABEL_MAX = 100
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _labels(value) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    return [str(item).strip() for item in (value or []) if str(item or "").strip()]


def _int(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _check_scale(labels: list[str], message: str) -> list[str]:
    problems = []
    if not SCALE_MIN <= len(labels) <= SCALE_MAX:
        problems.append(message % {"min": SCALE_MIN, "max": SCALE_MAX, "count": len(labels)})
    for label in labels:
        if len(label) > LABEL_MAX:
            problems.append(_("The label “%(label)s…” is longer than %(max)s characters.")
                            % {"label": label[:40], "max": LABEL_MAX})  # fmt: skip
    seen = set()
    for label in labels:
        if label.casefold() in seen:
            problems.append(_("The label “%(label)s” is given twice.") % {"label": label})
        seen.add(label.casefold())
    return problems


def _check_level_row(n: int, item: dict) -> tuple[dict, list[str]]:
    label = str(item.get("label") or "").strip()
    minimum = _int(item.get("minimum"))
    colour = str(item.get("colour") or "").strip().lower()
    problems = []
    if not label or len(label) > LABEL_MAX:
        problems.append(_("Level %(n)s: give its name (at most %(max)s characters).") % {"n": n, "max": LABEL_MAX})
    if minimum is None:
        problems.append(_("Level %(n)s: give its lowest score.") % {"n": n})
    if not HEX.match(colour):
        problems.append(_("Level %(n)s: the colour must be a hex colour such as #ff9800.") % {"n": n})
    return {"label": label, "minimum": minimum, "colour": colour}, problems


def _check_levels(rows: list[dict], top: int | None) -> tuple[list[dict], list[str]]:
    """The levels as given (in order), checked; `top` the highest score (None when the scales are wrong)."""
    if not LEVELS_MIN <= len(rows) <= LEVELS_MAX:
        return [], [_("Give between %(min)s and %(max)s levels; there are %(count)s.")
                    % {"min": LEVELS_MIN, "max": LEVELS_MAX, "count": len(rows)}]  # fmt: skip
    levels, problems = [], []
    for n, item in enumerate(rows, start=1):
        level, row_problems = _check_level_row(n, item)
        levels.append(level)
        problems += row_problems
    names = [level["label"].casefold() for level in levels if level["label"]]
    for name in sorted({name for name in names if names.count(name) > 1}):
        problems.append(_("Two levels have the same name “%(label)s”.") % {"label": name})
    if problems:
        return levels, problems
    if levels[0]["minimum"] != 1:
        problems.append(_("The first level must start at score 1, so that every score has a level; it starts at "
                          "%(minimum)s.") % {"minimum": levels[0]["minimum"]})  # fmt: skip
    for n, (before, level) in enumerate(itertools.pairwise(levels), start=2):
        if level["minimum"] <= before["minimum"]:
            problems.append(_("Level %(n)s starts at score %(minimum)s, not above the level before it (%(previous)s): "
                              "the levels must rise without overlapping.")
                            % {"n": n, "minimum": level["minimum"], "previous": before["minimum"]})  # fmt: skip
    if top is not None and levels[-1]["minimum"] > top:
        problems.append(_("Level %(n)s starts at score %(minimum)s, above the highest score %(top)s: it would hold no "
                          "risk.") % {"n": len(levels), "minimum": levels[-1]["minimum"], "top": top})  # fmt: skip
    return levels, problems


def _check_thresholds(appetite, tolerance, top: int | None) -> dict[str, list[str]]:
    errors = {}
    if appetite is None or (top is not None and not 1 <= appetite <= top):
        errors["appetite"] = [_("The appetite must be a score between 1 and %(top)s (likelihood × impact).")
                              % {"top": top or "…"}]  # fmt: skip
    if tolerance is None or (top is not None and not 1 <= tolerance <= top):
        errors["tolerance"] = [_("The tolerance must be a score between 1 and %(top)s (likelihood × impact).")
                               % {"top": top or "…"}]  # fmt: skip
    if not errors and appetite > tolerance:
        errors["appetite"] = [_("The appetite (%(appetite)s) cannot be above the tolerance (%(tolerance)s).")
                              % {"appetite": appetite, "tolerance": tolerance}]  # fmt: skip
    return errors


def clean_criteria(data: dict) -> dict:
    """The edit's values checked (ValidationError per field), the scales as lists and the levels in order."""
    errors = {}
    name = str(data.get("name") or "").strip()
    if not name:
        errors["name"] = [_("Name the criteria.")]
    likelihood = _labels(data.get("likelihood_labels"))
    impact = _labels(data.get("impact_labels"))
    for field, labels, message in (
        ("likelihood_labels", likelihood,
         _("The likelihood scale must have between %(min)s and %(max)s values, one label a line; it has %(count)s.")),
        ("impact_labels", impact,
         _("The impact scale must have between %(min)s and %(max)s values, one label a line; it has %(count)s.")),
    ):  # fmt: skip
        if problems := _check_scale(labels, message):
            errors[field] = problems
    top = None if errors.keys() & {"likelihood_labels", "impact_labels"} else len(likelihood) * len(impact)
    appetite, tolerance = _int(data.get("appetite")), _int(data.get("tolerance"))
    errors |= _check_thresholds(appetite, tolerance, top)
    levels, problems = _check_levels([dict(item) for item in data.get("levels") or []], top)
    if problems:
        errors["levels"] = problems
    if errors:
        raise ValidationError(errors)
    source = str(data.get("source") or "").strip()[:300]
    return {"name": name[:200], "likelihood_labels": likelihood, "impact_labels": impact, "appetite": appetite,
            "tolerance": tolerance, "levels": levels, "source": source}  # fmt: skip


def _check_in_use(row: Criteria, values: dict) -> None:
    """Refuse a scale shorter than a value a risk of these criteria is rated with: one query."""
    top_l, top_i = len(values["likelihood_labels"]), len(values["impact_labels"])
    if top_l >= row.likelihood_max and top_i >= row.impact_max:
        return
    counts = Risk.objects.filter(criteria=row).aggregate(
        likelihood=Count("id", filter=Q(inherent_likelihood__gt=top_l) | Q(residual_likelihood__gt=top_l)),
        impact=Count("id", filter=Q(inherent_impact__gt=top_i) | Q(residual_impact__gt=top_i)),
    )
    errors = {}
    if counts["likelihood"]:
        errors["likelihood_labels"] = [ngettext(
            "%(count)s risk is rated with a likelihood above %(size)s: the likelihood scale cannot be shorter than "
            "the ratings in use.",
            "%(count)s risks are rated with a likelihood above %(size)s: the likelihood scale cannot be shorter than "
            "the ratings in use.", counts["likelihood"]) % {"count": counts["likelihood"], "size": top_l}]  # fmt: skip
    if counts["impact"]:
        errors["impact_labels"] = [ngettext(
            "%(count)s risk is rated with an impact above %(size)s: the impact scale cannot be shorter than the "
            "ratings in use.",
            "%(count)s risks are rated with an impact above %(size)s: the impact scale cannot be shorter than the "
            "ratings in use.", counts["impact"]) % {"count": counts["impact"], "size": top_i}]  # fmt: skip
    if errors:
        raise ValidationError(errors)


def _keyed(levels: list[dict], before: list) -> list[dict]:
    """The levels with their keys: a level keeps the key of the level at its place before, a new one `level_<n>`."""
    keys = [item.get("key") for item in sorted(before or [], key=lambda item: item.get("minimum", 0))]
    made, used = [], set()
    for n, level in enumerate(levels):
        key = keys[n] if n < len(keys) and keys[n] and keys[n] not in used else f"level_{n + 1}"
        used.add(key)
        made.append({"key": key, **level})
    return made


def _shown(field: str, value):
    """A value as the audit trail shows it: scales and levels as one readable line."""
    if field in ("likelihood_labels", "impact_labels"):
        return "; ".join(f"{n}. {label}" for n, label in enumerate(value, start=1))
    if field == "levels":
        return "; ".join(f"{item['label']} ≥ {item['minimum']} {item['colour']}" for item in value)
    return value


FIELDS = ("name", "likelihood_labels", "impact_labels", "appetite", "tolerance", "levels", "source")


@transaction.atomic
def criteria_update(*, criteria: Criteria, by, seen_version=None, **data) -> Criteria:
    """The coordinator changes one criteria set: every field checked, the scales not shrunk below a rating in use,
    the changes recorded field by field (audit event `risks.criteria.changed`), the version raised."""
    require(policies.can_coordinate(by, criteria))
    values = clean_criteria(data)
    row = workflow.locked(Criteria, criteria.pk, seen_version=seen_version, organization=criteria.organization_id)
    _check_in_use(row, values)
    values["levels"] = _keyed(values["levels"], row.levels)
    changes = {}
    for field in FIELDS:
        old = getattr(row, field)
        new = values[field]
        same = old == new if field != "levels" else [dict(item) for item in old] == new
        if not same:
            changes[field] = [_shown(field, old), _shown(field, new)]
            setattr(row, field, new)
    if not changes:
        return row
    row.version += 1
    row.save()
    audit.record(action="risks.criteria.changed", by=by, target=row, changes={"scheme": row.scheme, **changes})
    return row
