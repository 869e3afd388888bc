#!/usr/bin/env python3
"""Drift check between the facts collector and the OVAL content.

The collector's manifest (content/collect/cmdlets.json) says which commands
Collect-ExchangeFacts.ps1 runs, for which role, and which properties each noun's objects carry
(the collector records every property; the manifest lists the known ones). This check reads
every content/**/*.oval.xml and content/**/*.binding.xml and fails when

  * a win-def:cmdlet_object queries a (module, verb, noun, non-scope parameters) the collector
    does not run for the role of its benchmark: facts would never answer it;
  * a select field, or a field of a cmdlet_state's value record, names a property not listed
    for that noun, or a state reads a property its test's object does not select;
  * a binding file's <evidence module verb noun/> names a command the collector does not run
    for that role;
  * conversely, the collector runs a command for a role whose content neither queries it nor
    binds it as evidence, and the manifest gives no "context" reason for collecting it.

With --bundles DIR (repeatable) it also reads the facts bundles there (content/examples/ and the
rule cases of content tests, which stand for what the collector writes; error-*.json cases are
left out): each command must be one the collector runs for the bundle's role, and each recorded
property one listed for its noun.

Usage: check_drift.py --manifest JSON [--content DIR] [--bundles DIR]...
Exit 0 when content, bundles and collector agree, 1 with one line per problem otherwise.
"""
import json
import argparse
import glob
import os
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import collector_manifest  # noqa: E402

DEF = "{http://oval.mitre.org/XMLSchema/oval-definitions-5}"
WIN = "{http://oval.mitre.org/XMLSchema/oval-definitions-5#windows}"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
BIND = "{urn:scapula:binding:1}"
OBJECT_ENTITIES = {"module_name", "module_id", "module_version", "verb", "noun", "parameters",
                   "select"}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def role_of_benchmark(name):
    if "Edge" in name:
        return "Edge"
    if "Mailbox" in name:
        return "Mailbox"
    return None


def read_bindings(content, errors):
    """{oval path: role} and [(role, file, line-less place, module, verb, noun)] of evidence."""
    roles, evidence = {}, []
    for path in sorted(glob.glob(os.path.join(content, "**", "*.binding.xml"), recursive=True)):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as e:
            errors.append("%s: %s" % (path, e))
            continue
        if root.tag != BIND + "binding":
            errors.append("%s: not a binding file (root %s)" % (path, root.tag))
            continue
        role = role_of_benchmark(root.get("benchmark", ""))
        if role is None:
            errors.append("%s: benchmark %r is neither a Mailbox nor an Edge benchmark"
                          % (path, root.get("benchmark")))
            continue
        if root.get("oval"):
            oval = os.path.normpath(os.path.join(os.path.dirname(path), root.get("oval")))
            roles[oval] = role
        for rule in root.iter(BIND + "rule"):
            for ev in rule.iter(BIND + "evidence"):
                evidence.append((role, path, rule.get("vuln", "?"), ev.get("module", ""),
                                 ev.get("verb", ""), ev.get("noun", "")))
    return roles, evidence


def text_of(elem, what, errors, where):
    """The literal text of an entity; var_ref and nil are refused (not checkable here)."""
    if elem is None:
        errors.append("%s: no %s" % (where, what))
        return None
    if elem.get("var_ref"):
        errors.append("%s: %s takes a variable; the drift check needs literal values"
                      % (where, what))
        return None
    return (elem.text or "").strip()


def record_fields(elem):
    """[(name, text)] of a record entity (fields in any namespace), or [] when nil."""
    if elem is None or elem.get(XSI_NIL) == "true":
        return []
    return [(f.get("name", ""), (f.text or "").strip()) for f in elem if local(f.tag) == "field"]


