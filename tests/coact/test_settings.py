"""Production settings: the deploy checklist passes, and a missing secret stops start-up
with a message that names it."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "coact.settings.production",
    "SECRET_KEY": "x7Jq2mZr9LpV4tKc8NwH3sYb6FgD1eRuA5oQiTzXnMyWvCjBkPlG0hSdE",
    "ALLOWED_HOSTS": "coact.example.fi",
    "SITE_URL": "https://coact.example.fi",
    "FIELD_ENCRYPTION_KEYS": "n3Yb2yD0yX8vHkq6Qy0mKJ0nqkS7o0mJkqvQe9fQw1Y=",
    "DATABASE_URL": "postgres://coact@db.coact.example.fi:5432/coact",
}


def manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "FIELD_ENCRYPTION_KEYS",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_the_deploy_checklist_with_no_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Production settings have no default" in result.stderr


def test_production_has_no_embedded_database():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Production settings have no default" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_encryption_keys():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "FIELD_ENCRYPTION_KEYS"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_production_collects_static_files_with_a_complete_manifest(tmp_path):
    env = {**PRODUCTION_ENV, "STATIC_ROOT_OVERRIDE": str(tmp_path)}

    result = manage("collectstatic", "--noinput", "-v", "0", env=env)

    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/leaflet/leaflet.js" in manifest
    assert "vendor/htmx/htmx.min.js" in manifest
