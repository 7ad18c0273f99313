"""A throwaway PostgreSQL cluster for the tests: Debian's server binaries, a cluster in a temporary
folder, listening on 127.0.0.1 on a free port (its socket in that folder), a password, and a fresh
database per test. Started by the `postgres_cluster` fixture (conftest) and stopped at the end.

initdb refuses to run as root, so as root the cluster belongs to an unprivileged user (`postgres` when
there is one, else `nobody`) and every server command runs as that user."""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

MISSING = "requires the PostgreSQL server binaries (Debian package postgresql, not installed); scripts/test.sh installs it as root"
SUPERUSER = "postgres"
# Safe only because the cluster is thrown away: nothing the tests check depends on surviving a crash of the server.
SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200")


def server_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<version>/bin (newest)."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    found = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if Path(p, "initdb").exists()]
    found = [p for p in found if (p / "pg_ctl").exists()]
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, default=None)


def cluster_owner() -> pwd.struct_passwd | None:
    """Who runs the server: this user, or as root an unprivileged one (initdb refuses root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root with neither a `postgres` nor a `nobody` user to own the test cluster")


@dataclass
class PostgresCluster:
    bin_dir: Path
    root: Path
    port: int
    password: str
    owner: pwd.struct_passwd | None

    @classmethod
    def start(cls, bin_dir: Path, port: int) -> PostgresCluster:
        owner = cluster_owner()
        root = Path(tempfile.mkdtemp(prefix="interviewer-pg-"))  # under /tmp: reachable by the owner
        cluster = cls(bin_dir, root, port, secrets.token_hex(12), owner)
        try:
            cluster._init()
            log = ("-l", str(root / "server.log"))
            cluster._run("pg_ctl", "-D", str(root / "data"), *log, "-w", "-t", "60", "-o", cluster._options(), "start")
        except BaseException:
            cluster.remove()
            raise
        return cluster

    def _init(self) -> None:
        if self.owner is not None:
            os.chown(self.root, self.owner.pw_uid, self.owner.pw_gid)
        password_file = self.root / "password"
        password_file.write_text(self.password + "\n")
        if self.owner is not None:
            os.chown(password_file, self.owner.pw_uid, self.owner.pw_gid)
        auth = ("-U", SUPERUSER, "--auth=scram-sha-256", f"--pwfile={password_file}")
        self._run("initdb", "-D", str(self.root / "data"), *auth, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        password_file.unlink()

    def _options(self) -> str:
        settings = " ".join(f"-c {s}" for s in SETTINGS)
        return f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.root} {settings}"

    def _run(self, program: str, *args: str) -> None:
        user = {} if self.owner is None else {"user": self.owner.pw_uid, "group": self.owner.pw_gid, "extra_groups": []}
        done = subprocess.run(
            [str(self.bin_dir / program), *args], cwd=self.root, capture_output=True, text=True, check=False, **user
        )
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed ({done.returncode}):\n{done.stdout}{done.stderr}{tail}")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def _admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, password=self.password, dbname="postgres", autocommit=True
        )

    def create_database(self, name: str) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        with self._admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        finally:
            self.remove()

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
