"""Load the public NGO directory under gunicorn and print requests per second, latency
and database queries per request as JSON.

    make bench     # or: DATABASE_URL=postgres://... .venv/bin/python bench/directory_load.py

Steps: create the PostgreSQL database if missing, migrate, `seed_bench --organizations
10000` (skipped when exactly that many bench NGOs are there), collectstatic, start
gunicorn with production settings on a free port of 127.0.0.1 (4 workers), warm up, load
/<lang>/organizations/ with a mix of filters and searches from 16 threads for a bounded
time, count queries per URL in-process with Django's test client, stop gunicorn. Talks
only to 127.0.0.1 (the database too)."""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coact_bench"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}

# The directory contract (DESIGN.md §4): q, language, theme, target_group, area,
# accepts_referrals=1, outside_office_hours=1, page.
URLS = [
    "/fi/organizations/",
    "/en/organizations/?language=so",
    "/fi/organizations/?theme=mental-health",
    "/en/organizations/?area=helsinki&outside_office_hours=1",
    "/fi/organizations/?accepts_referrals=1&language=ar",
    "/fi/organizations/?q=mielenterveys",
    "/fi/organizations/?q=perhe",
    "/en/organizations/?q=nuoret&area=pirkanmaa",
    "/fi/organizations/?q=mielenterveis",
    "/en/organizations/?page=3",
]


def log(message: str) -> None:
    print(f"[directory_load] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organizations", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds, not measured")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds measured")
    parser.add_argument("--max-requests", type=int, default=50_000, help="hard cap")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    return parser.parse_args()


# -- the database -----------------------------------------------------------------------


def database_url() -> str:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(f"DATABASE_URL must be PostgreSQL (postgres://...), not {parts.scheme}://")
    if (parts.hostname or "") not in LOCAL_HOSTS:
        sys.exit(f"DATABASE_URL must point at 127.0.0.1, not {parts.hostname}")
    if parts.path.strip("/") in {"", "postgres", "coact_ci"}:
        sys.exit("Give the benchmark a database of its own (e.g. .../coact_bench).")
    return url


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.strip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            log(f"creating database {name}")
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def bench_count(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM organizations_organization WHERE slug LIKE %s", ["bench-%"]
        ).fetchone()
    return row[0]


def manage(env: dict, *args: str) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


# Only for a collectstatic that fails under the production storage: the same manifest
# storage with the source-map rewriting left out, so that a vendored script that names a
# .map file we do not ship does not stop the benchmark. Gunicorn still runs the real
# production settings and reads the manifest this writes.
_LENIENT_STORAGE = """
from whitenoise.storage import CompressedManifestStaticFilesStorage


class LenientStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (glob, tuple(p for p in rules if "sourceMappingURL" not in str(p)))
        for glob, rules in CompressedManifestStaticFilesStorage.patterns
    )
"""
_LENIENT_SETTINGS = """
from coact.settings.production import *  # noqa: F403
from coact.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "bench_lenient_storage.LenientStorage"}}
"""


def collect_static(env: dict) -> bool:
    """collectstatic under production settings (the manifest the production storage
    needs). Returns True when it failed and the lenient fallback was used."""
    log("collecting static files (production manifest)")
    try:
        manage(env, "collectstatic", "--noinput", "-v", "0")
        return False
    except subprocess.CalledProcessError:
        log(
            "WARNING: collectstatic fails under production settings (see above): production "
            "pages cannot render until that is fixed. Collecting again without source-map "
            "rewriting, for this benchmark only."
        )
    with tempfile.TemporaryDirectory() as directory:
        Path(directory, "bench_lenient_storage.py").write_text(_LENIENT_STORAGE)
        Path(directory, "bench_lenient_settings.py").write_text(_LENIENT_SETTINGS)
        pythonpath = os.pathsep.join(filter(None, [directory, env.get("PYTHONPATH")]))
        lenient = {
            **env,
            "DJANGO_SETTINGS_MODULE": "bench_lenient_settings",
            "PYTHONPATH": pythonpath,
        }
        manage(lenient, "collectstatic", "--noinput", "-v", "0")
    return True


# -- gunicorn ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(url: str) -> dict:
    from cryptography.fernet import Fernet

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="coact.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=url,
    )
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    return env


