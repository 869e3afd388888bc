#!/usr/bin/env python3
"""Independent test oracle for scapula's OVAL content.

For each case (a minimal facts bundle, format 1, named for its expected verdict: pass*.json,
fail*.json, error*.json) under CASES/<V-number>/, build OVAL 5.11 system characteristics from
the facts the way the content conventions say (independently of src/syschar.c), write an OVAL
variables file holding the binding file's defaults for the external variables (overridden by
an optional sidecar <case>.values, JSON {"value_id": "value"}: a site's tailoring; a rule
that exports a required value, whose default is empty, is not checked until a site sets it,
so each of its cases must set it there), run

    oscap oval analyse --results r.xml --variables vars.xml OVAL sc.xml

and compare the definition oval:scapula.exchange2016:def:<digits of V-number> with the
expected verdict.

Usage: oval_oracle.py OVAL BINDING CASES [--keep DIR] [--validate] [--only V-nnnnnn]...
  --validate  also validate the generated system characteristics and results (slower)
  --keep DIR  keep the generated files (sc, variables, results) per case under DIR
  --only V-n  run only that rule's cases (may be repeated)
Exit 0 when every case gives its expected verdict, 1 otherwise.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

OVAL_DEF = "http://oval.mitre.org/XMLSchema/oval-definitions-5"
WIN_DEF = OVAL_DEF + "#windows"
OVAL_RES = "http://oval.mitre.org/XMLSchema/oval-results-5"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
BIND = "urn:scapula:binding:1"
NS_PREFIX = "oval:scapula.exchange2016"

# Parameter names that only say where the cmdlet ran (scope), when naming this host.
SCOPE_PARAMS = ("server", "identity")


def text_of(elem):
    return elem.text if elem is not None and elem.text is not None else ""


def is_nil(elem):
    return elem is not None and elem.get("{%s}nil" % XSI) == "true"


def read_objects(oval_path):
    """Every win-def:cmdlet_object: id, module, verb, noun, params (dict or None), select."""
    root = ET.parse(oval_path).getroot()
    objects = []
    for obj in root.iter("{%s}cmdlet_object" % WIN_DEF):
        params_el = obj.find("{%s}parameters" % WIN_DEF)
        params = None
        if not is_nil(params_el):
            params = {f.get("name"): text_of(f) for f in params_el.findall("{%s}field" % OVAL_DEF)}
        select_el = obj.find("{%s}select" % WIN_DEF)
        select = [(f.get("name"), text_of(f)) for f in select_el.findall("{%s}field" % OVAL_DEF)]
        objects.append({
            "id": obj.get("id"),
            "module": text_of(obj.find("{%s}module_name" % WIN_DEF)),
            "verb": text_of(obj.find("{%s}verb" % WIN_DEF)),
            "noun": text_of(obj.find("{%s}noun" % WIN_DEF)),
            "params": params,
            "select": select,
        })
    return objects


def param_text(value):
    """A parameter value as text: JSON true -> "true", numbers in decimal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def command_params(cmd, hostname):
    """The command's parameters minus the scope ones, names lower-cased."""
    out = {}
    for name, value in (cmd.get("parameters") or {}).items():
        text = param_text(value)
        if name.lower() in SCOPE_PARAMS and text.lower() == hostname.lower():
            continue
        out[name.lower()] = text
    return out


def matches(obj, cmd, hostname):
    for key in ("module", "verb", "noun"):
        if obj[key].lower() != str(cmd.get(key, "")).lower():
            return False
    have = command_params(cmd, hostname)
    want = {k.lower(): v for k, v in (obj["params"] or {}).items()}
    if set(have) != set(want):
        return False
    return all(have[k].lower() == want[k].lower() for k in want)


def find_prop(record, name):
    """The property named NAME (case-insensitively) as (found, value)."""
    for key, value in record.items():
        if key.lower() == name.lower():
            return True, value
    return False, None


def field_xml(name, value):
    """The item fields for one property value (a list gives one field per element)."""
    if value is None:
        return ['<field name=%s status="does not exist"/>' % quoteattr(name)]
    if isinstance(value, bool):
        return ['<field name=%s datatype="boolean">%s</field>' % (quoteattr(name), "true" if value else "false")]
    if isinstance(value, int):
        return ['<field name=%s datatype="int">%d</field>' % (quoteattr(name), value)]
    if isinstance(value, list):
        if not value:
            return ['<field name=%s status="does not exist"/>' % quoteattr(name)]
        return ['<field name=%s>%s</field>' % (quoteattr(name), escape(str(v))) for v in value]
    return ['<field name=%s>%s</field>' % (quoteattr(name), escape(str(value)))]


