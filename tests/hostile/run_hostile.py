#!/usr/bin/env python3
"""run_hostile.py - hostile inputs, end to end, through scapula's command line.

usage: run_hostile.py SCAPULA SOURCE_DIR WORKDIR [CASE-SUBSTRING...]

Each case is an input written here at test time (the big ones are never committed), a
command line, and what must follow:
  - exit status 1 and exactly one line on stderr, naming the file and the place (the
    expected substrings or patterns below), nothing on stdout;
  - within 2 s of wall-clock time and 200 MB of peak resident memory (of scapula and of every
    worker it forked: wait4's rusage);
  - nothing written: OUTDIR holds an earlier report that must come out byte for byte the
    same, with its modification times, and no file may appear there, in the working folder or
    next to the inputs.
With SCAPULA_SANITIZED=1 (the ASan/UBSan build) the time bound is 10 times longer and the
memory bound is not applied (shadow memory is the sanitizer's, not scapula's); the output
says so.

A few cases are not refusals: markup in a facts bundle must come out escaped, and raised
limits must let through what the default refuses. They check what they say.
"""
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile_inputs as gen  # noqa: E402

SANITIZED = os.environ.get("SCAPULA_SANITIZED") == "1"
MAX_SECONDS = 2.0 * (10 if SANITIZED else 1)
MAX_BYTES = 200 * 1000 * 1000
HARD_KILL = 60 * (10 if SANITIZED else 1)
TIME = "/usr/bin/time"  # GNU time, Debian package "time" (.ci/deps --test)


class Run:
    """One finished run of scapula: status, output, time and peak memory.

    The peak comes from GNU time (wait4 on its child): a child forked by this Python process
    would inherit Python's own high-water mark across exec, and scapula's reaped workers count
    in their parent's rusage."""

    def __init__(self, argv, cwd, logdir):
        out_path = os.path.join(logdir, "stdout")
        err_path = os.path.join(logdir, "stderr")
        time_path = os.path.join(logdir, "time")
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            start = time.monotonic()
            proc = subprocess.Popen([TIME, "-f", "%M", "-o", time_path] + argv, cwd=cwd,
                                    stdout=out, stderr=err, env=env, start_new_session=True)
            try:
                self.status = proc.wait(timeout=HARD_KILL)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                self.status = proc.wait()
            self.seconds = time.monotonic() - start
        with open(time_path) as f:
            lines = f.read().split()
        self.peak = int(lines[-1]) * 1024 if lines and lines[-1].isdigit() else 0
        with open(out_path, "rb") as f:
            self.stdout = f.read().decode("utf-8", "replace")
        with open(err_path, "rb") as f:
            self.stderr = f.read().decode("utf-8", "replace")


def digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def snapshot(top, contents=True):
    """Every file and folder below TOP: path -> (mode, size, mtime, bytes digest)."""
    state = {}
    for root, dirs, files in os.walk(top):
        for name in dirs + files:
            path = os.path.join(root, name)
            st = os.lstat(path)
            regular = os.path.isfile(path) and not os.path.islink(path)
            state[os.path.relpath(path, top)] = (
                st.st_mode, st.st_size, st.st_mtime_ns,
                digest(path) if contents and regular else None)
    return state


def tree_changes(before, after):
    problems = []
    for p in sorted(set(before) | set(after)):
        if p not in after:
            problems.append("%s disappeared" % p)
        elif p not in before:
            problems.append("%s appeared" % p)
        elif before[p] != after[p]:
            problems.append("%s changed" % p)
    return problems


def expect_line(err, wants):
    """The problems with stderr ERR, which must be one line holding every one of WANTS (fixed
    strings, or compiled patterns)."""
    problems = []
    lines = err.splitlines()
    if len(lines) != 1 or not err.endswith("\n"):
        problems.append("expected exactly one line on stderr, got %d" % len(lines))
    for w in wants:
        if isinstance(w, re.Pattern):
            if not w.search(err):
                problems.append("stderr does not match /%s/" % w.pattern)
        elif w not in err:
            problems.append("stderr lacks %r" % w)
    return problems


