# syntax=docker/dockerfile:1
# Production image for the GCM Progress Portal: one image for web (gunicorn),
# the Celery worker and Celery beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# WeasyPrint runtime (Pango, HarfBuzz subsetting, libjpeg, MIME data), the fonts
# the PDFs use (Noto, incl. Arabic), gettext for compilemessages and the PostgreSQL
# client programs (15, as the postgres service) for `manage.py backup` / `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        libjpeg62-turbo \
        shared-mime-info \
        fonts-noto-core \
        gettext \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

COPY requirements.txt .
RUN python -m venv "$VIRTUAL_ENV" \
    && pip install --upgrade pip \
    && pip install -r requirements.txt

COPY . .

# Translations and static files are built into the image. Settings refuse to load
# with DEBUG off and no SECRET_KEY/ALLOWED_HOSTS, so throwaway values are given
# for these build steps only (they are not kept in the image).
RUN export SECRET_KEY=build-only-not-secret DEBUG=false ALLOWED_HOSTS=localhost \
        DATA_DIR=/tmp/build-data STATIC_ROOT=/app/staticfiles \
    && python manage.py compilemessages \
    && python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-data \
    && mkdir -p /data/media \
    && chown -R app:app /data

# /data holds MEDIA_ROOT (uploads, generated PDFs); mount a volume there.
ENV DATA_DIR=/data \
    MEDIA_ROOT=/data/media \
    STATIC_ROOT=/app/staticfiles

USER app
EXPOSE 8000
CMD ["gunicorn", "gcm_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
