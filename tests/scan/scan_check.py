#!/usr/bin/env python3
"""Script tests of `scapula scan` and `scapula tailor` on the example bundles.

  scan_check.py verdicts  SCAPULA SOURCE WORK OSCAP [PACKAGE]
  scan_check.py exit      SCAPULA SOURCE WORK
  scan_check.py noprobe   SCAPULA SOURCE WORK STRACE
  scan_check.py tailoring SCAPULA SOURCE WORK XCCDF12_XSD [PACKAGE]
  scan_check.py answers   SCAPULA SOURCE WORK
  scan_check.py fleet     SCAPULA SOURCE WORK

verdicts: every host's ARF passes `oscap ds rds-validate` and its OVAL results
  `oscap oval validate --results`; every rule's verdict is the one an independent oracle
  predicts (tests/content/oval_oracle.py builds the system characteristics in Python and
  oscap evaluates the content's OVAL definitions on them; rules a person decides, and rules
  comparing against a site value nobody set, are notchecked).
exit: exit statuses (0 clean, 2 findings, 1 error), one bad host never stops the others,
  -j changes nothing in the results, the progress bar only on a terminal.
noprobe: under strace -f, scanning content whose objects the facts lack (a textfilecontent54
  and a family object that would succeed on this Linux machine) reads nothing of this machine,
  the rules come out error/unknown and no local name reaches any output.
tailoring: `scapula tailor` writes a schema-valid template that scan accepts unchanged with
  the same verdicts; a tailored MaxHopCount of 30 turns the bundle's 60 into a finding; with
  every site value set, the verdicts are still the oracle's.
answers: answers apply only when the evaluated result is the one expected, and show as
  XCCDF overrides in the ARF and as answer comments in the reports.
fleet: 60 generated hosts, one worker killed with SIGKILL mid-run: every other host is
  scanned, a host lost with the worker is named, the exit status is 1.

Each prints what it checked and exits 1 on the first failure.
"""
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "content"))
sys.path.insert(0, os.path.join(HERE, ".."))
import oval_oracle as O  # noqa: E402
from local_machine import PROBED, local_names, name_leak  # noqa: E402

X = "http://checklists.nist.gov/xccdf/1.2"
NS = {"x": X, "arf": "http://scap.nist.gov/schema/asset-reporting-format/1.1"}
BIND = "{urn:scapula:binding:1}"
EXAMPLES = {"EXMB01": "mailbox-default", "EXMB02": "mailbox-hardened",
            "EXEDGE01": "edge-default", "EXEDGE02": "edge-hardened"}
MAILBOX = "MS_Exchange_2016_Mailbox_Server_STIG"
EDGE = "MS_Exchange_2016_Edge_Transport_Server_STIG"
OVAL_VERDICT = {"true": "pass", "false": "fail", "error": "error", "unknown": "unknown",
                "not applicable": "notapplicable", "not evaluated": "notchecked"}


