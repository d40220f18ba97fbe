"""Measurements for bench/run (python3 standard library only). Run through bench/run."""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no bench/__pycache__ in the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gencatalog  # noqa: E402
import genlib  # noqa: E402

NOW = "2026-11-23T08:00:00+07:00"
SUMMARY = re.compile(r"ghi (\d+) tệp, (\d+) không đổi, xóa (\d+)")


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def parse_time_v(path):
    """Peak RSS (MB), user+sys CPU (s), exit status from a `/usr/bin/time -v -o` file."""
    out = {"rss_mb": 0.0, "cpu_s": 0.0, "exit": None}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.strip()
                if line.startswith("Maximum resident set size"):
                    out["rss_mb"] = int(line.rsplit(":", 1)[1]) / 1024
                elif line.startswith(("User time", "System time")):
                    out["cpu_s"] += float(line.rsplit(":", 1)[1])
                elif line.startswith("Exit status"):
                    out["exit"] = int(line.rsplit(":", 1)[1])
    except FileNotFoundError:
        pass
    return out


def html_mtimes(root):
    """{path: (mtime_ns, inode)} of every .html file under root."""
    res = {}
    for dirpath, _, files in os.walk(root):
        for fn in files:
            if fn.endswith(".html"):
                p = os.path.join(dirpath, fn)
                st = os.stat(p)
                res[p] = (st.st_mtime_ns, st.st_ino)
    return res


SETTLE_S = 30


def settle():
    """After deleting a previous output: flush, then wait until ext4 stops treating the freed
    inodes as recently deleted (it skips them for about 30 s, which makes the next build's
    file creations several times slower). Done before every cold build of both tools."""
    os.sync()
    time.sleep(SETTLE_S)


def loadavg():
    try:
        return open("/proc/loadavg").read().split()[0]
    except OSError:
        return "?"


def timed(cmd, logdir, name, shell=False):
    """Runs cmd under /usr/bin/time -v; returns wall (monotonic), time -v figures, stderr text."""
    tfile = os.path.join(logdir, f"{name}.time")
    efile = os.path.join(logdir, f"{name}.stderr")
    full = ["/usr/bin/time", "-v", "-o", tfile] + (["bash", "-c", cmd] if shell else cmd)
    la = loadavg()
    t0 = time.monotonic()
    with open(efile, "w", encoding="utf-8") as err, open(os.path.join(logdir, f"{name}.stdout"), "w") as out:
        rc = subprocess.call(full, stdout=out, stderr=err)
    wall = time.monotonic() - t0
    tv = parse_time_v(tfile)
    with open(efile, encoding="utf-8", errors="replace") as f:
        stderr = f.read()
    return {"wall": wall, "rc": rc, "load": la, **tv, "stderr": stderr, "stderr_file": efile}


def congxa_summary(stderr):
    lines = [l for l in stderr.splitlines() if SUMMARY.search(l)]
    line = lines[-1].strip() if lines else ""
    m = SUMMARY.search(line)
    errors = [l.strip() for l in stderr.splitlines() if re.match(r"^\s*\d+\. lỗi", l)]
    warnings = sum(1 for l in stderr.splitlines() if re.match(r"^\s*\d+\. cảnh báo", l))
    return {
        "summary": line,
        "written": int(m.group(1)) if m else None,
        "unchanged": int(m.group(2)) if m else None,
        "removed": int(m.group(3)) if m else None,
        "errors": errors,
        "warnings": warnings,
    }


