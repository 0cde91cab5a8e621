"""Production (docker-compose and real deployments). Every secret comes from the
environment with no default: a missing one stops start-up with a message naming it."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import env

COACT_ENVIRONMENT = "production"
DEBUG = False

try:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS")
    # No embedded database in production.
    DATABASES["default"] = {**DATABASES["default"], **env.db_url("DATABASE_URL")}
except ImproperlyConfigured as exc:
    raise ImproperlyConfigured(
        f"{exc}. Production settings have no default for it: set it in the environment "
        "(see .env.example)."
    ) from exc
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is empty. Set it in the environment to a long random value."
    )
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: set at least one Fernet key.")

# TLS is terminated in front of gunicorn (a load balancer or reverse proxy), which sets
# X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Probes from the orchestrator speak plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
