#!/usr/bin/env bash
# Prepare a bare machine: Debian packages (browser, Korean fonts, PDF tools), a virtualenv and
# the Python packages pinned by constraints.txt. Usage: scripts/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[ "${1:-}" = "--dev" ] && DEV=1

# Debian packages: fonts-nanum (Korean PDF/chart text), poppler-utils (PDF checks) and, for the
# browser tests, chromium. Installed only when missing.
need=()
fc-list 2>/dev/null | grep -qi nanum || [ -e /usr/share/fonts/truetype/nanum/NanumGothic.ttf ] || need+=(fonts-nanum)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ "$DEV" = 1 ]; then command -v chromium >/dev/null 2>&1 || need+=(chromium); fi
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "setup: installing Debian packages: ${need[*]}"
    $SUDO apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}" >/dev/null
  else
    echo "setup: please install these system packages yourself: ${need[*]}" >&2
  fi
fi

PY=""
for candidate in python3 python3.11 python3.12 python3.13; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import sys; sys.exit(sys.version_info < (3, 11))" 2>/dev/null; then
    PY="$candidate"; break
  fi
done
[ -n "$PY" ] || { echo "setup: Python 3.11 or newer is required" >&2; exit 1; }

[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "$DEV" = 1 ]; then
  .venv/bin/pip install -q -c constraints.txt -e ".[dev]"
else
  .venv/bin/pip install -q -c constraints.txt -e .
fi
echo "setup: ready ($(.venv/bin/python --version), $(.venv/bin/axp --version 2>/dev/null || echo axp))"
