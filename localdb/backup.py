"""`conflictkg db dump|restore`: offline backups of the local server with neo4j-admin from its jars.

Neo4j Community dumps and loads a stopped database only, so both commands stop the local server if
it runs and start it again afterwards. neo4j-admin writes `<database>.dump` into a directory and
loads from a directory; FILE may have any name, so it is staged under that name in a private one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel

from conflictkg.errors import LocalServerError
from conflictkg.localdb.server import LocalServer
from conflictkg.settings import Settings

ADMIN_TIMEOUT = 3600.0  # a ceiling for hung runs, far above what a graph of this project takes

Report = Callable[[str], None]

REMOTE_HINT = (
    "To back up a server in Docker, stop Neo4j and run neo4j-admin on its data volume, e.g. for this "
    "project's docker-compose.yml: `docker compose stop neo4j`, then `docker compose run --rm -v "
    '"$PWD":/backups neo4j neo4j-admin database dump neo4j --to-path=/backups`, then `docker compose '
    "start neo4j` (restore: `neo4j-admin database load neo4j --from-path=/backups "
    "--overwrite-destination=true` the same way). On another host, run `neo4j-admin database dump` "
    "there with its server stopped; on Neo4j Aura, use the snapshots in the Aura console."
)


class BackupResult(BaseModel):
    file: Path
    database: str
    size: int  # bytes of the dump file
    seconds: float
    was_running: bool  # the server ran before, was stopped for this, and runs again
    nodes_before: int | None  # restore: nodes of the replaced database, if they were counted


def _silent(_message: str) -> None:
    pass


def check_local(settings: Settings) -> None:
    if settings.neo4j_uri:
        raise LocalServerError(
            f"NEO4J_URI is set ({settings.neo4j_uri}), but `conflictkg db dump` and `db restore` work "
            "for the local server only (the one `conflictkg db start` runs, with NEO4J_URI unset). "
            + REMOTE_HINT
        )


def database_name(settings: Settings) -> str:
    name = settings.neo4j_database
    if not name or any(char in name for char in "*?"):
        raise LocalServerError(f"NEO4J_DATABASE={name!r} is not a database name (neo4j-admin reads * and ? as globs).")
    return name


def _database_dir(server: LocalServer, database: str) -> Path:
    return server.layout.data / "databases" / database


def _dump_target(file: Path, force: bool) -> Path:
    target = file.expanduser().absolute()
    if target.is_dir():
        raise LocalServerError(f"{target} is a directory; give the file to write, e.g. {target / 'conflictkg.dump'}.")
    if target.exists() and not force:
        raise LocalServerError(f"{target} exists already; pass --force to replace it, or choose another file name.")
    if not target.parent.is_dir():
        raise LocalServerError(f"The directory {target.parent} does not exist; create it, or choose another path.")
    return target


def _restore_source(file: Path) -> Path:
    source = file.expanduser().absolute()
    if not source.exists():
        raise LocalServerError(f"{source} does not exist; give the path of a dump written by `conflictkg db dump`.")
    if not source.is_file():
        raise LocalServerError(f"{source} is not a file; give the path of a dump written by `conflictkg db dump`.")
    try:
        with open(source, "rb"):
            pass
    except OSError as exc:
        raise LocalServerError(f"Cannot read {source}: {exc.strerror or exc}.") from exc
    return source


def _staging_dir(parent: Path, prefix: str) -> Path:
    """A private directory in `parent`; creating it is also the check that `parent` is writable."""
    try:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    except OSError as exc:
        raise LocalServerError(
            f"Cannot write to {parent}: {exc.strerror or exc}. Choose a directory you can write to."
        ) from exc


@contextmanager
def _failing_as(what: str) -> Iterator[None]:
    """Put what we were doing in front of an error (neo4j-admin names only its own paths)."""
    try:
        yield
    except LocalServerError as exc:
        raise LocalServerError(f"{what} failed: {exc.message}", **exc.details) from exc


@contextmanager
def _stopped(server: LocalServer, action: str, report: Report, progress: bool | None) -> Iterator[bool]:
    """Stop the server for the block if it runs, and start it again afterwards; yield whether it ran."""
    pid = server.running_pid()
    if pid is None:
        yield False
        return
    report(f"Stopping the local server (pid {pid}): Neo4j Community can {action} a stopped database only.")
    server.stop()
    succeeded = False
    try:
        yield True
        succeeded = True
    finally:
        report("Starting the local server again, as it was running before.")
        try:
            server.start(progress=progress)
        except LocalServerError as exc:
            if succeeded:
                raise LocalServerError(
                    f"The {action} succeeded, but starting the local server again failed: {exc.message}",
                    **exc.details,
                ) from exc
            report(f"Starting it again failed as well: {exc.message}")  # the first error is raised


def dump(
    server: LocalServer, file: Path, *, force: bool = False, progress: bool | None = None, report: Report = _silent
) -> BackupResult:
    """`neo4j-admin database dump` of the local server's database into FILE."""
    started = time.monotonic()
    check_local(server.settings)
    database = database_name(server.settings)
    target = _dump_target(file, force)
    if not _database_dir(server, database).is_dir():
        raise LocalServerError(
            f"The data dir {server.layout.home} has no database {database!r} yet, so there is nothing to dump. "
            "Start the server once with `conflictkg db start`, or check CONFLICTKG_DB_DIR."
        )
    provisioned = server.provision(progress)  # fails on settings, Java or jars before anything is stopped
    staging = _staging_dir(target.parent, f".{target.name}.")
    try:
        with _stopped(server, "dump", report, progress) as was_running:
            with _failing_as(f"Dumping to {target}"):
                server.admin(
                    provisioned, "database", "dump", database, f"--to-path={staging}",
                    label=f"Dumping database {database} with neo4j-admin", timeout=ADMIN_TIMEOUT, progress=progress,
                )  # fmt: skip
            _move_dump(staging / f"{database}.dump", target, server.layout.admin_log)  # before the restart
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BackupResult(
        file=target, database=database, size=target.stat().st_size, seconds=time.monotonic() - started,
        was_running=was_running, nodes_before=None,
    )  # fmt: skip


