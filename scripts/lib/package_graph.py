#!/usr/bin/env python3
"""The module graph from Package.swift, checked against what each target imports.

  package_graph.py check      every target declares exactly the modules its files import (exit 1 if not)
  package_graph.py mermaid    the graph of the product's own modules as a Mermaid flowchart
  package_graph.py doc FILE   FILE's generated graph equals `mermaid` (exit 1 if not); --write rewrites it
"""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Modules of the platform and toolchain, never declared in Package.swift.
SYSTEM = {"Foundation", "FoundationNetworking", "FoundationEssentials", "Glibc", "Darwin", "Dispatch",
          "Synchronization", "Testing", "XCTest", "_Concurrency", "os", "Observation"}
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_spi\([^)]*\)\s+)?(?:public\s+|internal\s+|package\s+|private\s+|fileprivate\s+)?import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.M)


def package():
    out = subprocess.run(["swift", "package", "--scratch-path", os.path.join(ROOT, ".build-manifest"), "dump-package"],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def target_path(t):
    if t.get("path"):
        return os.path.join(ROOT, t["path"])
    return os.path.join(ROOT, "Tests" if t["type"] == "test" else "Sources", t["name"])


def declared(t):
    names = set()
    for dep in t["dependencies"]:
        kind, value = next(iter(dep.items()))
        names.add(value[0])  # byName / target / product: the first element is the module or product name
    return names


def header(text):
    """The lines before the first declaration: where a Swift file's imports are."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not (stripped.startswith(("import ", "@testable", "@_spi", "public import", "internal import",
                                                  "//", "#if", "#else", "#elseif", "#endif", "@preconcurrency"))):
            break
        lines.append(line)
    return "\n".join(lines)


def imported(t):
    names = set()
    for base, _, files in os.walk(target_path(t)):
        for f in files:
            if f.endswith(".swift"):
                names.update(IMPORT.findall(header(open(os.path.join(base, f), encoding="utf-8").read())))
    return names - SYSTEM - {t["name"]}


def check(pkg):
    problems = []
    for t in pkg["targets"]:
        if t["type"] == "system":
            continue
        d, i = declared(t), imported(t)
        for name in sorted(d - i):
            problems.append(f"{t['name']}: declares {name} but never imports it")
        for name in sorted(i - d):
            problems.append(f"{t['name']}: imports {name} without declaring it")
    for p in problems:
        print(p)
    print(f"{len(pkg['targets'])} targets checked; {len(problems)} problem(s)")
    return 1 if problems else 0


def mermaid(pkg):
    own = {t["name"] for t in pkg["targets"] if t["type"] != "test" and t["name"] != "TestSupport"}
    lines = ["```mermaid", "flowchart TD"]
    for t in sorted(pkg["targets"], key=lambda t: t["name"]):
        if t["name"] not in own:
            continue
        for dep in sorted(declared(t) & own):
            lines.append(f"    {t['name'].replace('-', '_')}[{t['name']}] --> {dep.replace('-', '_')}[{dep}]")
    lines.append("```")
    return "\n".join(lines)


def doc(pkg, path, write):
    begin, end = "<!-- module-graph:begin -->", "<!-- module-graph:end -->"
    text = open(path, encoding="utf-8").read()
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    new = head + begin + "\n" + mermaid(pkg) + "\n" + end + tail
    if write:
        open(path, "w", encoding="utf-8").write(new)
        print(f"{path}: module graph written")
        return 0
    if new != text:
        print(f"{path}: the module graph is stale; run scripts/architecture.sh")
        return 1
    return 0


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "check"
    pkg = package()
    if mode == "check":
        sys.exit(check(pkg))
    if mode == "mermaid":
        print(mermaid(pkg))
        sys.exit(0)
    if mode == "doc":
        sys.exit(doc(pkg, sys.argv[2], "--write" in sys.argv))
    sys.exit(__doc__)