def run_congxa(binary, proj, out, logdir, manifest, catalog=0):
    """Cold build, no-change rebuild, one-page edit (one catalog entry with a generated catalog);
    returns rows."""
    rows = []
    cmd = [binary, "build", "--root", proj, "--out", out, "--now", NOW]
    # Cold: no output and no cache (fingerprints, processed images).
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(os.path.join(proj, ".congxa-cache"), ignore_errors=True)
    settle()
    phases = [("cold", None), ("no-change", None),
              ("one-catalog-entry edit", "entry") if catalog else ("one-page edit", "edit")]
    edited = None
    for phase, action in phases:
        if action == "edit":
            edited = edit_one_page(proj, manifest)
        elif action == "entry":
            edited = edit_one_entry(proj)
        before = html_mtimes(out) if os.path.isdir(out) else {}
        log(f"congxa {phase}: {' '.join(cmd)}")
        r = timed(cmd, logdir, f"congxa-{phase.replace(' ', '-')}")
        after = html_mtimes(out)
        changed = sorted(p for p, v in after.items() if before.get(p) != v)
        written_html = len(changed)
        # Which pages of a site an edit rewrote, the same in every site: proof that only the
        # edited entry's pages (and the lists that show it) were written.
        kinds = sorted({os.path.relpath(p, out).split(os.sep, 1)[-1] for p in changed})
        s = congxa_summary(r["stderr"])
        rows.append({"tool": "congxa", "phase": phase, "sites": manifest["sites"], "wall": r["wall"], "cpu": r["cpu_s"],
                     "rss": r["rss_mb"], "html_total": len(after), "html_written": written_html, "rc": r["rc"],
                     "load": r["load"], **s, "cmd": " ".join(cmd), "log": r["stderr_file"],
                     "pages_per_site": kinds if len(kinds) <= 20 else len(kinds)})
        log(f"  {r['wall']:.2f} s wall, {r['cpu_s']:.2f} s CPU, {r['rss_mb']:.0f} MB, rc {r['rc']}: {s['summary']}")
    if edited:
        path, original = edited
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
    return rows


