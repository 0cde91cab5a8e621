"""The embedded PostgreSQL of `make run` and `make test` (coact/devdb.py), run as a person
would run it: `python -m coact.devdb run -- COMMAND`, in a data folder of the test's own.
These run in CI too, where DATABASE_URL points elsewhere: the wrapper is started without
it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

# A command that uses the database the way the portal does: through the settings.
SQL = (
    "import django, sys; django.setup(); from django.db import connection; "
    "c = connection.cursor(); [c.execute(statement) for statement in sys.argv[1:]]; "
    "print(c.fetchall() if c.description else 'ok')"
)


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "pg"


def wrapper(folder: Path, *command: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coact.devdb", "run", "--", *command],
        cwd=BASE_DIR,
        env=_env(folder),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _env(folder: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(COACT_POSTGRES_DIR=str(folder), DJANGO_SETTINGS_MODULE="coact.settings.local")
    return env


def sql(folder: Path, *statements: str) -> subprocess.CompletedProcess:
    return wrapper(folder, sys.executable, "-c", SQL, *statements)


def status(folder: Path) -> str:
    return subprocess.run(
        [sys.executable, "-m", "coact.devdb", "status"],
        cwd=BASE_DIR,
        env=_env(folder),
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_server_starts_for_the_command_and_keeps_its_data_for_the_next(folder):
    first = sql(folder, "CREATE TABLE kept (word text)", "INSERT INTO kept VALUES ('vantaalla')")

    assert first.returncode == 0, first.stderr
    assert "created the database 'coact'" in first.stderr
    assert "stopped" in first.stderr
    assert status(folder).startswith("stopped")

    second = sql(folder, "SELECT word, to_tsvector('finnish', word)::text FROM kept")

    assert second.returncode == 0, second.stderr
    assert "[('vantaalla', \"'vant':1\")]" in second.stdout  # the Finnish dictionary is there
    assert "created the database" not in second.stderr


def test_the_product_features_are_there(folder):
    result = sql(
        folder,
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "SELECT word_similarity('mielenterveis', 'Mielenterveysseura') > 0.5",
    )

    assert result.returncode == 0, result.stderr
    assert "[(True,)]" in result.stdout


def test_a_crashed_server_is_recovered_with_a_message_not_a_traceback(folder):
    # The command kills the server the hard way, as a crash or an OOM kill would.
    crash = wrapper(
        folder, "sh", "-c", f"kill -9 $(head -n 1 {folder}/data/postmaster.pid); sleep 1"
    )
    assert crash.returncode == 0, crash.stderr

    again = sql(folder, "SELECT 1")

    assert again.returncode == 0, again.stderr
    assert "did not stop cleanly last time" in again.stderr
    assert "Traceback" not in again.stderr
    assert "[(1,)]" in again.stdout


def test_a_stale_lock_whose_process_id_was_reused_is_cleared(folder):
    assert sql(folder, "SELECT 1").returncode == 0
    # The lock file of a server that is gone, naming a live process that is not
    # PostgreSQL (as after a reboot, when the id went to another program).
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        lock = folder / "data" / "postmaster.pid"
        lock.write_text(f"{sleeper.pid}\n{folder / 'data'}\n0\n5432\n\n\n  0 0\nready\n")

        again = sql(folder, "SELECT 1")
    finally:
        sleeper.kill()
        sleeper.wait()

    assert again.returncode == 0, again.stderr
    assert "did not stop cleanly last time" in again.stderr
    assert "Traceback" not in again.stderr


def test_a_server_that_cannot_start_says_why_without_a_traceback(folder):
    assert sql(folder, "SELECT 1").returncode == 0
    with (folder / "data" / "postgresql.conf").open("a") as conf:
        conf.write("\nshared_buffers = lots\n")

    failed = sql(folder, "SELECT 1")

    assert failed.returncode == 1
    assert "the server did not start" in failed.stderr
    assert "shared_buffers" in failed.stderr  # the end of the server's own log
    assert "Traceback" not in failed.stderr


def test_the_last_command_to_end_stops_the_server(folder):
    # A long command holds the server (make run) while a second one comes and goes
    # (make test in another terminal).
    long_running = subprocess.Popen(
        [sys.executable, "-m", "coact.devdb", "run", "--", "sleep", "30"],
        cwd=BASE_DIR,
        env=_env(folder),
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not status(folder).startswith("running"):
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)

        visitor = sql(folder, "SELECT 1")

        assert visitor.returncode == 0, visitor.stderr
        assert "using the server that is already running" in visitor.stderr
        assert status(folder).startswith("running")
    finally:
        # Ctrl-C, as the terminal sends it: to the whole foreground group.
        os.killpg(long_running.pid, signal.SIGINT)
        _, errors = long_running.communicate(timeout=60)
    assert "stopped" in errors
    assert status(folder).startswith("stopped")
