# Article normaliser: the HTTP service (gunicorn + Flask) and its command line, in one image.
#
#   docker build -t article-normaliser .
#   docker run --rm -p 8000:8000 article-normaliser
#   docker run --rm -i article-normaliser article-normaliser --compact - < page.txt
#
# The base image is a build argument, so that the image also builds from a locally made base
# where no registry is reachable (scripts/container-smoke.sh does exactly that). Both stages
# must use the same base: the final stage installs wheels built against its Python.
ARG PYTHON_IMAGE=python:3.11-slim

# ---- build: wheels for the package and every dependency ---------------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
# Dependencies first, from pyproject.toml alone (a placeholder package stands in for the source):
# this layer is rebuilt only when the dependencies change, not on every source edit.
COPY pyproject.toml README.md ./
RUN mkdir -p service && touch service/__init__.py \
 && python -m pip wheel --wheel-dir /wheels . \
 && rm -f /wheels/article_normaliser-*.whl
COPY service ./service
RUN python -m pip wheel --no-deps --wheel-dir /wheels .

# ---- final: the wheels installed into a virtualenv, run as a non-root user --------------------
FROM ${PYTHON_IMAGE} AS final
ARG PYTHON_IMAGE
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="article-normaliser" \
      org.opencontainers.image.description="Turns raw scraped news pages into one clean, predictable JSON article." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="${PYTHON_IMAGE}"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000
# The wheels are bind-mounted from the build stage, so none of them stays in a layer.
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-index --find-links=/wheels article-normaliser \
 && /opt/venv/bin/pip uninstall -y pip \
 && find /opt/venv -name __pycache__ -type d -prune -exec rm -rf {} + \
 && groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin app
WORKDIR /app
COPY gunicorn.conf.py ./
USER 10001:10001
EXPOSE 8000
# python, not curl: the slim base has no curl. PORT is the one gunicorn.conf.py listens on.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]
# gunicorn.conf.py takes its settings (PORT, WEB_CONCURRENCY, ...) from the environment.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "service.wsgi:app"]
