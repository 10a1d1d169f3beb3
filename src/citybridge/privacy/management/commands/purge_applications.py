"""``citybridge purge-applications``: delete the applications of cities not selected once their
programme's retention period has passed, and say what was removed. Run it daily."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from citybridge.privacy.retention import purge_applications


class Command(BaseCommand):
    help = (
        "Delete applications not selected whose programme's retention period has passed "
        "(Programme.application_retention_days after the decision). Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be removed; remove nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        removed = purge_applications(now=timezone.now(), dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        for item in removed:
            self.stdout.write(
                f"{verb} application {item.pk}: {item.city} to {item.call} "
                f"(not selected on {item.decided_at:%Y-%m-%d})."
            )
        self.stdout.write(f"{verb} {len(removed)} applications.")
