"""Seed the 98 Danish municipalities with their official codes (data/kommuner.csv)."""

import csv
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "kommuner.csv"


def seed(apps, schema_editor):
    Municipality = apps.get_model("partnerships", "Municipality")
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = set(Municipality.objects.values_list("code", flat=True))
    Municipality.objects.bulk_create(
        Municipality(code=row["code"], name=row["name"], region_code=row["region_code"])
        for row in rows
        if row["code"] not in existing
    )


def unseed(apps, schema_editor):
    apps.get_model("partnerships", "Municipality").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
