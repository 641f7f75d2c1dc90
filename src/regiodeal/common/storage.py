"""Files written whole or not at all: the default storage of uploaded files (a
governance attachment, a declaration, a letter) and the helper the import uploads use.

Django's FileSystemStorage opens the final name and streams into it, so a full or read-only data
folder left a 0-byte or half file behind under a name the database never got. Here the bytes go
to a temporary file in the same folder first (same file system, so the final step is one atomic
rename or link); only a complete file gets its name, and on any failure the temporary file is
removed and the OSError goes on to the caller, with nothing left behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_makedirs


def _remove(path: str | Path) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


def write_atomically(path: Path, chunks: Iterable[bytes], *, mode: int = 0o600) -> None:
    """Write `chunks` to `path` through a temporary file in the same folder and os.replace.
    On failure (a full disk, a read-only folder) nothing is left, and the OSError is raised."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        mode = self.directory_permissions_mode
        if mode is not None:
            safe_makedirs(directory, mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".upload.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk.encode() if isinstance(chunk, str) else chunk)
                out.flush()
                os.fsync(out.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            while True:
                try:
                    # A hard link claims the name only if it is free (as O_EXCL does for Django).
                    os.link(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
                except OSError:
                    # A file system without hard links: the name was chosen free just before.
                    os.replace(temporary, full_path)
                    break
        finally:
            _remove(temporary)
        return str(name).replace("\\", "/")


def restrict_data_folder() -> list[str]:
    """The data folder (0700) and the SQLite database with its journal files (0600) are for the
    platform's own user only: they hold residents' contact details and confidential records.
    `regiodeal setup` (and so `serve`) calls this after migrating; SQLite gives the
    -wal and -shm files it makes later the mode of the database file. Returns what it changed;
    a file of another owner is left alone (chmod would fail) and named in the log."""
    import logging
    import stat

    from django.conf import settings
    from django.db import connection

    changed = []
    targets = [(Path(settings.DATA_DIR), 0o700)]
    if connection.vendor == "sqlite":
        database = Path(str(connection.settings_dict["NAME"]))
        targets += [(Path(f"{database}{suffix}"), 0o600) for suffix in ("", "-wal", "-shm", "-journal")]
    for path, mode in targets:
        try:
            if stat.S_IMODE(path.stat().st_mode) != mode:
                path.chmod(mode)
                changed.append(str(path))
        except FileNotFoundError:
            continue
        except OSError as exc:
            logging.getLogger(__name__).warning("could not restrict %s to %o: %s", path, mode, exc)
    return changed
