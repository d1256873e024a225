"""The provider of an enrolment becomes a partner record; the free text it held is kept as
the provider without a record until the partners' migration matches it to a record."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0009_criterion_target_moves_to_measures"),
        ("partners", "0006_capacity_building"),
    ]

    operations = [
        migrations.RenameField("enrolment", "provider", "provider_note"),
        migrations.AlterField(
            model_name="enrolment",
            name="provider_note",
            field=models.CharField(
                blank=True,
                help_text="A person or a place that is not a partner of the municipality.",
                max_length=200,
                verbose_name="provider without a record",
            ),
        ),
        migrations.AddField(
            model_name="enrolment",
            name="provider",
            field=models.ForeignKey(
                blank=True,
                help_text="The company, school or association. Empty: the job centre itself.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="enrolments",
                to="partners.organisation",
                verbose_name="provider",
            ),
        ),
    ]
