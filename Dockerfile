# syntax=docker/dockerfile:1
# The portal's image: one image for the web, worker and beat processes (docker-compose.yml).
# Build: docker build -t ordre-portal .   Runs as a non-root user; gunicorn is the entry point.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: dependencies from the pinned list, in a virtualenv copied into the runtime stage
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY deploy/requirements.txt /tmp/requirements.txt
RUN pip install --no-deps -r /tmp/requirements.txt

# --- runtime
FROM ${PYTHON_IMAGE} AS runtime
# WeasyPrint (receipts, attestations, sheets as PDF) needs Pango and fonts; pg_dump for backups.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --shell /usr/sbin/nologin portal
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    STATIC_ROOT=/app/staticfiles
WORKDIR /app
COPY --chown=portal:portal . /app
# Static files are collected (hashed, compressed) at build time with throwaway values: the
# real secrets only exist at run time, in the environment.
RUN SECRET_KEY=build-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
    ALLOWED_HOSTS=build.invalid DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3 \
    && mkdir -p /app/var && chown portal:portal /app/var
USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-m", "deploy.healthcheck", "web"]
CMD ["gunicorn", "portal.wsgi:application", "-c", "deploy/gunicorn_conf.py"]
