"""`conflictkg db start|stop|status|dump|restore`: the local Neo4j server from the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from conflictkg.errors import LocalServerError
from conflictkg.localdb import backup
from conflictkg.localdb.server import LocalServer, ServerStatus

app = typer.Typer(
    help="Run the local Neo4j Community server (jars via Maven, data under CONFLICTKG_DB_DIR).",
    no_args_is_help=True,
)
out = Console()
err = Console(stderr=True)
T = TypeVar("T")


def _run(action: Callable[[], T]) -> T:
    """Show our own errors as one red message and exit 1, no traceback."""
    try:
        return action()
    except LocalServerError as exc:
        # markup off: Maven's "[ERROR]" lines and paths must print as they are
        err.print(exc.message, style="red", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc


def _table(status: ServerStatus) -> Table:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    colour = {"running": "green", "not responding": "yellow", "stopped": "red"}[status.state]
    table.add_row("state", f"[{colour}]{status.state}[/{colour}]")
    rows = {
        "pid": status.pid,
        "version": f"{status.version} {status.edition or ''}".strip() if status.version else None,
        "uri": status.uri,
        "bolt port": status.bolt_port,
        "http port": status.http_port if status.http_port is not None else "disabled",
        "browser": status.browser_url if status.running else None,
        "data dir": status.data_dir,
    }
    for name, value in rows.items():
        if value is not None:
            table.add_row(name, str(value))
    return table


@app.command()
def start(
    timeout: float | None = typer.Option(
        None, help="Seconds to wait for Bolt (default: CONFLICTKG_DB_START_TIMEOUT)."
    ),
) -> None:
    """Start the server (fetching the jars once); returns when it answers on Bolt."""
    server = LocalServer()
    result = _run(lambda: server.start(timeout=timeout))
    if result.already_running:
        out.print(f"Neo4j is already running (pid {result.status.pid}).")
    else:
        out.print(f"Neo4j started in {result.seconds:.1f} s.")
    out.print(_table(result.status))


@app.command()
def stop(
    timeout: float = typer.Option(60.0, help="Seconds to wait after SIGTERM before SIGKILL."),
) -> None:
    """Stop the server this project started; fine if it is not running."""
    result = _run(lambda: LocalServer().stop(timeout=timeout))
    out.print(result.message)


@app.command()
def status(as_json: bool = typer.Option(False, "--json", help="Print the status as JSON.")) -> None:
    """Show whether the server runs, its version, ports and data dir."""
    result = _run(lambda: LocalServer().status())
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        out.print(_table(result))


def _say(message: str) -> None:
    out.print(message, markup=False, highlight=False, soft_wrap=True)


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KiB", "MiB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


@app.command()
def dump(
    file: Annotated[Path, typer.Argument(help="The dump file to write, e.g. backups/conflictkg.dump.")],
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
) -> None:
    """Back up the local server's database to FILE (neo4j-admin database dump).

    Neo4j Community dumps a stopped database only: a running server is stopped and started again.
    """
    result = _run(lambda: backup.dump(LocalServer(), file, force=force, report=_say))
    _say(f"Dumped database {result.database} to {result.file} ({_size(result.size)}) in {result.seconds:.1f} s.")


@app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="A dump written by `conflictkg db dump`.")],
    force: bool = typer.Option(False, "--force", help="Replace the database even if it has nodes."),
) -> None:
    """Replace the local server's database with the dump FILE (neo4j-admin database load).

    Refuses if the database has any nodes, unless --force. A running server is stopped and started again.
    """
    result = _run(lambda: backup.restore(LocalServer(), file, force=force, report=_say))
    _say(f"Restored database {result.database} from {result.file} in {result.seconds:.1f} s.")
    if not result.was_running:
        _say("The local server is not running; `conflictkg db start` starts it with the restored data.")
