"""The heat map of the register as server-rendered SVG (no script): for one criteria set, a likelihood × impact grid
with the number of risks in each cell, each cell coloured by its level; drawn twice side by side, inherent and
residual. Every text is escaped; the SVG carries its own title for screen readers."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

CELL = 44
MARGIN = 28


def _text_colour(hex_colour: str) -> str:
    try:
        r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    except ValueError:
        return "#000"
    return "#000" if (r * 299 + g * 587 + b * 114) / 1000 > 140 else "#fff"


def grid_svg(criteria, counts: dict, *, caption: str, html_id: str) -> SafeString:
    rows, cols = criteria.likelihood_max, criteria.impact_max
    width, height = MARGIN + cols * CELL + 4, MARGIN + rows * CELL + 20
    cells = []
    for likelihood in range(1, rows + 1):
        y = (rows - likelihood) * CELL + 4
        for impact in range(1, cols + 1):
            x = MARGIN + (impact - 1) * CELL
            level = criteria.level_of(likelihood * impact)
            colour = level.colour if level else "#eeeeee"
            n = counts.get((likelihood, impact), 0)
            label = _("Likelihood %(l)s, impact %(i)s: %(n)s risk(s), %(level)s") % {
                "l": likelihood, "i": impact, "n": n, "level": level.label if level else "-"}  # fmt: skip
            cells.append(format_html(
                '<g data-cell="{}-{}" data-count="{}"><title>{}</title>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="14" fill="{}">{}</text></g>',
                likelihood, impact, n, label, x, y, CELL, CELL, colour,
                x + CELL // 2, y + CELL // 2 + 5, _text_colour(colour), n or "",
            ))  # fmt: skip
    axes = format_html(
        '<text x="4" y="{}" font-size="11" transform="rotate(-90 10 {})">{}</text>'
        '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
        height // 2, height // 2, _("Likelihood"), MARGIN + cols * CELL // 2, height - 4, _("Impact"),
    )  # fmt: skip
    return format_html(
        '<figure class="me-3"><figcaption class="small fw-semibold">{}</figcaption>'
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" id="{}" width="{}" height="{}" viewBox="0 0 {} {}">'
        "<title>{}</title>{}{}</svg></figure>",
        caption, html_id, width, height, width, height, caption, mark_safe("".join(cells)), axes,  # noqa: S308
    )  # fmt: skip


def legend(criteria) -> SafeString:
    return format_html_join(
        "",
        '<span class="me-2 small text-nowrap"><svg width="12" height="12" aria-hidden="true"><rect width="12" '
        'height="12" fill="{}"/></svg> {} (≥ {})</span>',
        ((lv.colour, lv.label, lv.minimum) for lv in criteria.level_list()),
    )


def heat_maps(grids) -> list[dict]:
    """For the template: per criteria set, its two SVGs and its legend."""
    return [
        {
            "criteria": grid.criteria,
            "inherent": grid_svg(grid.criteria, grid.inherent, caption=_("Inherent"),
                                 html_id=f"heatmap-{grid.criteria.scheme}-inherent"),
            "residual": grid_svg(grid.criteria, grid.residual, caption=_("Residual"),
                                 html_id=f"heatmap-{grid.criteria.scheme}-residual"),
            "legend": legend(grid.criteria),
        }
        for grid in grids
    ]  # fmt: skip
