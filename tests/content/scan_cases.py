#!/usr/bin/env python3
"""Scan every content fact case with scapula itself and compare the verdict of the case's own
rule with the one its file name expects.

The oracle (oval_oracle.py) checks the content with system characteristics it builds in
python; this checks the whole of scapula on the same cases: facts -> system characteristics
(src/syschar.c) -> libopenscap evaluation (src/evaluate.c) -> ARF, with scapula's own content
and nothing else (`scapula scan --facts CASE --no-reports`). A case
CASES/V-nnnnnn/<verdict>[-what].json expects rule xccdf_scapula.exchange2016_rule_V-nnnnnn
to come out <verdict> (pass, fail, error, notapplicable, or notchecked / not-checked). A
sidecar <case>.values (JSON {"value_id": "value"}) holds a site's values: it is written as
an XCCDF 1.2 tailoring file and given with --tailoring. A sidecar <case>.details holds lines
the rule's finding details (its rule-result messages, whitespace folded) must each contain:
what a reviewer is told, not only the verdict.

Usage: scan_cases.py SCAPULA CASES_DIR... [--jobs N] [--only V-nnnnnn]... [--keep DIR] [-v]
Prints one line per case that disagrees (every case with -v) and a summary; exit 0 when
every case agrees, 1 otherwise.
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

XCCDF = "http://checklists.nist.gov/xccdf/1.2"
NS = "scapula.exchange2016"
RULE = "xccdf_%s_rule_%%s" % NS
VALUE = "xccdf_%s_value_%%s" % NS
NAME = re.compile(r"^(pass|fail|error|notapplicable|notchecked|not-checked)([-_.].*)?\.json$")


def expected_verdict(name):
    m = NAME.match(name)
    if not m:
        return None
    return "notchecked" if m.group(1) == "not-checked" else m.group(1)


def tailoring_xml(values):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<Tailoring xmlns="%s" id="xccdf_scapula_tailoring_case">' % XCCDF,
           '<version time="2026-01-01T00:00:00Z">1</version>',
           '<Profile id="xccdf_scapula_profile_case"><title>case values</title>']
    for vid, value in sorted(values.items()):
        if isinstance(value, bool):
            value = "true" if value else "false"
        out.append('<set-value idref=%s>%s</set-value>'
                   % (quoteattr(VALUE % vid), escape(str(value))))
    out += ['</Profile>', '</Tailoring>', '']
    return "\n".join(out)


def rule_result(arf_path, rule_id):
    """The rule's result and its messages, whitespace folded."""
    for rr in ET.parse(arf_path).getroot().iter("{%s}rule-result" % XCCDF):
        if rr.get("idref") == rule_id:
            res = rr.find("{%s}result" % XCCDF)
            text = " ".join(m.text or "" for m in rr.findall("{%s}message" % XCCDF))
            return (res.text if res is not None else None), " ".join(text.split())
    return None, ""


def scan_case(scapula, case, work):
    """The verdict scapula gives the case's rule, or (None, why)."""
    vuln = os.path.basename(os.path.dirname(case))
    cmd = [scapula, "scan", "--facts", case, "-o", os.path.join(work, "out"), "-q",
           "--no-reports", "-j", "1"]
    sidecar = case[:-len(".json")] + ".values"
    if os.path.exists(sidecar):
        with open(sidecar, encoding="utf-8") as f:
            values = json.load(f)
        tailoring = os.path.join(work, "tailoring.xml")
        with open(tailoring, "w", encoding="utf-8") as f:
            f.write(tailoring_xml(values))
        cmd += ["--tailoring", tailoring]
    with open(case, encoding="utf-8") as f:
        host = json.load(f)["host"]["hostname"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    arf = os.path.join(work, "out", host, "arf.xml")
    # exit 0, 1 (a rule came out error) and 2 (findings) all write the ARF
    if p.returncode not in (0, 1, 2) or not os.path.exists(arf):
        return None, "scapula exit %d: %s" % (p.returncode, (p.stdout + p.stderr).strip())
    got, details = rule_result(arf, RULE % vuln)
    if not got:
        return None, "%s not in %s" % (RULE % vuln, arf)
    expected = case[:-len(".json")] + ".details"
    if os.path.exists(expected):
        with open(expected, encoding="utf-8") as f:
            for line in f:
                want = " ".join(line.split())
                if want and want not in details:
                    return "%s, details without %r" % (got, want), details
    return got, ""


def list_cases(dirs, only):
    out = []
    for cases_dir in dirs:
        for vuln in sorted(os.listdir(cases_dir)):
            d = os.path.join(cases_dir, vuln)
            if not os.path.isdir(d) or (only and vuln not in only):
                continue
            out += [os.path.join(d, n) for n in sorted(os.listdir(d)) if n.endswith(".json")]
    return out


def run_one(scapula, case, keep):
    if keep:
        work = os.path.join(keep, os.path.basename(os.path.dirname(case)),
                            os.path.basename(case)[:-len(".json")])
        os.makedirs(work, exist_ok=True)
        return scan_case(scapula, case, work)
    with tempfile.TemporaryDirectory() as work:
        return scan_case(scapula, case, work)


def parse_args(argv):
    opts = {"jobs": os.cpu_count() or 1, "only": [], "keep": None, "verbose": False}
    pos = []
    args = list(argv[1:])
    while args:
        a = args.pop(0)
        if a in ("--jobs", "--only", "--keep") and not args:
            return None, None
        if a == "--jobs":
            opts["jobs"] = int(args.pop(0))
        elif a == "--only":
            opts["only"].append(args.pop(0))
        elif a == "--keep":
            opts["keep"] = args.pop(0)
        elif a == "-v":
            opts["verbose"] = True
        else:
            pos.append(a)
    return (pos, opts) if len(pos) >= 2 else (None, None)


def main(argv):
    pos, opts = parse_args(argv)
    if pos is None:
        sys.stderr.write(__doc__)
        return 64
    scapula, dirs = pos[0], pos[1:]
    cases = list_cases(dirs, opts["only"])
    if not cases:
        print("no cases under %s" % ", ".join(dirs))
        return 1
    with concurrent.futures.ThreadPoolExecutor(max_workers=opts["jobs"]) as pool:
        results = list(pool.map(lambda c: run_one(scapula, c, opts["keep"]), cases))
    wrong = 0
    for case, (got, why) in zip(cases, results):
        rel = os.path.relpath(case, os.path.dirname(os.path.dirname(case)))
        want = expected_verdict(os.path.basename(case))
        ok = want is not None and got == want
        wrong += not ok
        if not ok or opts["verbose"]:
            print("%s %s: expected %s, got %s%s" % ("ok  " if ok else "FAIL", rel,
                  want or "(bad case name)", got, " (%s)" % why if why else ""))
    print("%d cases, %d agree, %d disagree" % (len(cases), len(cases) - wrong, wrong))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
