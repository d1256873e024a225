"""Moving a partnership's targets from interventions to measures loses nothing.

The move is state only (the table keeps its name): going back before it and forward again
leaves every target as it was, and the content type (which the change history and the
permissions point at) follows the model."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from brobygger.core.tests.moves import migrate_to, table_rows
from brobygger.measures.models import CriterionTarget
from brobygger.testing import Cast

# Back before interventions 0009, which takes measures 0001 (it depends on it) with it.
BEFORE = [("interventions", "0008_seed_intervention_names_en")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_targets_survive_the_move_to_measures_both_ways(cast: Cast) -> None:
    CriterionTarget.objects.create(
        partnership=cast.partnership, key="job", target=Decimal("0.30"), changed_by=cast.ada
    )
    CriterionTarget.objects.create(
        partnership=cast.partnership, key="company", target=Decimal("0.60")
    )
    rows = table_rows(CriterionTarget)
    content_type = ContentType.objects.get_for_model(CriterionTarget).pk

    try:
        old = migrate_to(BEFORE)
        assert table_rows(old.get_model("interventions", "CriterionTarget")) == rows
        moved_back = ContentType.objects.get(app_label="interventions", model="criteriontarget")
        assert moved_back.pk == content_type
    finally:
        migrate_to()

    ContentType.objects.clear_cache()
    assert table_rows(CriterionTarget) == rows
    assert ContentType.objects.get(app_label="measures", model="criteriontarget").pk == (
        content_type
    )
    assert not ContentType.objects.filter(
        app_label="interventions", model="criteriontarget"
    ).exists()
