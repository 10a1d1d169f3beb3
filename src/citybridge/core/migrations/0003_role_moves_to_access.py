"""Roles move to the ``access`` app: forget the model here, keep its table and rows.

The table ``core_role`` stays as it is; ``access.0001_initial`` takes the model over in the
migration state with ``db_table = "core_role"``.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_labels"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Role")],
            database_operations=[],
        ),
    ]
