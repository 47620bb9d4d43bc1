#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder's image, with the
# autograder zip unpacked in /autograder/source. It gives the kata a .venv of its own with
# the dependencies from pyproject.toml, which run_autograder then uses.
set -euo pipefail
cd "$(dirname "$0")"
apt-get install -y --no-install-recommends python3 python3-venv python3-pip
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet .
.venv/bin/python grader.py --solutions --no-setup > /dev/null   # the kata itself works