def get(port: int, path: str, timeout: float = 30.0, cookie: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def start_gunicorn(env: dict, port: int, workers: int, log_file) -> subprocess.Popen:
    command = [
        str(GUNICORN),
        "coact.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
    ]
    process = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            if get(port, "/healthz", timeout=2)[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    stop(process)  # not left serving (and using the cores) after the benchmark gave up
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # gunicorn: graceful stop of master and workers
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# -- load -------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def run_load(
    port: int,
    concurrency: int,
    warmup: float,
    duration: float,
    cap: int,
    cookie: str | None = None,
    urls: list[str] | None = None,
) -> dict:
    """Threads request the URLs (URLS by default) round-robin; only responses that start
    after the warm-up and before the end count."""
    urls = urls or URLS
    paths = itertools.cycle(urls)
    lock = threading.Lock()
    start = time.monotonic()
    measure_from = start + warmup
    stop_at = measure_from + duration
    samples: list[tuple[str, float, bool]] = []  # path, seconds, ok
    state = {"counted": 0, "first_error": None}

    def worker() -> None:
        while True:
            with lock:
                path = next(paths)
                if state["counted"] >= cap:
                    return
            began = time.monotonic()
            if began >= stop_at:
                return
            try:
                status, body = get(port, path, cookie=cookie)
                ok = status == 200 and bool(body)
                error = None if ok else f"HTTP {status} for {path}"
            except (OSError, http.client.HTTPException) as exc:
                ok, error = False, f"{type(exc).__name__} for {path}: {exc}"
            took = time.monotonic() - began
            if began >= measure_from:
                with lock:
                    if state["counted"] < cap:
                        samples.append((path, took, ok))
                        state["counted"] += 1
                    if error and state["first_error"] is None:
                        state["first_error"] = error

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Until the end of the window, or until the cap stopped the threads earlier.
    elapsed = min(time.monotonic(), stop_at) - measure_from

    def summary(rows) -> dict:
        latencies = [took * 1000 for _, took, _ in rows]
        return {
            "requests": len(rows),
            "errors": sum(1 for _, _, ok in rows if not ok),
            "latency_ms": {
                "p50": round(percentile(latencies, 0.50), 1),
                "p95": round(percentile(latencies, 0.95), 1),
                "p99": round(percentile(latencies, 0.99), 1),
                "mean": round(statistics.fmean(latencies), 1) if latencies else 0.0,
            },
        }

    result = summary(samples)
    result["seconds"] = round(elapsed, 2)
    result["requests_per_second"] = round(len(samples) / elapsed, 1) if elapsed > 0 else 0.0
    result["first_error"] = state["first_error"]
    result["per_url"] = {path: summary([row for row in samples if row[0] == path]) for path in urls}
    return result


# -- queries per request -----------------------------------------------------------------


def count_queries(env: dict) -> dict:
    """Each URL once to warm caches, then again inside CaptureQueriesContext, in this
    process with the production settings gunicorn uses."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # A visitor with a cookie skips the anonymous page cache; clearing the cache before
    # each request counts the cold path: every facet and count query included.
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["coact_bench"] = "1"
    counts = {}
    for path in URLS:
        client.get(path)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        counts[path] = {"status": status, "queries": len(captured.captured_queries)}
    numbers = [row["queries"] for row in counts.values()]
    return {"min": min(numbers), "max": max(numbers), "per_url": counts}


# -- main -------------------------------------------------------------------------------


def directory_answers(port: int) -> tuple[bool, str]:
    """Whether /fi/organizations/ is the directory list (the view may not have landed)."""
    status, body = get(port, "/fi/organizations/")
    text = body.decode("utf-8", "replace")
    listed = status == 200 and "/fi/organizations/bench-" in text
    return listed, f"HTTP {status}, {'lists bench NGOs' if listed else 'no bench NGOs listed'}"


def main() -> int:
    args = parse_args()
    if not PYTHON.exists() or not GUNICORN.exists():
        sys.exit("Run `make install` first (.venv with gunicorn).")
    url = database_url()
    ensure_database(url)

    # Management commands run with development settings (seed_bench refuses production).
    local_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coact.settings.local",
        "DATABASE_URL": url,
    }
    log("migrating")
    manage(local_env, "migrate", "--noinput", "-v", "0")
    seed_seconds = None
    existing = bench_count(url)
    if existing == args.organizations:
        log(f"{existing} bench NGOs already there: not seeding")
    else:
        log(f"seeding {args.organizations} bench NGOs (found {existing})")
        started = time.monotonic()
        manage(local_env, "seed_bench", "--organizations", str(args.organizations))
        seed_seconds = round(time.monotonic() - started, 1)

    env = production_env(url)
    static_workaround = collect_static(env)

    gunicorn = None
    previous_handler = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryFile("w+") as gunicorn_log:
        try:
            port = free_port()
            log(f"starting gunicorn on 127.0.0.1:{port} with {args.workers} workers")
            gunicorn = start_gunicorn(env, port, args.workers, gunicorn_log)
            listed, directory_state = directory_answers(port)
            log(f"/fi/organizations/: {directory_state}")
            log(
                f"loading for {args.warmup:g} s warm-up + {args.duration:g} s at "
                f"{args.concurrency} connections"
            )
            # Anonymous visitors without cookies are served the cached page; visitors
            # with a cookie (signed-in staff) get a freshly rendered page, with the facet
            # counts cached per filter set.
            load = run_load(port, args.concurrency, args.warmup, args.duration, args.max_requests)
            log("again with a cookie: no page cache")
            fresh = run_load(
                port, args.concurrency, args.warmup, args.duration, args.max_requests,
                cookie="coact_bench=1",
            )  # fmt: skip
        except BaseException:
            gunicorn_log.seek(0)
            tail = gunicorn_log.read()[-4000:]
            if tail:
                log("gunicorn output:\n" + tail)
            raise
        finally:
            stop(gunicorn)
            signal.signal(signal.SIGTERM, previous_handler)

    log("counting queries per request")
    queries = count_queries(env)
    result = {
        "organizations": args.organizations,
        "seed_bench_seconds": seed_seconds,
        "directory_lists_bench_ngos": listed,
        "static_manifest_workaround": static_workaround,
        "concurrency": args.concurrency,
        "gunicorn_workers": args.workers,
        "seconds": load["seconds"],
        "requests": load["requests"],
        "requests_per_second": load["requests_per_second"],
        "latency_ms": load["latency_ms"],
        "errors": load["errors"],
        "first_error": load["first_error"],
        "queries_per_request": {"min": queries["min"], "max": queries["max"]},
        "with_cookie_no_page_cache": {
            "requests": fresh["requests"],
            "requests_per_second": fresh["requests_per_second"],
            "latency_ms": fresh["latency_ms"],
            "errors": fresh["errors"],
        },
        "per_url": {
            path: {
                **load["per_url"][path],
                "queries": queries["per_url"][path]["queries"],
            }
            for path in URLS
        },
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0 if load["errors"] == 0 and fresh["errors"] == 0 and listed else 1


if __name__ == "__main__":
    sys.exit(main())
