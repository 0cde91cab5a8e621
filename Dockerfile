# The production image: gunicorn for the web, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

# WeasyPrint renders PDFs with Pango; gettext compiles the catalogues.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir "uv==0.13.9"

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# Collected with the production storage (hashed names and a manifest); the build needs
# placeholder secrets only to load the settings, never at run time.
RUN DJANGO_SETTINGS_MODULE=coact.settings.local python manage.py compilemessages --ignore=.venv -v 0 \
    && DJANGO_SETTINGS_MODULE=coact.settings.production SECRET_KEY=collectstatic-only \
       ALLOWED_HOSTS=build FIELD_ENCRYPTION_KEYS=Y29sbGVjdHN0YXRpYy1vbmx5LTAwMDAwMDAwMDAwMDA= \
       DATABASE_URL=postgres://build/collectstatic-only \
       python manage.py collectstatic --noinput -v 0

RUN useradd --system --uid 10001 coact && mkdir -p /app/var /app/beat && chown coact /app/var /app/beat
USER coact

ENV DJANGO_SETTINGS_MODULE=coact.settings.production
EXPOSE 8000
CMD ["gunicorn", "coact.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
