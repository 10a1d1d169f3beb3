"""``citybridge backup FILE``: one archive of the database and every uploaded and private file.

Safe while the site runs; run it on a schedule (docs/deployment.md). ``citybridge restore FILE``
puts it back.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from citybridge.core.backup import VENDOR_NAMES, BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz) with a consistent copy of the database, every uploaded and "
        "private file, and a manifest of versions and checksums. Safe while the site runs."
    )

    # Run from cron: the system checks would import every view for nothing and slow it down.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write; an existing file is replaced")

    def handle(self, *args, file, **options):
        started = time.monotonic()
        try:
            manifest = create_backup(path=file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        stored = manifest["files"][1:]
        vendor = VENDOR_NAMES[manifest["database"]["vendor"]]
        self.stdout.write(
            f"Backed up the {vendor} database and {len(stored)} files "
            f"({_megabytes(sum(entry['size'] for entry in stored))}) to {file} "
            f"in {time.monotonic() - started:.1f} s."
        )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
