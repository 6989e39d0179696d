#!/usr/bin/env bash
# make check-migrations: every service's migrations, applied to a fresh SQLite database, leave
# nothing for `alembic check` to autogenerate (the models and the migrations agree). Each
# service's alembic.ini/migrations/env.py reads <SERVICE>_DATABASE_URL (its Settings).
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${UV:-uv}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
for service in identity content practice evaluation coach; do
  var="$(echo "$service" | tr a-z A-Z)_DATABASE_URL"
  url="sqlite+aiosqlite:///$work/$service.db"
  if (cd "services/$service" && export "$var=$url" WHETSTONE_ENV=test \
      && timeout 120 "$UV" run --frozen alembic upgrade heads >"$work/$service.log" 2>&1 \
      && timeout 120 "$UV" run --frozen alembic check >>"$work/$service.log" 2>&1); then
    echo "ok   alembic check $service"
  else
    echo "FAIL alembic check $service"; sed 's/^/     /' "$work/$service.log" | tail -30
    failed=$((failed + 1))
  fi
done
echo "check-migrations: $failed failed"
exit "$failed"
