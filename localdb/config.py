"""Where a local server keeps its files, the neo4j.conf we write, and the JVM command line."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from conflictkg.errors import LocalServerError
from conflictkg.settings import Settings

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"
HOST = "127.0.0.1"
_SIZE = re.compile(r"^[1-9][0-9]*[kKmMgG]?$")
# Inside a quoted @file token picocli reads backslash escapes; a raw line break would end it.
_AT_FILE_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})

# The `server.jvm.additional` defaults of the 5.26 distribution's neo4j.conf. Left out:
# -XX:+AlwaysPreTouch, which commits the whole heap before start; on a developer machine that only
# costs start time and resident memory.
DEFAULT_JVM_FLAGS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
    "-Dfile.encoding=UTF-8",  # the neo4j launch script adds this one itself
)


class ServerLayout(BaseModel):
    """The files of one local server; everything lives under `home` (the data dir setting)."""

    home: Path
    conf_dir: Path
    conf_file: Path
    data: Path
    logs: Path
    run: Path
    plugins: Path
    import_dir: Path
    pid_file: Path
    console_log: Path
    admin_log: Path  # output of every neo4j-admin run, appended

    @classmethod
    def for_settings(cls, settings: Settings) -> ServerLayout:
        home = settings.db_dir.expanduser().resolve()
        return cls(
            home=home,
            conf_dir=home / "conf",
            conf_file=home / "conf" / "neo4j.conf",
            data=home / "data",
            logs=home / "logs",
            run=home / "run",
            plugins=home / "plugins",
            import_dir=home / "import",
            pid_file=home / "run" / "neo4j.pid",
            console_log=home / "logs" / "console.log",
            admin_log=home / "logs" / "neo4j-admin-output.log",
        )

    def directories(self) -> list[Path]:
        return [self.conf_dir, self.data, self.logs, self.run, self.plugins, self.import_dir]

    @property
    def is_fresh(self) -> bool:
        """True until the server has created its system database (and consumed the password)."""
        return not (self.data / "databases" / "system").exists()


def check_memory(settings: Settings) -> None:
    sizes = {
        "CONFLICTKG_DB_HEAP": settings.db_heap,
        "CONFLICTKG_DB_PAGECACHE": settings.db_pagecache,
    }
    for name, value in sizes.items():
        if not _SIZE.match(value):
            raise LocalServerError(
                f"{name}={value!r} is not a memory size; use a number with k, m or g, e.g. 512m."
            )


def render_config(settings: Settings, layout: ServerLayout, lib_dir: Path) -> str:
    bolt = f"{HOST}:{settings.db_bolt_port}"
    http = f"{HOST}:{settings.db_http_port}"
    lines = [
        "# Written by conflictkg on every `conflictkg db start`; edits here are overwritten.",
        f"server.directories.data={layout.data}",
        f"server.directories.logs={layout.logs}",
        f"server.directories.run={layout.run}",
        f"server.directories.plugins={layout.plugins}",
        f"server.directories.import={layout.import_dir}",
        f"server.directories.lib={lib_dir}",
        "",
        "# Local only: nothing listens beyond the loopback interface.",
        f"server.default_listen_address={HOST}",
        f"server.default_advertised_address={HOST}",
        "server.bolt.enabled=true",
        f"server.bolt.listen_address={bolt}",
        f"server.bolt.advertised_address={bolt}",
        f"server.http.enabled={'true' if settings.db_http_enabled else 'false'}",
        f"server.http.listen_address={http}",
        f"server.http.advertised_address={http}",
        "server.https.enabled=false",
        "",
        f"server.memory.heap.initial_size={settings.db_heap}",
        f"server.memory.heap.max_size={settings.db_heap}",
        f"server.memory.pagecache.size={settings.db_pagecache}",
        "",
        "dbms.security.auth_enabled=true",
        "# No network to report to, and nothing to report.",
        "dbms.usage_report.enabled=false",
        "",
        "# Bolt waits 2 x 5 s of network grace on shutdown; a single-user server needs none.",
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
        "internal.server.bolt.connection_shutdown_wait_time=1s",
    ]
    return "\n".join(lines) + "\n"


def write_config(settings: Settings, layout: ServerLayout, lib_dir: Path) -> None:
    tmp = layout.conf_file.with_suffix(".tmp")
    tmp.write_text(render_config(settings, layout, lib_dir), encoding="utf-8")
    tmp.replace(layout.conf_file)


def java_command(java: Path, settings: Settings, layout: ServerLayout, lib_dir: Path) -> list[str]:
    """The command `neo4j console` would run; heap flags mirror server.memory.heap.*."""
    return [
        str(java),
        f"-Xms{settings.db_heap}",
        f"-Xmx{settings.db_heap}",
        *DEFAULT_JVM_FLAGS,
        "-cp",
        f"{lib_dir}/*",  # java expands the wildcard itself
        ENTRY_POINT,
        f"--home-dir={layout.home}",
        f"--config-dir={layout.conf_dir}",
        "--console-mode",
    ]


def admin_command(java: Path, lib_dir: Path, *args: str) -> list[str]:
    """`neo4j-admin <args>` from the jars (it forks its own JVM with the same classpath).

    The forked JVM gets the arguments as they are, so an `@file` argument is expanded only inside
    it (picocli's argument files): what is in the file never shows in any process's argv.
    """
    return [str(java), "-cp", f"{lib_dir}/*", ADMIN_ENTRY_POINT, *args]


def at_file_argument(value: str) -> str:
    """`value` as one argument in a picocli @file: quoted, with backslash escapes.

    A token that starts with "@" would be read as the name of another @file; picocli takes "@@"
    as one literal "@".
    """
    if value.startswith("@"):
        value = "@" + value
    return '"' + value.translate(_AT_FILE_ESCAPES) + '"'
