#!/usr/bin/env python3
"""Independent oracle for `scapula diff`: compare two XCCDF 1.1 benchmarks with xml.etree.

    diff_oracle.py OLD.xml NEW.xml          summary of the differences, canonical text
    diff_oracle.py --from-json SCAPULA.json the same canonical text from `scapula diff --format json`

Rules are matched by Group id (V-number). A rule is "revised" when its Rule id changed,
"changed" when the id is the same but a compared field differs, else "unchanged". Texts are
compared after collapsing runs of ASCII whitespace; CCIs and legacy ids as sets. It shares no
code with scapula: it exists so the C implementation can be checked against a second reading.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://checklists.nist.gov/xccdf/1.1}"
FIELDS = ["title", "severity", "stig_id", "check_text", "fix_text", "ccis", "discussion",
          "legacy_ids"]


def norm(text):
    return re.sub(r"[ \t\r\n]+", " ", text or "").strip(" ")


def discussion(desc):
    m = re.search(r"<VulnDiscussion>(.*?)</VulnDiscussion>", desc or "", re.S)
    if not m:
        return ""
    # The embedded fields are escaped markup: decode the entities once more.
    text = m.group(1)
    for ent, ch in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(ent, ch)
    return norm(text)


def read(path):
    root = ET.parse(path).getroot()
    if root.tag != NS + "Benchmark":
        sys.exit("%s: not an XCCDF 1.1 Benchmark" % path)
    rules = {}
    for group in root.iter(NS + "Group"):
        rule = group.find(NS + "Rule")
        if rule is None:
            continue
        idents = rule.findall(NS + "ident")
        # Every check and fix text of the rule, in document order (old benchmarks have several).
        checks = [c.findtext(NS + "check-content") or "" for c in rule.findall(NS + "check")]
        fixes = [f.text or "" for f in rule.findall(NS + "fixtext")]
        rules[group.get("id")] = {
            "rule_id": rule.get("id"),
            "title": norm(rule.findtext(NS + "title")),
            "severity": rule.get("severity") or "",
            "stig_id": norm(rule.findtext(NS + "version")),
            "check_text": norm(" ".join(checks)),
            "fix_text": norm(" ".join(fixes)),
            "ccis": frozenset(i.text for i in idents if i.get("system") == "http://cyber.mil/cci"),
            "discussion": discussion(rule.findtext(NS + "description")),
            "legacy_ids": frozenset(i.text for i in idents
                                    if i.get("system") == "http://cyber.mil/legacy"),
        }
    return root.get("id"), rules


def compare(old_path, new_path):
    old_id, old = read(old_path)
    new_id, new = read(new_path)
    counts = dict.fromkeys(["added", "removed", "revised", "changed", "unchanged"], 0)
    fields = dict.fromkeys(FIELDS, 0)
    revised = []
    for vuln in sorted(set(old) | set(new)):
        if vuln not in old:
            counts["added"] += 1
            continue
        if vuln not in new:
            counts["removed"] += 1
            continue
        changed = [f for f in FIELDS if old[vuln][f] != new[vuln][f]]
        for f in changed:
            fields[f] += 1
        if old[vuln]["rule_id"] != new[vuln]["rule_id"]:
            counts["revised"] += 1
            revised.append(vuln)
        elif changed:
            counts["changed"] += 1
        else:
            counts["unchanged"] += 1
    return old_id, new_id, counts, fields, revised


def from_json(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    out = []
    for bench in doc["benchmarks"]:
        fields = dict.fromkeys(FIELDS, 0)
        revised = []
        for rule in bench["rules"]:
            for name in rule.get("fields", {}):
                fields[name] += 1
            if rule["status"] == "revised":
                revised.append(rule["vuln"])
        ids = [(bench[side] or {}).get("id") for side in ("old", "new")]
        out.append((ids[0], ids[1], bench["summary"], fields, sorted(revised)))
    return out


def show(old_id, new_id, counts, fields, revised):
    print("benchmark %s -> %s" % (old_id, new_id))
    for k in ["added", "removed", "revised", "changed", "unchanged"]:
        print("%s %d" % (k, counts[k]))
    for k in FIELDS:
        print("field %s %d" % (k, fields[k]))
    print("revised-vulns %s" % " ".join(revised))


def main(argv):
    if len(argv) == 3 and argv[1] == "--from-json":
        for entry in from_json(argv[2]):
            show(*entry)
        return 0
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 64
    show(*compare(argv[1], argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
