"""``citybridge restore FILE [--force]``: put back what ``citybridge backup`` wrote.

Every checksum is verified before anything changes; a damaged archive, a backup of a newer schema
or of another database system, and (without ``--force``) a deployment that already holds data
are refused, changing nothing. Stop the site while it runs.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from citybridge.core.backup import VENDOR_NAMES, BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `citybridge backup` into an empty deployment (a new "
        "database and empty storage folders), after verifying every checksum."
    )
    # System checks may open the database; a refused restore must not even create the SQLite file.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive written by `citybridge backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "restore into a deployment that is not empty: its database is replaced, files "
                "of the same names are overwritten, other files are left alone"
            ),
        )

    def handle(self, *args, file, force, **options):
        started = time.monotonic()
        try:
            result = restore_backup(path=file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        vendor = VENDOR_NAMES[manifest["database"]["vendor"]]
        self.stdout.write(
            f"Restored the {vendor} database and {result.files} files of the backup made "
            f"{manifest['created_at']} by CityBridge {manifest['citybridge_version']} "
            f"in {time.monotonic() - started:.1f} s."
        )
        if result.pending_migrations:
            self.stdout.write(
                f"This CityBridge has {result.pending_migrations} migrations the backup does "
                "not: run `citybridge migrate` before starting the site."
            )
