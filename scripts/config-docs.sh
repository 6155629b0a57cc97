#!/usr/bin/env bash
# Writes the README's configuration reference from the code: the table `rediclaimctl config --markdown`
# prints replaces the lines between the config-reference markers. `--check` only compares (exit 1 if stale).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

swift build --product rediclaimctl 2>&1 | { grep -E 'error' || true; }
table=$("$(swift build --show-bin-path)/rediclaimctl" config --markdown)
python3 - "$table" "${1:-}" <<'PY'
import sys
table, mode = sys.argv[1], sys.argv[2]
begin, end = "<!-- config-reference:begin -->", "<!-- config-reference:end -->"
text = open("README.md").read()
if begin not in text or end not in text:
    sys.exit("README.md has no config-reference markers")
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
new = head + begin + "\n" + table + "\n" + end + tail
if mode == "--check":
    sys.exit(0 if new == text else "README.md's configuration reference is stale: run scripts/config-docs.sh")
open("README.md", "w").write(new)
print("README.md: configuration reference written (%d keys)" % (table.count("\n") - 1))
PY
