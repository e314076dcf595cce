"""Start, stop and inspect the local Neo4j Community server the project provisions itself."""

from __future__ import annotations

import os
import subprocess
import time
from collections import deque
from pathlib import Path
from typing import Literal, NoReturn

from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError
from pydantic import BaseModel

from conflictkg.errors import LocalServerError
from conflictkg.graph.connection import probe_driver
from conflictkg.localdb import process
from conflictkg.localdb.admin import run_admin
from conflictkg.localdb.config import (
    HOST,
    ServerLayout,
    admin_command,
    at_file_argument,
    check_memory,
    java_command,
    write_config,
)
from conflictkg.localdb.install import (
    InstallResult,
    install_jars,
    runtime_spec,
)
from conflictkg.localdb.java import JavaRuntime, find_java
from conflictkg.localdb.progress import spinner, wanted
from conflictkg.settings import Settings, get_settings

LOG_TAIL_LINES = 30
MIN_PASSWORD = 8  # Neo4j's default dbms.security.auth_minimum_password_length
# A data dir first started without an initial password has this one, and it must be changed.
DEFAULT_CREDENTIALS = ("neo4j", "neo4j")
CREDENTIALS_EXPIRED = "Neo.ClientError.Security.CredentialsExpired"
PASSWORD_TIMEOUT = 120.0

Provisioned = tuple[JavaRuntime, InstallResult]


class ServerStatus(BaseModel):
    state: Literal["running", "not responding", "stopped"]
    pid: int | None
    version: str | None  # from CALL dbms.components(), only when the server answers
    edition: str | None
    uri: str
    bolt_port: int
    http_port: int | None  # None when HTTP is disabled
    browser_url: str | None
    data_dir: Path

    @property
    def running(self) -> bool:
        return self.state != "stopped"


class StartResult(BaseModel):
    status: ServerStatus
    already_running: bool
    jars_downloaded: bool
    seconds: float


class StopResult(BaseModel):
    was_running: bool
    pid: int | None
    forced: bool  # SIGKILL was needed
    message: str


