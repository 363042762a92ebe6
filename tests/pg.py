"""A throwaway PostgreSQL server for the test suite's PostgreSQL pass (`pytest --postgres`).

It runs the Debian server binaries (/usr/lib/postgresql/<version>/bin) in a fresh temporary
directory, listens on a unix socket in that directory only (no TCP port), trusts local
connections and is thrown away with its data at the end. PostgreSQL refuses to run as root,
so under root (as in CI) initdb and pg_ctl run as the `postgres` system user via runuser.

`TemporaryReplica(primary)` adds a streaming replica of a running server (pg_basebackup -R
over the primary's socket; initdb's trust rules allow local replication connections), for
tests/test_replicas.py.
"""

import atexit
import glob
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

INSTALL_HINT = "apt-get install postgresql"
SUPERUSER = "postgres"
_running = {}  # socket directory → running server, so that tests can find the primary


def running_server(settings_dict):
    """The TemporaryPostgres serving a DATABASES entry, or None."""
    return _running.get(str(settings_dict.get("HOST", "")))


def find_bin_dir():
    """The newest /usr/lib/postgresql/*/bin with initdb and pg_ctl (or $POSTGRES_BIN_DIR)."""
    candidates = [os.environ["POSTGRES_BIN_DIR"]] if os.environ.get("POSTGRES_BIN_DIR") else []
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda path: [int(n) for n in re.findall(r"\d+", path)],
        reverse=True,
    )
    for candidate in candidates:
        path = Path(candidate)
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file():
            return path
    return None


class TemporaryPostgres:
    """start() → Django DATABASES entry in `settings_dict`; stop() removes everything."""

    def __init__(self, bin_dir=None):
        self.bin_dir = Path(bin_dir) if bin_dir else find_bin_dir()
        if self.bin_dir is None:
            raise RuntimeError(f"PostgreSQL server binaries not found: {INSTALL_HINT}")
        self.as_system_user = os.geteuid() == 0
        self.dir = None

    @property
    def data_dir(self):
        return self.dir / "data"

    @property
    def log_file(self):
        return self.dir / "postgres.log"

    @property
    def settings_dict(self):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "postgres",
            "USER": SUPERUSER,
            "PASSWORD": "",
            "HOST": str(self.dir),  # a directory: connect through the unix socket in it
            "PORT": "",
            "CONN_MAX_AGE": 0,
            "OPTIONS": {},
        }

    def _run(self, *command):
        command = [str(part) for part in command]
        if self.as_system_user:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        result = subprocess.run(
            command, cwd=self.dir, capture_output=True, text=True, check=False, timeout=120
        )
        if result.returncode != 0:
            log = self.log_file.read_text() if self.log_file.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}\n{log}"
            )
        return result

    def _make_dir(self, prefix):
        self.dir = Path(tempfile.mkdtemp(prefix=prefix))
        atexit.register(self.stop)  # also when the test session dies early
        if self.as_system_user:
            shutil.chown(self.dir, user=SUPERUSER, group=SUPERUSER)

    def connect(self, dbname="postgres"):
        """A psycopg connection (autocommit) through this server's socket."""
        return psycopg.connect(host=str(self.dir), user=SUPERUSER, dbname=dbname,
                               autocommit=True)

    def start(self):
        self._make_dir("bildungsportal-pg-")
        self._run(
            self.bin_dir / "initdb",
            "--pgdata", self.data_dir,
            "--username", SUPERUSER,
            "--auth", "trust",
            "--encoding", "UTF8",
            "--locale", "C.UTF-8",
            "--no-sync",
        )  # fmt: skip
        self._start_server()
        return self

    def _start_server(self, *extra_options):
        server_options = " ".join(
            [
                "-c listen_addresses=''",  # no TCP at all
                f"-c unix_socket_directories='{self.dir}'",
                "-c fsync=off",  # throwaway data: trade durability for speed
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=50",
                *extra_options,
            ]
        )
        self._run(
            self.bin_dir / "pg_ctl",
            "--pgdata", self.data_dir,
            "--log", self.log_file,
            "--options", server_options,
            "--wait", "--timeout", "60",
            "start",
        )  # fmt: skip
        _running[str(self.dir)] = self

    def stop(self):
        if self.dir is None:
            return
        _running.pop(str(self.dir), None)
        try:
            if (self.data_dir / "postmaster.pid").exists():
                self._run(
                    self.bin_dir / "pg_ctl", "--pgdata", self.data_dir,
                    "--mode", "immediate", "--wait", "stop",
                )  # fmt: skip
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


class TemporaryReplica(TemporaryPostgres):
    """A hot standby streaming from a running TemporaryPostgres, on its own socket directory."""

    def __init__(self, primary):
        super().__init__(primary.bin_dir)
        self.primary = primary

    def start(self, timeout=60):
        self._make_dir("bildungsportal-pg-replica-")
        self._run(
            self.bin_dir / "pg_basebackup",
            "--pgdata", self.data_dir,
            "--host", self.primary.dir,
            "--username", SUPERUSER,
            "--write-recovery-conf",  # standby.signal + primary_conninfo (the primary's socket)
            "--wal-method", "stream",
            "--checkpoint", "fast",
            "--no-sync",
        )  # fmt: skip
        self._start_server("-c hot_standby=on")
        self.wait_until(lambda cursor: cursor.execute("SELECT pg_is_in_recovery()").fetchone()[0],
                        timeout, "the replica to enter recovery")
        self.wait_for_replay(timeout)
        return self

    def wait_until(self, ready, timeout, what):
        """Poll `ready(cursor)` on the replica until it is true; RuntimeError after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with self.connect() as connection, connection.cursor() as cursor:
                    if ready(cursor):
                        return
            except psycopg.OperationalError:
                pass  # still starting up
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out after {timeout} s waiting for {what}")
            time.sleep(0.05)

    def wait_for_replay(self, timeout=30):
        """Wait until the replica has replayed everything the primary has written so far (the
        insert position: with synchronous_commit=off a commit may still sit in WAL buffers)."""
        with self.primary.connect() as connection:
            lsn = connection.execute("SELECT pg_current_wal_insert_lsn()").fetchone()[0]
        self.wait_until(
            lambda cursor: cursor.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]
            ).fetchone()[0],
            timeout, f"the replica to replay the primary's WAL up to {lsn}",
        )

    def pause_replay(self):
        with self.connect() as connection:
            connection.execute("SELECT pg_wal_replay_pause()")

    def resume_replay(self):
        with self.connect() as connection:
            connection.execute("SELECT pg_wal_replay_resume()")
