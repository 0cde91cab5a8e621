"""pytest: the PostgreSQL of DATABASE_URL (CI) or the embedded one (coact/devdb.py) that
`make test` starts; Redis when REDIS_URL is set, else an in-memory broker and cache."""

from .base import *
from .base import PAGE_CACHE_MAX_ENTRIES, PAGE_CACHE_SECONDS, REDIS_URL, env

COACT_ENVIRONMENT = "test"
DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-any-real-deployment"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]

FIELD_ENCRYPTION_KEYS = ["AIj0FVD2iyt3JW-i8QW3tnHkMLamy8K9SODmdY01cAo="]  # a key for tests only
# Tasks run in the test process, except in the worker and beat processes that an
# integration test starts, which set TEST_CELERY_EAGER=false.
CELERY_TASK_ALWAYS_EAGER = env.bool("TEST_CELERY_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True

# Tests clear the cache between tests: in-process memory, or a Redis database of its own
# (never the broker's) when REDIS_URL is set. The page cache is always in memory and
# bounded, so that a test can count its entries.
if REDIS_URL:
    CACHES["default"]["LOCATION"] = env.str(
        "REDIS_CACHE_URL", default=REDIS_URL.rsplit("/", 1)[0] + "/15"
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "coact-test-pages",
    "TIMEOUT": PAGE_CACHE_SECONDS,
    "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MAX_ENTRIES},
}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
if not CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}

# A worker or beat process that an integration test starts (tests/integration/
# mail_harness.py): the tasks it sends go through the broker to a queue of the test's own,
# and its mail goes to the test's SMTP server.
CELERY_TASK_DEFAULT_QUEUE = env.str("TEST_CELERY_QUEUE", default="celery")
MAIL_SCAN_QUEUE = f"{CELERY_TASK_DEFAULT_QUEUE}-scans"
CELERY_TASK_ROUTES = {task: {"queue": MAIL_SCAN_QUEUE} for task in CELERY_TASK_ROUTES}
if TEST_EMAIL_URL := env.str("TEST_EMAIL_URL", default=""):
    vars().update(env.email_url_config(TEST_EMAIL_URL))

# Serve static files from the finders without a collectstatic run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
