"""Development and `make run`: SQLite and the filesystem broker unless the environment
says otherwise, e-mail printed to the console."""

from .base import *
from .base import env

COACT_ENVIRONMENT = "local"
DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-local-development-only")
# No manifest in development: files are served straight from static/ by whitenoise.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# A fixed development key so that TOTP secrets survive restarts; production has no default.
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS", default=["3E_gvx_3Fm2H47cR9-u0DRXZCrp8NqquF_1eCFL_aEc="]
)
