"""Roles moved from ``core`` to ``access`` by state only: a database made before the move, with
the demo loaded, keeps every role once migrated forward."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from citybridge.access.enums import RoleKind
from citybridge.access.models import Role

# The migration state of main just before roles moved (issue 14).
BEFORE_THE_MOVE = [("access", None), ("core", "0002_labels")]


def _migrate(targets):
    MigrationExecutor(connection).migrate(targets)


def _role_rows():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, user_id, kind, programme_id, pairing_id, city_id FROM core_role ORDER BY id"
        )
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_roles_of_a_database_made_before_the_move_are_all_kept():
    # The demo is loaded by today's code, then the database is taken back to before the move
    # (the roles' columns added since are dropped, the rows stay in core_role) and forward
    # again: every role must come through both ways.
    call_command("load_demo", quiet_logins=True, stdout=None)
    before = _role_rows()
    assert {kind for _id, _user, kind, *_scope in before} == set(RoleKind.values)
    _migrate(BEFORE_THE_MOVE)
    ContentType.objects.clear_cache()
    assert ContentType.objects.filter(app_label="core", model="role").exists()
    assert _role_rows() == before

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    fresh = MigrationExecutor(connection)
    assert fresh.migration_plan(fresh.loader.graph.leaf_nodes()) == []
    after = list(
        Role.objects.order_by("id").values_list(
            "id", "user_id", "kind", "programme_id", "pairing_id", "city_id"
        )
    )
    assert after == before
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(Role).app_label == "access"
