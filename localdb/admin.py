"""Run `neo4j-admin` from the jars: output to a log file and the spinner, its tail in errors."""

from __future__ import annotations

import subprocess
import threading
import time
from collections import deque
from pathlib import Path

from conflictkg.errors import LocalServerError
from conflictkg.localdb import process
from conflictkg.localdb.progress import Update, spinner, wanted

TAIL_LINES = 25


def describe(args: list[str]) -> str:
    """`neo4j-admin database dump neo4j` for messages: the words before the first option."""
    words: list[str] = []
    for arg in args:
        if arg.startswith(("-", "@")):
            break
        words.append(arg)
    return " ".join(["neo4j-admin", *words])


def _stream(proc: subprocess.Popen[str], what: str, log_file: Path, secret: str | None, on_line: Update) -> list[str]:
    """Copy the output to `log_file` and the spinner; return its last non-empty lines."""
    tail: deque[str] = deque(maxlen=TAIL_LINES)
    assert proc.stdout is not None
    with open(log_file, "a", encoding="utf-8") as log:
        log.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} {what}\n")
        for raw in proc.stdout:
            line = raw.rstrip()
            if secret:  # belt and braces: the secret is never an argument, so never echoed either
                line = line.replace(secret, "***")
            log.write(line + "\n")
            if line.strip():
                tail.append(line)
                on_line(line.strip()[:100])
    return list(tail)


def run_admin(
    args: list[str],
    command: list[str],
    *,
    env: dict[str, str],
    cwd: Path,
    log_file: Path,
    label: str,
    progress: bool | None,
    timeout: float,
    secret: str | None = None,
) -> None:
    """Run `command` (neo4j-admin `args`); raise LocalServerError with its last lines if it fails.

    Own session, so a timeout or Ctrl-C ends the launcher and the JVM it forks together: a
    leftover JVM would keep the database locked.
    """
    what = describe(args)
    proc = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        cwd=cwd, env=env, text=True, errors="replace", start_new_session=True,
    )  # fmt: skip
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        process.terminate(proc.pid, 10.0, group=True)

    timer = threading.Timer(timeout, expire)
    timer.start()
    try:
        with spinner(label, wanted(progress)) as update:
            tail = _stream(proc, what, log_file, secret, update)
            code = proc.wait()
    except BaseException:
        process.terminate(proc.pid, 10.0, group=True)
        proc.wait()
        raise
    finally:
        timer.cancel()
    if code == 0 and not expired.is_set():
        return
    shown = "\n".join(tail) or "(no output)"
    outcome = f"did not finish within {timeout:.0f} s and was stopped" if expired.is_set() else f"failed (exit {code})"
    raise LocalServerError(
        f"{what} {outcome}.\nLast output of neo4j-admin (full log: {log_file}):\n{shown}", log=str(log_file)
    )
