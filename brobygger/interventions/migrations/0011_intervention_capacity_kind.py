"""Which of a partner's places an open enrolment uses: seed 004's internships (virksomheds-
praktik, løntilskud) an internship place, the language school and preparatory education a
course seat."""

from django.db import migrations, models

KINDS = {
    "Virksomhedspraktik": "internship",
    "Løntilskud": "internship",
    "Sprogskole (danskuddannelse)": "course",
    "Forberedende uddannelse (FVU, AMU o.l.)": "course",
}


def seed(apps, schema_editor):
    InterventionType = apps.get_model("interventions", "InterventionType")
    for name, kind in KINDS.items():
        InterventionType.objects.filter(name=name).update(capacity_kind=kind)


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0010_enrolment_provider_record"),
    ]

    operations = [
        migrations.AddField(
            model_name="interventiontype",
            name="capacity_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "None"),
                    ("internship", "An internship place"),
                    ("course", "A course seat"),
                ],
                default="",
                help_text="An open enrolment takes one of the partner's places of this kind.",
                max_length=12,
                verbose_name="uses the provider's",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