def read_objects(path, root, errors):
    """{object id: dict} of the file's cmdlet_objects."""
    objects = {}
    for obj in root.iter(WIN + "cmdlet_object"):
        oid = obj.get("id", "?")
        where = "%s: %s" % (path, oid)
        kids = {local(k.tag): k for k in obj}
        extra = set(kids) - OBJECT_ENTITIES - {"notes", "Signature", "filter", "set"}
        if "set" in kids or "filter" in kids:
            errors.append("%s: set/filter cmdlet objects are not understood by the facts layer"
                          % where)
            continue
        for e in sorted(extra):
            errors.append("%s: unexpected element %s" % (where, e))
        module = text_of(kids.get("module_name"), "module_name", errors, where)
        verb = text_of(kids.get("verb"), "verb", errors, where)
        noun = text_of(kids.get("noun"), "noun", errors, where)
        params = kids.get("parameters")
        if params is not None and params.get("var_ref"):
            errors.append("%s: parameters take a variable; the drift check needs literal values"
                          % where)
            continue
        if None in (module, verb, noun):
            continue
        objects[oid] = {
            "module": module, "verb": verb, "noun": noun,
            "params": {n: v for n, v in record_fields(params)},
            "select": record_fields(kids.get("select")),
        }
    return objects


def match(manifest, role, obj):
    """The manifest command answering OBJ on a host of ROLE, or None."""
    want = collector_manifest.command_key(obj["module"], obj["verb"], obj["noun"], obj["params"])
    for cmd in manifest.commands:
        if role not in cmd["roles"]:
            continue
        if collector_manifest.command_key(cmd["module"], cmd["verb"], cmd["noun"],
                                          cmd["parameters"]) == want:
            return cmd
    return None


def check_oval(manifest, path, role, errors, used, counts):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        errors.append("%s: %s" % (path, e))
        return
    objects = read_objects(path, root, errors)
    counts["objects"] += len(objects)
    for oid, obj in sorted(objects.items()):
        where = "%s: %s" % (path, oid)
        cmd = match(manifest, role, obj)
        shown = "%s-%s%s" % (obj["verb"], obj["noun"], "".join(
            " -%s '%s'" % kv for kv in sorted(obj["params"].items())))
        if cmd is None:
            errors.append("%s: queries %s (%s), which the collector does not run for %s "
                          "servers (content/collect/cmdlets.json)"
                          % (where, shown, obj["module"], role))
            continue
        used.add((role, id(cmd)))
        for name, prop in obj["select"]:
            if not manifest.recorded(obj["noun"], prop):
                errors.append("%s: selects %s of %s, which is not among the properties the "
                              "collector records for %s" % (where, prop, shown, obj["noun"]))
            elif name != prop.lower():
                errors.append("%s: select field %r must be named %r (the lower-cased property)"
                              % (where, name, prop.lower()))
    states = {s.get("id"): s for s in root.iter(WIN + "cmdlet_state")}
    for test in root.iter(WIN + "cmdlet_test"):
        tid = test.get("id", "?")
        oref = test.find(WIN + "object")
        obj = objects.get(oref.get("object_ref")) if oref is not None else None
        for sref in test.findall(WIN + "state"):
            state = states.get(sref.get("state_ref"))
            if state is None or obj is None:
                continue
            counts["states"] += 1
            value = state.find(WIN + "value")
            selected = {n for n, _ in obj["select"]}
            for name, _ in record_fields(value):
                where = "%s: %s (test %s)" % (path, state.get("id"), tid)
                if not manifest.recorded(obj["noun"], name):
                    errors.append("%s: reads %s, which is not among the properties the "
                                  "collector records for %s" % (where, name, obj["noun"]))
                elif name not in selected:
                    errors.append("%s: reads %s, which object %s does not select"
                                  % (where, name, oref.get("object_ref")))


