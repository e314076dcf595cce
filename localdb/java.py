"""Find the Java the local server runs on (JAVA_HOME first, then PATH) and check its version."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from pydantic import BaseModel

from conflictkg.errors import LocalServerError

MIN_JAVA = 17  # Neo4j 5.26 runs on Java 17 and 21.
_VERSION = re.compile(r'version "(?P<v>[^"]+)"')


class JavaRuntime(BaseModel):
    executable: Path
    version: str
    major: int

    @property
    def home(self) -> Path:
        return self.executable.parent.parent


def _major(version: str) -> int:
    # "1.8.0_392" is Java 8; "17.0.15" and "21" are what they say.
    parts = re.split(r"[._+-]", version)
    first = int(parts[0])
    return int(parts[1]) if first == 1 and len(parts) > 1 else first


def find_java() -> JavaRuntime:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        executable = Path(java_home) / "bin" / "java"
        if not executable.is_file():
            raise LocalServerError(
                f"JAVA_HOME is set to {java_home}, but it has no bin/java. "
                f"Point JAVA_HOME at a Java {MIN_JAVA}+ installation, or unset it to use java "
                "from PATH."
            )
    else:
        found = shutil.which("java")
        if not found:
            raise LocalServerError(
                "Java not found: no JAVA_HOME and no java on PATH. Install a Java "
                f"{MIN_JAVA} or 21 runtime (e.g. the openjdk-17-jre-headless package) or set "
                "JAVA_HOME."
            )
        executable = Path(found).resolve()  # follow launcher symlinks to the real JDK home
    try:
        # `java -version` writes to stderr.
        done = subprocess.run(
            [str(executable), "-version"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LocalServerError(f"Could not run {executable} -version: {exc}") from exc
    match = _VERSION.search(done.stderr + done.stdout)
    if done.returncode != 0 or not match:
        raise LocalServerError(
            f"{executable} -version failed (exit {done.returncode}): "
            f"{(done.stderr or done.stdout).strip()[:300]}"
        )
    version = match.group("v")
    try:
        major = _major(version)
    except ValueError as exc:
        raise LocalServerError(
            f"Cannot read the Java version from {executable}: {version!r}"
        ) from exc
    if major < MIN_JAVA:
        raise LocalServerError(
            f"{executable} is Java {version}; Neo4j 5.26 needs Java {MIN_JAVA} or 21. "
            "Install a newer Java and put it on PATH or set JAVA_HOME to it."
        )
    return JavaRuntime(executable=executable, version=version, major=major)