def _move_dump(written: Path, target: Path, admin_log: Path) -> None:
    if not written.is_file():
        raise LocalServerError(f"neo4j-admin reported success but wrote no {written.name}; see {admin_log}.")
    os.replace(written, target)  # same directory: FILE is either the old one or the complete new one


def _count_nodes(server: LocalServer, database: str, report: Report, progress: bool | None) -> int:
    """The node count of `database`; a stopped server is started for the count and stopped again."""
    if server.running_pid() is not None:
        return server.node_count(database)
    if not _database_dir(server, database).is_dir():
        return 0  # never created: nothing to overwrite
    report(f"The local server is not running; starting it briefly to count the nodes of database {database}.")
    server.start(progress=progress)
    try:
        return server.node_count(database)
    finally:
        server.stop()
        report("Stopped the local server again.")


def _stage_dump(source: Path, staging: Path, database: str) -> None:
    """FILE under the name neo4j-admin looks for: a hard link, else a copy (other file system)."""
    staged = staging / f"{database}.dump"
    try:
        os.link(source, staged)
    except OSError:
        shutil.copyfile(source, staged)


def restore(
    server: LocalServer, file: Path, *, force: bool = False, progress: bool | None = None, report: Report = _silent
) -> BackupResult:
    """`neo4j-admin database load` of FILE over the local server's database."""
    started = time.monotonic()
    check_local(server.settings)
    database = database_name(server.settings)
    source = _restore_source(file)
    provisioned = server.provision(progress)
    nodes = None
    if not force:
        nodes = _count_nodes(server, database, report, progress)
        if nodes:
            raise LocalServerError(
                f"Database {database} of the local server has {nodes} node{'s' if nodes > 1 else ''}, which a "
                "restore would replace. Pass --force to replace them (`conflictkg db dump OTHER.dump` first keeps "
                "a copy)."
            )
    staging = _staging_dir(server.layout.run, "restore-")
    try:
        _stage_dump(source, staging, database)
        with _stopped(server, "restore", report, progress) as was_running, _failing_as(f"Restoring {source}"):
            server.admin(
                provisioned, "database", "load", database, f"--from-path={staging}", "--overwrite-destination=true",
                label=f"Loading {source.name} into database {database} with neo4j-admin", timeout=ADMIN_TIMEOUT,
                progress=progress,
            )  # fmt: skip
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BackupResult(
        file=source, database=database, size=source.stat().st_size, seconds=time.monotonic() - started,
        was_running=was_running, nodes_before=nodes,
    )  # fmt: skip
