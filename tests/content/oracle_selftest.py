#!/usr/bin/env python3
"""The oracle must notice wrong content: run it on mutated copies of the OVAL content, each
with a mistake the check text forbids, and require that it reports wrong verdicts.

Usage: oracle_selftest.py OVAL BINDING CASES
Exit 0 when every mutation is caught (and the unmutated content passes), 1 otherwise.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
BIND = "{urn:scapula:binding:1}"

# (rule whose cases must catch it, text in the content, replacement, what the mistake is)
MUTATIONS = [
    ("V-228375", '<field name="authmechanism" operation="pattern match">(^|,\\s*)Tls(\\s*,|$)</field>',
     '<field name="authmechanism" operation="pattern match">(?i)tls</field>',
     "case-insensitive substring: BasicAuthRequireTLS taken for Tls"),
    ("V-228408", "<field name=\"banner\">220 SMTP Server Ready</field>",
     "<field name=\"banner\" operation=\"case insensitive equals\">220 SMTP Server Ready</field>",
     "banner compared without case"),
    ("V-228364", "<field name=\"errorreportingenabled\">false</field>",
     "<field name=\"errorreportingenabled\" operation=\"not equal\">true</field>",
     "null taken for False"),
    # one item holds every connector: "for each" is the value entity's entity_check="all"
    ("V-228375", 'ste:22837501" version="1" comment="what every object from Get-ReceiveConnector must satisfy">\n      <win-def:value datatype="record">',
     'ste:22837501" version="1" comment="what every object from Get-ReceiveConnector must satisfy">\n      <win-def:value datatype="record" entity_check="at least one">',
     "one good receive connector taken for all"),
    ("V-228396", "<literal_component>(?i)\\.(mil|gov)$</literal_component>",
     "<literal_component>(?i)(mil|gov)</literal_component>",
     "mil.example.com taken for a .mil domain"),
    ("V-228390", "<field name=\"connectioninactivitytimeout\" var_ref=",
     "<field name=\"connectioninactivitytimeout\" operation=\"pattern match\" var_ref=",
     "1.00:10:00 taken for 00:10:00 (unanchored)"),
    ("V-228374", "<literal_component>(?i)^\\[?</literal_component>",
     "<literal_component>(?i)^</literal_component>",
     "an IP smart host in Exchange's brackets not recognized"),
    ("V-228395", '<regex_capture pattern="^\\s*(\\S*)\\s*$">', '<regex_capture pattern="^(.*)$">',
     "the site's list not trimmed: \" 10.20.30.43\" is not 10.20.30.43"),
    ("V-228395", '<field name="internalsmtpservers" operation="case insensitive equals" var_ref=',
     '<field name="internalsmtpservers" operation="case insensitive equals" entity_check="at least one" var_ref=',
     "one accepted internal SMTP server taken for all"),
    ("V-228377", '<field name="forwardingaddress" operation="pattern match">.</field>',
     '<field name="forwardingaddress" operation="pattern match">^$</field>',
     "ForwardingAddress (forwarding to a contact) ignored"),
]


def run_oracle(oval, binding, cases, only):
    cmd = [sys.executable, os.path.join(HERE, "oval_oracle.py"), oval, binding, cases]
    for v in only:
        cmd += ["--only", v]
    return subprocess.run(cmd, capture_output=True, text=True)


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 64
    oval, binding, cases = argv[1:]
    with open(oval, encoding="utf-8") as f:
        text = f.read()
    status = 0
    rules = sorted({m[0] for m in MUTATIONS})
    p = run_oracle(oval, binding, cases, rules)
    if p.returncode != 0:
        print("the unmutated content does not pass its own cases:\n" + p.stdout + p.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        # the binding names its OVAL file relative to itself
        shutil.copy(binding, os.path.join(tmp, os.path.basename(binding)))
        for vuln, old, new, what in MUTATIONS:
            if text.count(old) != 1:
                print("mutation '%s': the text to replace occurs %d times" % (what, text.count(old)))
                status = 1
                continue
            path = os.path.join(tmp, os.path.basename(oval))
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace(old, new))
            p = run_oracle(path, os.path.join(tmp, os.path.basename(binding)), cases, [vuln])
            caught = p.returncode == 1 and "FAIL" in p.stdout
            print("%s %s: %s" % ("caught" if caught else "MISSED", vuln, what))
            if not caught:
                status = 1
    return status | unset_required_value_refused(oval, binding, cases)


def unset_required_value_refused(oval, binding, cases):
    """A case of a rule that exports a required value must set it: the copy of such a case
    without its .values must not come out pass (the rule is not checked until a site sets it)."""
    root = ET.parse(binding).getroot()
    required = {v.get("id") for v in root.findall(BIND + "value") if v.get("required") == "true"}
    vuln = next((r.get("vuln") for r in root.findall(BIND + "rule")
                 if {e.get("value") for e in r.findall(BIND + "export")} & required), None)
    if vuln is None:
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, vuln))
        shutil.copy(os.path.join(cases, vuln, "pass.json"), os.path.join(tmp, vuln, "pass.json"))
        p = run_oracle(oval, binding, tmp, [vuln])
    caught = p.returncode == 1 and "got not-checked" in p.stdout
    print("%s %s: a case without the required value it needs" % ("refused" if caught else "MISSED", vuln))
    return 0 if caught else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
