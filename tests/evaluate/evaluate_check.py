#!/usr/bin/env python3
"""Script tests of the evaluation and the ARF writer, through tests/evaluate/eval_driver.

  evaluate_check.py validate      DRIVER FIXTURES WORK OSCAP XMLLINT
  evaluate_check.py noprobe       DRIVER FIXTURES WORK STRACE
  evaluate_check.py tailoring     DRIVER FIXTURES WORK
  evaluate_check.py deterministic DRIVER FIXTURES WORK
  evaluate_check.py memory        DRIVER FIXTURES WORK [DATASTREAM SYSCHAR]

Each prints what it checked and exits 1 on the first failure.
"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from local_machine import PROBED, local_names, name_leak  # noqa: E402

NS = {
    "arf": "http://scap.nist.gov/schema/asset-reporting-format/1.1",
    "ai": "http://scap.nist.gov/schema/asset-identification/1.1",
    "x": "http://checklists.nist.gov/xccdf/1.2",
    "r": "http://oval.mitre.org/XMLSchema/oval-results-5",
}
RULE = "xccdf_mil.disa.stig_rule_SV-9000%02dr1_rule"


def die(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(cmd, env=None, expect=0):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if expect is not None and p.returncode != expect:
        die("%s exited %d (expected %d)\nstdout: %s\nstderr: %s"
            % (" ".join(cmd), p.returncode, expect, p.stdout, p.stderr))
    return p


def evaluate(driver, fix, out, sc="sc-fail.xml", extra=(), env=None):
    run([driver, *extra, os.path.join(fix, "fixture-ds.xml"), os.path.join(fix, sc), out],
        env=env)
    return ET.parse(out).getroot()


def results(root):
    return {rr.get("idref"): rr.findtext("x:result", namespaces=NS)
            for rr in root.iterfind(".//x:TestResult/x:rule-result", NS)}


def validate(driver, fix, work, oscap, xmllint):
    arf = os.path.join(work, "arf.xml")
    evaluate(driver, fix, arf)
    p = run([oscap, "ds", "rds-validate", arf], expect=None)
    if p.returncode != 0:
        die("oscap ds rds-validate: %d\n%s%s" % (p.returncode, p.stdout, p.stderr))
    print("ok: oscap ds rds-validate")
    xpath = "//*[local-name()='report'][@id='oval0']/*[local-name()='content']/*"
    oval = run([xmllint, "--xpath", xpath, arf]).stdout
    if "<oval_results" not in oval:
        die("no oval_results in report oval0")
    path = os.path.join(work, "oval-results.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n' + oval)
    p = run([oscap, "oval", "validate", "--results", path], expect=None)
    if p.returncode != 0 or "rror" in p.stderr:
        die("oscap oval validate --results: %d\n%s%s" % (p.returncode, p.stdout, p.stderr))
    # The definitions section kept the record-typed select libopenscap's own export drops.
    sel = ET.parse(path).getroot().findall(
        ".//{http://oval.mitre.org/XMLSchema/oval-definitions-5#windows}select")
    if not sel or sel[0].get("datatype") != "record" or len(list(sel[0])) != 4:
        die("the cmdlet_object's select record did not survive into the OVAL results")
    print("ok: oscap oval validate --results on the OVAL results extracted from the ARF")


def noprobe(driver, fix, work, strace):
    arf = os.path.join(work, "arf-noprobe.xml")
    log = os.path.join(work, "strace.log")
    # LeakSanitizer cannot run under ptrace (SCAPULA_SANITIZE builds); the unit tests check leaks.
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
    run([strace, "-f", "-qq", "-o", log,
         "-e", "trace=open,openat,openat2,uname,socket,execve,clone,clone3,vfork,fork",
         driver, os.path.join(fix, "fixture-ds.xml"), os.path.join(fix, "sc-fail.xml"), arf],
        env=env)
    with open(log, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    bad = [l for l in lines if PROBED.search(l) or re.search(r"\buname\(", l)
           or re.search(r"\bsocket\(", l)]
    bad += [l for l in lines if re.search(r"\b(clone3?|vfork|fork)\(", l)]
    bad += [l for l in lines if "execve(" in l and driver not in l]
    if bad:
        die("the evaluation touched this machine:\n" + "\n".join(bad[:20]))
    opened = [l for l in lines if re.search(r"open(at2?)?\(", l)]
    if not any("sc-fail.xml" in l for l in opened):
        die("strace saw no open of the inputs; the check would prove nothing")
    print("ok: %d syscalls traced, no probe-like access (no uname, socket, thread, "
          "/etc/os-release...)" % len(lines))
    root = ET.parse(arf).getroot()
    res = results(root)
    for n in (4, 5):
        if res.get(RULE % n) not in ("error", "unknown"):
            die("%s (an object the facts lack; a probe would pass it here) came out %s"
                % (RULE % n, res.get(RULE % n)))
    print("ok: the os-release and family rules are %s and %s"
          % (res[RULE % 4], res[RULE % 5]))
    with open(arf, encoding="utf-8") as f:
        text = f.read()
    inputs = ""
    for name in ("fixture-ds.xml", "sc-fail.xml"):
        with open(os.path.join(fix, name), encoding="utf-8") as f:
            inputs += f.read()
    leak = name_leak(inputs, text)
    if leak:
        die(leak)
    target = root.findtext(".//x:TestResult/x:target", namespaces=NS)
    if target != "EXMB01":
        die("TestResult target is %r, not the Exchange host" % target)
    print("ok: the ARF names EXMB01 and nothing of this machine (%s)"
          % ", ".join(sorted(local_names())))


def tailoring(driver, fix, work):
    plain = results(evaluate(driver, fix, os.path.join(work, "arf-60.xml")))
    root = evaluate(driver, fix, os.path.join(work, "arf-30.xml"),
                    extra=("--tailoring", os.path.join(fix, "tailoring-30.xml")))
    tailored = results(root)
    if plain.get(RULE % 2) != "pass":
        die("MaxHopCount 60 against the STIG's 60 came out %s" % plain.get(RULE % 2))
    if tailored.get(RULE % 2) != "fail":
        die("MaxHopCount 60 against a tailored 30 came out %s" % tailored.get(RULE % 2))
    sv = root.find(".//x:TestResult/x:set-value", NS)
    tf = root.find(".//x:TestResult/x:tailoring-file", NS)
    if sv is None or sv.text != "30" or tf is None or tf.get("href") != "tailoring-30.xml":
        die("the TestResult does not record the tailored value and file")
    msg = [rr.findtext("x:message", namespaces=NS)
           for rr in root.iterfind(".//x:rule-result", NS) if rr.get("idref") == RULE % 2][0]
    if "MaxHopCount = 60; expected: at most 30" not in msg:
        die("finding details do not show the tailored value:\n" + msg)
    print("ok: 60 passes against the default 60 and fails against a tailored 30")


def deterministic(driver, fix, work):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1795186991")
    outs = []
    for n in (1, 2):
        out = os.path.join(work, "arf-det-%d.xml" % n)
        evaluate(driver, fix, out, env=env)
        with open(out, "rb") as f:
            outs.append(f.read())
    if outs[0] != outs[1]:
        die("two runs with the same inputs and SOURCE_DATE_EPOCH differ")
    if b"2026-11-20T15:03:11Z" not in outs[0]:
        die("SOURCE_DATE_EPOCH did not set the end time")
    out = os.path.join(work, "arf-det-3.xml")
    evaluate(driver, fix, out, env=dict(os.environ, SOURCE_DATE_EPOCH="1795187000"))
    with open(out, "rb") as f:
        if f.read() == outs[0]:
            die("a different SOURCE_DATE_EPOCH gave the same bytes; the check proves nothing")
    print("ok: same inputs and SOURCE_DATE_EPOCH, same %d bytes" % len(outs[0]))


def memory(driver, fix, work, ds=None, sc=None):
    ds = ds or os.path.join(fix, "fixture-ds.xml")
    sc = sc or os.path.join(fix, "sc-fail.xml")
    # AddressSanitizer keeps freed memory in quarantine; without it RSS measures our use.
    env = dict(os.environ, ASAN_OPTIONS="quarantine_size_mb=0:thread_local_quarantine_size_kb=0")
    p = run([driver, "--repeat", "1000", ds, sc, os.path.join(work, "arf-mem.xml")], env=env)
    rss = dict((int(a), int(b)) for a, b in re.findall(r"after (\d+): rss (\d+)", p.stdout))
    if 100 not in rss or 1000 not in rss:
        die("no RSS figures:\n" + p.stdout)
    growth = rss[1000] - rss[100]
    print(p.stdout.strip())
    # After warm-up, a leak of about a kilobyte per evaluation would show.
    if growth > 1024:
        die("RSS grew %d kB from the 100th to the 1000th evaluation" % growth)
    print("ok: RSS grew %d kB over the last 900 evaluations" % growth)


def main():
    if len(sys.argv) < 5:
        print(__doc__)
        return 64
    cmd, driver, fix, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    fn = {"validate": validate, "noprobe": noprobe, "tailoring": tailoring,
          "deterministic": deterministic, "memory": memory}.get(cmd)
    if not fn:
        print(__doc__)
        return 64
    fn(driver, fix, work, *sys.argv[5:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