def check_bundles(manifest, folder, errors):
    """Example bundles against the collector; returns how many were read."""
    # error-*.json cases of content tests stand for bundles the collector never writes (another
    # server's connectors, a command without -Status): they are meant to differ.
    paths = sorted(p for p in glob.glob(os.path.join(folder, "**", "*.json"), recursive=True)
                   if not os.path.basename(p).startswith("error-"))
    if not paths:
        errors.append("%s: no *.json facts bundles to check" % folder)
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                bundle = json.load(f)
            host = bundle["host"]["hostname"]
            role = bundle["host"]["exchange_role"]
            commands = bundle["commands"]
        except (OSError, ValueError, KeyError, TypeError) as e:
            errors.append("%s: not a facts bundle: %s" % (path, e))
            continue
        for i, c in enumerate(commands):
            where = "%s: commands[%d]" % (path, i)
            params = {k: v for k, v in c.get("parameters", {}).items()
                      if not (k.lower() in ("server", "identity") and isinstance(v, str)
                              and v.lower() == host.lower())}
            obj = {"module": c.get("module", ""), "verb": c.get("verb", ""),
                   "noun": c.get("noun", ""), "params": params}
            if match(manifest, role, obj) is None:
                errors.append("%s: %s-%s %s: the collector does not run this for %s servers"
                              % (where, obj["verb"], obj["noun"], params, role))
                continue
            for j, o in enumerate(c.get("objects", [])):
                for name in o:
                    if not manifest.recorded(obj["noun"], name):
                        errors.append("%s.objects[%d]: %s is not among the properties listed "
                                      "for %s" % (where, j, name, obj["noun"]))
    return len(paths)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--content")
    ap.add_argument("--bundles", action="append", default=[])
    a = ap.parse_args(argv)
    if not a.content and not a.bundles:
        ap.error("give --content, --bundles or both")
    manifest, errors = collector_manifest.load(a.manifest)
    if manifest is None:
        for e in errors:
            print(e)
        return 1
    bundles = sum(check_bundles(manifest, b, errors) for b in a.bundles)
    summary = "%d facts bundle(s) hold only what the collector records" % bundles
    if not a.content:
        for e in errors:
            print(e)
        if errors:
            print("check_drift: %d problem(s)" % len(errors))
            return 1
        print("check_drift: " + summary)
        return 0
    roles, evidence = read_bindings(a.content, errors)
    ovals = sorted(os.path.normpath(p) for p in
                   glob.glob(os.path.join(a.content, "**", "*.oval.xml"), recursive=True))
    if not ovals:
        errors.append("%s: no *.oval.xml content to check" % a.content)
    used = set()
    counts = {"objects": 0, "states": 0}
    content_roles = set()
    for path in ovals:
        base = os.path.basename(path).lower()
        role = roles.get(path) or ("Edge" if "edge" in base else
                                   "Mailbox" if "mailbox" in base else None)
        if role is None:
            errors.append("%s: no binding file names it, so its role (Mailbox or Edge) is "
                          "unknown" % path)
            continue
        content_roles.add(role)
        check_oval(manifest, path, role, errors, used, counts)
    for role, path, vuln, module, verb, noun in evidence:
        hits = [c for c in manifest.commands if role in c["roles"] and
                (c["module"].lower(), c["verb"].lower(), c["noun"].lower()) ==
                (module.lower(), verb.lower(), noun.lower())]
        if not hits:
            errors.append("%s: rule %s: evidence %s-%s (%s) is not a command the collector "
                          "runs for %s servers" % (path, vuln, verb, noun, module, role))
        for c in hits:
            used.add((role, id(c)))
    for role in sorted(content_roles):
        for i, cmd in enumerate(manifest.commands):
            if role in cmd["roles"] and (role, id(cmd)) not in used and not cmd.get("context"):
                errors.append("%s: commands[%d] %s: collected on %s servers, but no %s content "
                              "queries it or binds it as evidence (add a context reason if it "
                              "is collected for reports only)"
                              % (manifest.path, i, collector_manifest.describe(cmd), role, role))
    for e in errors:
        print(e)
    if errors:
        print("check_drift: %d problem(s)" % len(errors))
        return 1
    print("check_drift: %d OVAL file(s), %d cmdlet objects, %d states, %d evidence bindings: "
          "content and collector agree%s" % (len(ovals), counts["objects"], counts["states"],
                                             len(evidence), "; " + summary if a.bundles else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