def item_xml(item_id, obj, cmd):
    out = ['<win-sc:cmdlet_item id="%d" status="exists">' % item_id,
           '<win-sc:module_name>%s</win-sc:module_name>' % escape(obj["module"]),
           '<win-sc:module_id xsi:nil="true"/>', '<win-sc:module_version datatype="version" xsi:nil="true"/>',
           '<win-sc:verb>%s</win-sc:verb>' % escape(obj["verb"]),
           '<win-sc:noun>%s</win-sc:noun>' % escape(obj["noun"])]
    if obj["params"] is None:
        out.append('<win-sc:parameters datatype="record" xsi:nil="true"/>')
    else:
        out.append('<win-sc:parameters datatype="record">')
        out += ['<field name=%s>%s</field>' % (quoteattr(k), escape(v)) for k, v in obj["params"].items()]
        out.append('</win-sc:parameters>')
    out.append('<win-sc:select datatype="record">')
    out += ['<field name=%s>%s</field>' % (quoteattr(k), escape(v)) for k, v in obj["select"]]
    out.append('</win-sc:select>')
    objects = cmd.get("objects") or []
    if not objects:
        out.append('<win-sc:value datatype="record" status="does not exist"/>')
    for record in objects:
        out.append('<win-sc:value datatype="record">')
        for field, prop in obj["select"]:
            _, value = find_prop(record, prop)
            out += field_xml(field, value)
        out.append('</win-sc:value>')
    out.append('</win-sc:cmdlet_item>')
    return "\n".join(out)


def build_sc(objects, facts):
    """OVAL system characteristics (text) for FACTS, one cmdlet item per object collected."""
    host = facts["host"]
    hostname = host["hostname"]
    collected, items = [], []
    for obj in objects:
        found = [c for c in facts["commands"] if matches(obj, c, hostname)]
        if not found or found[0].get("status") != "ok":
            collected.append('<object id="%s" version="1" flag="error"/>' % obj["id"])
            continue
        item_id = len(items) + 1
        items.append(item_xml(item_id, obj, found[0]))
        collected.append('<object id="%s" version="1" flag="complete"><reference item_ref="%d"/></object>'
                         % (obj["id"], item_id))
    iface = ""
    for i, ip in enumerate(host.get("ipv4") or []):
        macs = host.get("mac") or []
        iface += ('<interface><interface_name>if%d</interface_name><ip_address>%s</ip_address>'
                  '<mac_address>%s</mac_address></interface>' % (i, escape(ip), escape(macs[i] if i < len(macs) else "")))
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<oval_system_characteristics xmlns="http://oval.mitre.org/XMLSchema/oval-system-characteristics-5"'
        ' xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5"'
        ' xmlns:win-sc="http://oval.mitre.org/XMLSchema/oval-system-characteristics-5#windows"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
        '<generator><oval:product_name>oval_oracle.py</oval:product_name>'
        '<oval:schema_version>5.11</oval:schema_version>'
        '<oval:timestamp>%s</oval:timestamp></generator>' % escape(facts["collected"].rstrip("Z")),
        '<system_info><os_name>%s</os_name><os_version>%s</os_version><architecture>x86_64</architecture>'
        '<primary_host_name>%s</primary_host_name><interfaces>%s</interfaces></system_info>'
        % (escape(host.get("os") or ""), escape(host.get("os_version") or ""), escape(hostname), iface),
        '<collected_objects>', "\n".join(collected), '</collected_objects>',
        # system_data must hold at least one item when present
        '<system_data>\n%s\n</system_data>' % "\n".join(items) if items else '',
        '</oval_system_characteristics>', ''])


def read_binding_values(binding_path, oval_path):
    """value id -> (variable id, OVAL datatype, default): the binding file gives the value,
    the OVAL external_variable its datatype (the variables file must repeat it)."""
    datatypes = {v.get("id"): v.get("datatype")
                 for v in ET.parse(oval_path).getroot().iter("{%s}external_variable" % OVAL_DEF)}
    root = ET.parse(binding_path).getroot()
    values = {}
    for v in root.findall("{%s}value" % BIND):
        values[v.get("id")] = (v.get("variable"), datatypes.get(v.get("variable"), "string"), v.get("default"))
    return values


def read_required_exports(binding_path):
    """definition id -> the required values its rule exports (binding <value required>)."""
    root = ET.parse(binding_path).getroot()
    required = {v.get("id") for v in root.findall("{%s}value" % BIND)
                if v.get("required") in ("true", "1")}
    out = {}
    for r in root.findall("{%s}rule" % BIND):
        if r.get("definition"):
            out[r.get("definition")] = [e.get("value") for e in r.findall("{%s}export" % BIND)
                                        if e.get("value") in required]
    return out


def variables_xml(values, overrides):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<oval_variables xmlns="http://oval.mitre.org/XMLSchema/oval-variables-5"'
           ' xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5">',
           '<generator><oval:schema_version>5.11</oval:schema_version>'
           '<oval:timestamp>2024-01-24T00:00:00</oval:timestamp></generator>', '<variables>']
    for vid, (var, datatype, default) in sorted(values.items()):
        value = overrides.get(vid, default)
        if isinstance(value, bool):
            value = "true" if value else "false"
        out.append('<variable id="%s" datatype="%s" comment=%s><value>%s</value></variable>'
                   % (var, datatype, quoteattr(vid), escape(str(value))))
    out += ['</variables>', '</oval_variables>', '']
    return "\n".join(out)