def edit_one_entry(proj):
    """Changes the summary of the first generated catalog entry."""
    path = os.path.join(proj, "content", "procedures", "7.100000.yaml")
    with open(path, encoding="utf-8") as f:
        original = f.read()
    text = original.replace('summary: "', 'summary: "Đã cập nhật hướng dẫn. ', 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    log(f"edited {os.path.relpath(path, proj)}")
    return path, original


def edit_one_page(proj, manifest):
    site = manifest["folders"][0]
    d = os.path.join(proj, "sites", site, "content", "tin-tuc")
    page = sorted(p for p in os.listdir(d) if p != "_index.md")[0] if os.path.isdir(d) else None
    if page is None:
        d, page = os.path.join(proj, "sites", site, "content"), "gioi-thieu.md"
    path = os.path.join(d, page)
    with open(path, encoding="utf-8") as f:
        original = f.read()
    text = re.sub(r'^updated: "[^"]*"', 'updated: "2026-11-22"', original, count=1, flags=re.M)
    text += "\nBổ sung: buổi làm việc được lùi sang sáng thứ Bảy tuần sau do thời tiết xấu.\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    log(f"edited {os.path.relpath(path, proj)}")
    return path, original


def run_hugo(hugo, hugo_root, out_root, logdir, manifest, jobs):
    shutil.rmtree(out_root, ignore_errors=True)
    os.makedirs(out_root)
    settle()
    tdir = os.path.join(logdir, "hugo-time")
    shutil.rmtree(tdir, ignore_errors=True)
    os.makedirs(tdir)
    listfile = os.path.join(logdir, "hugo-sites.txt")
    with open(listfile, "w") as f:
        f.write("\n".join(manifest["folders"]) + "\n")
    one = (f'/usr/bin/time -v -o "{tdir}/$1.time" "{hugo}" --source "{hugo_root}/$1" '
           f'--destination "{out_root}/$1" --quiet')
    cmd = f"xargs -P {jobs} -n 1 -a '{listfile}' bash -c '{one}' _"
    log(f"hugo cold ({manifest['sites']} processes, xargs -P {jobs}): hugo --source <site> --destination <out> --quiet")
    r = timed(cmd, logdir, "hugo-cold", shell=True)
    per = [parse_time_v(os.path.join(tdir, f"{s}.time")) for s in manifest["folders"]]
    failed = [s for s, p in zip(manifest["folders"], per) if p["exit"] != 0]
    html = len(html_mtimes(out_root))
    row = {"tool": "Hugo", "phase": "cold", "sites": manifest["sites"], "wall": r["wall"], "cpu": sum(p["cpu_s"] for p in per),
           "rss": max((p["rss_mb"] for p in per), default=0), "html_total": html, "html_written": html, "rc": r["rc"],
           "load": r["load"], "summary": f"{len(failed)} of {len(per)} processes failed" if failed else "",
           "written": sum(1 for _, _, fs in os.walk(out_root) for _ in fs), "unchanged": 0, "removed": 0,
           "errors": failed[:5], "warnings": 0, "cmd": cmd, "log": r["stderr_file"]}
    log(f"  {r['wall']:.2f} s wall, {row['cpu']:.2f} s CPU, peak {row['rss']:.0f} MB per process, {html} html, rc {r['rc']}")
    return row


def fmt_table(project, rows):
    out = [f"### {project}", "",
           "| project | tool | build | sites | wall s | CPU s | pages (.html written) | pages/s | files written / unchanged / removed | peak RSS MB | load avg at start |",
           "|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|"]
    for r in rows:
        pps = r["html_written"] / r["wall"] if r["wall"] > 0 else 0
        files = f"{r['written']} / {r['unchanged']} / {r['removed']}" if r["written"] is not None else "?"
        out.append(f"| {project} | {r['tool']} | {r['phase']} | {r['sites']} | {r['wall']:.2f} | {r['cpu']:.2f} | "
                   f"{r['html_written']} of {r['html_total']} | {pps:.0f} | {files} | {r['rss']:.0f} | {r['load']} |")
    cold = {r["tool"]: r for r in rows if r["phase"] == "cold"}
    if "congxa" in cold and "Hugo" in cold:
        c, h = cold["congxa"], cold["Hugo"]
        ratio = lambda a, b: f"{a / b:.2f}" if b else "—"
        pc, ph = c["html_written"] / c["wall"], h["html_written"] / h["wall"]
        out += ["", f"Cold build, congxa / Hugo: wall {ratio(c['wall'], h['wall'])}×, CPU {ratio(c['cpu'], h['cpu'])}×, "
                f"pages/s {ratio(pc, ph)}×, CPU s per 1,000 pages {ratio(c['cpu'] / c['html_written'], h['cpu'] / h['html_written'])}× "
                f"({1000 * c['cpu'] / c['html_written']:.2f} vs {1000 * h['cpu'] / h['html_written']:.2f}), "
                f"peak RSS {ratio(c['rss'], h['rss'])}× (congxa: one process for all sites; Hugo: largest of the per-site processes)."]
    for r in rows:
        if r["tool"] == "congxa":
            out.append(f"\n- congxa {r['phase']}: `{r['summary']}`" + (f" — exit {r['rc']}" if r["rc"] else ""))
            if r["errors"]:
                out.append(f"  - {len(r['errors'])} errors, first: " + "; ".join(f"`{e}`" for e in r["errors"][:3]))
            if r.get("phase") != "cold" and isinstance(r.get("pages_per_site"), list):
                out.append("  - pages rewritten in each site: " + (", ".join(f"`{p}`" for p in r["pages_per_site"]) or "none"))
        elif r["errors"] or r["rc"]:
            out.append(f"\n- Hugo: exit {r['rc']}; failed sites: {', '.join(r['errors'])}")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--project", required=True, choices=["province", "country"])
    ap.add_argument("--sites", type=int, default=0)
    ap.add_argument("--congxa", required=True)
    ap.add_argument("--hugo", default="")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--news", type=int, default=-1, help="generated pages per site; -1: calibrate to ≈150 output pages")
    ap.add_argument("--target-pages", type=int, default=150)
    ap.add_argument("--results", required=True, help="JSON lines file the rows are appended to")
    ap.add_argument("--catalog", type=int, default=0, help="generated procedures added to the catalog")
    ap.add_argument("--shard", default="", help="I/N: generate and build only part I of N of the sites")
    a = ap.parse_args()

    name = a.project + (f"-{a.sites}" if a.sites else "") + (f"-cat{a.catalog}" if a.catalog else "")
    if a.shard:
        name += "-shard{}of{}".format(*a.shard.split("/"))
    pdir = os.path.join(a.work, name)
    os.makedirs(pdir, exist_ok=True)
    logdir = os.path.join(pdir, "logs")
    os.makedirs(logdir, exist_ok=True)

    news = a.news
    if news < 0:
        news = calibrate(a, pdir)
    stamp = inputs_stamp(a.repo, a.project, a.sites, news, bool(a.hugo), a.catalog, a.shard)
    stamp_file = os.path.join(pdir, "inputs.sha256")
    manifest_file = os.path.join(pdir, "manifest.json")
    if os.path.exists(stamp_file) and open(stamp_file).read() == stamp and os.path.exists(manifest_file):
        manifest = json.load(open(manifest_file, encoding="utf-8"))
        log(f"reusing the generated {a.project} project under {pdir} (same inputs)")
    else:
        if os.path.exists(stamp_file):
            os.remove(stamp_file)
        log(f"generating {a.project} project under {pdir} ({news} generated news pages per site)")
        t0 = time.monotonic()
        manifest = genlib.generate(a.repo, pdir, a.project, a.sites, news, hugo=bool(a.hugo), shard=a.shard)
        if a.catalog:
            gencatalog.generate(os.path.join(pdir, "congxa", "content", "procedures"), a.catalog)
            manifest["catalog"] = a.catalog
        with open(stamp_file, "w") as f:
            f.write(stamp)
        log(f"  {manifest['sites']} sites, {len(manifest['suffixed'])} folders with a province suffix, "
        f"{manifest['markdown_pages_per_site']} Markdown pages per site, in {time.monotonic() - t0:.0f} s")

    rows = run_congxa(a.congxa, os.path.join(pdir, "congxa"), os.path.join(pdir, "out-congxa"), logdir, manifest,
                      a.catalog)
    if a.hugo:
        rows.append(run_hugo(a.hugo, os.path.join(pdir, "hugo"), os.path.join(pdir, "out-hugo"), logdir, manifest, a.jobs))
    label = (f"{'TP Hồ Chí Minh (79)' if a.project == 'province' else 'whole country'}" + (f", --sites {a.sites}" if a.sites else "")
             + (f", +{a.catalog} generated procedures" if a.catalog else "") + (f", part {a.shard}" if a.shard else ""))
    table = fmt_table(label, rows)
    with open(a.results, "a", encoding="utf-8") as f:
        f.write(json.dumps({"project": label, "news": news, "manifest": {k: v for k, v in manifest.items() if k != "folders"},
                            "rows": rows, "table": table}, ensure_ascii=False, default=str) + "\n")
    print(table)


def inputs_stamp(repo, project, sites, news, hugo, catalog=0, shard=""):
    """Hash of everything the generated project is made from, to reuse it when nothing changed."""
    import hashlib
    h = hashlib.sha256(json.dumps([project, sites, news, hugo, catalog, shard]).encode())
    paths = [os.path.join(repo, "bench", "genlib.py"), os.path.join(repo, "bench", "gencatalog.py"),
             os.path.join(repo, "data", "vn-communes-2025.csv")]
    for top in ("content", "themes", os.path.join("sites", "phuong-cam-thanh")):
        for dirpath, dirnames, files in os.walk(os.path.join(repo, top)):
            dirnames.sort()
            paths += [os.path.join(dirpath, f) for f in sorted(files)]
    for p in paths:
        h.update(os.path.relpath(p, repo).encode() + b"\0")
        with open(p, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def calibrate(a, pdir):
    """Generated pages per site so a site has ≈ target output pages: build one copy without any."""
    cdir = os.path.join(pdir, "calibrate")
    genlib.generate(a.repo, cdir, "province", 1, 0, hugo=False)
    out = os.path.join(cdir, "out")
    subprocess.run([a.congxa, "build", "--root", os.path.join(cdir, "congxa"), "--out", out, "--now", NOW],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = sum(1 for p in html_mtimes(out) if os.path.dirname(p) != out)  # not the root directory page
    shutil.rmtree(cdir, ignore_errors=True)
    if base == 0:
        log("calibration build wrote no page (see errors by running congxa on a --sites 1 project); using 100 generated pages")
        return 100
    news = max(0, a.target_pages - base - 1)  # -1: the tin-tuc/ section page
    log(f"calibration: the demo site alone gives {base} HTML pages -> {news} generated pages per site")
    return news


def report(path):
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        m = r["manifest"]
        print(r["table"])
        print(f"Project: {m['sites']} sites ({len(m['suffixed'])} folders with a province suffix), "
              f"{m['markdown_pages_per_site']} Markdown pages per site, of which {r['news']} generated in tin-tuc/.\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["report"]:
        report(sys.argv[2])
    else:
        main()
