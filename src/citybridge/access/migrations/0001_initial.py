"""Roles, moved here from ``core`` with their table (``core_role``) and rows untouched.

Only the migration state changes; the content type follows, so admin history and model
permissions of roles keep pointing at them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, old="core", new="access"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model="role").exists():
        ContentType.objects.using(db).filter(app_label=old, model="role").update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="access", new="core")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_role_moves_to_access"),
        ("directory", "0001_initial"),
        ("pairings", "0001_initial"),
        ("programmes", "0002_sdgs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Role",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("programme_coordinator", "Programme coordinator"),
                                    ("pairing_coordinator", "Pairing coordinator"),
                                    ("city_editor", "City editor"),
                                    ("city_viewer", "City viewer"),
                                    ("evaluator", "Evaluator"),
                                ],
                                max_length=32,
                                verbose_name="role",
                            ),
                        ),
                        (
                            "city",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roles",
                                to="directory.city",
                                verbose_name="city",
                            ),
                        ),
                        (
                            "pairing",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roles",
                                to="pairings.pairing",
                                verbose_name="pairing",
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roles",
                                to="programmes.programme",
                                verbose_name="programme",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="roles",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "role",
                        "verbose_name_plural": "roles",
                        "db_table": "core_role",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "kind", "programme", "pairing", "city"),
                                name="unique_role",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
