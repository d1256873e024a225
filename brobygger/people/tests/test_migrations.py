"""Moving contact attempts and drop-in visits from outreach to people loses nothing.

The move is state only (the tables keep their names): on a copy of the demo, going back before
it and forward again leaves every row as it was, and the content types (which the change history
and the permissions point at) follow the models."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from brobygger.core.tests.moves import migrate_to, table_rows
from brobygger.people.models import ContactAttempt, DropInVisit

BEFORE = [
    ("people", "0011_person_erased_at_person_version"),
    ("outreach", "0011_seed_method_names_en"),
]
MOVED = {"contactattempt": ContactAttempt, "dropinvisit": DropInVisit}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_contact_records_survive_the_move_to_people_both_ways() -> None:
    call_command("demo", "--scale", "small", "--seed", "7")
    rows = {name: table_rows(model) for name, model in MOVED.items()}
    content_types = {name: ContentType.objects.get_for_model(m).pk for name, m in MOVED.items()}
    assert all(rows.values()), "the demo has contact attempts and drop-in visits"

    try:
        old = migrate_to(BEFORE)
        for name in MOVED:
            assert table_rows(old.get_model("outreach", name)) == rows[name]
            assert (
                ContentType.objects.get(app_label="outreach", model=name).pk
                == (content_types[name])
            )
    finally:
        migrate_to()

    ContentType.objects.clear_cache()
    for name, model in MOVED.items():
        assert table_rows(model) == rows[name]
        assert ContentType.objects.get(app_label="people", model=name).pk == content_types[name]
        assert not ContentType.objects.filter(app_label="outreach", model=name).exists()
