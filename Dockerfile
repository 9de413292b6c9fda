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

# ---- build: the package and its dependencies as wheels, installed into a virtualenv -------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
# Dependencies first, from pyproject.toml alone (a placeholder package stands in for the source),
# built as wheels and installed into a virtualenv: this layer is rebuilt only when the
# dependencies change, not on every source edit. The placeholder's build/ goes too: setuptools
# would keep its newer copies over the real source.
COPY pyproject.toml README.md ./
RUN mkdir -p service && touch service/__init__.py \
 && python -m pip wheel --wheel-dir /wheels . \
 && rm -rf /wheels/article_normaliser-*.whl service build ./*.egg-info \
 && python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-index /wheels/*.whl \
 && rm -rf /wheels
# Then the package itself, as a wheel. The venv is copied whole into the final stage: same
# base, same paths, and no wheel, pip or build tool in any final layer. pip compiles the .pyc
# files on install, so workers start fast even on a read-only root file system.
COPY service ./service
RUN python -m pip wheel --no-deps --wheel-dir /tmp/dist . \
 && /opt/venv/bin/pip install --no-index --no-deps /tmp/dist/*.whl \
 && /opt/venv/bin/pip uninstall -y pip \
 && rm -rf /tmp/dist build

# ---- final: the virtualenv from the build stage, run as a non-root user -----------------------
FROM ${PYTHON_IMAGE} AS final
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY gunicorn.conf.py ./
USER 10001:10001
EXPOSE 8000
# python, not curl: the slim base has no curl. PORT is the one gunicorn.conf.py listens on.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]
# Labels last: their per-build values (revision, date) must not invalidate the cached layers.
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
# gunicorn.conf.py takes its settings (PORT, WEB_CONCURRENCY, ...) from the environment.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "service.wsgi:app"]