def die(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(cmd, expect=0, env=None, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, **kw)
    if expect is not None and p.returncode != expect:
        die("%s exited %d (expected %d)\nstdout: %s\nstderr: %s"
            % (" ".join(cmd), p.returncode, expect, p.stdout[-3000:], p.stderr[-3000:]))
    return p


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def example(source, name):
    return os.path.join(source, "content", "examples", name + ".json")


# ---- reading ARF --------------------------------------------------------------------------

def arf_results(path):
    """Vuln id -> (result, rule-result element) for the TestResult of one ARF."""
    root = ET.parse(path).getroot()
    vuln_of = {}
    for g in root.iter("{%s}Group" % X):
        m = re.search(r"_group_(V-\d+)$", g.get("id", ""))
        for r in g.findall("x:Rule", NS):
            if m:
                vuln_of[r.get("id")] = m.group(1)
    out = {}
    for rr in root.iterfind(".//x:TestResult/x:rule-result", NS):
        v = vuln_of.get(rr.get("idref"))
        if not v:
            die("%s: rule-result %s has no V- group" % (path, rr.get("idref")))
        out[v] = (rr.findtext("x:result", namespaces=NS), rr)
    if not out:
        die("%s: no rule results" % path)
    return root, out


# ---- the oracle ---------------------------------------------------------------------------

def binding_paths(source, stig):
    name = "mailbox" if stig == MAILBOX else "edge"
    d = os.path.join(source, "content", "exchange2016")
    return os.path.join(d, name + ".oval.xml"), os.path.join(d, name + ".binding.xml")


def oracle(source, stig, bundle, overrides, work, oscap):
    """Vuln id -> expected verdict, from oscap on the oracle's system characteristics."""
    oval, binding = binding_paths(source, stig)
    values = O.read_binding_values(binding, oval)
    required = O.read_required_exports(binding)
    with open(bundle, encoding="utf-8") as f:
        facts = json.load(f)
    sc, var, res = (os.path.join(work, n) for n in ("o-sc.xml", "o-vars.xml", "o-res.xml"))
    with open(sc, "w", encoding="utf-8") as f:
        f.write(O.build_sc(O.read_objects(oval), facts))
    with open(var, "w", encoding="utf-8") as f:
        f.write(O.variables_xml(values, overrides))
    p = subprocess.run([oscap, "oval", "analyse", "--skip-valid", "--results", res,
                        "--variables", var, oval, sc], capture_output=True, text=True)
    if p.returncode not in (0, 2):
        die("oracle: oscap failed: " + p.stdout + p.stderr)
    expected = {}
    for r in ET.parse(binding).getroot().findall(BIND + "rule"):
        vuln, d = r.get("vuln"), r.get("definition")
        if r.get("class") not in ("automated", "site-value"):
            expected[vuln] = "notchecked"
        elif any(not overrides.get(v) for v in required.get(d, [])):
            expected[vuln] = "notchecked"  # a site value nobody set
        else:
            expected[vuln] = OVAL_VERDICT.get(O.definition_result(res, d), "none")
    return expected


def compare(host, got, expected):
    wrong = []
    for vuln, (res, _) in sorted(got.items()):
        want = expected.get(vuln, "notchecked")  # in the STIG, not in the binding: manual
        if res != want:
            wrong.append("%s %s: scan says %s, the oracle %s" % (host, vuln, res, want))
    missing = set(expected) - set(got)
    if missing:
        wrong.append("%s: no result for %s" % (host, ", ".join(sorted(missing))))
    return wrong


# ---- verdicts -----------------------------------------------------------------------------

def validate_arf(arf, work, oscap):
    p = run([oscap, "ds", "rds-validate", arf], expect=None)
    if p.returncode != 0:
        die("oscap ds rds-validate %s: %d\n%s%s" % (arf, p.returncode, p.stdout, p.stderr))
    text = open(arf, encoding="utf-8").read()
    m = re.search(r"<oval_results\b.*?</oval_results>", text, re.S)
    if not m:
        die("%s: no oval_results" % arf)
    # The ARF declares these namespaces on its root; the extracted document needs its own.
    head = m.group(0)[:m.group(0).index(">")]
    body = m.group(0)
    for prefix, uri in re.findall(r'xmlns:([\w-]+)="([^"]+)"', text[:text.index(">", 40)]):
        if "xmlns:%s=" % prefix not in head and (prefix + ":") in body:
            body = body.replace("<oval_results", '<oval_results xmlns:%s="%s"' % (prefix, uri), 1)
    path = os.path.join(work, "oval-results.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n' + body)
    p = run([oscap, "oval", "validate", "--results", path], expect=None)
    if p.returncode != 0 or "rror" in p.stderr:
        die("oscap oval validate --results (%s): %d\n%s%s" % (arf, p.returncode, p.stdout,
                                                               p.stderr))


def verdicts(scapula, source, work, oscap, package=None):
    out = os.path.join(fresh(work), "out")
    cmd = [scapula, "scan"] + ([package] if package else []) + [
        "--facts", os.path.join(source, "content", "examples"), "-o", out, "-j", "2"]
    env = dict(os.environ, SOURCE_DATE_EPOCH="1795186991")
    p = run(cmd, expect=2, env=env)
    for host in EXAMPLES:
        if not re.search(r"^%s\s" % host, p.stdout, re.M):
            die("the summary has no line for %s:\n%s" % (host, p.stdout))
    # without reports the data stream is serialized once and spliced into each ARF: the
    # bytes must be those of the ARF written whole
    bare = os.path.join(work, "out-no-reports")
    run(cmd[:cmd.index("-o")] + ["-o", bare, "--no-reports", "-q"], expect=2, env=env)
    for host in EXAMPLES:
        with open(os.path.join(out, host, "arf.xml"), "rb") as a, \
                open(os.path.join(bare, host, "arf.xml"), "rb") as b:
            if a.read() != b.read():
                die("%s: the ARF written with --no-reports differs from the one written "
                    "with the reports" % host)
    print("ok: the ARFs written with and without reports are the same, byte for byte")
    wrong, counted = [], {}
    for host, name in sorted(EXAMPLES.items()):
        arf = os.path.join(out, host, "arf.xml")
        validate_arf(arf, work, oscap)
        stig = EDGE if host.startswith("EXEDGE") else MAILBOX
        _, got = arf_results(arf)
        expected = oracle(source, stig, example(source, name), {}, work, oscap)
        wrong += compare(host, got, expected)
        for res, _ in got.values():
            counted[res] = counted.get(res, 0) + 1
        print("ok: %s: ARF valid (rds-validate, oval validate --results), %d rules checked"
              % (host, len(got)))
    if wrong:
        die("verdicts differ from the oracle's:\n" + "\n".join(wrong))
    if not counted.get("pass") or not counted.get("fail"):
        die("no pass or no fail among the verdicts (%s): the comparison proves little" % counted)
    print("ok: every verdict is the oracle's (%s)"
          % ", ".join("%s %d" % kv for kv in sorted(counted.items())))


# ---- exit statuses, several hosts ---------------------------------------------------------

def write_bundle(path, base, **changes):
    with open(base, encoding="utf-8") as f:
        b = json.load(f)
    if "hostname" in changes:
        b["host"]["hostname"] = changes["hostname"]
    if "fail_noun" in changes:
        for c in b["commands"]:
            if c["noun"] == changes["fail_noun"]:
                c.update(status="error", error="The server is busy.", objects=[])
    with open(path, "w", encoding="utf-8") as f:
        json.dump(b, f, indent=1)
    return path


def scan_status(scapula, facts, out, expect, extra=()):
    return run([scapula, "scan", "--no-reports", "-o", out, *extra,
                *sum([["--facts", f] for f in facts], [])], expect=expect)


def exit_statuses(scapula, source, work):
    fresh(work)
    hard = [example(source, "mailbox-hardened"), example(source, "edge-hardened")]
    scan_status(scapula, hard, os.path.join(work, "o-clean"), 0)
    print("ok: hardened hosts only: exit 0")
    scan_status(scapula, hard + [example(source, "mailbox-default")],
                os.path.join(work, "o-find"), 2)
    print("ok: a host with open findings: exit 2")
    bad = os.path.join(work, "bad.json")
    with open(bad, "w") as f:
        f.write('{"format": 1, "host": ')
    out = os.path.join(work, "o-bad")
    p = scan_status(scapula, [bad, example(source, "mailbox-default")], out, 1)
    if "bad.json" not in p.stderr or not os.path.exists(os.path.join(out, "EXMB01", "arf.xml")):
        die("a bad bundle: the error must name it and the other host still be scanned\n"
            + p.stderr)
    print("ok: a malformed bundle: exit 1, named on stderr, the other host scanned")
    failed = write_bundle(os.path.join(work, "cmd-error.json"), example(source, "mailbox-hardened"),
                          fail_noun="ReceiveConnector")
    out = os.path.join(work, "o-err")
    scan_status(scapula, [failed], out, 1)
    _, got = arf_results(os.path.join(out, "EXMB02", "arf.xml"))
    if got["V-228384"][0] != "error":
        die("MaxHopCount with Get-ReceiveConnector failed came out %s" % got["V-228384"][0])
    print("ok: a rule that came out error (its cmdlet failed): exit 1")
    dup = write_bundle(os.path.join(work, "dup.json"), example(source, "mailbox-default"),
                       hostname="exmb02")
    p = scan_status(scapula, [example(source, "mailbox-hardened"), dup],
                    os.path.join(work, "o-dup"), 1)
    if "not scanned twice" not in p.stderr:
        die("a host named twice was not refused:\n" + p.stderr)
    print("ok: a host named twice: the later bundle refused, exit 1")
    p = run([scapula, "scan", "--facts", os.path.join(work, "nowhere.json")], expect=1)
    p = run([scapula, "scan", "-o", os.path.join(work, "x")], expect=64)
    print("ok: a missing bundle exits 1, no --facts exits 64")
    same_with_jobs(scapula, source, work)
    progress_only_on_tty(scapula, source, work)


def tree_bytes(root):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, root)] = fh.read()
    return out


