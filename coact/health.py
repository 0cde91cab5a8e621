"""Liveness and readiness probes for the orchestrator and for `make run`'s smoke check."""

import logging

from django.db import connections
from django.db.utils import DatabaseError

from .celery import app as celery_app

logger = logging.getLogger(__name__)


def database_is_reachable() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("readyz: the database did not answer", exc_info=True)
        return False


def broker_is_reachable(*, timeout: float = 2.0) -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
        return True
    except Exception:  # kombu raises transport-specific errors; any of them means "not ready"
        logger.warning("readyz: the broker did not answer", exc_info=True)
        return False
