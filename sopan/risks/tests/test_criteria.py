"""The coordinator edits the organisation's criteria sets (services/criteria.py, /risiko/kriteria/<pk>/): every refusal
in Indonesian with nothing changed, the audit event with the changes, the ratings in use kept and re-read, the page's
permissions and its query count."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sopan.core.models import AuditEvent
from sopan.core.testing import login
from sopan.procurement.tests.factories import person
from sopan.risks import services
from sopan.risks.models import Criteria
from sopan.risks.tests.factories import analysed, bind_risk_sops, head, id_, owner, treated

pytestmark = pytest.mark.django_db

LEVELS = [
    {"label": "Rendah", "minimum": 1, "colour": "#4caf50"},
    {"label": "Sedang", "minimum": 6, "colour": "#ffeb3b"},
    {"label": "Tinggi", "minimum": 12, "colour": "#e53935"},
]


@pytest.fixture
def criteria(organization):
    return bind_risk_sops(organization)["procurement"]


def _data(criteria, **changes) -> dict:
    data = {"name": criteria.name, "likelihood_labels": list(criteria.likelihood_labels),
            "impact_labels": list(criteria.impact_labels), "appetite": criteria.appetite,
            "tolerance": criteria.tolerance, "levels": LEVELS, "source": criteria.source}  # fmt: skip
    return data | changes


def _snapshot(criteria) -> dict:
    row = Criteria.objects.get(pk=criteria.pk)
    return {f: getattr(row, f) for f in ("name", "likelihood_labels", "impact_labels", "appetite", "tolerance",
                                         "levels", "source", "version")}  # fmt: skip


def _refused(criteria, by=None, **changes) -> dict:
    by = by or head(criteria.organization)
    before = _snapshot(criteria)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.criteria_update(criteria=criteria, by=by, **_data(criteria, **changes))
    assert _snapshot(criteria) == before and AuditEvent.objects.count() == events
    return error.value.message_dict


def test_the_coordinator_changes_the_criteria_with_an_audit_event(organization, criteria):
    risk = analysed(organization, likelihood=4, impact=4)
    assert risk.inherent_level.label == "Tinggi"  # 16 on the demo levels (Tinggi from 15)
    six = [*criteria.likelihood_labels, "Pasti terjadi"]
    row = services.criteria_update(criteria=criteria, by=head(organization), seen_version=criteria.version,
                                   **_data(criteria, likelihood_labels=six, appetite=5, tolerance=10))  # fmt: skip
    assert row.version == 2 and row.likelihood_max == 6 and row.tolerance == 10
    assert [level["key"] for level in row.levels] == ["very_low", "low", "medium"]  # kept by place
    event = AuditEvent.objects.filter(action="risks.criteria.changed").get()
    assert event.changes["tolerance"] == [8, 10] and event.changes["scheme"] == "procurement"
    assert "6. Pasti terjadi" in event.changes["likelihood_labels"][1] and "name" not in event.changes
    assert "Tinggi ≥ 12 #e53935" in event.changes["levels"][1]
    risk.refresh_from_db()  # the rating stays; its level is read from the criteria as they are now
    assert (risk.inherent_likelihood, risk.inherent_impact) == (4, 4) and risk.inherent_level.label == "Tinggi"
    assert risk.criteria.within_tolerance(risk.inherent_score) is False


def test_saving_the_same_values_records_nothing(organization, criteria):
    data = _data(criteria, levels=[{"label": lv.label, "minimum": lv.minimum, "colour": lv.colour}
                                   for lv in criteria.level_list()])  # fmt: skip
    row = services.criteria_update(criteria=criteria, by=head(organization), **data)
    assert row.version == 1 and not AuditEvent.objects.filter(action="risks.criteria.changed").exists()


def test_only_the_coordinator_of_the_organisation(organization, other_organization, criteria):
    with pytest.raises(PermissionDenied):
        services.criteria_update(criteria=criteria, by=owner(organization), **_data(criteria))
    other = bind_risk_sops(other_organization)["procurement"]
    with pytest.raises(PermissionDenied):
        services.criteria_update(criteria=other, by=head(organization), **_data(other))


@pytest.mark.parametrize(
    ("changes", "field", "msgid", "values"),
    [
        ({"name": " "}, "name", "Name the criteria.", {}),
        ({"likelihood_labels": ["A", "B"]}, "likelihood_labels", "The likelihood scale must have between %(min)s and "
         "%(max)s values, one label a line; it has %(count)s.", {"min": 3, "max": 10, "count": 2}),
        ({"impact_labels": [str(n) for n in range(11)]}, "impact_labels", "The impact scale must have between "
         "%(min)s and %(max)s values, one label a line; it has %(count)s.", {"min": 3, "max": 10, "count": 11}),
        ({"impact_labels": "Kecil\nBesar\nkecil"}, "impact_labels", "The label “%(label)s” is given twice.",
         {"label": "kecil"}),
        ({"appetite": 10, "tolerance": 8}, "appetite",
         "The appetite (%(appetite)s) cannot be above the tolerance (%(tolerance)s).",
         {"appetite": 10, "tolerance": 8}),
        ({"tolerance": 26}, "tolerance",
         "The tolerance must be a score between 1 and %(top)s (likelihood × impact).", {"top": 25}),
        ({"appetite": 0}, "appetite",
         "The appetite must be a score between 1 and %(top)s (likelihood × impact).", {"top": 25}),
        ({"levels": LEVELS[:1]}, "levels", "Give between %(min)s and %(max)s levels; there are %(count)s.",
         {"min": 2, "max": 10, "count": 1}),
        ({"levels": [LEVELS[0], {**LEVELS[1], "colour": "kuning"}]}, "levels",
         "Level %(n)s: the colour must be a hex colour such as #ff9800.", {"n": 2}),
        ({"levels": [LEVELS[0], {**LEVELS[1], "label": ""}]}, "levels",
         "Level %(n)s: give its name (at most %(max)s characters).", {"n": 2, "max": 100}),
        ({"levels": [LEVELS[0], {**LEVELS[1], "minimum": None}]}, "levels", "Level %(n)s: give its lowest score.",
         {"n": 2}),
        ({"levels": [LEVELS[0], {**LEVELS[1], "label": "rendah"}]}, "levels",
         "Two levels have the same name “%(label)s”.", {"label": "rendah"}),
        ({"levels": [{**LEVELS[0], "minimum": 3}, *LEVELS[1:]]}, "levels", "The first level must start at score 1, "
         "so that every score has a level; it starts at %(minimum)s.", {"minimum": 3}),
        ({"levels": [LEVELS[0], LEVELS[2], LEVELS[1]]}, "levels", "Level %(n)s starts at score %(minimum)s, not above "
         "the level before it (%(previous)s): the levels must rise without overlapping.",
         {"n": 3, "minimum": 6, "previous": 12}),
        ({"levels": [LEVELS[0], {**LEVELS[1], "minimum": 1}]}, "levels", "Level %(n)s starts at score %(minimum)s, "
         "not above the level before it (%(previous)s): the levels must rise without overlapping.",
         {"n": 2, "minimum": 1, "previous": 1}),
        ({"levels": [*LEVELS, {"label": "Ekstrem", "minimum": 26, "colour": "#000000"}]}, "levels", "Level %(n)s "
         "starts at score %(minimum)s, above the highest score %(top)s: it would hold no risk.",
         {"n": 4, "minimum": 26, "top": 25}),
    ],
)  # fmt: skip
def test_each_bad_input_is_refused_and_nothing_changes(organization, criteria, changes, field, msgid, values):
    assert id_(msgid, **values) in _refused(criteria, **changes)[field]


def _plural(scale: str, count: int, size: int) -> str:
    """The message as shown in Indonesian (msgids built here, so the catalogue takes them from the service only)."""
    from django.utils import translation

    tail = " ".join(("rated with", "an" if scale == "impact" else "a", scale, "above %(size)s: the", scale,
                     "scale cannot be shorter than the ratings in use."))  # fmt: skip
    singular, plural = "%(count)s risk is " + tail, "%(count)s risks are " + tail
    with translation.override("id"):
        text = translation.ngettext(singular, plural, count)
    return text % {"count": count, "size": size}


def test_a_scale_is_not_shrunk_below_a_rating_in_use(organization, criteria):
    analysed(organization, likelihood=5, impact=4, title="A")
    treated(organization, likelihood=3, impact=5, residual=(2, 4), title="B")
    errors = _refused(criteria, likelihood_labels=["1", "2", "3", "4"], impact_labels=["1", "2", "3"],
                      appetite=2, tolerance=4, levels=LEVELS[:2])  # fmt: skip
    assert _plural("likelihood", 1, 4) in errors["likelihood_labels"]
    assert _plural("impact", 2, 3) in errors["impact_labels"]
    row = services.criteria_update(criteria=criteria, by=head(organization),
                                   **_data(criteria, impact_labels=["1", "2", "3", "4", "5"]))  # fmt: skip
    assert row.version == 2  # the same sizes pass


def test_a_stale_form_is_refused(organization, criteria):
    services.criteria_update(criteria=criteria, by=head(organization), **_data(criteria, appetite=3))
    with pytest.raises(ValidationError):
        services.criteria_update(criteria=criteria, by=head(organization), seen_version=1, **_data(criteria))
    assert Criteria.objects.get(pk=criteria.pk).appetite == 3


# --- the page ---------------------------------------------------------------------------------------------------------


def _url(criteria):
    return reverse("risks:criteria-edit", kwargs={"pk": criteria.pk})


def _post(criteria, levels=LEVELS, **changes) -> dict:
    data = {"version": criteria.version, "name": criteria.name, "appetite": criteria.appetite,
            "tolerance": criteria.tolerance, "source": criteria.source,
            "likelihood_labels": "\n".join(criteria.likelihood_labels),
            "impact_labels": "\n".join(criteria.impact_labels),
            "level-TOTAL_FORMS": 10, "level-INITIAL_FORMS": 10, "level-MIN_NUM_FORMS": 0,
            "level-MAX_NUM_FORMS": 10}  # fmt: skip
    for n in range(10):
        level = levels[n] if n < len(levels) else {"label": "", "minimum": "", "colour": "#9e9e9e"}
        data |= {f"level-{n}-{key}": value for key, value in level.items()}
    return data | changes


def test_the_page_is_for_the_coordinator_only(organization, criteria, client, personas, outsider):
    for username in ("pa.kpa", "sekda"):
        login(client, person(organization, username))
        assert client.get(_url(criteria)).status_code == 403
        assert client.post(_url(criteria), _post(criteria, appetite=1)).status_code == 403
    login(client, personas["vendor_admin"])
    assert client.get(_url(criteria)).status_code == 403
    login(client, outsider)
    assert client.get(_url(criteria)).status_code == 404
    assert client.post(_url(criteria), _post(criteria, appetite=1)).status_code == 404
    assert Criteria.objects.get(pk=criteria.pk).appetite == 4


def test_the_form_saves_and_shows_the_refusals(organization, criteria, client):
    login(client, head(organization))
    page = client.get(_url(criteria))
    assert page.status_code == 200 and "Hampir pasti terjadi" in page.content.decode()
    bad = client.post(_url(criteria), _post(criteria, levels=[LEVELS[0], {**LEVELS[1], "colour": "#12"}]))
    assert bad.status_code == 400
    assert id_("Level %(n)s: the colour must be a hex colour such as #ff9800.", n=2) in bad.content.decode()
    assert Criteria.objects.get(pk=criteria.pk).version == 1
    response = client.post(_url(criteria), _post(criteria, tolerance=12, impact_labels="Kecil\nSedang\nBesar\nFatal"))
    assert response.status_code == 302
    row = Criteria.objects.get(pk=criteria.pk)
    assert row.tolerance == 12 and row.impact_labels == ["Kecil", "Sedang", "Besar", "Fatal"]
    assert [lv.label for lv in row.level_list()] == ["Rendah", "Sedang", "Tinggi"]
    library = client.get(reverse("risks:library")).content.decode()
    assert 'id="criteria-edit-procurement"' in library and 'fill="#e53935"' in library


def test_the_page_query_count(organization, criteria, client, django_assert_max_num_queries):
    login(client, head(organization))
    client.get(_url(criteria))
    with django_assert_max_num_queries(3):
        assert client.get(_url(criteria)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.post(_url(criteria), _post(criteria, appetite=3)).status_code == 302
