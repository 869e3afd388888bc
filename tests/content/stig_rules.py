#!/usr/bin/env python3
"""Read a DISA manual XCCDF 1.1 benchmark: each rule's Vuln id, rule id, STIG id, title,
check text and the check-sha256 fingerprint defined in the content conventions.

Usage: stig_rules.py XCCDF [--sha]   (prints every rule; --sha prints only ids and fingerprints)
"""
import hashlib
import re
import sys
import xml.etree.ElementTree as ET

NS = {"x": "http://checklists.nist.gov/xccdf/1.1"}


def fingerprint(text):
    """SHA-256 of the check text with ASCII whitespace runs collapsed and the ends trimmed."""
    norm = re.sub(r"[ \t\r\n]+", " ", text).strip(" ")
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def rules(path):
    """Yield dicts with vuln, rule, stig, title, severity, check, sha for each Group."""
    root = ET.parse(path).getroot()
    for group in root.findall("x:Group", NS):
        rule = group.find("x:Rule", NS)
        content = rule.find("x:check/x:check-content", NS)
        # all the text, as libxml2's node content would give it (entities decoded once)
        check = "".join(content.itertext()) if content is not None else ""
        yield {
            "vuln": group.get("id"),
            "rule": rule.get("id"),
            "stig": rule.findtext("x:version", "", NS),
            "title": rule.findtext("x:title", "", NS),
            "severity": rule.get("severity"),
            "check": check,
            "sha": fingerprint(check),
        }


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 64
    for r in rules(argv[1]):
        if "--sha" in argv:
            print(r["vuln"], r["stig"], r["sha"])
            continue
        print("=" * 78)
        print(r["vuln"], r["rule"], r["stig"], r["severity"])
        print("TITLE:", r["title"])
        print(r["check"].strip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
