"""Pid file, process identity and port checks for the local server (POSIX)."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import subprocess
import time
from pathlib import Path


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def write_pid(pid_file: Path, pid: int) -> None:
    tmp = pid_file.with_suffix(".tmp")
    tmp.write_text(f"{pid}\n", encoding="ascii")
    tmp.replace(pid_file)


def command_line(pid: int) -> list[str] | None:
    """The argv of a live process, or None if there is none (or it is a zombie)."""
    proc = Path("/proc") / str(pid)
    if proc.is_dir():
        try:
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            if state == "Z":
                return None
            raw = (proc / "cmdline").read_bytes()
        except OSError:
            return None
        return [part.decode(errors="replace") for part in raw.split(b"\0") if part] or None
    try:  # no /proc (macOS): ask ps; the split is approximate but enough for our markers
        done = subprocess.run(
            ["ps", "-o", "stat=,args=", "-p", str(pid)], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    out = done.stdout.strip()
    if done.returncode != 0 or not out or out.startswith("Z"):
        return None
    return out.split()[1:]


def is_our_server(pid: int, conf_dir: Path) -> bool:
    """Only a java process started with our --config-dir may be signalled."""
    argv = command_line(pid)
    if not argv:
        return False
    return Path(argv[0]).name.startswith("java") and f"--config-dir={conf_dir}" in argv


def reap(pid: int) -> None:
    """Collect the exit status if the server is our child, so it does not linger as a zombie."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def is_alive(pid: int) -> bool:
    reap(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return command_line(pid) is not None


def wait_for_exit(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not is_alive(pid):
            return True
        time.sleep(0.1)
    return not is_alive(pid)


def terminate(pid: int, timeout: float, group: bool = False) -> bool:
    """SIGTERM, then SIGKILL after `timeout`. Returns True if SIGKILL was needed."""
    send = os.killpg if group else os.kill
    try:
        send(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    if wait_for_exit(pid, timeout):
        return False
    try:
        send(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    wait_for_exit(pid, 10)
    return True


def port_problem(host: str, port: int) -> str | None:
    """Try the bind the server will do (SO_REUSEADDR like Neo4j, so TIME_WAIT does not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return "is already in use by another process"
            return f"cannot be bound ({exc.strerror or exc})"
    return None
