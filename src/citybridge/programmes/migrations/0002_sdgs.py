"""Ship the 17 UN Sustainable Development Goals with their short names in en/it/ja."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "sdgs.json"


def load_sdgs(apps, schema_editor):
    SDG = apps.get_model("programmes", "SustainableDevelopmentGoal")
    for goal in json.loads(DATA.read_text(encoding="utf-8")):
        SDG.objects.update_or_create(
            number=goal["number"],
            defaults={"name": json.dumps(goal["name"], ensure_ascii=False, sort_keys=True), "colour": goal["colour"]},
        )


def remove_sdgs(apps, schema_editor):
    apps.get_model("programmes", "SustainableDevelopmentGoal").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]
    operations = [migrations.RunPython(load_sdgs, remove_sdgs)]
