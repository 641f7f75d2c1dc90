"""The `regiodeal` console command: Django's manage.py under the platform's own name.

`regiodeal setup`, `regiodeal serve` and `regiodeal deal ...` are management commands of the
deals app; every other Django command (migrate, createsuperuser, ...) works as well.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiodeal.conf.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["regiodeal", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
