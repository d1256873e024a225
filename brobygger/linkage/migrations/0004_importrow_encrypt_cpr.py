"""Move the CPR number of staged and rejected import rows out of their JSON values into the
encrypted column: no CPR number is kept in clear."""

from django.db import migrations

from brobygger.core.crypto import decrypt, encrypt

CHUNK = 1000


def encrypt_cpr(apps, schema_editor):
    ImportRow = apps.get_model("linkage", "ImportRow")
    rows = ImportRow.objects.filter(values__has_key="cpr").only("pk", "values", "cpr_ciphertext")
    changed = []
    for row in rows.iterator(chunk_size=CHUNK):
        number = row.values.pop("cpr")
        if number and not row.cpr_ciphertext:
            row.cpr_ciphertext = encrypt(str(number))
        changed.append(row)
        if len(changed) >= CHUNK:
            ImportRow.objects.bulk_update(changed, ["values", "cpr_ciphertext"])
            changed = []
    ImportRow.objects.bulk_update(changed, ["values", "cpr_ciphertext"])


def decrypt_cpr(apps, schema_editor):
    """Back to the earlier format (the number in the values), so that 0003 can be undone."""
    ImportRow = apps.get_model("linkage", "ImportRow")
    rows = ImportRow.objects.exclude(cpr_ciphertext="").only("pk", "values", "cpr_ciphertext")
    changed = []
    for row in rows.iterator(chunk_size=CHUNK):
        row.values = {**row.values, "cpr": decrypt(row.cpr_ciphertext)}
        row.cpr_ciphertext = ""
        changed.append(row)
        if len(changed) >= CHUNK:
            ImportRow.objects.bulk_update(changed, ["values", "cpr_ciphertext"])
            changed = []
    ImportRow.objects.bulk_update(changed, ["values", "cpr_ciphertext"])


class Migration(migrations.Migration):
    dependencies = [("linkage", "0003_importrow_cpr_ciphertext")]

    operations = [migrations.RunPython(encrypt_cpr, decrypt_cpr)]
