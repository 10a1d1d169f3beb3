"""Ship the 17 UN Sustainable Development Goals with their short names in en/it/ja."""

from django.db import migrations

from citybridge.programmes.sdgs import sync_sdgs


def load_sdgs(apps, schema_editor):
    sync_sdgs(apps.get_model("programmes", "SustainableDevelopmentGoal"))


def remove_sdgs(apps, schema_editor):
    apps.get_model("programmes", "SustainableDevelopmentGoal").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]
    operations = [migrations.RunPython(load_sdgs, remove_sdgs)]
