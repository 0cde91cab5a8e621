"""Development and `make run`: the embedded PostgreSQL and the filesystem broker unless
the environment says otherwise, e-mail printed to the console of the process that sends
it (the web process for sign-in mail, the Celery worker for meeting mail)."""

from .base import *
from .base import env

COACT_ENVIRONMENT = "local"
# Off by default, so that `make run` shows the portal's own translated error pages, as a
# user would see them; DEBUG=true gives Django's debug pages.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-local-development-only")
# No manifest in development: whitenoise serves the files straight from static/ (with
# DEBUG off too), and picks up changes without a collectstatic.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploaded files (NGO logos) are served by the development server itself (coact/urls.py).
SERVE_MEDIA = True

# A fixed development key so that TOTP secrets survive restarts; production has no default.
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS", default=["3E_gvx_3Fm2H47cR9-u0DRXZCrp8NqquF_1eCFL_aEc="]
)
