#!/usr/bin/env bash
# Time and peak memory of loading the national demo (about 100,000 people and 1,000,000
# contact attempts) into a fresh database: DATABASE_URL if set, else a new SQLite file.
#   bash benchmarks/demo_national.sh
#   .venv/bin/python scripts/with_postgres.py -- bash benchmarks/demo_national.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL="sqlite:///$(mktemp -d)/national.sqlite3"
  export DATABASE_URL
fi
.venv/bin/python manage.py migrate -v0
/usr/bin/time -f "elapsed %e s, peak memory %M KB" .venv/bin/brobygger demo --scale national
