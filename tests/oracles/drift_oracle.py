#!/usr/bin/env python3
"""drift_oracle.py - list the Vuln ids whose check text differs between two XCCDF files.

An independent oracle for `scapula bind`'s content drift: it shares no code with scapula.
The fingerprint is the one of content/ conventions: SHA-256 (lower-case hex) of the rule's
check-content text as parsed (entities decoded once), every run of [ \\t\\r\\n]+ replaced by one
space, leading and trailing whitespace removed, encoded UTF-8.

usage: drift_oracle.py OLD.xml NEW.xml          Vuln ids present in both whose fingerprint differs
       drift_oracle.py --fingerprints FILE.xml  "Vuln<TAB>STIG id<TAB>sha256" for every rule
"""
import hashlib
import re
import sys
import xml.etree.ElementTree as ET

NS = {'x11': 'http://checklists.nist.gov/xccdf/1.1', 'x12': 'http://checklists.nist.gov/xccdf/1.2'}


def fingerprint(text):
    norm = re.sub(r'[ \t\r\n]+', ' ', text).strip(' ')
    return hashlib.sha256(norm.encode('utf-8')).hexdigest()


def rules(path):
    """{vuln: (stig_id, fingerprint)} for every Group/Rule of an XCCDF 1.1 or 1.2 benchmark."""
    root = ET.parse(path).getroot()
    ns = 'x11' if root.tag.startswith('{' + NS['x11']) else 'x12'
    out = {}
    for group in root.iter('{%s}Group' % NS[ns]):
        rule = group.find('%s:Rule' % ns, NS)
        if rule is None:
            continue
        vuln = group.get('id').rsplit('_group_', 1)[-1]
        stig_id = rule.findtext('%s:version' % ns, default='', namespaces=NS)
        content = rule.find('%s:check/%s:check-content' % (ns, ns), NS)
        text = ''.join(content.itertext()) if content is not None else ''
        out[vuln] = (stig_id, fingerprint(text))
    return out


def main(argv):
    if len(argv) == 3 and argv[1] == '--fingerprints':
        for vuln, (stig_id, fp) in sorted(rules(argv[2]).items()):
            print('%s\t%s\t%s' % (vuln, stig_id, fp))
        return 0
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 64
    old, new = rules(argv[1]), rules(argv[2])
    for vuln in sorted(set(old) & set(new)):
        if old[vuln][1] != new[vuln][1]:
            print(vuln)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
