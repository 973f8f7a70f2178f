# Shared by scripts/generate and scripts/test: make .venv with specgen and its dev tools, once.
# Reinstalls only when pyproject.toml changed, so repeated runs start in a second.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "specgen needs Python >= 3.11 (set PYTHON=/path/to/python3.11)" >&2
  exit 2
fi
venv="$root/.venv"
stamp="$venv/.specgen-installed"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "specgen: setting up $venv (once per change of pyproject.toml)" >&2
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet -e ".[dev]"
  echo "$want" > "$stamp"
fi
export PATH="$venv/bin:$PATH"
