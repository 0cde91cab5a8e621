"""docker-compose.yml describes the production shape. No Docker engine runs here, so
Debian's docker-compose validates and resolves the file instead."""

import shutil
import subprocess
from pathlib import Path

import yaml

from tests.conftest import require_tool

BASE_DIR = Path(__file__).resolve().parents[1]


def resolved_config(tmp_path: Path) -> dict:
    docker_compose = require_tool("docker-compose", "apt-get install docker-compose")
    shutil.copy(BASE_DIR / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(BASE_DIR / "Dockerfile", tmp_path / "Dockerfile")
    shutil.copy(BASE_DIR / ".env.example", tmp_path / ".env")
    result = subprocess.run(
        [docker_compose, "-f", "docker-compose.yml", "config"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_compose_file_runs_the_production_shape(tmp_path):
    services = resolved_config(tmp_path)["services"]

    assert {"postgres", "redis", "web", "worker", "beat", "mailpit"} <= set(services)
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "coact", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "coact", "beat"]


def test_app_services_use_production_settings_and_real_services(tmp_path):
    services = resolved_config(tmp_path)["services"]

    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://"), name
        assert environment["REDIS_URL"].startswith("redis://redis:"), name
        assert environment["EMAIL_URL"] == "smtp://mailpit:1025", name
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert "DJANGO_SETTINGS_MODULE=coact.settings.production" in dockerfile
