"""The ``citybridge`` command: Django's management commands under one name.

``citybridge serve``, ``citybridge migrate``, ``citybridge load-demo``,
``citybridge generate --scale N``, ``citybridge createsuperuser``… Dashes in a command
name are accepted for underscores, so ``load-demo`` runs the ``load_demo`` command.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citybridge.settings")
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    argv[0] = "citybridge"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
