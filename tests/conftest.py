import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_tool(path_or_name: str, why: str) -> str:
    """Return the tool's path; skip the test when it is missing, except in CI where a
    missing tool is a failure (CI installs it in .ci/run)."""
    import shutil

    found = path_or_name if os.path.isabs(path_or_name) else shutil.which(path_or_name)
    if found and os.path.exists(found):
        return found
    message = f"{path_or_name} is not installed ({why})"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)
    raise AssertionError("unreachable")


def pytest_report_header(config):
    from django.conf import settings

    return [
        f"database: {settings.DATABASES['default']['ENGINE']}",
        f"broker: {settings.CELERY_BROKER_URL.split('@')[-1]}",
        f"CI: {IN_CI}",
    ]
