# syntax=docker/dockerfile:1
# Lägesbild's image: gunicorn by default; `lagesbild worker` as the second command (compose.yaml).
# Three stages: the npm packages (Leaflet), the Python packages in a virtual environment installed
# from constraints.txt, and the slim runtime that only copies them, runs as a non-root user and
# holds the collected static files. Base images are pinned to exact tags (docs/operations.md,
# "Upgrades", says how to move them).
ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

FROM node:20.19.5-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
WORKDIR /build
COPY pyproject.toml constraints.txt README.md ./
COPY src ./src
RUN /opt/venv/bin/pip install --constraint constraints.txt .

FROM ${PYTHON_IMAGE} AS runtime
# Pango and a font for WeasyPrint's PDFs, xmlsec1 for SAML signatures (pysaml2); nothing else.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core xmlsec1 \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 lagesbild \
    && useradd --system --uid 10001 --gid lagesbild --home-dir /app --shell /usr/sbin/nologin lagesbild
COPY --from=build /opt/venv /opt/venv
COPY --from=assets /build/node_modules /app/node_modules
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=lagesbild.settings \
    DEBUG=false \
    LAGESBILD_LOG_FORMAT=json \
    LAGESBILD_DATA_DIR=/data \
    LAGESBILD_MEDIA_DIR=/data/files \
    LAGESBILD_STATIC_ROOT=/app/static \
    LAGESBILD_NODE_MODULES=/app/node_modules
# Static files are collected into the image (hashed names, compressed), not into the volume.
RUN mkdir -p /data/files /app/static \
    && SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost lagesbild collectstatic --noinput --verbosity 0 \
    && chown -R lagesbild:lagesbild /data
USER lagesbild:lagesbild
WORKDIR /app
VOLUME ["/data"]
EXPOSE 8000
# Liveness only (no database): the orchestrator restarts a server that stopped answering.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn", "lagesbild.wsgi", "-c", "python:lagesbild.web.gunicorn_config", "--preload", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120", "--forwarded-allow-ips", "*", "--access-logfile", "-"]
