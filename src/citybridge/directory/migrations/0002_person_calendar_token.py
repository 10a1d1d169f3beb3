import uuid

from django.db import migrations, models


def fill_tokens(apps, schema_editor):
    Person = apps.get_model("directory", "Person")
    for person in Person.objects.filter(calendar_token=None):
        person.calendar_token = uuid.uuid4()
        person.save(update_fields=["calendar_token"])


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="calendar_token",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="person",
            name="calendar_token",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                unique=True,
                help_text="Secret part of the address of this person's calendar feed.",
            ),
        ),
    ]