def same_with_jobs(scapula, source, work):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1795186991")
    facts = os.path.join(source, "content", "examples")
    trees = []
    for jobs in ("1", "3"):
        out = fresh(os.path.join(work, "o-j" + jobs))
        run([scapula, "scan", "--facts", facts, "-o", out, "-j", jobs, "-q"], expect=2, env=env)
        trees.append(tree_bytes(out))
    if trees[0] != trees[1] or len(trees[0]) != 4 * 5 + 1:
        die("-j 1 and -j 3 wrote different files (%d and %d)" % (len(trees[0]), len(trees[1])))
    print("ok: -j 1 and -j 3 write the same %d files, byte for byte" % len(trees[0]))


def progress_only_on_tty(scapula, source, work):
    facts = os.path.join(source, "content", "examples")
    p = run([scapula, "scan", "--no-reports", "--facts", facts, "-o",
             os.path.join(work, "o-p1")], expect=2)
    if "\r" in p.stderr or "hosts" in p.stderr:
        die("progress written to a pipe:\n" + repr(p.stderr))
    master, slave = pty.openpty()
    proc = subprocess.Popen([scapula, "scan", "--no-reports", "-q", "--facts", facts, "-o",
                             os.path.join(work, "o-p2")], stdout=subprocess.DEVNULL,
                            stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait()
    os.close(master)
    if proc.returncode != 2 or b"4/4 hosts" not in seen:
        die("no progress bar on a terminal (exit %d): %r" % (proc.returncode, seen[-200:]))
    print("ok: a progress bar on a terminal (%r), none on a pipe" % seen.strip()[-40:])


# ---- no probing ---------------------------------------------------------------------------

def noprobe(scapula, source, work, strace):
    fresh(work)
    fix = os.path.join(source, "tests", "fixtures", "evaluate")
    ds = os.path.join(fix, "fixture-ds.xml")
    if "textfilecontent54_object" not in open(ds).read() or "family_object" not in open(ds).read():
        die("the fixture lost its textfilecontent54 or family object")
    bundle = example(source, "mailbox-default")
    out, log = os.path.join(work, "out"), os.path.join(work, "strace.log")
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
    cmd = [scapula, "scan", ds, "--stig", "Scapula_Test_STIG", "--facts", bundle, "-o", out,
           "-j", "2"]
    run([strace, "-f", "-qq", "-o", log, "-e",
         "trace=open,openat,openat2,access,faccessat,faccessat2,stat,lstat,newfstatat,statx,"
         "readlink,readlinkat,uname,socket,connect,execve,clone,clone3,vfork,fork"] + cmd,
        expect=1, env=env)  # 1: the rules that would need a probe are unknown
    lines = open(log, encoding="utf-8", errors="replace").read().splitlines()
    bad = [l for l in lines if PROBED.search(l) or re.search(r"\b(uname|socket|connect)\(", l)]
    bad += [l for l in lines if "execve(" in l and scapula not in l]
    bad += [l for l in lines if re.search(r"\bclone3?\(", l) and "CLONE_THREAD" in l]
    if bad:
        die("scan touched this machine:\n" + "\n".join(bad[:20]))
    pids = {l.split()[0] for l in lines}
    opened = [l for l in lines if re.search(r"open(at2?)?\(", l) and bundle in l]
    worker_opens = {l.split()[0] for l in opened}
    if len(pids) < 2 or len(worker_opens) < 2:
        die("strace did not follow the worker (pids %s); the check would prove nothing" % pids)
    print("ok: %d syscalls in %d processes traced: no probe-like access, no thread, no exec, "
          "no socket" % (len(lines), len(pids)))
    _, got = arf_results(os.path.join(out, "EXMB01", "arf.xml"))
    for v in ("V-900004", "V-900005"):
        if got[v][0] not in ("error", "unknown"):
            die("%s (an object the facts lack; a probe would pass it here) came out %s"
                % (v, got[v][0]))
    print("ok: the os-release and family rules are %s and %s"
          % (got["V-900004"][0], got["V-900005"][0]))
    inputs = open(ds).read() + open(bundle).read()
    outputs = ""
    written = sorted(os.path.relpath(os.path.join(d, f), out)
                     for d, _, files in os.walk(out) for f in files)
    if written != ["EXMB01/" + f for f in ("arf.xml", "checklist.ckl", "checklist.cklb",
                                           "report.html", "results.csv")] + ["index.html"]:
        die("the outputs are not all there: %s" % written)
    for f in written:
        outputs += open(os.path.join(out, f), encoding="utf-8", errors="replace").read()
    leak = name_leak(inputs, outputs)
    if leak:
        die(leak)
    root = ET.parse(os.path.join(out, "EXMB01", "arf.xml")).getroot()
    if root.findtext(".//x:TestResult/x:target", namespaces=NS) != "EXMB01":
        die("the TestResult target is not the Exchange host")
    print("ok: ARF, reports and index name EXMB01 and nothing of this machine (%s)"
          % ", ".join(sorted(local_names())))


# ---- tailoring ----------------------------------------------------------------------------

def value_prefix(package):
    return "xccdf_mil.disa.stig_value_" if package else "xccdf_scapula.exchange2016_value_"


def check_template(path, arf, xsd):
    p = run(["xmllint", "--noout", "--nonet", "--schema", xsd, path], expect=None)
    if p.returncode != 0:
        die("the template fails the XCCDF 1.2 schema:\n" + p.stderr)
    t = ET.parse(path).getroot()
    sets = {s.get("idref"): s.text or "" for s in t.iter("{%s}set-value" % X)}
    values = {}
    for v in ET.parse(arf).getroot().iterfind(".//arf:report-requests//x:Value", NS):
        val = [e for e in v.findall("x:value", NS) if e.get("selector") is None]
        values[v.get("id")] = (val[0].text or "") if val else ""
    if not values or sets != values:
        die("the template's set-values are not every Value with its default:\n%s\n%s"
            % (sorted(sets.items()), sorted(values.items())))
    comments = open(path, encoding="utf-8").read().count("<!--")
    if comments != len(values):
        die("%d comments for %d values" % (comments, len(values)))
    print("ok: %s is schema-valid and sets all %d Values to their defaults, each explained"
          % (os.path.basename(path), len(values)))


def edit_template(src, dst, changes):
    text = open(src, encoding="utf-8").read()
    for vid, value in changes.items():
        text, n = re.subn(r'(<set-value idref="%s">)[^<]*(</set-value>)' % re.escape(vid),
                          lambda m: m.group(1) + value + m.group(2), text)
        if n != 1:
            die("%s: no set-value for %s" % (src, vid))
    with open(dst, "w", encoding="utf-8") as f:
        f.write(text)


def tailored_scan(scapula, package, facts, out, tailoring, expect):
    cmd = [scapula, "scan"] + ([package] if package else []) + [
        "--facts", facts, "-o", out, "--no-reports", "-q"]
    if tailoring:
        cmd += ["--tailoring", tailoring]
    run(cmd, expect=expect)
    return arf_results(os.path.join(out, "EXMB02", "arf.xml"))


def tailoring(scapula, source, work, xsd, package=None):
    fresh(work)
    pre = value_prefix(package)
    tpl = os.path.join(work, "template.xml")
    run([scapula, "tailor"] + ([package] if package else []) + ["--stig", MAILBOX, "-o", tpl])
    hard = example(source, "mailbox-hardened")
    _, plain = tailored_scan(scapula, package, hard, os.path.join(work, "o-plain"), None, 0)
    root, same = tailored_scan(scapula, package, hard, os.path.join(work, "o-tpl"), tpl, 0)
    check_template(tpl, os.path.join(work, "o-tpl", "EXMB02", "arf.xml"), xsd)
    if {v: r for v, (r, _) in plain.items()} != {v: r for v, (r, _) in same.items()}:
        die("the unchanged template changed verdicts")
    print("ok: scan accepts the template unchanged, with the same %d verdicts" % len(same))
    t30 = os.path.join(work, "hop30.xml")
    edit_template(tpl, t30, {pre + "max_hop_count": "30"})
    root, got = tailored_scan(scapula, package, hard, os.path.join(work, "o-30"), t30, 2)
    if plain["V-228384"][0] != "pass" or got["V-228384"][0] != "fail":
        die("MaxHopCount 60: %s untailored, %s against a tailored 30"
            % (plain["V-228384"][0], got["V-228384"][0]))
    msg = got["V-228384"][1].findtext("x:message", namespaces=NS) or ""
    sv = [s.text for s in root.iterfind(".//x:TestResult/x:set-value", NS)
          if s.get("idref") == pre + "max_hop_count"]
    tf = root.find(".//x:TestResult/x:tailoring-file", NS)
    if not re.search(r"MaxHopCount = 60; expected: [^\n]*\b30\b", msg) or sv != ["30"] \
            or tf is None:
        die("the finding does not show the tailored value and file:\n" + msg)
    others = [v for v, (r, _) in got.items() if r != plain[v][0] and v != "V-228384"]
    if others:
        die("tailoring MaxHopCount changed other rules: %s" % others)
    print("ok: EXMB02's MaxHopCount 60 passes untailored and is a finding against a tailored 30")
    site = {"max_hop_count": "30", "smart_host": "smtp.relay.example.mil",
            "prohibit_send_quota": "2147483648", "internal_smtp_servers": "10.20.30.5"}
    tall = os.path.join(work, "all.xml")
    edit_template(tpl, tall, {pre + k: v for k, v in site.items()})
    out = os.path.join(work, "o-all")
    run([scapula, "scan"] + ([package] if package else []) + [
        "--facts", example(source, "mailbox-default"), "--facts", hard, "-o", out,
        "--no-reports", "-q", "--tailoring", tall], expect=2)
    wrong = []
    for host in ("EXMB01", "EXMB02"):
        _, got = arf_results(os.path.join(out, host, "arf.xml"))
        expected = oracle(source, MAILBOX, example(source, EXAMPLES[host]), site, work, "oscap")
        wrong += compare(host, got, expected)
        if any(got[v][0] == "notchecked" for v in ("V-228374", "V-228380", "V-228395")):
            die("%s: a rule whose site value is now set is still not checked" % host)
    if wrong:
        die("tailored verdicts differ from the oracle's:\n" + "\n".join(wrong))
    print("ok: with every site value set, every verdict is the oracle's (site-value rules "
          "checked)")
    fleet_tailoring(scapula, source, work, package, t30)


def fleet_tailoring(scapula, source, work, package, mailbox30):
    """Mailbox and Edge servers in one scan, one tailoring file per STIG."""
    pkg = [package] if package else []
    pre = value_prefix(package)
    tpl = os.path.join(work, "template-edge.xml")
    run([scapula, "tailor"] + pkg + ["--stig", EDGE, "-o", tpl])
    edge30 = os.path.join(work, "edge-hop30.xml")
    edit_template(tpl, edge30, {pre + "max_hop_count": "30"})
    out = os.path.join(work, "o-fleet")
    facts = ["--facts", example(source, "mailbox-hardened"), "--facts",
             example(source, "edge-hardened")]
    run([scapula, "scan"] + pkg + facts + ["-o", out, "--no-reports", "-q", "--tailoring",
                                            mailbox30, "--tailoring", edge30], expect=2)
    for host, vuln, path in (("EXMB02", "V-228384", mailbox30), ("EXEDGE02", "V-221226", edge30)):
        root, got = arf_results(os.path.join(out, host, "arf.xml"))
        sv = [v.text for v in root.iterfind(".//x:TestResult/x:set-value", NS)
              if v.get("idref") == pre + "max_hop_count"]
        tf = root.find(".//x:TestResult/x:tailoring-file", NS)
        if got[vuln][0] != "fail" or sv != ["30"] or tf is None or \
                os.path.basename(tf.get("href", "")) != os.path.basename(path):
            die("%s: %s %s with set-values %s from %s" % (host, vuln, got[vuln][0], sv,
                                                         tf.get("href") if tf is not None else None))
    print("ok: a Mailbox and an Edge server in one scan each get their STIG's tailoring")
    p = run([scapula, "scan"] + pkg + facts + ["-o", os.path.join(work, "o-twice"), "-q",
                                               "--tailoring", mailbox30, "--tailoring",
                                               mailbox30], expect=64)
    if "both tailor benchmark" not in p.stderr or os.path.exists(os.path.join(work, "o-twice")):
        die("two tailorings for one STIG were not refused:\n" + p.stderr)
    p = run([scapula, "scan"] + pkg + ["--facts", example(source, "mailbox-hardened"), "--stig",
                                       MAILBOX, "-o", os.path.join(work, "o-other"), "-q",
                                       "--tailoring", edge30], expect=1)
    if "which this scan does not evaluate" not in p.stderr:
        die("an Edge tailoring given to a Mailbox-only scan was not refused:\n" + p.stderr)
    print("ok: two tailorings for one STIG, and one for a STIG not scanned, are refused")


# ---- answers ------------------------------------------------------------------------------

ANSWERS = """<?xml version="1.0" encoding="UTF-8"?>
<answers xmlns="urn:scapula:answers:1" stig="MS_Exchange_2016_Mailbox_Server_STIG">
  <vuln id="V-228363">
    <answer result="pass">EDSP 4.2 documents it; ISSO review 2026-10-01.</answer>
    <answer host="exmb02" result="fail">EXMB02 is outside the audited enclave; POA&amp;M 1234.</answer>
  </vuln>
  <vuln id="V-228355">
    <answer result="pass">Written for a manual review: must not hide a failed check.</answer>
  </vuln>
  <vuln id="V-228356">
    <answer expected="fail" result="notapplicable">No such connector in this enclave (risk acceptance 77).</answer>
  </vuln>
</answers>
"""


def override_of(rr):
    o = rr.find("x:override", NS)
    if o is None:
        return None
    return (o.findtext("x:old-result", namespaces=NS), o.findtext("x:new-result", namespaces=NS),
            o.get("authority"), o.findtext("x:remark", namespaces=NS))


def answers(scapula, source, work):
    fresh(work)
    path = os.path.join(work, "answers.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(ANSWERS)
    out, plain_out = os.path.join(work, "out"), os.path.join(work, "plain")
    facts = [example(source, "mailbox-default"), example(source, "mailbox-hardened")]
    args = sum([["--facts", f] for f in facts], [])
    run([scapula, "scan", "-o", plain_out, "-q", "--no-reports"] + args, expect=2)
    run([scapula, "scan", "-o", out, "-q", "--answers", path] + args, expect=2)
    _, p1 = arf_results(os.path.join(plain_out, "EXMB01", "arf.xml"))
    _, a1 = arf_results(os.path.join(out, "EXMB01", "arf.xml"))
    _, a2 = arf_results(os.path.join(out, "EXMB02", "arf.xml"))
    if p1["V-228363"][0] != "notchecked" or p1["V-228355"][0] != "fail" \
            or p1["V-228356"][0] != "fail":
        die("the answer test's premises changed: %s %s %s" % (
            p1["V-228363"][0], p1["V-228355"][0], p1["V-228356"][0]))
    o = override_of(a1["V-228363"][1])
    if a1["V-228363"][0] != "pass" or not o or o[:2] != ("notchecked", "pass") \
            or "answers.xml" not in (o[2] or "") or "EDSP 4.2" not in (o[3] or ""):
        die("EXMB01's DEFAULT answer for V-228363: %s, override %s" % (a1["V-228363"][0], o))
    o = override_of(a2["V-228363"][1])
    if a2["V-228363"][0] != "fail" or not o or o[:2] != ("notchecked", "fail"):
        die("EXMB02's own answer for V-228363: %s, override %s" % (a2["V-228363"][0], o))
    print("ok: a notchecked rule takes the host's answer, else DEFAULT's, as an override")
    if a1["V-228355"][0] != "fail" or override_of(a1["V-228355"][1]):
        die("an answer expecting notchecked changed a failed check: %s" % a1["V-228355"][0])
    print("ok: an answer written for a manual review leaves a failed check failed")
    o = override_of(a1["V-228356"][1])
    if a1["V-228356"][0] != "notapplicable" or not o or o[:2] != ("fail", "notapplicable"):
        die("expected=fail answer: %s, override %s" % (a1["V-228356"][0], o))
    print("ok: expected=\"fail\" applies to a failed check, recorded as an override of fail")
    changed = {v for v in a1 if a1[v][0] != p1[v][0]}
    if changed != {"V-228363", "V-228356"}:
        die("answers changed other rules: %s" % sorted(changed))
    ckl = open(os.path.join(out, "EXMB01", "checklist.ckl"), encoding="utf-8").read()
    html = open(os.path.join(out, "EXMB01", "report.html"), encoding="utf-8").read()
    if "EDSP 4.2 documents it" not in ckl or "Answer file comment" not in html:
        die("the answer's comment is not in the CKL and the HTML report")
    print("ok: the answer comment is in the CKL and shown as an answer in the HTML report")


# ---- a fleet with a worker killed ---------------------------------------------------------

def fleet(scapula, source, work):
    """60 generated hosts, a worker killed mid-run: the others are all scanned."""
    import signal
    import time
    fresh(work)
    facts = os.path.join(work, "facts")
    run([sys.executable, os.path.join(source, "bench", "gen_fleet.py"),
         os.path.join(source, "content", "examples"), facts, "60"])
    out = os.path.join(work, "out")
    proc = subprocess.Popen([scapula, "scan", "--no-reports", "-q", "-j", "2", "--facts", facts,
                             "-o", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    killed = None
    for _ in range(4000):
        time.sleep(0.005)
        done = len([d for d in os.listdir(out)]) if os.path.isdir(out) else 0
        kids = open("/proc/%d/task/%d/children" % (proc.pid, proc.pid)).read().split()
        if done >= 10 and kids:
            killed = int(kids[0])
            os.kill(killed, signal.SIGKILL)
            break
    _, stderr = proc.communicate()
    if killed is None:
        die("the scan finished before a worker could be killed")
    arfs = [h for h in os.listdir(out) if os.path.exists(os.path.join(out, h, "arf.xml"))]
    died = re.findall(r"the worker scanning it died \(signal 9\)", stderr)
    # a worker killed between two hosts loses none: the run then only has findings (2)
    # the killed worker may have written its host's ARF (whole: written atomically) before
    # it could report it: that host is still named as lost
    if proc.returncode != (1 if died else 2) or len(died) > 1 or len(arfs) < 60 - len(died):
        die("after a worker was killed: exit %d, %d ARFs, %d hosts lost\n%s"
            % (proc.returncode, len(arfs), len(died), stderr[-2000:]))
    print("ok: worker %d killed mid-run: %d of 60 hosts scanned, %d lost with the worker "
          "(named on stderr)" % (killed, len(arfs), len(died)))


def main():
    if len(sys.argv) < 5:
        print(__doc__)
        return 64
    cmd, scapula, source, work = sys.argv[1:5]
    rest = sys.argv[5:]
    os.makedirs(work, exist_ok=True)
    fn = {"verdicts": verdicts, "exit": exit_statuses, "noprobe": noprobe,
          "tailoring": tailoring, "answers": answers, "fleet": fleet}.get(cmd)
    if not fn:
        print(__doc__)
        return 64
    fn(scapula, source, work, *rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
