#!/usr/bin/env bash
# Create benchmarks/peer/.venv with the peer (django-helpdesk) from requirements.txt, apart from Sopan's own .venv so
# that neither dependency tree leaks into the other. Idempotent: a stamp holds the hash of requirements.txt and the
# Python version it was installed with, and a second run with both unchanged does nothing.
#   PYTHON=python3.11 benchmarks/peer/setup.sh     (default: python3, the interpreter Sopan's .venv uses here)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=$here/.venv
python=${PYTHON:-python3}
stamp=$venv/.requirements.stamp

want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version.split()[0])')"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "peer venv up to date: $venv"
  exit 0
fi

# A changed Python or requirements file starts from an empty venv: no package of an older pin stays behind.
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
"$venv/bin/pip" check
echo "$want" > "$stamp"
echo "peer venv installed: $venv ($("$venv/bin/python" -m django --version) Django, $("$venv/bin/pip" show django-helpdesk | sed -n 's/^Version: //p') django-helpdesk)"
