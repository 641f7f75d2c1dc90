"""The `regiodeal` console command: Django's manage.py under the platform's own name.

`regiodeal setup`, `regiodeal serve` and `regiodeal deal ...` are management commands of the
deals app; every other Django command (migrate, createsuperuser, ...) works as well.
"""

import gc
import os
import sys

# The cyclic garbage collector runs after every 100,000 new objects instead of CPython's 700.
# Django's model states, querysets and templates make many short-lived objects: with the default,
# `regiodeal setup` on a new database spent 2.9 s of its 10 s collecting, in some 2,260 runs;
# with this, 1.7 s in 16 runs (measured with a gc callback, 2026-12-04). Memory still comes back
# (reference counting frees most objects at once; the collector only finds cycles).
GC_THRESHOLD = (100_000, 50, 100)


# Processes that serve until they are stopped: their threads hold database connections that only
# the interpreter's last collection closes (a gunicorn thread's connection is a reference cycle),
# and their end is rare, so it keeps its full collection. Found by a second reader: frozen, a
# stopped `serve` left SQLite's -wal and -shm files after a request that failed outside Django,
# and PostgreSQL logged its idle connections as cut off.
SERVERS = {"serve", "worker", "runserver"}


def main(argv: list[str] | None = None) -> None:
    gc.set_threshold(*GC_THRESHOLD)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiodeal.conf.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    try:
        execute_from_command_line(["regiodeal", *args])
    finally:
        # The command is done (or exits with its message): what is left is the interpreter's own
        # end, whose last collection walks every object Django and the apps made, some 0.3 s of a
        # 1.5 s command. Frozen, the objects are left to the operating system, as they would be
        # anyway. atexit handlers (the log's flush) still run, and so does the freeing of each
        # object no cycle holds; only objects in cycles are no longer finalized at exit, which
        # Python never promised (files are closed by `with`, the command's connection by Django).
        if not (args and args[0] in SERVERS):
            gc.freeze()


if __name__ == "__main__":
    main()
