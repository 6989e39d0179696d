# One image recipe for every service: `docker build --build-arg SERVICE=practice .`
# (one file instead of six near-copies; the service is the only difference).
FROM python:3.11-slim-bookworm AS build
ARG SERVICE
COPY --from=ghcr.io/astral-sh/uv:0.9 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /app
# Every member's pyproject is needed for `--frozen` on a workspace.
COPY pyproject.toml uv.lock ./
COPY libs libs
COPY services services
RUN uv sync --frozen --no-dev --package "${SERVICE}"

FROM python:3.11-slim-bookworm
ARG SERVICE
# The evaluation service runs untrusted code in bubblewrap and needs Node for JS/TS.
RUN if [ "${SERVICE}" = "evaluation" ]; then \
      apt-get update && apt-get install -y --no-install-recommends bubblewrap nodejs npm \
      && rm -rf /var/lib/apt/lists/*; fi
RUN useradd --system --uid 10001 whetstone
WORKDIR /app
COPY --from=build /app /app
COPY scripts scripts
COPY tools tools
RUN if [ "${SERVICE}" = "evaluation" ]; then scripts/install-node-tools.sh; fi
ENV PATH="/app/.venv/bin:${PATH}" SERVICE="${SERVICE}" WHETSTONE_ENV=production
USER whetstone
EXPOSE 8000
CMD ["sh", "-c", "exec python -m \"$SERVICE\" serve --host 0.0.0.0"]