class LocalServer:
    """One local server: the jars in the shared cache, everything else under `settings.db_dir`."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.layout = ServerLayout.for_settings(self.settings)
        self._proc: subprocess.Popen[bytes] | None = None  # set when this object launched it

    @property
    def uri(self) -> str:
        return f"bolt://{HOST}:{self.settings.db_bolt_port}"

    @property
    def auth(self) -> tuple[str, str]:
        return self.settings.neo4j_user, self.settings.neo4j_password.get_secret_value()

    # -- provisioning ------------------------------------------------------------------------

    def install(self, progress: bool | None = None) -> InstallResult:
        """Fetch the jars into the shared cache unless they are there already."""
        find_java()  # Maven needs it too, and its own error is less clear
        return install_jars(self.settings, progress)

    def _prepare_dirs(self) -> None:
        try:
            for directory in self.layout.directories():
                directory.mkdir(parents=True, exist_ok=True)
            probe = self.layout.run / ".write-test"
            probe.write_text("ok", encoding="ascii")
            probe.unlink()
        except OSError as exc:
            where = exc.filename or self.layout.home
            raise LocalServerError(
                f"The data dir {self.layout.home} is not usable: {where}: {exc.strerror or exc}. "
                "Set CONFLICTKG_DB_DIR to a writable directory."
            ) from exc

    def _check_settings(self) -> None:
        check_memory(self.settings)
        user, password = self.auth
        if user != "neo4j":
            raise LocalServerError(
                f"The local server has the user 'neo4j' only, but NEO4J_USER is {user!r}. "
                "Unset NEO4J_USER (or set it to neo4j) for the local server."
            )
        if len(password) < MIN_PASSWORD:
            raise LocalServerError(
                f"NEO4J_PASSWORD has {len(password)} characters; Neo4j requires at least "
                f"{MIN_PASSWORD}. Choose a longer one before the first start."
            )

    def _check_ports(self) -> None:
        ports = [("Bolt", self.settings.db_bolt_port)]
        if self.settings.db_http_enabled:
            ports.append(("HTTP", self.settings.db_http_port))
        if len({port for _, port in ports}) < len(ports):
            raise LocalServerError(
                f"Bolt and HTTP are both set to port {self.settings.db_bolt_port}; "
                "set CONFLICTKG_DB_HTTP_PORT to another port."
            )
        for name, port in ports:
            problem = process.port_problem(HOST, port)
            if problem:
                setting = f"CONFLICTKG_DB_{name.upper()}_PORT"
                raise LocalServerError(
                    f"Port {port} ({name}) on {HOST} {problem}. Stop whatever holds it, or set "
                    f"{setting} to a free port.",
                    port=port,
                )

    def _env(self, java: JavaRuntime) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            NEO4J_HOME=str(self.layout.home),
            NEO4J_CONF=str(self.layout.conf_dir),
            JAVA_HOME=str(java.home),  # neo4j-admin forks a JVM and looks for it here
        )
        env.pop("JAVA_OPTS", None)  # would replace neo4j-admin's JVM options wholesale
        env.pop("NEO4J_PASSWORD", None)  # Neo4j does not read it; no process needs it beyond this one
        return env

    def provision(self, progress: bool | None = None) -> Provisioned:
        """What both the server and neo4j-admin need: sane settings, Java, dirs, jars, neo4j.conf."""
        self._check_settings()
        java = find_java()
        self._prepare_dirs()
        installed = install_jars(self.settings, progress)
        write_config(self.settings, self.layout, installed.lib_dir)
        return java, installed

    def admin(
        self, provisioned: Provisioned, *args: str, label: str, timeout: float, progress: bool | None = None
    ) -> None:
        """Run `neo4j-admin <args>` from the jars with this data dir's neo4j.conf (the server's own)."""
        java, installed = provisioned
        self._run_admin(java, installed.lib_dir, list(args), label, timeout, progress)

    def _run_admin(
        self, java: JavaRuntime, lib_dir: Path, args: list[str], label: str, timeout: float,
        progress: bool | None, secret: str | None = None,
    ) -> None:  # fmt: skip
        run_admin(
            args, admin_command(java.executable, lib_dir, *args), env=self._env(java),
            cwd=self.layout.home, log_file=self.layout.admin_log, label=label, progress=progress,
            timeout=timeout, secret=secret,
        )  # fmt: skip

    def _set_initial_password(self, java: JavaRuntime, lib_dir: Path, progress: bool | None) -> None:
        """`neo4j-admin dbms set-initial-password @FILE`: the password is read from a file only
        the owner can read, never passed as an argument (argv is visible to every local user)."""
        password = self.settings.neo4j_password.get_secret_value()
        args_file = self.layout.run / "initial-password.args"
        args_file.unlink(missing_ok=True)  # left by a killed start; O_EXCL below needs it gone
        try:
            fd = os.open(args_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(at_file_argument(password) + "\n")
            self._run_admin(
                java, lib_dir, ["dbms", "set-initial-password", f"@{args_file}"],
                "Setting the initial password of user neo4j", PASSWORD_TIMEOUT, progress, password,
            )  # fmt: skip
        finally:
            args_file.unlink(missing_ok=True)

    # -- lifecycle ---------------------------------------------------------------------------

    def running_pid(self) -> int | None:
        """The pid from our pid file if that process is alive and is our server."""
        pid = process.read_pid(self.layout.pid_file)
        if pid is None or not process.is_alive(pid):
            return None
        return pid if process.is_our_server(pid, self.layout.conf_dir) else None

    def start(self, timeout: float | None = None, progress: bool | None = None) -> StartResult:
        """Start the server and return once Bolt answers `RETURN 1`; a no-op if it runs already."""
        started = time.monotonic()
        if self.running_pid() is not None:
            return StartResult(
                status=self.status(), already_running=True, jars_downloaded=False,
                seconds=time.monotonic() - started,
            )  # fmt: skip
        java, installed = self.provision(progress)
        self._check_ports()
        self.layout.pid_file.unlink(missing_ok=True)  # stale: its process is gone or not ours
        if self.layout.is_fresh:
            self._set_initial_password(java, installed.lib_dir, progress)
        self._launch(java, installed.lib_dir)
        self._wait_for_bolt(timeout or self.settings.db_start_timeout, progress)
        return StartResult(
            status=self.status(), already_running=False, jars_downloaded=installed.downloaded,
            seconds=time.monotonic() - started,
        )  # fmt: skip

    def _launch(self, java: JavaRuntime, lib_dir: Path) -> None:
        command = java_command(java.executable, self.settings, self.layout, lib_dir)
        with open(self.layout.console_log, "wb") as log:
            # Own session: the server outlives this process and a terminal's Ctrl-C.
            self._proc = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                cwd=self.layout.home, env=self._env(java), start_new_session=True,
            )  # fmt: skip
        process.write_pid(self.layout.pid_file, self._proc.pid)

    def _wait_for_bolt(self, timeout: float, progress: bool | None) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + timeout
        label = f"Starting Neo4j {runtime_spec().neo4j_version} on {self.uri}"
        driver = probe_driver(self.uri, self.auth, 2.0)
        try:
            with spinner(label, wanted(progress)):
                while True:
                    code = self._proc.poll()
                    if code is not None:
                        self._abort(f"Neo4j exited with code {code} while starting.")
                    try:
                        with driver.session() as session:
                            session.run("RETURN 1").consume()
                        return
                    except AuthError:
                        if self._finish_password_change():
                            continue
                        self._abort(
                            "Neo4j started but rejected user "
                            f"{self.settings.neo4j_user!r} with the configured password. "
                            f"The data dir {self.layout.home} was initialised with another "
                            "password: set NEO4J_PASSWORD to that one, or use another "
                            "CONFLICTKG_DB_DIR."
                        )
                    except (Neo4jError, DriverError, OSError):
                        pass  # not listening yet, or databases still coming online
                    if time.monotonic() > deadline:
                        self._abort(
                            f"Neo4j did not answer on {self.uri} within {timeout:.0f} s "
                            "(raise CONFLICTKG_DB_START_TIMEOUT if the machine is slow)."
                        )
                    time.sleep(0.5)
        except KeyboardInterrupt:
            self._abort("Start interrupted; the half-started server was stopped.")
        finally:
            driver.close()

    def _finish_password_change(self) -> bool:
        """Set the configured password if the server still has the default one, which must be
        changed (a data dir first started without an initial password). Over Bolt, as a query
        parameter: never an argument, and Neo4j does not log it. True if the password was set."""
        change = "ALTER CURRENT USER SET PASSWORD FROM $old TO $new"
        try:
            with (
                probe_driver(self.uri, DEFAULT_CREDENTIALS, 2.0) as driver,
                driver.session(database="system") as session,
            ):
                try:
                    # Allowed on the system database, and refused while the password must change.
                    session.run("SHOW CURRENT USER").consume()
                    return False  # the default password works as it is: not ours to change
                except ClientError as exc:
                    if exc.code != CREDENTIALS_EXPIRED:
                        return False
                session.run(change, old=DEFAULT_CREDENTIALS[1], new=self.auth[1]).consume()
        except (Neo4jError, DriverError, OSError):
            return False
        return True

    def _abort(self, reason: str) -> NoReturn:
        """Kill what this start launched, keep every file, and raise with the log tail."""
        assert self._proc is not None
        if self._proc.poll() is None:
            process.terminate(self._proc.pid, timeout=15, group=True)
        self._proc.wait()
        self.layout.pid_file.unlink(missing_ok=True)
        raise LocalServerError(
            f"{reason}\nLast lines of {self.layout.console_log}:\n{self.log_tail()}",
            log=str(self.layout.console_log),
        )

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        try:
            with open(self.layout.console_log, encoding="utf-8", errors="replace") as log:
                tail = deque(log, maxlen=lines)
        except OSError:
            return "(no log written)"
        return "".join(tail).rstrip() or "(log is empty)"

    def stop(self, timeout: float = 60.0) -> StopResult:
        """SIGTERM exactly the pid we started (SIGKILL after `timeout`); fine if not running."""
        pid = process.read_pid(self.layout.pid_file)
        if pid is None:
            return StopResult(
                was_running=False, pid=None, forced=False, message="Neo4j is not running."
            )
        if not process.is_alive(pid) or not process.is_our_server(pid, self.layout.conf_dir):
            self.layout.pid_file.unlink(missing_ok=True)
            return StopResult(
                was_running=False, pid=None, forced=False,
                message=f"Neo4j is not running (removed a stale pid file naming pid {pid}).",
            )  # fmt: skip
        forced = process.terminate(pid, timeout)
        if self._proc is not None and self._proc.pid == pid:
            self._proc.wait()
            self._proc = None
        if process.is_alive(pid):
            raise LocalServerError(
                f"Neo4j (pid {pid}) survived SIGKILL; check the process by hand."
            )
        self.layout.pid_file.unlink(missing_ok=True)
        how = f"killed after not stopping within {timeout:.0f} s" if forced else "stopped"
        return StopResult(
            was_running=True, pid=pid, forced=forced, message=f"Neo4j (pid {pid}) {how}."
        )

    def status(self) -> ServerStatus:
        pid = self.running_pid()
        version = edition = None
        if pid is not None:
            version, edition = self._components()
        http = self.settings.db_http_port if self.settings.db_http_enabled else None
        return ServerStatus(
            state="stopped" if pid is None else ("running" if version else "not responding"),
            pid=pid,
            version=version,
            edition=edition,
            uri=self.uri,
            bolt_port=self.settings.db_bolt_port,
            http_port=http,
            browser_url=f"http://{HOST}:{http}/browser/" if http else None,
            data_dir=self.layout.home,
        )

    def node_count(self, database: str) -> int:
        """Nodes in `database` of the running server (Neo4j answers this from its counts store)."""
        try:
            with probe_driver(self.uri, self.auth, 5.0) as driver:
                records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS nodes", database_=database)
        except AuthError as exc:
            raise LocalServerError(
                f"The local server rejected user {self.settings.neo4j_user!r} with the configured password; "
                "set NEO4J_PASSWORD to the password of this data dir."
            ) from exc
        except (Neo4jError, DriverError, OSError) as exc:
            raise LocalServerError(f"Could not count the nodes of database {database!r} on {self.uri}: {exc}") from exc
        return int(records[0]["nodes"])

    def _components(self) -> tuple[str | None, str | None]:
        # The system database allows no WHERE after YIELD; filter here.
        query = "CALL dbms.components() YIELD name, versions, edition"
        try:
            with (
                probe_driver(self.uri, self.auth, 3.0) as driver,
                driver.session(database="system") as session,
            ):
                records = list(session.run(query))
        except (Neo4jError, DriverError, OSError):
            return None, None
        for record in records:
            if record["name"] == "Neo4j Kernel" and record["versions"]:
                return record["versions"][0], record["edition"]
        return None, None
