#!/usr/bin/env python3
"""crash_safety.py - kill scan (SIGKILL, scapula and its workers) while it writes a fleet.

usage: crash_safety.py SCAPULA SOURCE_DIR WORKDIR [HOSTS]

A fleet of HOSTS bundles (default 96, made from the four examples) is scanned three times:
  1. completely, with SOURCE_DATE_EPOCH=1700000000: the earlier report in OUTDIR;
  2. completely again with SOURCE_DATE_EPOCH=1800000000 into a reference folder: what every
     file of the new report is, byte for byte (scan's output is reproducible);
  3. over the earlier report with the new epoch, killed with SIGKILL (the whole process
     group) when 10%, then 40%, then 70% of the files have been replaced - three kills, each
     resuming from what the last one left.
After every kill, in OUTDIR:
  - every file is the earlier one or the reference one, byte for byte: never half-written,
    never lost; every arf.xml parses and holds the host's TestResult;
  - no file other than the expected outputs: no temporary. scapula writes through O_TMPFILE,
    so a write cut short leaves nothing; a replacement is linked under a temporary name and
    renamed (two system calls), so a kill exactly between them may leave a *complete*
    temporary: tolerated only if it equals the reference file, and then the next scan must
    remove it;
  - no process of the group survives.
Finally a complete scan over the remains gives exactly the reference report.
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

XCCDF = "{http://checklists.nist.gov/xccdf/1.2}"
HOST_FILES = ("arf.xml", "report.html", "checklist.ckl", "checklist.cklb", "results.csv")
EXAMPLES = {"mailbox-default": "EXMB01", "mailbox-hardened": "EXMB02",
            "edge-default": "EXEDGE01", "edge-hardened": "EXEDGE02"}
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


def make_fleet(source, folder, n):
    os.makedirs(folder)
    names = []
    kinds = sorted(EXAMPLES)
    for i in range(n):
        kind = kinds[i % len(kinds)]
        old = EXAMPLES[kind]
        new = "H%04d%s" % (i, old)
        with open(os.path.join(source, "content/examples", kind + ".json")) as f:
            text = f.read()
        # the host name is also the scope of per-server cmdlets: rename it everywhere
        text = text.replace(old, new).replace(old.lower(), new.lower())
        json.loads(text)
        with open(os.path.join(folder, new + ".json"), "w") as f:
            f.write(text)
        names.append(new)
    return names


def scan(scapula, fleet, out, epoch):
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    return subprocess.Popen([scapula, "scan", "--facts", fleet, "-q", "-j", "4", "-o", out],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def contents(top):
    """relative path -> sha256 of every file below TOP."""
    out = {}
    for root, _, files in os.walk(top):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, top)] = hashlib.sha256(f.read()).hexdigest()
    return out


def expected_names(hosts):
    return {"index.html"} | {"%s/%s" % (h, f) for h in hosts for f in HOST_FILES}


def replaced(out, earlier):
    """How many files of OUTDIR differ from the earlier report (by inode: each write is a new
    file)."""
    n = 0
    for rel, ino in earlier.items():
        try:
            if os.stat(os.path.join(out, rel)).st_ino != ino:
                n += 1
        except FileNotFoundError:
            pass
    return n


def inodes(top):
    return {rel: os.stat(os.path.join(top, rel)).st_ino for rel in contents(top)}


def temp_of(rel):
    """The output a name ".NAME.XXXXXX" is a temporary of, or None."""
    folder, base = os.path.split(rel)
    parts = base.split(".")
    if base.startswith(".") and len(parts) >= 3 and len(parts[-1]) == 6:
        return os.path.join(folder, ".".join(parts[1:-1]))
    return None


def judge(label, out, earlier, reference, names):
    now = contents(out)
    stale = []
    for rel, digest in sorted(now.items()):
        if rel in names:
            if digest not in (earlier.get(rel), reference.get(rel)):
                fail("%s: %s is neither the earlier nor the new file (half-written?)" % (label, rel))
            if rel.endswith("arf.xml"):
                try:
                    tr = ET.parse(os.path.join(out, rel)).getroot().find(".//%sTestResult" % XCCDF)
                    target = tr.find(XCCDF + "target").text if tr is not None else None
                    if target != rel.split("/")[0]:
                        fail("%s: %s holds no TestResult for its host" % (label, rel))
                except ET.ParseError as e:
                    fail("%s: %s does not parse: %s" % (label, rel, e))
        elif temp_of(rel) in names and digest == reference.get(temp_of(rel)):
            stale.append(rel)  # complete: killed between link and rename
        else:
            fail("%s: %s should not be there (a temporary?)" % (label, rel))
    for rel in names - set(now):
        fail("%s: %s is gone" % (label, rel))
    return stale


def living(pgid):
    """Processes of group PGID that are not zombies (this container's init may not reap)."""
    alive = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(pid))
    return alive


