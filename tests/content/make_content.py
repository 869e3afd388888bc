#!/usr/bin/env python3
"""Write content/exchange2016/mailbox.oval.xml and mailbox.binding.xml from mailbox_rules.py.

Usage: make_content.py XCCDF CONTENT_DIR [--check] [--stig mailbox|edge]
  XCCDF        DISA's V2R6 Mailbox Server manual benchmark (rule ids, STIG ids, check texts)
  CONTENT_DIR  the project's content/exchange2016 folder
  --check      write nothing; exit 1 if the files differ from what the table gives
  --stig NAME  mailbox (default: mailbox_rules.py, mailbox.*.xml) or edge (edge_rules.py,
               edge.*.xml, DISA's Edge Transport Server benchmark)
The XML files are the product; this table is how they are written and reviewed.
"""
import importlib
import os
import re
import sys
from xml.sax.saxutils import escape, quoteattr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mailbox_rules as M  # noqa: E402
import stig_rules  # noqa: E402

NS = "oval:scapula.exchange2016"
BENCHMARK = "MS_Exchange_2016_Mailbox_Server_STIG"
# --stig NAME -> (rules table module, benchmark id, STIG name); files are NAME.oval.xml etc.
STIGS = {
    "mailbox": ("mailbox_rules", "MS_Exchange_2016_Mailbox_Server_STIG", "Mailbox Server"),
    "edge": ("edge_rules", "MS_Exchange_2016_Edge_Transport_Server_STIG", "Edge Transport Server"),
}
STIG = "mailbox"
RELEASE = "V2R6"
TIMESTAMP = "2024-01-24T00:00:00"  # the V2R6 benchmark date: output is reproducible


def obj_id(key):
    return "%s:obj:%d" % (NS, M.OBJECTS[key][0])


def var_id(ref):
    """A value's variable (by value id) or a local variable (by number, or its digits)."""
    if isinstance(ref, str) and ref.isdigit():
        ref = int(ref)
    num = M.VALUES[ref][0] if isinstance(ref, str) else ref
    return "%s:var:%d" % (NS, num)


def field_xml(f, indent):
    attrs = [("name", f["field"])]
    if f["op"] != "equals":
        attrs.append(("operation", f["op"]))
    if f.get("entity_check"):
        attrs.append(("entity_check", f["entity_check"]))
    if "var" in f:
        attrs.append(("var_ref", var_id(f["var"])))
        if f.get("var_check"):
            attrs.append(("var_check", f["var_check"]))
        body = None
    else:
        body = f["value"]
    a = " ".join("%s=%s" % (k, quoteattr(v)) for k, v in attrs)
    if body is None:
        return "%s<field %s/>" % (indent, a)
    return "%s<field %s>%s</field>" % (indent, a, escape(body))


class Builder:
    def __init__(self, xccdf_rules):
        self.xccdf = {r["vuln"]: r for r in xccdf_rules}
        self.tests, self.states, self.defs = [], [], []

    def add_test(self, digits, n, spec):
        kind, obj, fields = spec
        tid = "%s:tst:%s%02d" % (NS, digits, n)
        sid = "%s:ste:%s%02d" % (NS, digits, n)
        noun = M.OBJECTS[obj][2]
        check = {"all": "all", "none": "none satisfy", "exists": "all"}[kind]
        comment = {
            "all": "every object from Get-%s satisfies the state" % noun,
            "none": "no object from Get-%s satisfies the state" % noun,
            "exists": "Get-%s returned at least one object" % noun,
        }[kind]
        self.tests.append(
            '    <win-def:cmdlet_test id="%s" version="1" check=%s check_existence="at_least_one_exists" comment=%s>\n'
            '      <win-def:object object_ref="%s"/>\n'
            '      <win-def:state state_ref="%s"/>\n'
            '    </win-def:cmdlet_test>' % (tid, quoteattr(check), quoteattr(comment), obj_id(obj), sid))
        state_comment = {
            "all": "what every object from Get-%s must satisfy" % noun,
            "none": "an object from Get-%s that breaks the rule" % noun,
            "exists": "any object from Get-%s, null properties included" % noun,
        }[kind]
        ec = ' entity_check="at least one"' if kind == "none" else ""
        lines = ['    <win-def:cmdlet_state id="%s" version="1" comment=%s>' % (sid, quoteattr(state_comment)),
                 '      <win-def:value datatype="record"%s>' % ec]
        lines += [field_xml(f, "        ") for f in fields]
        lines += ['      </win-def:value>', '    </win-def:cmdlet_state>']
        self.states.append("\n".join(lines))
        return tid

    def criteria_xml(self, digits, crit, counter, indent):
        op, items = crit
        out = ['%s<criteria operator="%s">' % (indent, op)]
        for item in items:
            negate = ""
            if item[0] == "NOT":
                negate, item = ' negate="true"', item[1]
            if item[0] in ("AND", "OR"):
                out.append(self.criteria_xml(digits, item, counter, indent + "  "))
                continue
            counter[0] += 1
            tid = self.add_test(digits, counter[0], item)
            out.append('%s  <criterion test_ref="%s"%s/>' % (indent, tid, negate))
        out.append('%s</criteria>' % indent)
        return "\n".join(out)

    def add_definition(self, r):
        x = self.xccdf[r["vuln"]]
        digits = r["vuln"].split("-")[1]
        crit = self.criteria_xml(digits, r["criteria"], [0], "      ")
        refs = "\n".join('        <reference source="DISA-STIG" ref_id="%s"/>' % ref
                         for ref in (r["vuln"], x["rule"], x["stig"]))
        self.defs.append(
            '    <definition id="%s:def:%s" version="1" class="compliance">\n'
            '      <metadata>\n'
            '        <title>%s</title>\n'
            '%s\n'
            '        <description>%s</description>\n'
            '      </metadata>\n'
            '%s\n'
            '    </definition>' % (NS, digits, escape(r["title"]), refs, escape(r["description"]), crit))


