import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "welfare_areas.csv"


def load(apps, schema_editor):
    WelfareArea = apps.get_model("organizations", "WelfareArea")
    with CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            WelfareArea.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name_fi"],
                    "name_fi": row["name_fi"],
                    "name_sv": row["name_sv"],
                    "name_en": row["name_en"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
