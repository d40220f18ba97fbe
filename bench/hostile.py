"""One poisoned image, one FIFO and one out-of-project symlink among a province's 168 sites.

    python3 bench/hostile.py --congxa BIN [--runs N] [--timeout S] [--work DIR]

Generates the province project of bench/run (TP Hồ Chí Minh, 168 sites; bench/genlib.py), then a
copy of it with three sites poisoned:

- site 1: `static/anh/bom.png`, a PNG whose header declares 100,000 × 100,000 pixels (a few
  dozen bytes; decoding it naively asks for 40 GB);
- site 2: `can-bo.yaml` replaced by a FIFO (opening it for reading blocks forever);
- site 3: `content/gioi-thieu.md` replaced by a symlink to a file outside the project.

Each project is built cold (`congxa build`, no output and no cache) under `/usr/bin/time -v`,
clean and poisoned in turn, `--runs` times (default 3). Checked on every poisoned run: the
process ends (past --timeout, default 600 s, it counts as a hang), exits 1, names each poisoned file in
its report, and builds every other site exactly as the clean build does (same files, same
bytes). Printed: the medians of wall time and peak RSS of both, as a markdown table.
Python 3 standard library only; everything goes under --work (default bench/work/hostile).
"""

import argparse
import filecmp
import os
import shutil
import statistics
import struct
import subprocess
import sys
import time
import zlib

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import genlib  # noqa: E402



def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def huge_png(width=100_000, height=100_000):
    """A valid PNG signature and IHDR declaring width × height RGBA pixels, one tiny IDAT."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat)
            + png_chunk(b"IEND", b""))


def poison(proj, outside):
    """Poisons three sites of `proj`; returns {site folder: file named in the report}."""
    sites = sorted(os.listdir(os.path.join(proj, "sites")))
    a, b, c = sites[0], sites[1], sites[2]
    with open(os.path.join(proj, "sites", a, "static", "anh", "bom.png"), "wb") as f:
        f.write(huge_png())
    people = os.path.join(proj, "sites", b, "can-bo.yaml")
    if os.path.exists(people):
        os.remove(people)
    os.mkfifo(people)
    page = os.path.join(proj, "sites", c, "content", "gioi-thieu.md")
    os.remove(page)
    os.symlink(outside, page)
    return {a: "bom.png", b: "can-bo.yaml", c: "gioi-thieu.md"}


def tree(root):
    """Relative paths of every file under root."""
    out = set()
    for dirpath, _, files in os.walk(root):
        for fn in files:
            out.add(os.path.relpath(os.path.join(dirpath, fn), root))
    return out


def same_site(a, b):
    """Whether two built site folders hold the same files with the same bytes."""
    ta, tb = tree(a), tree(b)
    if ta != tb:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, sorted(ta), shallow=False)
    return not mismatch and not errors


def build(binary, proj, out, logdir, name, timeout):
    """A cold build under /usr/bin/time -v; returns (wall s, peak RSS MB, exit code, stderr)."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(os.path.join(proj, ".congxa-cache"), ignore_errors=True)
    bench.settle()
    tfile = os.path.join(logdir, f"{name}.time")
    cmd = ["/usr/bin/time", "-v", "-o", tfile, binary, "build", "--root", proj, "--out", out,
           "--now", bench.NOW]
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return timeout, 0.0, "hang", ""
    wall = time.monotonic() - t0
    with open(os.path.join(logdir, f"{name}.stderr"), "w", encoding="utf-8") as f:
        f.write(p.stderr)
    figures = bench.parse_time_v(tfile)
    return wall, figures["rss_mb"], p.returncode, p.stderr


def check_poisoned(stderr, code, poisoned, clean_out, out):
    """Problems with a poisoned run (empty when it behaved)."""
    problems = []
    if code != 1:
        problems.append(f"exit code {code}, expected 1")
    for site, name in poisoned.items():
        if name not in stderr:
            problems.append(f"{site}: `{name}` not named in the report")
        if os.path.exists(os.path.join(out, site)):
            problems.append(f"{site}: published despite its poisoned file")
    differ = []
    for site in sorted(os.listdir(clean_out)):
        full = os.path.join(clean_out, site)
        if site in poisoned or site == "assets" or site.startswith(".") or not os.path.isdir(full):
            continue
        if not same_site(full, os.path.join(out, site)):
            differ.append(site)
    if differ:
        problems.append(f"{len(differ)} healthy sites missing or differing from the clean build"
                        f" (first: {', '.join(differ[:3])})")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--congxa", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=600, help="seconds before a build counts as hung")
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--work", default=os.path.join(here, "bench", "work", "hostile"))
    a = ap.parse_args()
    binary = os.path.abspath(a.congxa)
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    logdir = os.path.join(a.work, "logs")
    os.makedirs(logdir)
    gen = os.path.join(a.work, "gen")
    genlib.generate(here, gen, "province", 0, 75)
    clean = os.path.join(gen, "congxa")
    poisoned_proj = os.path.join(a.work, "poisoned")
    shutil.copytree(clean, poisoned_proj, symlinks=True)
    outside = os.path.join(a.work, "outside.md")
    with open(outside, "w", encoding="utf-8") as f:
        f.write("---\ntitle: Bên ngoài dự án\n---\nKhông được đăng.\n")
    poisoned = poison(poisoned_proj, outside)
    rows = {"clean": [], "poisoned": []}
    failures = []
    for i in range(a.runs):
        clean_out = os.path.join(a.work, "out-clean")
        wall, rss, code, _ = build(binary, clean, clean_out, logdir, f"clean-{i}", a.timeout)
        if code != 0:
            failures.append(f"run {i}: the clean build exited {code}")
        rows["clean"].append((wall, rss))
        out = os.path.join(a.work, "out-poisoned")
        wall, rss, code, stderr = build(binary, poisoned_proj, out, logdir, f"poisoned-{i}", a.timeout)
        rows["poisoned"].append((wall, rss))
        if code == "hang":
            failures.append(f"run {i}: the poisoned build did not end in {a.timeout} s")
            continue
        failures += [f"run {i}: {p}" for p in check_poisoned(stderr, code, poisoned, clean_out, out)]
    print(f"# congxa hostile province ({len(os.listdir(os.path.join(clean, 'sites')))} sites,"
          f" {a.runs} runs, medians)\n")
    print("| project | wall s | peak RSS MB |")
    print("|---|---:|---:|")
    for name, r in rows.items():
        print(f"| {name} | {statistics.median(w for w, _ in r):.2f} |"
              f" {statistics.median(m for _, m in r):.0f} |")
    print(f"\npoisoned sites: {', '.join(f'{s} ({n})' for s, n in poisoned.items())}")
    if failures:
        print("\nFAILED:\n- " + "\n- ".join(failures))
        sys.exit(1)
    print("\nOK: the three poisoned sites failed with their files named; the other sites equal"
          " the clean build's.")


if __name__ == "__main__":
    main()