def killed_run(scapula, fleet, out, earlier_inodes, total, fraction, label):
    proc = scan(scapula, fleet, out, 1800000000)
    want = max(1, int(total * fraction))
    deadline = time.monotonic() + 300
    while replaced(out, earlier_inodes) < want and proc.poll() is None:
        if time.monotonic() > deadline:
            break
        time.sleep(0.005)
    alive = proc.poll() is None
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # SIGKILL is delivered at once, but the kernel may take a moment (longer under ASan) to
    # tear the processes down: wait for them, within a bound.
    gone_by = time.monotonic() + 10
    while living(proc.pid) and time.monotonic() < gone_by:
        time.sleep(0.05)
    if living(proc.pid):
        fail("%s: processes of the killed scan survived: %s" % (label, living(proc.pid)))
    if not alive:
        fail("%s: scan finished before it could be killed (fleet too small?)" % label)
    n = replaced(out, earlier_inodes)
    print("%s: killed with %d of %d files replaced" % (label, n, total))
    return n


def main():
    scapula, source, work = (os.path.abspath(a) for a in sys.argv[1:4])
    hosts_n = int(sys.argv[4]) if len(sys.argv) > 4 else 96
    if os.path.exists(work):
        shutil.rmtree(work)
    fleet, out, ref = (os.path.join(work, d) for d in ("fleet", "out", "reference"))
    hosts = make_fleet(source, fleet, hosts_n)
    names = expected_names(hosts)

    start = time.monotonic()
    for folder, epoch in ((out, 1700000000), (ref, 1800000000)):
        p = scan(scapula, fleet, folder, epoch)
        _, err = p.communicate()
        if p.returncode not in (0, 2) or set(contents(folder)) != names:
            sys.exit("complete scan into %s failed (exit %d): %s" % (folder, p.returncode, err))
    print("two complete scans of %d hosts: %.1f s" % (hosts_n, time.monotonic() - start))
    earlier, reference = contents(out), contents(ref)
    if any(earlier[r] == reference[r] for r in names if r.endswith("arf.xml")):
        sys.exit("the two epochs gave the same ARF: nothing would tell old from new")

    earlier_inodes = inodes(out)
    stale = []
    for fraction in (0.1, 0.4, 0.7):
        label = "kill at %d%%" % (fraction * 100)
        killed_run(scapula, fleet, out, earlier_inodes, len(names), fraction, label)
        stale += judge(label, out, earlier, reference, names)
    if stale:
        print("complete temporaries left between link and rename: %s" % ", ".join(stale))

    p = scan(scapula, fleet, out, 1800000000)
    _, err = p.communicate()
    final = contents(out)
    if final != reference:
        diff = sorted(set(final) ^ set(reference)) + sorted(
            r for r in set(final) & set(reference) if final[r] != reference[r])
        fail("the scan after the kills does not give the reference report: %s" % diff[:10])
    print("%d failures" % len(failures))
    if not failures:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
