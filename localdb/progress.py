"""A spinner with elapsed time for long steps, shown only when a terminal is attached."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

Update = Callable[[str], None]


def wanted(progress: bool | None) -> bool:
    """`None` means: show progress when stderr is a terminal."""
    return Console(stderr=True).is_terminal if progress is None else progress


@contextmanager
def spinner(description: str, enabled: bool) -> Iterator[Update]:
    """Yield a function that replaces the text after `description`."""
    if not enabled:
        yield lambda _text: None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        TextColumn("[dim]{task.fields[detail]}"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=None, detail="")
        yield lambda text: bar.update(task, detail=text)
