#!/usr/bin/env python3
"""Check a binding file against DISA's benchmark, its OVAL content and its test cases.

Usage: check_binding.py XCCDF BINDING CASES [--min-decided N]

Checks what XML Schema cannot: every rule of the benchmark appears exactly once with its STIG
id and the fingerprint of its check text; automated and site-value rules name an OVAL
definition that exists, carries the rule's three DISA-STIG references and (site-value) reads
the exported values' variables; evidence rules name commands, manual rules nothing; every
definition and external variable is bound; a required value has an empty default; each
decided rule has pass and fail cases and no other rule has cases; at least N rules are decided
(automated or site-value).
Prints one line per problem and a class summary; exit 0 when there are no problems.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stig_rules  # noqa: E402

BIND = "{urn:scapula:binding:1}"
XCCDF = "{http://checklists.nist.gov/xccdf/1.1}"
OVAL = "{http://oval.mitre.org/XMLSchema/oval-definitions-5}"
DECIDED = ("automated", "site-value")


def benchmark_release(path):
    root = ET.parse(path).getroot()
    version = root.findtext(XCCDF + "version", "")
    info = ""
    for pt in root.findall(XCCDF + "plain-text"):
        if pt.get("id") == "release-info":
            info = pt.text or ""
    m = re.search(r"Release:\s*(\d+)", info)
    return root.get("id"), "V%sR%s" % (version, m.group(1) if m else "?")


class Oval:
    """The parts of an OVAL document the binding refers to."""

    def __init__(self, path):
        root = ET.parse(path).getroot()
        self.defs = {d.get("id"): d for d in root.iter(OVAL + "definition")}
        self.external = {v.get("id") for v in root.iter(OVAL + "external_variable")}
        self.tests = {t.get("id"): t for t in root.find(OVAL + "tests")}
        self.states = {s.get("id"): s for s in root.find(OVAL + "states")}
        self.objects = {o.get("id"): o for o in root.find(OVAL + "objects")}
        self.locals = {v.get("id"): v for v in root.iter(OVAL + "local_variable")}

    def variables_read(self, def_id):
        """Every variable a definition reads, through its tests, states, objects and locals."""
        found, todo = set(), []
        for c in self.defs[def_id].iter(OVAL + "criterion"):
            t = self.tests[c.get("test_ref")]
            for child in t:
                ref = child.get("state_ref") or child.get("object_ref")
                el = self.states.get(ref) if child.get("state_ref") else self.objects.get(ref)
                if el is not None:
                    todo += [e.get("var_ref") for e in el.iter() if e.get("var_ref")]
        while todo:
            v = todo.pop()
            if v in found:
                continue
            found.add(v)
            if v in self.locals:
                todo += [e.get("var_ref") for e in self.locals[v].iter() if e.get("var_ref")]
        return found


def check_definition(problems, oval, rule, xr, def_id):
    d = oval.defs.get(def_id)
    if d is None:
        problems.append("%s: definition %s is not in the OVAL content" % (rule.get("vuln"), def_id))
        return
    digits = rule.get("vuln").split("-")[1]
    if not def_id.endswith(":def:" + digits):
        problems.append("%s: definition %s does not carry the Vuln number" % (rule.get("vuln"), def_id))
    if d.get("class") != "compliance":
        problems.append("%s: definition %s is not class compliance" % (rule.get("vuln"), def_id))
    refs = [(r.get("source"), r.get("ref_id")) for r in d.iter(OVAL + "reference")]
    want = [("DISA-STIG", xr["vuln"]), ("DISA-STIG", xr["rule"]), ("DISA-STIG", xr["stig"])]
    if refs != want:
        problems.append("%s: definition %s references %s, expected %s" % (rule.get("vuln"), def_id, refs, want))


def check_cases(problems, cases_dir, vuln, decided):
    d = os.path.join(cases_dir, vuln)
    names = os.listdir(d) if os.path.isdir(d) else []
    if not decided:
        if names:
            problems.append("%s: has test cases but is not automated or site-value" % vuln)
        return
    for verdict in ("pass", "fail"):
        if not any(n.startswith(verdict) and n.endswith(".json") for n in names):
            problems.append("%s: no %s case under %s" % (vuln, verdict, d))


def check_rule(problems, oval, values, rule, xr, cases_dir):
    vuln, cls = rule.get("vuln"), rule.get("class")
    if rule.get("stig-id") != xr["stig"]:
        problems.append("%s: stig-id %s, the benchmark says %s" % (vuln, rule.get("stig-id"), xr["stig"]))
    if rule.get("check-sha256") != xr["sha"]:
        problems.append("%s: check-sha256 does not match the benchmark's check text (%s)" % (vuln, xr["sha"]))
    def_id = rule.get("definition")
    exports = [e.get("value") for e in rule.findall(BIND + "export")]
    evidence = rule.findall(BIND + "evidence")
    if cls in DECIDED and not def_id:
        problems.append("%s: class %s without a definition" % (vuln, cls))
    if cls not in DECIDED and def_id:
        problems.append("%s: class %s with a definition" % (vuln, cls))
    if (cls == "site-value") != bool(exports):
        problems.append("%s: class %s with %d exported values" % (vuln, cls, len(exports)))
    if cls == "evidence" and not evidence:
        problems.append("%s: evidence rule naming no command" % vuln)
    if cls == "manual" and evidence:
        problems.append("%s: manual rule naming commands" % vuln)
    if def_id:
        check_definition(problems, oval, rule, xr, def_id)
        if def_id in oval.defs:
            read = oval.variables_read(def_id)
            for e in exports:
                if e in values and values[e] not in read:
                    problems.append("%s: exports %s but its definition does not read %s" % (vuln, e, values[e]))
            unexported = {v for v in read if v in oval.external} - {values.get(e) for e in exports}
            if unexported:
                problems.append("%s: definition reads external variables it does not export: %s" % (vuln, sorted(unexported)))
    check_cases(problems, cases_dir, vuln, cls in DECIDED)


def main(argv):
    args = list(argv[1:])
    min_decided = 0
    if "--min-decided" in args:
        i = args.index("--min-decided")
        min_decided = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 3:
        sys.stderr.write(__doc__)
        return 64
    xccdf_path, binding_path, cases_dir = args
    problems = []
    xccdf = {r["vuln"]: r for r in stig_rules.rules(xccdf_path)}
    root = ET.parse(binding_path).getroot()
    bench_id, release = benchmark_release(xccdf_path)
    if root.get("benchmark") != bench_id:
        problems.append("benchmark %s, the XCCDF is %s" % (root.get("benchmark"), bench_id))
    if root.get("written-against") != release:
        problems.append("written-against %s, the XCCDF is %s" % (root.get("written-against"), release))
    oval = Oval(os.path.join(os.path.dirname(binding_path), root.get("oval")))
    values = {v.get("id"): v.get("variable") for v in root.findall(BIND + "value")}
    for vid, var in values.items():
        if var not in oval.external:
            problems.append("value %s: %s is not an external variable of the OVAL content" % (vid, var))
    for v in root.findall(BIND + "value"):
        # a value the STIG leaves to the site has no default to fall back on
        if v.get("required") in ("true", "1") and v.get("default"):
            problems.append("value %s is required but has the default %r" % (v.get("id"), v.get("default")))
    for var in oval.external - set(values.values()):
        problems.append("external variable %s is bound to no value" % var)
    seen, counts, bound_defs = {}, {}, []
    for rule in root.findall(BIND + "rule"):
        vuln = rule.get("vuln")
        seen[vuln] = seen.get(vuln, 0) + 1
        counts[rule.get("class")] = counts.get(rule.get("class"), 0) + 1
        if rule.get("definition"):
            bound_defs.append(rule.get("definition"))
        if vuln not in xccdf:
            problems.append("%s: not a rule of the benchmark" % vuln)
            continue
        check_rule(problems, oval, values, rule, xccdf[vuln], cases_dir)
    problems += ["%s: listed %d times" % (v, n) for v, n in seen.items() if n > 1]
    problems += ["%s: not in the binding" % v for v in xccdf if v not in seen]
    problems += ["definition %s is bound to no rule" % d for d in oval.defs if d not in bound_defs]
    exported = {e.get("value") for e in root.iter(BIND + "export")}
    problems += ["value %s is exported by no rule" % v for v in values if v not in exported]
    decided = sum(counts.get(c, 0) for c in DECIDED)
    if decided < min_decided:
        problems.append("%d rules decided (automated or site-value), at least %d wanted" % (decided, min_decided))
    for p in problems:
        print(p)
    print("%d rules: %s; %d decided; %d problems" % (
        len(seen), ", ".join("%s %d" % (c, counts.get(c, 0)) for c in ("automated", "site-value", "evidence", "manual")),
        decided, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
