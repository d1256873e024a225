"""The activity's partner becomes a partner record; the free text it held is kept as the
partner without a record until the partners' migration matches it to a record."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0015_municipality_profile"),
        ("partners", "0006_capacity_building"),
    ]

    operations = [
        migrations.RenameField("outreachactivity", "partner", "partner_note"),
        migrations.AlterField(
            model_name="outreachactivity",
            name="partner_note",
            field=models.CharField(
                blank=True,
                help_text="A person or a group that is not a partner of the municipality.",
                max_length=200,
                verbose_name="partner without a record",
            ),
        ),
        migrations.AddField(
            model_name="outreachactivity",
            name="partner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="outreach_activities",
                to="partners.organisation",
                verbose_name="partner",
            ),
        ),
    ]
