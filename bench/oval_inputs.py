#!/usr/bin/env python3
"""The inputs `oscap oval analyse` needs for the work a data stream describes.

  oval_inputs.py DATASTREAM DEFS_OUT VARIABLES_OUT

DEFS_OUT gets the data stream's OVAL definitions component as a document of its own (its bytes,
as 'scapula bind' wrote them); VARIABLES_OUT an OVAL variables document giving each external
variable the default of the XCCDF Value a rule exports to it (check-export). A Value without a
default (left to the site) gets "unset", so oscap has a value to compare and does the same work.
"""
import re
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

X = "{http://checklists.nist.gov/xccdf/1.2}"
D = "{http://oval.mitre.org/XMLSchema/oval-definitions-5}"


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 64
    ds, defs_out, vars_out = argv[1:]
    with open(ds, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"<oval_definitions\b.*?</oval_definitions>", text, re.S)
    if not m:
        sys.stderr.write("%s: no OVAL definitions component\n" % ds)
        return 1
    with open(defs_out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n' + m.group(0) + "\n")
    root = ET.fromstring(text)
    defaults = {}
    for v in root.iter(X + "Value"):
        val = [e for e in v.findall(X + "value") if e.get("selector") is None]
        defaults[v.get("id")] = (val[0].text or "") if val else ""
    exports = {e.get("export-name"): e.get("value-id") for e in root.iter(X + "check-export")}
    types = {e.get("id"): e.get("datatype")
             for e in ET.fromstring(m.group(0)).iter(D + "external_variable")}
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<oval_variables xmlns="http://oval.mitre.org/XMLSchema/oval-variables-5"'
           ' xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5">',
           "<generator><oval:schema_version>5.11</oval:schema_version>"
           "<oval:timestamp>2026-01-01T00:00:00</oval:timestamp></generator>", "<variables>"]
    for var, datatype in sorted(types.items()):
        value = defaults.get(exports.get(var), "") or "unset"
        out.append('<variable id="%s" datatype="%s" comment=%s><value>%s</value></variable>'
                   % (var, datatype, quoteattr(exports.get(var, "")), escape(value)))
    out += ["</variables>", "</oval_variables>", ""]
    with open(vars_out, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
