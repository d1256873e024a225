"""The volunteer pipeline gains two steps (record checked, trained). A volunteer who had only
applied moves to the step her dates show, and every volunteer gets one dated status change
for where she stands, so the pipeline has a date for each of them."""

from datetime import date
from typing import Any

from django.db import migrations


def step_of(status: str, record_check_on: date | None, trained_on: date | None) -> str:
    """Where an existing volunteer stands in the longer pipeline."""
    if status != "applied" or record_check_on is None:
        return status
    return "trained" if trained_on is not None else "checked"


def forwards(apps: Any, schema_editor: Any) -> None:
    Volunteer = apps.get_model("partners", "Volunteer")
    VolunteerStatusChange = apps.get_model("partners", "VolunteerStatusChange")
    changes = []
    for volunteer in Volunteer.objects.all().iterator():
        status = step_of(volunteer.status, volunteer.record_check_on, volunteer.trained_on)
        if status != volunteer.status:
            Volunteer.objects.filter(pk=volunteer.pk).update(status=status)
        dated = {"checked": volunteer.record_check_on, "trained": volunteer.trained_on}
        changes.append(
            VolunteerStatusChange(
                volunteer_id=volunteer.pk,
                status=status,
                changed_on=dated.get(status) or volunteer.created_at.date(),
                # The reason of an earlier pause or end was never recorded.
                reason="other" if status in ("paused", "ended") else "",
            )
        )
    VolunteerStatusChange.objects.bulk_create(changes, batch_size=1000)


def backwards(apps: Any, schema_editor: Any) -> None:
    Volunteer = apps.get_model("partners", "Volunteer")
    Volunteer.objects.filter(status__in=["checked", "trained"]).update(status="applied")


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_volunteer_care")]

    operations = [migrations.RunPython(forwards, backwards)]