def definition_result(results_path, def_id):
    root = ET.parse(results_path).getroot()
    for d in root.iter("{%s}definition" % OVAL_RES):
        if d.get("definition_id") == def_id:
            return d.get("result")
    return None


VERDICT = {"true": "pass", "false": "fail", "error": "error", "unknown": "error",
           "not applicable": "notapplicable", "not evaluated": "error"}


def run_case(oval, objects, values, case_path, work, validate, required=None):
    vuln = os.path.basename(os.path.dirname(case_path))
    def_id = "%s:def:%s" % (NS_PREFIX, vuln.split("-")[1])
    with open(case_path, encoding="utf-8") as f:
        facts = json.load(f)
    overrides = {}
    sidecar = case_path[:-len(".json")] + ".values"
    if os.path.exists(sidecar):
        with open(sidecar, encoding="utf-8") as f:
            overrides = json.load(f)
        unknown = sorted(set(overrides) - set(values))
        if unknown:
            return "bad-values", "%s: no such value in the binding: %s" % (sidecar, ", ".join(unknown))
    unset = [v for v in (required or {}).get(def_id, []) if not str(overrides.get(v, ""))]
    if unset:
        return "not-checked", "%s: the rule is not checked until a site sets %s (in %s)" % (
            case_path, ", ".join(unset), os.path.basename(sidecar))
    sc_path = os.path.join(work, "sc.xml")
    vars_path = os.path.join(work, "vars.xml")
    res_path = os.path.join(work, "results.xml")
    with open(sc_path, "w", encoding="utf-8") as f:
        f.write(build_sc(objects, facts))
    with open(vars_path, "w", encoding="utf-8") as f:
        f.write(variables_xml(values, overrides))
    if validate:
        p = subprocess.run(["oscap", "oval", "validate", "--syschar", "--skip-schematron", sc_path],
                           capture_output=True, text=True)
        if p.returncode != 0 or p.stderr.strip():
            return "invalid-sc", p.stdout + p.stderr
    # the definitions are validated once by their own test; --validate checks what we generate
    cmd = ["oscap", "oval", "analyse", "--skip-valid", "--results", res_path, "--variables", vars_path]
    p = subprocess.run(cmd + [oval, sc_path], capture_output=True, text=True)
    if p.returncode not in (0, 2) or not os.path.exists(res_path):
        return "oscap-failed", p.stdout + p.stderr
    result = definition_result(res_path, def_id)
    if result is None:
        return "no-definition", "%s not in the results" % def_id
    return VERDICT.get(result, result), p.stderr


def expected_verdict(name):
    m = re.match(r"^(pass|fail|error|notapplicable)([-_.].*)?\.json$", name)
    return m.group(1) if m else None


def list_cases(cases_dir, only):
    out = []
    for vuln in sorted(os.listdir(cases_dir)):
        if only and vuln not in only:
            continue
        d = os.path.join(cases_dir, vuln)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith(".json"):
                continue
            out.append(os.path.join(d, name))
    return out


def main(argv):
    args = [a for a in argv[1:]]
    keep = None
    only = []
    validate = False
    pos = []
    while args:
        a = args.pop(0)
        if a == "--keep":
            keep = args.pop(0)
        elif a == "--only":
            only.append(args.pop(0))
        elif a == "--validate":
            validate = True
        else:
            pos.append(a)
    if len(pos) != 3:
        sys.stderr.write(__doc__)
        return 64
    oval, binding, cases_dir = pos
    objects = read_objects(oval)
    values = read_binding_values(binding, oval)
    required = read_required_exports(binding)
    cases = list_cases(cases_dir, only)
    if not cases:
        print("no cases under %s" % cases_dir)
        return 1
    failed = 0
    for case in cases:
        rel = os.path.relpath(case, cases_dir)
        want = expected_verdict(os.path.basename(case))
        if want is None:
            print("BAD NAME %s (must start with pass, fail, error or notapplicable)" % rel)
            failed += 1
            continue
        with tempfile.TemporaryDirectory() as tmp:
            work = tmp
            if keep:
                work = os.path.join(keep, rel[:-len(".json")])
                os.makedirs(work, exist_ok=True)
            got, detail = run_case(oval, objects, values, case, work, validate, required)
        status = "ok  " if got == want else "FAIL"
        if got != want:
            failed += 1
        print("%s %s: expected %s, got %s" % (status, rel, want, got))
        if got != want and detail.strip():
            print("     " + detail.strip().replace("\n", "\n     "))
    print("%d cases, %d wrong" % (len(cases), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
