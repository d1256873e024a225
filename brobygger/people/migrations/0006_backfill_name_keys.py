from django.db import migrations

from brobygger.people.names import name_keys


def backfill(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    PersonNameKey = apps.get_model("people", "PersonNameKey")
    batch = []
    for person_id, first, last, variants in Person.objects.values_list(
        "pk", "first_name", "last_name", "name_variants"
    ).iterator(chunk_size=5000):
        batch.extend(
            PersonNameKey(person_id=person_id, key=key)
            for key in name_keys(first, last, variants)
        )
        if len(batch) >= 10_000:
            PersonNameKey.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    PersonNameKey.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("people", "0005_name_keys")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
