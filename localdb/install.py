"""Fetch the Neo4j jars with Maven into a cache shared by every data dir.

Layout: `<db_cache_dir>/neo4j-<version>/lib/*.jar`, plus `installed.json`, written last, that
stamps the version and the pom's hash: a lib dir without a matching stamp is incomplete or stale
and is fetched again. Maven keeps its own download cache, so a re-fetch rarely hits the network.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from conflictkg.errors import LocalServerError
from conflictkg.localdb.progress import spinner, wanted
from conflictkg.settings import Settings

try:  # POSIX only; elsewhere two concurrent installs are simply not serialised.
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

POM = Path(__file__).with_name("pom.xml")
MARKER = "installed.json"
_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
_NETWORK_HINTS = re.compile(
    r"Unknown host|Could not transfer|Connection refused|Network is unreachable|timed out|"
    r"No route to host|Connect to .* failed|PKIX path",
    re.IGNORECASE,
)
# Maven's closing boilerplate says nothing about the cause; leave it out of error messages.
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # Maven colours some lines even in batch mode
_BOILERPLATE = re.compile(
    r"^\[ERROR\]\s*($|To see the full|Re-run Maven|For more information|\[Help)"
)


class RuntimeSpec(BaseModel):
    """What the pom asks for."""

    neo4j_version: str
    browser_version: str
    dependency_plugin: str  # groupId:artifactId:version, to call the goal without prefix lookup
    pom_sha256: str


class JarCache(BaseModel):
    root: Path
    lib_dir: Path
    marker: Path


class InstallResult(BaseModel):
    lib_dir: Path
    neo4j_version: str
    downloaded: bool  # False when the cache was already complete and Maven was not run
    jar_count: int
    seconds: float


@lru_cache
def runtime_spec() -> RuntimeSpec:
    raw = POM.read_bytes()
    props = ET.fromstring(raw).find("m:properties", _NS)
    if props is None:
        raise LocalServerError(f"{POM} has no <properties>; the package is damaged, reinstall it.")

    def prop(name: str) -> str:
        value = props.findtext(f"m:{name}", namespaces=_NS)
        if not value:
            raise LocalServerError(f"{POM} lacks the {name} property; reinstall the package.")
        return value.strip()

    return RuntimeSpec(
        neo4j_version=prop("neo4j.version"),
        browser_version=prop("neo4j-browser.version"),
        dependency_plugin="org.apache.maven.plugins:maven-dependency-plugin:"
        + prop("maven-dependency-plugin.version"),
        pom_sha256=hashlib.sha256(raw).hexdigest(),
    )


def jar_cache(settings: Settings) -> JarCache:
    root = settings.db_cache_dir.expanduser().resolve() / f"neo4j-{runtime_spec().neo4j_version}"
    return JarCache(root=root, lib_dir=root / "lib", marker=root / MARKER)


def is_installed(cache: JarCache) -> bool:
    spec = runtime_spec()
    try:
        stamp = json.loads(cache.marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        stamp.get("neo4j_version") == spec.neo4j_version
        and stamp.get("pom_sha256") == spec.pom_sha256
        and (cache.lib_dir / f"neo4j-{spec.neo4j_version}.jar").is_file()
    )


def _jar_count(lib_dir: Path) -> int:
    return sum(1 for _ in lib_dir.glob("*.jar"))


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Serialise installs into one cache (parallel test sessions, two shells)."""
    with open(path, "a+") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def run_maven(
    command: list[str], log_file: Path, on_line: Callable[[str], None]
) -> tuple[int, list[str]]:
    """Run Maven, copy its output to `log_file`; return the exit code and the last lines."""
    tail: deque[str] = deque(maxlen=60)
    with open(log_file, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            errors="replace",
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(line)
            line = _ANSI.sub("", line).rstrip()
            tail.append(line)
            on_line(line)
        return proc.wait(), list(tail)


def _maven_error(code: int, tail: list[str], log_file: Path) -> LocalServerError:
    lines = [line for line in tail if line and not _BOILERPLATE.match(line)][-15:]
    shown = "\n".join(lines)
    if any(_NETWORK_HINTS.search(line) for line in tail):
        what = (
            "Maven could not download the Neo4j jars from Maven Central. Check the network, or the "
            "proxy/mirror in ~/.m2/settings.xml, then run `conflictkg db start` again."
        )
    else:
        what = f"Maven failed (exit {code}) while fetching the Neo4j jars."
    return LocalServerError(
        f"{what}\nLast Maven output (full log: {log_file}):\n{shown}", log=str(log_file)
    )


def install_jars(settings: Settings, progress: bool | None = None) -> InstallResult:
    """Make sure the jar cache for this Neo4j version is complete; run Maven only if it is not."""
    started = time.monotonic()
    spec = runtime_spec()
    cache = jar_cache(settings)
    if is_installed(cache):
        return InstallResult(
            lib_dir=cache.lib_dir,
            neo4j_version=spec.neo4j_version,
            downloaded=False,
            jar_count=_jar_count(cache.lib_dir),
            seconds=time.monotonic() - started,
        )
    try:
        cache.root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LocalServerError(
            f"Cannot create the jar cache {cache.root}: {exc.strerror or exc}. "
            "Set CONFLICTKG_DB_CACHE_DIR to a writable directory."
        ) from exc
    with _locked(cache.root / ".lock"):
        if is_installed(cache):  # another process finished while we waited for the lock
            return install_jars(settings, progress)
        mvn = shutil.which("mvn")
        if not mvn:
            raise LocalServerError(
                "Maven (mvn) is not on PATH; it is needed once to fetch the Neo4j "
                f"{spec.neo4j_version} jars. Install Maven 3.6+ (e.g. the maven package), "
                "or use an existing server by setting NEO4J_URI."
            )
        pom = cache.root / "pom.xml"  # Maven may write next to its pom; keep that in our cache
        shutil.copyfile(POM, pom)
        for leftover in cache.root.glob("lib.partial-*"):  # from an interrupted install
            shutil.rmtree(leftover, ignore_errors=True)
        staging = cache.root / f"lib.partial-{os.getpid()}"
        command = [
            mvn, "-B", "-Dstyle.color=never", "-f", str(pom),
            f"{spec.dependency_plugin}:copy-dependencies",
            f"-DoutputDirectory={staging}", "-DincludeScope=runtime",
        ]  # fmt: skip
        log_file = cache.root / "maven.log"
        label = f"Fetching Neo4j {spec.neo4j_version} jars with Maven"
        with spinner(label, wanted(progress)) as update:
            downloads = 0

            def on_line(line: str) -> None:
                nonlocal downloads
                if line.startswith("[INFO] Downloaded from"):
                    downloads += 1
                    name = line.rsplit("/", 1)[-1].split(" (", 1)[0]
                    update(f"{downloads} files, {name}")
                elif "copy-dependencies" in line:
                    update("copying jars")

            code, tail = run_maven(command, log_file, on_line)
        if code != 0:
            shutil.rmtree(staging, ignore_errors=True)
            raise _maven_error(code, tail, log_file)
        if not (staging / f"neo4j-{spec.neo4j_version}.jar").is_file():
            shutil.rmtree(staging, ignore_errors=True)
            raise LocalServerError(
                f"Maven succeeded but neo4j-{spec.neo4j_version}.jar is missing from its output; "
                f"see {log_file}."
            )
        # Swap the complete directory in, then stamp it: a crash in between leaves no stamp.
        cache.marker.unlink(missing_ok=True)
        shutil.rmtree(cache.lib_dir, ignore_errors=True)
        staging.rename(cache.lib_dir)
        stamp = {"neo4j_version": spec.neo4j_version, "pom_sha256": spec.pom_sha256}
        tmp = cache.marker.with_suffix(".tmp")
        tmp.write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
        tmp.replace(cache.marker)
    return InstallResult(
        lib_dir=cache.lib_dir,
        neo4j_version=spec.neo4j_version,
        downloaded=True,
        jar_count=_jar_count(cache.lib_dir),
        seconds=time.monotonic() - started,
    )
