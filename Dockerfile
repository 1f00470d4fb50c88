# claimwatch in a container: `docker build -t claimwatch .` then see docker-compose.yml.
# The base is an argument so a mirror or a pinned digest can stand in without editing this file.
ARG BASE=python:3.12-slim

# --- build: a self-contained venv in /opt/claimwatch -------------------------------------------
FROM ${BASE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python -m venv /opt/claimwatch
# Dependencies first, read from pyproject.toml: this layer stays cached while only code changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
 && /opt/claimwatch/bin/pip install -r requirements.txt
# The project itself: a regular (not editable) install, without test extras.
COPY . .
RUN /opt/claimwatch/bin/pip install --no-deps . \
 && /opt/claimwatch/bin/python -m compileall -q /opt/claimwatch/lib

# --- runtime: the venv, the default config and nothing to build with ----------------------------
FROM ${BASE}
ENV PATH=/opt/claimwatch/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    CLAIMWATCH_CONFIG=/config/claimwatch.toml \
    CLAIMWATCH_MONITOR__STATE=/data/claimwatch.db
RUN useradd --uid 10001 --user-group --home-dir /data --no-create-home --shell /usr/sbin/nologin claimwatch \
 && mkdir -p /data /config \
 && chown 10001:10001 /data
COPY --from=build /opt/claimwatch /opt/claimwatch
# The default config; mount your own at /config (read-only is fine: only /data is written).
COPY config/claimwatch.toml /config/claimwatch.toml
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
# The status page, /healthz and /metrics. The server binds 127.0.0.1 unless
# CLAIMWATCH_SERVER__HOST=0.0.0.0 is set, which is enough for this in-container healthcheck.
EXPOSE 8787
# slim images have no curl; urlopen raises (exit 1) on a 503 or no answer.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request as u; u.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('CLAIMWATCH_SERVER__PORT', '8787'), timeout=4)"]
# Exec form: claimwatch is PID 1 and gets SIGTERM from `docker stop` itself (graceful, < 2 s).
ENTRYPOINT ["claimwatch"]
CMD ["run"]
