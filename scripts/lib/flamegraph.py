#!/usr/bin/env python3
"""Folds `perf script` output into stacks and draws them as a flame graph (SVG), and a top list.

    perf script -i perf.data | flamegraph.py --svg out.svg --folded out.folded --top out.txt --title "..."
    flamegraph.py --from-folded out.folded --svg again.svg --title "..."

The top list has each function's self share (samples whose innermost frame it is) and its total share
(samples with it anywhere on the stack). Swift symbols are demangled by `perf script` already when
perf was built with libiberty/swift-demangle support; otherwise `swift demangle` is tried.
"""
import argparse
import collections
import html
import re
import shutil
import subprocess
import sys


def read_stacks(lines):
    """Yields each sample's frames, outermost first, under its thread's name (digits as #)."""
    frames = []
    thread = None
    in_sample = False
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if frames:
                yield [thread] + list(reversed(frames))
            frames, in_sample = [], False
            continue
        if not line.startswith((" ", "\t")):
            # The sample's header line: comm pid/tid [cpu] time: period event:
            in_sample = True
            match = re.match(r"^(.*?)\s+\d+(/\d+)?\s+(\[\d+\]\s+)?\d+\.\d+:", line)
            thread = "thread " + re.sub(r"\d+", "#", match.group(1).strip() if match else "?")
            continue
        if in_sample:
            parts = line.strip().split(None, 1)
            symbol = parts[1] if len(parts) > 1 else parts[0]
            symbol = re.sub(r"\s+\((/[^)]*|\[[^\]]*\])\)$", "", symbol)  # the binary it is in
            symbol = re.sub(r"\+0x[0-9a-f]+$", "", symbol)
            frames.append(symbol.strip() or "[unknown]")
    if frames:
        yield [thread] + list(reversed(frames))


def demangle(names):
    """Demangles Swift names in bulk with `swift demangle --simplified`, if available."""
    mangled = [n for n in names if n.startswith(("$s", "_$s", "$S"))]
    if not mangled or not shutil.which("swift"):
        return {}
    out = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(mangled),
                         capture_output=True, text=True).stdout.splitlines()
    return dict(zip(mangled, out)) if len(out) == len(mangled) else {}


def shorten(name):
    """Drops generic arguments and parameter lists, so one function is one box."""
    name = re.sub(r"\(extension in [^)]*\):", "", name)
    depth, out = 0, []
    for ch in name:
        if ch in "<(":
            depth += 1
            if depth == 1:
                out.append("(…)" if ch == "(" else "<…>")
            continue
        if ch in ">)" and depth > 0:
            depth -= 1
            continue
        if depth == 0:
            out.append(ch)
    return "".join(out).strip()[:160] or name[:160]


def svg(folded, title, width=1200, row=16):
    """A classic icicle-upside-down flame graph: the root at the bottom, width = samples."""
    root = {"n": 0, "kids": collections.OrderedDict()}
    for stack, count in folded.items():
        node = root
        node["n"] += count
        for frame in stack:
            node = node["kids"].setdefault(frame, {"n": 0, "kids": collections.OrderedDict()})
            node["n"] += count
    total = max(1, root["n"])

    def depth(node):
        return 1 + max((depth(k) for k in node["kids"].values()), default=0)

    levels = depth(root)
    height = (levels + 3) * row
    rects = []

    def walk(node, name, x, level):
        w = node["n"] / total * (width - 20)
        if w < 1.0:  # narrower than a pixel: leave it out (keeps the file small)
            return
        y = height - (level + 2) * row
        hue = 20 + (hash(name) % 40)
        label = html.escape(name)
        share = node["n"] / total * 100
        text = html.escape(name if len(name) * 7 < w else name[: max(0, int(w / 7) - 2)] + ("…" if w > 20 else ""))
        rects.append(
            f'<g><title>{label} ({node["n"]} samples, {share:.1f}%)</title>'
            f'<rect x="{10 + x:.1f}" y="{y}" width="{max(w - 0.5, 0.1):.1f}" height="{row - 1}" '
            f'fill="hsl({hue},90%,{55 + hash(name) % 15}%)"/>'
            + (f'<text x="{13 + x:.1f}" y="{y + row - 4}">{text}</text>' if w > 25 else "") + "</g>")
        cx = x
        for kid_name, kid in sorted(node["kids"].items()):
            walk(kid, kid_name, cx, level + 1)
            cx += kid["n"] / total * (width - 20)

    walk(root, "all", 0, 0)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'font-family="monospace" font-size="11">'
            f'<rect width="100%" height="100%" fill="#fdfdf6"/>'
            f'<text x="10" y="{row}" font-size="14">{html.escape(title)} ({total} samples)</text>'
            + "".join(rects) + "</svg>\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg")
    parser.add_argument("--folded")
    parser.add_argument("--top")
    parser.add_argument("--title", default="flame graph")
    parser.add_argument("--entries", type=int, default=25)
    parser.add_argument("--from-folded", help="read folded stacks (as --folded writes them) instead of perf script")
    args = parser.parse_args()

    folded = collections.Counter()
    if args.from_folded:
        for line in open(args.from_folded):
            stack, count = line.rstrip("\n").rsplit(" ", 1)
            folded[tuple(stack.split(";"))] += int(count)
    else:
        stacks = list(read_stacks(sys.stdin))
        names = demangle({f for s in stacks for f in s})
        for stack in stacks:
            folded[tuple(shorten(names.get(f, f)) for f in stack)] += 1
    if not folded:
        sys.exit("no samples in the input")
    total = sum(folded.values())

    if args.folded:
        with open(args.folded, "w") as out:
            for stack, count in folded.most_common():
                out.write(";".join(stack) + f" {count}\n")
    if args.svg:
        with open(args.svg, "w") as out:
            out.write(svg(folded, args.title))
    self_counts, total_counts = collections.Counter(), collections.Counter()
    for stack, count in folded.items():
        self_counts[stack[-1]] += count
        for frame in set(stack):
            total_counts[frame] += count
    lines = [f"{args.title}: {total} samples", "", "| self % | total % | function |", "| ---: | ---: | --- |"]
    for name, count in self_counts.most_common(args.entries):
        lines.append(f"| {count / total * 100:.1f} | {total_counts[name] / total * 100:.1f} | `{name}` |")
    text = "\n".join(lines) + "\n"
    if args.top:
        with open(args.top, "w") as out:
            out.write(text)
    print(text)


if __name__ == "__main__":
    main()
