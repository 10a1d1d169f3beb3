"""``citybridge send-reminders``: queue the e-mail notifications that are due now.

Run it every hour (cron or a systemd timer); it only queues, one task per e-mail. The
messages are sent by the task worker, which runs as a service: ``citybridge db_worker``.
Running it more often, or twice by mistake, sends nothing twice.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from citybridge.notifications.enums import NotificationKind
from citybridge.notifications.tasks import queue_due_notifications


class Command(BaseCommand):
    help = (
        "Queue the e-mail notifications due now (activity reminders to participants, overdue "
        "minutes to editors, daily digests of notifications). Run hourly; `citybridge db_worker` sends them."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = queue_due_notifications(now=timezone.now())
        reminders = counts[NotificationKind.ACTIVITY_REMINDER]
        overdue = counts[NotificationKind.MINUTES_OVERDUE]
        self.stdout.write(
            f"Queued {reminders + overdue} e-mails: {reminders} activity reminders, "
            f"{overdue} minutes-overdue notices."
        )
        if counts["digest"]:
            self.stdout.write(f"Queued {counts['digest']} daily digests.")
