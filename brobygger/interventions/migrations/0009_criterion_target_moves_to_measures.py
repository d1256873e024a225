"""A partnership's targets for the success criteria move to ``measures`` (the criteria live there).

State only: the table stays as it is (``interventions_criteriontarget``, now named in the
model's Meta), so no row is copied or lost. ``measures`` 0001 takes it over."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0008_seed_intervention_names_en"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(
                    name="CriterionTarget",
                ),
            ],
        ),
    ]
