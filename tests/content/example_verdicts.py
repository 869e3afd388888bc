#!/usr/bin/env python3
"""Evaluate every decided rule of a binding file on one whole facts bundle (an example host)
with the oracle's system characteristics and oscap, and compare with the expected verdicts.

Usage: example_verdicts.py OVAL BINDING BUNDLE [--fail V-n[,V-n...]] [--error V-n[,...]]
                             [--values FILE]
  Every automated and site-value rule must pass, except those listed: --fail ones must fail,
  --error ones must give error (a command the content needs is not in the bundle). The
  binding's default values are used, overridden by FILE (JSON {"value_id": "value"}, a site's
  tailoring); a rule exporting a required value that is left unset is not checked (as scapula
  reports it) and must not be listed. Prints one line per rule; exit 0 when all agree.
"""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oval_oracle as O  # noqa: E402


def decided_rules(binding_path):
    root = ET.parse(binding_path).getroot()
    return [(r.get("vuln"), r.get("definition")) for r in root.findall("{%s}rule" % O.BIND)
            if r.get("class") in ("automated", "site-value")]


def listed(args, flag):
    out = set()
    while flag in args:
        i = args.index(flag)
        out |= {v for v in args[i + 1].split(",") if v}
        del args[i:i + 2]
    return out


def main(argv):
    args = list(argv[1:])
    want_fail, want_error = listed(args, "--fail"), listed(args, "--error")
    overrides = {}
    if "--values" in args:
        i = args.index("--values")
        with open(args[i + 1], encoding="utf-8") as f:
            overrides = json.load(f)
        del args[i:i + 2]
    if len(args) != 3:
        sys.stderr.write(__doc__)
        return 64
    oval, binding, bundle = args
    with open(bundle, encoding="utf-8") as f:
        facts = json.load(f)
    rules = decided_rules(binding)
    unknown = (want_fail | want_error) - {v for v, _ in rules}
    if unknown:
        print("not decided rules of %s: %s" % (binding, ", ".join(sorted(unknown))))
        return 1
    with tempfile.TemporaryDirectory() as work:
        sc, var, res = (os.path.join(work, n) for n in ("sc.xml", "vars.xml", "results.xml"))
        with open(sc, "w", encoding="utf-8") as f:
            f.write(O.build_sc(O.read_objects(oval), facts))
        with open(var, "w", encoding="utf-8") as f:
            f.write(O.variables_xml(O.read_binding_values(binding, oval), overrides))
        p = subprocess.run(["oscap", "oval", "analyse", "--skip-valid", "--results", res,
                            "--variables", var, oval, sc], capture_output=True, text=True)
        if p.returncode not in (0, 2) or not os.path.exists(res):
            print("oscap failed: " + (p.stdout + p.stderr).strip())
            return 1
        wrong = 0
        required = O.read_required_exports(binding)
        for vuln, def_id in rules:
            unset = [v for v in required.get(def_id, []) if not str(overrides.get(v, ""))]
            if unset:
                wrong += vuln in want_fail | want_error
                print("%s %s: not checked until a site sets %s"
                      % ("FAIL" if vuln in want_fail | want_error else "ok  ", vuln,
                         ", ".join(unset)))
                continue
            got = O.VERDICT.get(O.definition_result(res, def_id), "none")
            want = "fail" if vuln in want_fail else "error" if vuln in want_error else "pass"
            wrong += got != want
            print("%s %s: expected %s, got %s" % ("ok  " if got == want else "FAIL", vuln, want, got))
    print("%s: %d rules, %d wrong" % (os.path.basename(bundle), len(rules), wrong))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