def objects_xml():
    out = []
    for key, (num, module, noun, params, props) in sorted(M.OBJECTS.items(), key=lambda kv: kv[1][0]):
        if params is None:
            p = '      <win-def:parameters datatype="record" xsi:nil="true"/>'
        else:
            p = '      <win-def:parameters datatype="record">\n%s\n      </win-def:parameters>' % "\n".join(
                '        <field name=%s>%s</field>' % (quoteattr(k), escape(v)) for k, v in params.items())
        sel = "\n".join('        <field name=%s>%s</field>' % (quoteattr(pr.lower()), escape(pr)) for pr in props)
        out.append(
            '    <win-def:cmdlet_object id="%s:obj:%d" version="1" comment=%s>\n'
            '      <win-def:module_name>%s</win-def:module_name>\n'
            '      <win-def:module_id xsi:nil="true"/>\n'
            '      <win-def:module_version datatype="version" xsi:nil="true"/>\n'
            '      <win-def:verb>Get</win-def:verb>\n'
            '      <win-def:noun>%s</win-def:noun>\n'
            '%s\n'
            '      <win-def:select datatype="record">\n%s\n      </win-def:select>\n'
            '    </win-def:cmdlet_object>' % (NS, num, quoteattr("Get-%s (%s)" % (noun, key.replace("_", " "))),
                                              escape(module), escape(noun), p, sel))
    return "\n".join(out)


def variables_xml():
    out = []
    for vid, (num, _type, _default, title, _desc, *_opts) in sorted(M.VALUES.items(), key=lambda kv: kv[1][0]):
        out.append('    <external_variable id="%s:var:%d" version="1" datatype="string" comment=%s/>'
                   % (NS, num, quoteattr("%s (XCCDF Value %s)" % (title, vid))))
    for num, (comment, kind, payload) in sorted(M.LOCALS.items()):
        if kind == "object":
            obj, field = payload
            body = '      <object_component object_ref="%s" item_field="value" record_field="%s"/>' % (obj_id(obj), field)
        elif kind == "object-text":
            # concat with "" makes the values strings: an object_component keeps the item
            # field's int datatype, and oscap then errors on "Unlimited" and crashes on null.
            obj, field = payload
            body = ('      <concat>\n        <literal_component/>\n'
                    '        <object_component object_ref="%s" item_field="value" record_field="%s"/>\n'
                    '      </concat>' % (obj_id(obj), field))
        elif kind == "xml":
            # components as written in the table; @value_id@ names that value's variable,
            # @NNN@ the local variable numbered NNN
            body = '      ' + re.sub(r"@([a-z0-9_]+)@", lambda m: var_id(m.group(1)), payload)
        else:
            body = '      <literal_component>%s</literal_component>' % escape(payload)
        out.append('    <local_variable id="%s:var:%d" version="1" datatype="string" comment=%s>\n%s\n    </local_variable>'
                   % (NS, num, quoteattr(comment), body))
    return "\n".join(out)


