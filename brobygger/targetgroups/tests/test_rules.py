"""Target-group rules: data, checked against the whitelist of a person's fields when saved
(the field named when wrong), one filter over Person, versions, and the bulk re-screening."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import translation

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.people.models import IntegrationPeriod, Person
from brobygger.people.tests.factories import PersonFactory
from brobygger.targetgroups.models import ScreeningMark
from brobygger.targetgroups.rules import rule_q, validate_rule, value_from_text
from brobygger.targetgroups.selectors import current_definition
from brobygger.targetgroups.services import DefinitionInput, definition_save, screening_run
from brobygger.testing import Cast

from .factories import STAR_RULE, TargetGroupDefinitionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


def _people(cast: Cast) -> dict[str, Person]:
    return {
        "star": PersonFactory(
            integration_period=IntegrationPeriod.COMPLETED, known_in_municipal_systems=False
        ),
        "known": PersonFactory(
            integration_period=IntegrationPeriod.COMPLETED, known_in_municipal_systems=True
        ),
        "unknown_answer": PersonFactory(
            integration_period=IntegrationPeriod.COMPLETED, known_in_municipal_systems=None
        ),
        "in_programme": PersonFactory(
            municipality=cast.hedensted,
            integration_period=IntegrationPeriod.IN_PROGRAMME,
            known_in_municipal_systems=False,
        ),
    }


def test_a_rule_is_one_filter_over_person(cast: Cast) -> None:
    people = _people(cast)
    star = set(Person.objects.filter(rule_q(STAR_RULE)))
    assert star == {people["star"]}
    assert set(Person.objects.filter(rule_q([]))) == set(people.values())
    # "is not" takes those with no answer too; "empty" finds them.
    not_known = rule_q([{"field": "known_in_municipal_systems", "operator": "ne", "value": True}])
    assert set(Person.objects.filter(not_known)) == {
        people["star"],
        people["unknown_answer"],
        people["in_programme"],
    }
    empty = rule_q([{"field": "known_in_municipal_systems", "operator": "empty", "value": True}])
    assert set(Person.objects.filter(empty)) == {people["unknown_answer"]}
    one_of = rule_q(
        [{"field": "integration_period", "operator": "in", "value": ["in_programme", "ending"]}]
    )
    assert set(Person.objects.filter(one_of)) == {people["in_programme"]}


@pytest.mark.parametrize(
    ("rule", "named"),
    [
        ([{"field": "shoe_size", "operator": "eq", "value": 38}], "shoe_size"),
        ([{"field": "cpr_hash", "operator": "eq", "value": "x"}], "cpr_hash"),
        (
            [{"field": "known_in_municipal_systems", "operator": "eq", "value": "måske"}],
            "kendt i kommunens systemer",
        ),
        (
            [{"field": "integration_period", "operator": "eq", "value": "forever"}],
            "integrationsperiode",
        ),
        ([{"field": "children_count", "operator": "gt", "value": "tre"}], "børn i husstanden"),
        ([{"field": "integration_period", "operator": "gt", "value": 3}], "integrationsperiode"),
    ],
)
def test_a_rule_naming_a_missing_field_or_a_wrong_type_is_refused_with_the_field(
    rule: list[dict[str, object]], named: str
) -> None:
    with translation.override("da"), pytest.raises(ValidationError) as refused:
        validate_rule(rule)
    message = " ".join(refused.value.messages)
    assert named in message.casefold() or named in message
    assert message.startswith("Betingelse 1:")


def test_not_a_list_or_a_malformed_condition_is_refused() -> None:
    for rule in ({"field": "x"}, [["integration_period"]], [{"field": "gender"}], "[]"):
        with pytest.raises(ValidationError):
            validate_rule(rule)


def test_values_typed_in_a_form_take_the_fields_type() -> None:
    assert value_from_text("known_in_municipal_systems", "eq", "Nej") is False
    assert value_from_text("children_count", "gt", " 2 ") == 2
    assert value_from_text("children_count", "gt", "to") == "to"  # refused later, by name
    with translation.override("en"):
        assert value_from_text("integration_period", "eq", "Integration programme completed") == (
            "completed"
        )
    assert value_from_text("integration_period", "in", "ending, completed") == [
        "ending",
        "completed",
    ]


def test_saving_a_name_again_makes_the_next_version_and_is_logged(cast: Cast) -> None:
    first = definition_save(
        actor=cast.kim,
        partnership=cast.partnership,
        data=DefinitionInput("STAR", cast.partnership.starts_on, []),
    )
    second = definition_save(
        actor=cast.kim,
        partnership=cast.partnership,
        data=DefinitionInput(" STAR ", cast.partnership.starts_on.replace(month=7), STAR_RULE),
    )
    assert (first.version, second.version) == (1, 2)
    assert second.rule == STAR_RULE
    assert current_definition(cast.partnership, second.valid_from) == second
    assert current_definition(cast.partnership, first.valid_from) == first
    assert (
        AccessLogEntry.objects.filter(
            user=cast.kim,
            action=AccessAction.CREATE,
            object_type="targetgroups.targetgroupdefinition",
        ).count()
        == 2
    )


def test_only_the_coordinator_keeps_definitions_and_a_bad_rule_saves_nothing(cast: Cast) -> None:
    for user in (cast.lene, cast.eva, cast.alice):
        with pytest.raises(PermissionDenied):
            definition_save(
                actor=user,
                partnership=cast.partnership,
                data=DefinitionInput("X", cast.partnership.starts_on, []),
            )
    with pytest.raises(ValidationError):
        definition_save(
            actor=cast.kim,
            partnership=cast.partnership,
            data=DefinitionInput(
                "X", cast.partnership.starts_on, [{"field": "nope", "operator": "eq", "value": 1}]
            ),
        )
    assert not cast.partnership.target_group_definitions.exists()


def test_a_rescreening_marks_who_falls_in_and_out_with_the_date(cast: Cast) -> None:
    people = _people(cast)
    PersonFactory(merged=True)  # a merged record is not screened (its survivor is)
    everyone = TargetGroupDefinitionFactory(partnership=cast.partnership)
    star = TargetGroupDefinitionFactory(partnership=cast.partnership, star=True)
    first = screening_run(actor=cast.kim, definition=everyone)
    assert (first.inside, first.outside, first.changed) == (5, 0, 0)
    second = screening_run(actor=cast.kim, definition=star)
    assert (second.inside, second.outside, second.changed) == (1, 4, 4)
    marks = ScreeningMark.objects.filter(screening=second.screening)
    assert set(marks.filter(inside=True).values_list("person", flat=True)) == {people["star"].pk}
    assert second.screening.screened_on.isoformat() == "2026-11-23"
    assert marks.filter(was_inside=True, inside=False).count() == 4
    # One log entry per municipality whose people were screened.
    entries = AccessLogEntry.objects.filter(
        user=cast.kim, object_type="targetgroups.screening", object_id=str(second.screening.pk)
    )
    assert entries.count() == cast.partnership.municipalities.count()
    with pytest.raises(PermissionDenied):
        screening_run(actor=cast.lene, definition=star)


def test_the_command_rescreens_and_prints_the_counts(cast: Cast) -> None:
    _people(cast)
    star = TargetGroupDefinitionFactory(partnership=cast.partnership, star=True)
    out = StringIO()
    call_command(
        "targetgroups_rescreen", "--definition", str(star.pk), "--date", "2026-11-01", stdout=out
    )
    printed = json.loads(out.getvalue())
    assert printed == {
        "definition": star.pk,
        "screened_on": "2026-11-01",
        "people": 4,
        "inside": 1,
        "outside": 3,
        "changed": 0,
    }
