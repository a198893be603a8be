# syntax=docker/dockerfile:1
# Mestring's production image: gunicorn behind a proxy, PostgreSQL and Redis outside it.
# scripts/prod_local.sh runs the same build and start commands as plain processes.

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python -m venv /opt/mestring/.venv
COPY pyproject.toml README.md ./
COPY mestring ./mestring
RUN /opt/mestring/.venv/bin/pip install --upgrade pip \
 && /opt/mestring/.venv/bin/pip install .
# Static files collected once, at build time, with the production storage (hashed names).
RUN DEBUG=false SECRET_KEY=build-time-only-collectstatic-not-a-secret-key \
    MESTRING_VAR_DIR=/tmp/var STATIC_ROOT=/opt/mestring/static \
    /opt/mestring/.venv/bin/mestring collectstatic --no-input --verbosity 0

FROM python:3.11-slim-bookworm AS runtime
# Pango and a font for the PDF reports; the PostgreSQL client for `mestring sikkerhetskopi`
# (Debian bookworm's is version 15: use a PostgreSQL 15 server, as compose.yaml does).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 mestring \
 && useradd --system --uid 10001 --gid mestring --home-dir /var/lib/mestring mestring \
 && install -d -o mestring -g mestring /var/lib/mestring /var/lib/mestring/sikkerhetskopier
COPY --from=build /opt/mestring /opt/mestring
COPY deploy/entrypoint.sh /opt/mestring/entrypoint.sh
ENV PATH=/opt/mestring/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DEBUG=false \
    MESTRING_VAR_DIR=/var/lib/mestring \
    STATIC_ROOT=/opt/mestring/static \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus \
    BIND=0.0.0.0:8000
USER mestring
WORKDIR /var/lib/mestring
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:8000/helse', timeout=4).status != 200)"]
ENTRYPOINT ["/opt/mestring/entrypoint.sh"]
CMD ["gunicorn", "--config", "python:mestring.operations.gunicorn_conf", "mestring.wsgi:application"]
