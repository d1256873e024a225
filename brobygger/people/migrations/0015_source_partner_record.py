"""A source names the partner through which she was found, or a named person where no
organisation is behind it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0014_person_name_latin"),
        ("partners", "0006_capacity_building"),
    ]

    operations = [
        migrations.AddField(
            model_name="personsource",
            name="partner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="person_sources",
                to="partners.organisation",
                verbose_name="through the partner",
            ),
        ),
        migrations.AddField(
            model_name="personsource",
            name="referred_by",
            field=models.CharField(
                blank=True,
                help_text="A named person, where no partner organisation is behind it.",
                max_length=200,
                verbose_name="referred by (a person)",
            ),
        ),
    ]
