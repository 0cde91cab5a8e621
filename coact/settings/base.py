"""Settings shared by every environment; values come from the environment.

local.py (development and `make run`), test.py (pytest) and production.py (docker-compose
and real deployments) import this module and change only what differs.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from coact.devdb import django_database

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# Production never falls back to a default: production.py reads SECRET_KEY without one.
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

# Which settings module is in force; seed_demo and other dev-only tools refuse "production".
COACT_ENVIRONMENT = "base"

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "coact",
    "organizations",
    "referrals",
    "networks",
    "reports",
]

MIDDLEWARE = [
    "coact.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # The Permissions-Policy header (PERMISSIONS_POLICY below).
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # NUL and other control characters: a 400 before anything reads the database.
    "coact.request_guard.RequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "coact.middleware.SessionLifetimeMiddleware",
    "coact.middleware.RequireMFAMiddleware",
    "coact.middleware.NoStoreForSignedInMiddleware",
]

ROOT_URLCONF = "coact.urls"
WSGI_APPLICATION = "coact.wsgi.application"
ASGI_APPLICATION = "coact.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coact.context_processors.language_links",
                "organizations.context_processors.memberships",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------
# PostgreSQL is the only engine. Without DATABASE_URL: the embedded server of `make run`
# and `make test` (coact/devdb.py), on a Unix socket under var/postgres/.
DATABASE_URL = env.str("DATABASE_URL", default="")
DATABASES = {"default": env.db_url_config(DATABASE_URL) if DATABASE_URL else django_database()}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "coact.User"

REDIS_URL = env.str("REDIS_URL", default="")

# "default" holds allauth's rate-limit counters, used TOTP codes and the directory's
# version, so it must be shared by every web process and never evicted: Redis when
# configured, else files under var/. "pages" holds rendered directory pages and facet
# counts, which can always be made again: bounded and evicted least-recently-used, on a
# Redis database of its own (in production a Redis of its own with maxmemory and
# allkeys-lru, see docker-compose.yml), else in each process's memory.
PAGE_CACHE_SECONDS = 5 * 60
PAGE_CACHE_MAX_ENTRIES = env.int("PAGE_CACHE_MAX_ENTRIES", default=500)


def _redis_database(url: str, number: int) -> str:
    """The same Redis server as `url`, database `number`."""
    base, _sep, query = url.partition("?")
    scheme, _slashes, rest = base.partition("://")
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/{number}" + (f"?{query}" if query else "")


REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default=REDIS_URL)
if REDIS_URL or REDIS_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": "coact",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_PAGES_URL", default=_redis_database(REDIS_CACHE_URL, 1)),
            "KEY_PREFIX": "coact-pages",
            "TIMEOUT": PAGE_CACHE_SECONDS,
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "coact-pages",
            "TIMEOUT": PAGE_CACHE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MAX_ENTRIES},
        },
    }

# --- Celery -----------------------------------------------------------------------------
# With no REDIS_URL, kombu's filesystem transport stands in for a broker: it needs no
# server and works across the processes that `make run` starts.
CELERY_FILESYSTEM_BROKER_DIR = Path(
    env.str("CELERY_FILESYSTEM_BROKER_DIR", default=str(VAR_DIR / "broker"))
)
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_BROKER_DIR),
        "data_folder_out": str(CELERY_FILESYSTEM_BROKER_DIR),
        "processed_folder": str(CELERY_FILESYSTEM_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_FILESYSTEM_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    # Redis redelivers an acks_late task whose worker vanished only after this long, and
    # it must exceed the longest task (extend_series, 600 s), or a running task would be
    # given to a second worker. So it is not what recovers mail: the outbox scans hand a
    # lost task's rows out again after MAIL_REQUEUE_SECONDS, and a dead worker's claim
    # expires after MAIL_CLAIM_SECONDS (coact.delivery).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/Helsinki"
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Our tasks are idempotent by design, so a task whose worker died is run again rather
# than lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# When the worker loses the broker, its running tasks are cancelled, as Celery 6 will do
# by default: the broker hands their messages out again on reconnection, and a task left
# running beside its own redelivery could send twice. A mail cancelled mid-send keeps its
# claim until it expires, and then goes again with the same Message-ID.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Scans (cheap, periodic) have a queue of their own, so that they are never stuck behind
# a backlog of mail on the default queue: every worker listens to both (Procfile.dev,
# docker-compose.yml: --queues celery,scans).
MAIL_SCAN_QUEUE = "scans"
CELERY_TASK_ROUTES = {
    "coact.tasks.dispatch_mail": {"queue": MAIL_SCAN_QUEUE},
    "networks.tasks.dispatch_outbox": {"queue": MAIL_SCAN_QUEUE},
    "referrals.tasks.scan_referrals": {"queue": MAIL_SCAN_QUEUE},
}
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "coact.tasks.heartbeat",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}
# Every morning (CELERY_TIMEZONE): remind NGOs whose profile is about to turn, or has
# turned, stale. Each profile is claimed before its mail goes out, so an overlapping run
# sends nothing twice.
CELERY_BEAT_SCHEDULE["remind-stale-profiles"] = {
    "task": "organizations.tasks.remind_stale_profiles",
    "schedule": crontab(hour=9, minute=0),
    "options": {"expires": 6 * 60 * 60},
}

# Meeting mail (networks.outbox): invitations, updates and reminders are found in the
# database by this scan, never parked in the broker as long-ETA tasks.
OUTBOX_SCAN_SECONDS = env.float("OUTBOX_SCAN_SECONDS", default=60.0)
# A scan waits on its own queue; one that waited five intervals is dropped (the next one
# does the same work).
CELERY_BEAT_SCHEDULE["dispatch-meeting-mail"] = {
    "task": "networks.tasks.dispatch_outbox",
    "schedule": OUTBOX_SCAN_SECONDS,
    "options": {"expires": 5 * OUTBOX_SCAN_SECONDS},
}
# Every other mail (coact.mail.queue_mail): what the web request queued is handed to a
# worker on commit; the scan brings back what failed for a while or was lost.
CELERY_BEAT_SCHEDULE["dispatch-mail"] = {
    "task": "coact.tasks.dispatch_mail",
    "schedule": OUTBOX_SCAN_SECONDS,
    "options": {"expires": 5 * OUTBOX_SCAN_SECONDS},
}
CELERY_BEAT_SCHEDULE["extend-meeting-series"] = {
    "task": "networks.tasks.extend_series",
    "schedule": crontab(hour=3, minute=30),
    "options": {"expires": 6 * 60 * 60},
}

# Referrals (referrals.services): the time limits of an unanswered referral in Finnish
# working days (public holidays are days off), how long a consent is valid by default,
# and when the personal data of an ended referral is erased. The scan finds what is due
# in the database; each step is marked as it is done, so two schedulers send one.
REFERRAL_REMIND_WORKING_DAYS = env.int("REFERRAL_REMIND_WORKING_DAYS", default=3)
REFERRAL_ESCALATE_WORKING_DAYS = env.int("REFERRAL_ESCALATE_WORKING_DAYS", default=7)
REFERRAL_EXPIRE_WORKING_DAYS = env.int("REFERRAL_EXPIRE_WORKING_DAYS", default=14)
REFERRAL_CONSENT_VALID_DAYS = env.int("REFERRAL_CONSENT_VALID_DAYS", default=180)
REFERRAL_ERASE_AFTER_DAYS = env.int("REFERRAL_ERASE_AFTER_DAYS", default=30)
# A contact request (an NGO to a unit's contact point) that no one at the unit answers
# expires after this many working days, and the NGO is told to reach the unit otherwise.
CONTACT_REQUEST_EXPIRE_WORKING_DAYS = env.int("CONTACT_REQUEST_EXPIRE_WORKING_DAYS", default=14)
REFERRAL_SCAN_SECONDS = env.float("REFERRAL_SCAN_SECONDS", default=300.0)
CELERY_BEAT_SCHEDULE["scan-referrals"] = {
    "task": "referrals.tasks.scan_referrals",
    "schedule": REFERRAL_SCAN_SECONDS,
    "options": {"expires": 5 * REFERRAL_SCAN_SECONDS},
}
CELERY_BEAT_SCHEDULE["erase-referrals"] = {
    "task": "referrals.tasks.erase_referrals",
    "schedule": crontab(hour=2, minute=15),
    "options": {"expires": 6 * 60 * 60},
}

# Files made in a worker (coact.files: PDFs) are for downloading at once; each night the
# ones older than this go.
GENERATED_FILES_KEEP_HOURS = env.int("GENERATED_FILES_KEEP_HOURS", default=24)
CELERY_BEAT_SCHEDULE["delete-old-files"] = {
    "task": "coact.tasks.delete_old_files",
    "schedule": crontab(hour=2, minute=45),
    "options": {"expires": 6 * 60 * 60},
}

# --- E-mail -----------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# A hanging mail server must not hold a worker (and its claimed row) for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# --- The outbox (coact.delivery): claim, commit, send, mark -----------------------------
# A delivery task sends its chunk over one SMTP connection and takes no further message
# once one more at its worst case (connecting, then an SMTP step, each up to
# EMAIL_TIMEOUT) could pass the soft time limit: the rest go back to the next scan. The
# soft limit stops a chunk cleanly; the hard one leaves time to release the row being sent.
MAIL_TASK_SOFT_TIME_LIMIT = 240
MAIL_TASK_TIME_LIMIT = MAIL_TASK_SOFT_TIME_LIMIT + EMAIL_TIMEOUT + 30
MAIL_CHUNK = env.int("MAIL_CHUNK", default=50)
# A claimed row is another worker's again after this (its worker died mid-send): longer
# than one message's worst case.
MAIL_CLAIM_SECONDS = env.int("MAIL_CLAIM_SECONDS", default=max(120, 3 * EMAIL_TIMEOUT))
# A row handed to a worker and neither sent nor failed is handed out again after this.
MAIL_REQUEUE_SECONDS = env.int("MAIL_REQUEUE_SECONDS", default=600)
# After a temporary failure: wait MAIL_RETRY_SECONDS, doubling up to the ceiling; after
# MAIL_MAX_ATTEMPTS the address counts as refused.
MAIL_RETRY_SECONDS = env.int("MAIL_RETRY_SECONDS", default=60)
MAIL_RETRY_MAX_SECONDS = 6 * 60 * 60
MAIL_MAX_ATTEMPTS = 20
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Co-Act Portal <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Accounts: django-allauth ----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "landing"
ACCOUNT_ADAPTER = "coact.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# allauth's defaults hold: 5 failed sign-ins per account in 5 minutes, 10 per IP a minute.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
# Behind a proxy, how many X-Forwarded-For hops to trust for the client IP (rate limits
# and the audit log).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

MFA_ADAPTER = "coact.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Co-Act Portal")

SOCIALACCOUNT_ADAPTER = "coact.adapters.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
# Single sign-on for welfare-area staff (Entra ID, Keycloak, ...): on only when configured.
OIDC_SERVER_URL = env.str("OIDC_SERVER_URL", default="")
SOCIALACCOUNT_PROVIDERS = {}
if OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env.str("OIDC_PROVIDER_ID", default="welfare-area"),
                "name": env.str("OIDC_NAME", default="Welfare area sign-in"),
                "client_id": env.str("OIDC_CLIENT_ID"),
                "secret": env.str("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": OIDC_SERVER_URL},
            }
        ],
    }

# The sessions page lists each session with where and when it was signed in. Tracking
# the last request of each session too would write its row on every page view, which
# doubled the database work of a signed-in page (bench/README.md, referral inbox).
USERSESSIONS_TRACK_ACTIVITY = False
# Sessions are read from the cache and written through to the database: a signed-in page
# does not ask the database for its session each time.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Sessions of people who can reach client data: signed out after 30 idle minutes and at
# the latest 12 hours after signing in (coact.middleware.SessionLifetimeMiddleware).
COACT_SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
COACT_SESSION_MAX_AGE = env.int("SESSION_MAX_AGE", default=12 * 60 * 60)
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60

# Fernet keys for secrets stored in the database (TOTP secrets, later client data). The
# first key encrypts; all keys decrypt, so a new key is put first and old ones kept until
# re-encrypted. Generate one with:
#   python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])

# --- The directory's map (Leaflet) -------------------------------------------------------
MAP_TILES_URL = env.str("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env.str(
    "MAP_TILES_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
_MAP_TILES_ORIGIN = "/".join(MAP_TILES_URL.split("/")[:3]) if "://" in MAP_TILES_URL else ""

# --- Content Security Policy (django-csp): no inline scripts anywhere -------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # HDS icons are CSS masks with data: URLs; allauth's TOTP QR code is a data: image.
        "img-src": ["'self'", "data:", *([_MAP_TILES_ORIGIN] if _MAP_TILES_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Permissions-Policy (django-permissions-policy) --------------------------------------
# The portal uses no device or payment feature (the directory's map does not ask where the
# visitor is), so they are all off, for embedded frames too.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- Passwords --------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages --------------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
# Finland-Swedish date formats (coact/formats/sv/).
FORMAT_MODULE_PATH = ["coact.formats"]
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_LANGUAGES = ("fi", "sv", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fi", "sv", "en")}

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT_OVERRIDE", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "media/"
# Whether Django itself serves MEDIA_ROOT (development only; a web server does it otherwise).
SERVE_MEDIA = False

# --- Security defaults that hold everywhere ---------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and fontTools say every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="coact-demo-2026")