def oval_document(builder):
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!-- Microsoft Exchange 2016 %s STIG %s: scapula\'s OVAL definitions, evaluated' % (STIGS[STIG][2], RELEASE),
        '     against system characteristics made from a facts bundle (docs/facts.md). Every state',
        '     field compares as a string: see tests/content/%s.py for why. -->' % STIGS[STIG][0],
        '<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"',
        '    xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5"',
        '    xmlns:win-def="http://oval.mitre.org/XMLSchema/oval-definitions-5#windows"',
        '    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
        '    xsi:schemaLocation="http://oval.mitre.org/XMLSchema/oval-definitions-5 oval-definitions-schema.xsd'
        ' http://oval.mitre.org/XMLSchema/oval-definitions-5#windows windows-definitions-schema.xsd'
        ' http://oval.mitre.org/XMLSchema/oval-common-5 oval-common-schema.xsd">',
        '  <generator>',
        '    <oval:product_name>scapula</oval:product_name>',
        '    <oval:schema_version>5.11</oval:schema_version>',
        '    <oval:timestamp>%s</oval:timestamp>' % TIMESTAMP,
        '  </generator>',
        '  <definitions>', "\n".join(builder.defs), '  </definitions>',
        '  <tests>', "\n".join(builder.tests), '  </tests>',
        '  <objects>', objects_xml(), '  </objects>',
        '  <states>', "\n".join(builder.states), '  </states>',
        '  <variables>', variables_xml(), '  </variables>',
        '</oval_definitions>', ''])


def binding_document(xccdf_rules):
    x = {r["vuln"]: r for r in xccdf_rules}
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<!-- Which rules of the %s STIG %s scapula decides, and how. -->' % (STIGS[STIG][2], RELEASE),
           '<binding xmlns="urn:scapula:binding:1" benchmark="%s"' % BENCHMARK,
           '         oval="%s.oval.xml" written-against="%s">' % (STIG, RELEASE)]
    for vid, (num, vtype, default, title, desc, *opts) in sorted(M.VALUES.items(), key=lambda kv: kv[1][0]):
        required = ' required="true"' if opts and opts[0].get("required") else ""
        out += ['  <value id="%s" type="%s" variable="%s:var:%d" default=%s%s>'
                % (vid, vtype, NS, num, quoteattr(default), required),
                '    <title>%s</title>' % escape(title),
                '    <description>%s</description>' % escape(desc),
                '  </value>']
    for r in M.RULES:
        xr = x[r["vuln"]]
        attrs = 'vuln="%s" stig-id="%s" severity="%s" class="%s"' % (
            r["vuln"], xr["stig"], xr["severity"], r["cls"])
        if r["cls"] in ("automated", "site-value"):
            attrs += ' definition="%s:def:%s"' % (NS, r["vuln"].split("-")[1])
        out.append('  <rule %s' % attrs)
        out.append('        check-sha256="%s">' % xr["sha"])
        out.append('    <reason>%s</reason>' % escape(r["reason"]))
        for e in r["exports"]:
            out.append('    <export value="%s"/>' % e)
        for module, verb, noun in r["evidence"]:
            out.append('    <evidence module="%s" verb="%s" noun="%s"/>' % (module, verb, noun))
        out.append('  </rule>')
    out += ['</binding>', '']
    return "\n".join(out)


def main(argv):
    global M, BENCHMARK, STIG
    args = [a for a in argv[1:] if a != "--check"]
    check = "--check" in argv
    if "--stig" in args:
        i = args.index("--stig")
        STIG = args[i + 1] if i + 1 < len(args) else ""
        del args[i:i + 2]
        if STIG not in STIGS:
            sys.stderr.write(__doc__)
            return 64
        M = importlib.import_module(STIGS[STIG][0])
        BENCHMARK = STIGS[STIG][1]
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 64
    xccdf_path, content_dir = args
    xccdf_rules = list(stig_rules.rules(xccdf_path))
    known = {r["vuln"] for r in xccdf_rules}
    listed = [r["vuln"] for r in M.RULES]
    if sorted(listed) != sorted(known):
        sys.stderr.write("make_content: the table and %s disagree on the rules: missing %s, extra %s\n"
                         % (xccdf_path, sorted(known - set(listed)), sorted(set(listed) - known)))
        return 1
    b = Builder(xccdf_rules)
    for r in M.RULES:
        if r["cls"] in ("automated", "site-value"):
            b.add_definition(r)
    files = {STIG + ".oval.xml": oval_document(b), STIG + ".binding.xml": binding_document(xccdf_rules)}
    status = 0
    for name, text in files.items():
        path = os.path.join(content_dir, name)
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    current = f.read()
            except OSError as e:
                current = None
                sys.stderr.write("make_content: %s: %s\n" % (path, e.strerror))
            if current != text:
                sys.stderr.write("make_content: %s differs from tests/content/%s.py\n" % (path, STIGS[STIG][0]))
                status = 1
            continue
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
