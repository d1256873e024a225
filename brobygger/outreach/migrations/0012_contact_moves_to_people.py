"""Contact attempts and drop-in visits move to ``people`` (the person's case lives there).

State only: the tables stay as they are (``outreach_contactattempt``, ``outreach_dropinvisit``,
now named in the models' Meta), so no row is copied or lost. ``people`` 0012 takes them over."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0011_seed_method_names_en"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="dropinvisit",
                    name="location",
                ),
                migrations.RemoveField(
                    model_name="dropinvisit",
                    name="person",
                ),
                migrations.RemoveField(
                    model_name="dropinvisit",
                    name="recorded_by",
                ),
                migrations.DeleteModel(
                    name="ContactAttempt",
                ),
                migrations.DeleteModel(
                    name="DropInVisit",
                ),
            ],
        ),
    ]