class Harness:
    def __init__(self, scapula, source, work):
        self.scapula = os.path.abspath(scapula)
        self.source = os.path.abspath(source)
        self.work = os.path.abspath(work)
        self.inputs = os.path.join(self.work, "inputs")
        self.results = []
        if os.path.exists(self.work):
            shutil.rmtree(self.work)
        os.makedirs(self.inputs)
        self.facts = os.path.join(self.source, "content/examples/mailbox-default.json")
        self.baseline = os.path.join(self.work, "earlier-report")
        run = self.run_plain(["scan", "--facts", self.facts, "-q", "-o", self.baseline])
        if run.status != 2 or not os.path.isfile(os.path.join(self.baseline, "EXMB01/arf.xml")):
            sys.exit("cannot make the earlier report: exit %d: %s" % (run.status, run.stderr))

    def path(self, name):
        return os.path.join(self.inputs, name)

    def subst(self, argv, inp, out):
        return [a.replace("{IN}", inp or "").replace("{OUT}", out).replace("{FACTS}", self.facts)
                .replace("{SRC}", self.source).replace("{WORK}", self.work) for a in argv]

    def case_dirs(self, name):
        base = os.path.join(self.work, "cases", name)
        cwd, out, log = (os.path.join(base, d) for d in ("cwd", "out", "log"))
        for d in (cwd, log):
            os.makedirs(d)
        shutil.copytree(self.baseline, out)
        # the copy's times are its own; what matters is that the run leaves them alone
        return cwd, out, log

    def run_plain(self, args, cwd=None):
        log = os.path.join(self.work, "log-%d" % len(self.results))
        os.makedirs(log, exist_ok=True)
        return Run([self.scapula] + args, cwd or self.work, log)

    def refuse(self, name, inp, argv, wants, status=1):
        """A hostile input: STATUS (1), one precise line, bounded, nothing written."""
        cwd, out, log = self.case_dirs(name)
        before_out, before_in = snapshot(out), snapshot(self.inputs, contents=False)
        run = Run([self.scapula] + self.subst(argv, inp, out), cwd, log)
        problems = []
        if run.status != status:
            problems.append("exit status %d, expected %d" % (run.status, status))
        problems += expect_line(run.stderr, wants)
        if run.stdout:
            problems.append("unexpected stdout: %r" % run.stdout[:200])
        problems += self.bounds(run)
        problems += ["OUTDIR: " + p for p in tree_changes(before_out, snapshot(out))]
        problems += ["inputs: " + p for p in tree_changes(before_in,
                                                          snapshot(self.inputs, False))]
        if os.listdir(cwd):
            problems.append("working folder: %s appeared" % ", ".join(os.listdir(cwd)))
        self.record(name, run, problems)
        return run

    def bounds(self, run):
        problems = []
        if run.seconds > MAX_SECONDS:
            problems.append("took %.2f s > %.0f s" % (run.seconds, MAX_SECONDS))
        if not SANITIZED and run.peak > MAX_BYTES:
            problems.append("peak resident size %.0f MB > %.0f MB"
                            % (run.peak / 1e6, MAX_BYTES / 1e6))
        return problems

    def record(self, name, run, problems):
        self.results.append((name, problems))
        line = run.stderr.strip().splitlines()[0] if run.stderr.strip() else ""
        print("%-4s %-44s %5.2f s %4.0f MB  %s" % ("FAIL" if problems else "ok", name,
              run.seconds, run.peak / 1e6, line[:160]))
        for p in problems:
            print("       " + p)
        sys.stdout.flush()

    def check(self, name, ok, detail):
        """A check that is not a run of its own (made by a case function)."""
        self.results.append((name, [] if ok else [detail]))
        print("%-4s %-44s %s" % ("ok" if ok else "FAIL", name, detail if not ok else ""))


# The ways an XML document gets in: as the package or data stream of a scan, as its tailoring
# file, as its answer file, as an ARF given to report.
XML_DOORS = {
    "package": ["scan", "{IN}", "--facts", "{FACTS}", "-q", "-o", "{OUT}"],
    "tailoring": ["scan", "--facts", "{FACTS}", "--tailoring", "{IN}", "-q", "-o", "{OUT}"],
    "answers": ["scan", "--facts", "{FACTS}", "--answers", "{IN}", "-q", "-o", "{OUT}"],
    "report": ["report", "{IN}", "-o", "{OUT}"],
}
ZIP_DOORS = {
    "scan": ["scan", "{IN}", "--facts", "{FACTS}", "-q", "-o", "{OUT}"],
    "stigs": ["stigs", "{IN}"],
}
JSON_DOORS = {
    "scan": ["scan", "--facts", "{IN}", "-q", "-o", "{OUT}"],
    "facts": ["facts", "{IN}"],
}


def run_table(h, table, doors, only):
    for file_name, make, wants in table:
        inp = h.path(file_name)
        make(inp)
        for door, argv in doors.items():
            name = "%s %s" % (door, file_name)
            if only and not any(o in name for o in only):
                continue
            h.refuse(name, inp, argv, [os.path.basename(file_name)] + wants)
        if os.path.exists(inp) and os.path.getsize(inp) > (1 << 20):
            os.unlink(inp)  # the big ones go as soon as they are used


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    h = Harness(sys.argv[1], sys.argv[2], sys.argv[3])
    only = sys.argv[4:]
    if SANITIZED:
        print("SCAPULA_SANITIZED=1: time bound %.0f s (10 times), memory not bounded"
              % MAX_SECONDS)
    print("bounds: %.0f s, %s" % (MAX_SECONDS, "no memory bound" if SANITIZED
                                  else "%.0f MB peak resident" % (MAX_BYTES / 1e6)))
    run_table(h, gen.xml_cases(), XML_DOORS, only)
    run_table(h, gen.zip_cases(h.path), ZIP_DOORS, only)
    run_table(h, gen.json_cases(), JSON_DOORS, only)
    for case in gen.other_cases():
        if not only or any(o in case.__name__ for o in only):
            case(h)
    failed = [n for n, p in h.results if p]
    print("%d checks, %d failed%s" % (len(h.results), len(failed),
                                       (": " + ", ".join(failed)) if failed else ""))
    if not failed:
        shutil.rmtree(h.work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
