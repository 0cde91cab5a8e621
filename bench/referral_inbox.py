"""Load an NGO's referral inbox holding 5,000 referrals under gunicorn, beside a bare
Django view in the same run, and print requests per second, latency and queries per
page as JSON.

    make bench-referrals
    # or: DATABASE_URL=postgres://... .venv/bin/python bench/referral_inbox.py

Steps: create the PostgreSQL database if missing (default .../coact_bench_referrals),
migrate, `seed_bench_referrals --referrals 5000` (skipped when exactly that many are
there), collectstatic, start gunicorn with production settings (4 workers) plus the bare
baseline at /bench/bare/ (bench_settings, bench_urls), sign the bench handler in (a
session made with the project's session engine), then alternate rounds: the bare view,
the inbox, three times each, 16 connections. The inbox URLs are many distinct pages
(every page of the open and the ended lists, in fi, sv and en), so no page is answered
from anything warmed by a repeat. Counts queries per inbox page in-process on page 1 and
a deep page. Talks only to 127.0.0.1."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from directory_load import (
    PYTHON,
    ROOT,
    collect_static,
    database_url,
    ensure_database,
    free_port,
    get,
    manage,
    production_env,
    run_load,
    start_gunicorn,
    stop,
)

BENCH = Path(__file__).resolve().parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coact_bench_referrals"
HANDLER = "bench-handler@bench.example"
P95_TARGET_MS = 150.0
PAGE_SIZE_GUESS = 20


def log(message: str) -> None:
    print(f"[referral_inbox] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds, not measured")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured a round")
    parser.add_argument("--max-requests", type=int, default=50_000, help="hard cap a round")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    return parser.parse_args()


def referral_count(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM referrals_referral r JOIN organizations_organization o "
            "ON o.id = r.organization_id WHERE o.slug = 'bench-referrals-ngo'"
        ).fetchone()
    return row[0]


_SIGN_IN = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils.module_loading import import_string
from coact.models import User
user = User.objects.get(email={email!r})
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = next(
    path for path in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(path), "get_user")
)
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print(settings.SESSION_COOKIE_NAME + "=" + store.session_key)
"""


def sign_in(env: dict) -> str:
    """A session cookie for the bench handler, made by the project's own session engine
    under the same settings (and SECRET_KEY) as gunicorn."""
    result = subprocess.run(  # noqa: S603
        [str(PYTHON), "manage.py", "shell", "-c", _SIGN_IN.format(email=HANDLER)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def inbox_urls(referrals: int) -> list[str]:
    pages = max(1, referrals // PAGE_SIZE_GUESS)
    return [
        f"/{language}/referrals/inbox/?{query}page={page}"
        for page in range(1, pages + 1)
        for language in ("fi", "sv", "en")
        for query in ("", "show=ended&")
    ]


def count_queries(env: dict) -> dict:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coact.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=HANDLER))
    counts = {}
    pages = (
        "/fi/referrals/inbox/",
        "/fi/referrals/inbox/?page=3",
        "/fi/referrals/inbox/?show=ended&page=40",
    )
    for path in pages:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        counts[path] = {"status": status, "queries": len(captured.captured_queries)}
    return counts


def main() -> int:
    args = parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    url = database_url()
    ensure_database(url)
    local_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coact.settings.local"}
    local_env["DATABASE_URL"] = url
    log("migrating")
    manage(local_env, "migrate", "--noinput", "-v", "0")
    if referral_count(url) != args.referrals:
        log(f"seeding {args.referrals} referrals")
        manage(local_env, "seed_bench_referrals", "--referrals", str(args.referrals))
    env = {
        **production_env(url),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(BENCH), os.environ.get("PYTHONPATH")])),
    }
    collect_static(env)
    cookie = sign_in(env)
    urls = inbox_urls(args.referrals)
    bare_urls = [f"/bench/bare/?n={n}" for n in range(len(urls))]
    rounds = {"bare": [], "inbox": []}
    gunicorn = None
    with tempfile.TemporaryFile("w+") as gunicorn_log:
        try:
            port = free_port()
            log(f"starting gunicorn on 127.0.0.1:{port} with {args.workers} workers")
            gunicorn = start_gunicorn(env, port, args.workers, gunicorn_log)
            status, _body = get(port, urls[0], cookie=cookie)
            if status != 200:
                sys.exit(f"the inbox answered HTTP {status}: is the bench handler signed in?")
            for number in range(1, args.rounds + 1):
                for name, paths in (("bare", bare_urls), ("inbox", urls)):
                    log(f"round {number}: {name}, {len(paths)} distinct URLs")
                    load = run_load(
                        port, args.concurrency, args.warmup, args.duration, args.max_requests,
                        cookie=cookie, urls=paths,
                    )  # fmt: skip
                    load.pop("per_url")
                    rounds[name].append(load)
        except BaseException:
            gunicorn_log.seek(0)
            log("gunicorn output:\n" + gunicorn_log.read()[-4000:])
            raise
        finally:
            stop(gunicorn)
    queries = count_queries(env)

    def overall(name: str) -> dict:
        runs = rounds[name]
        return {
            "requests_per_second": [run["requests_per_second"] for run in runs],
            "p50_ms": [run["latency_ms"]["p50"] for run in runs],
            "p95_ms": [run["latency_ms"]["p95"] for run in runs],
            "errors": sum(run["errors"] for run in runs),
            "first_error": next((run["first_error"] for run in runs if run["first_error"]), None),
        }

    inbox, bare = overall("inbox"), overall("bare")
    result = {
        "referrals": args.referrals,
        "concurrency": args.concurrency,
        "gunicorn_workers": args.workers,
        "distinct_inbox_urls": len(urls),
        "bare_view": bare,
        "inbox": inbox,
        "inbox_to_bare": round(
            statistics.median(inbox["requests_per_second"])
            / max(statistics.median(bare["requests_per_second"]), 0.1),
            3,
        ),
        "inbox_p95_median_ms": statistics.median(inbox["p95_ms"]),
        "p95_target_ms": P95_TARGET_MS,
        "queries_per_page": queries,
    }
    result["within_target"] = result["inbox_p95_median_ms"] <= P95_TARGET_MS
    print(json.dumps(result, indent=2, ensure_ascii=False))
    constant = len({row["queries"] for row in queries.values()}) == 1
    return 0 if inbox["errors"] == 0 and bare["errors"] == 0 and constant else 1


if __name__ == "__main__":
    start = time.monotonic()
    code = main()
    log(f"done in {time.monotonic() - start:.0f} s")
    sys.exit(code)
