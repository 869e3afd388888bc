#!/usr/bin/env python3
"""Run one command and measure it: wall time, CPU (its own and its waited-for children's),
the peak RSS of the process itself and of each child it forks, and the most memory a child
held privately (not shared with the parent it was forked from), sampled from /proc.

  measure.py LABEL -- COMMAND [ARG...]        prints one line: LABEL key=value ...
  measure.py --loop LABEL N [FIRST] -- COMMAND...
                                              runs COMMAND N times with {i} replaced by FIRST..
                                              FIRST+N-1 and prints the totals (a per-host loop)

The exit status of COMMAND is reported (rc=...), not returned: 2 (findings) is a normal
outcome of a scan.
"""
import os
import resource
import subprocess
import sys
import time


def vm_hwm(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def private_kb(pid):
    """Memory only this process holds (not shared with its parent after fork)."""
    total = 0
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1])
    except OSError:
        pass
    return total


def children_of(pid):
    kids = []
    try:
        for task in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, task)) as f:
                kids += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return kids


def run_one(cmd):
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent, workers, private = 0, {}, 0
    while True:
        parent = max(parent, vm_hwm(p.pid))
        for k in children_of(p.pid):
            workers[k] = max(workers.get(k, 0), vm_hwm(k))
            private = max(private, private_kb(k))
        try:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            break
        time.sleep(0.02)
    wall = time.monotonic() - start
    rc = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_utime, ru.ru_stime, rc, parent, workers, private


def main(argv):
    if "--" not in argv:
        sys.stderr.write(__doc__)
        return 64
    sep = argv.index("--")
    head, cmd = argv[1:sep], argv[sep + 1:]
    if head and head[0] == "--loop":
        label, n = head[1], int(head[2])
        first = int(head[3]) if len(head) > 3 else 0
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start, bad = time.monotonic(), 0
        for i in range(first, first + n):
            r = subprocess.run([a.replace("{i}", str(i)) for a in cmd],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            bad += r.returncode not in (0, 2)
        wall = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        print("%s runs=%d wall=%.2f user=%.2f sys=%.2f per_run=%.4f runs_per_s=%.2f "
              "failed=%d maxrss_kb=%d"
              % (label, n, wall, after.ru_utime - before.ru_utime,
                 after.ru_stime - before.ru_stime, wall / n, n / wall, bad, after.ru_maxrss))
        return 0
    label = head[0]
    wall, user, sys_, rc, parent, workers, private = run_one(cmd)
    print("%s rc=%d wall=%.2f user=%.2f sys=%.2f parent_peak_kb=%d worker_peak_kb=%d "
          "worker_private_kb=%d workers_seen=%d"
          % (label, rc, wall, user, sys_, parent, max(workers.values() or [0]), private,
             len(workers)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
