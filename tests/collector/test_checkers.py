#!/usr/bin/env python3
"""Self-tests of check_collector.py and check_drift.py: each checker must pass the real
collector (and content generated from the real manifest) and must fail, naming the problem,
on copies mutated in a temporary folder — a write cmdlet, an alias, a download, unbalanced
braces, a hand-edited table; content querying a command or reading a property the collector
lacks; a collector command or property the content lacks.

Usage: test_checkers.py --source-dir DIR --xccdf-dir DIR
Prints one line per case and 'N passed, N failed'; exit 0 only when every case holds.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK_COLLECTOR = os.path.join(HERE, "check_collector.py")
CHECK_DRIFT = os.path.join(HERE, "check_drift.py")

OVAL_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"
    xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5"
    xmlns:win-def="http://oval.mitre.org/XMLSchema/oval-definitions-5#windows"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
"""


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def oval_for(manifest, role, prop_for=None, extra_objects=""):
    """OVAL content with one cmdlet object, test and state per command of ROLE. PROP_FOR maps
    a noun to the property to select and test (default: the noun's first listed property)."""
    objs, tests, states = [], [], []
    n = 0
    for cmd in manifest["commands"]:
        if role not in cmd["roles"]:
            continue
        n += 1
        prop = (prop_for or {}).get(cmd["noun"]) or manifest["properties"][cmd["noun"]][0]
        if cmd["parameters"]:
            fields = "".join('<field name="%s" datatype="string">%s</field>'
                             % (k.lower(), "true" if v is True else xml_escape(v))
                             for k, v in cmd["parameters"].items())
            params = '<win-def:parameters datatype="record">%s</win-def:parameters>' % fields
        else:
            params = '<win-def:parameters xsi:nil="true" datatype="record"/>'
        objs.append(
            '<win-def:cmdlet_object id="oval:t:obj:%d" version="1">'
            '<win-def:module_name>%s</win-def:module_name>'
            '<win-def:module_id xsi:nil="true"/><win-def:module_version xsi:nil="true"/>'
            '<win-def:verb>%s</win-def:verb><win-def:noun>%s</win-def:noun>%s'
            '<win-def:select datatype="record"><field name="%s">%s</field></win-def:select>'
            '</win-def:cmdlet_object>'
            % (n, cmd["module"], cmd["verb"], cmd["noun"], params, prop.lower(), prop))
        tests.append('<win-def:cmdlet_test id="oval:t:tst:%d" version="1" check="all" '
                     'check_existence="at_least_one_exists" comment="t">'
                     '<win-def:object object_ref="oval:t:obj:%d"/>'
                     '<win-def:state state_ref="oval:t:ste:%d"/></win-def:cmdlet_test>'
                     % (n, n, n))
        states.append('<win-def:cmdlet_state id="oval:t:ste:%d" version="1">'
                      '<win-def:value datatype="record">'
                      '<field name="%s" operation="pattern match">.</field>'
                      '</win-def:value></win-def:cmdlet_state>' % (n, prop.lower()))
    return (OVAL_HEAD + "<tests>%s</tests><objects>%s%s</objects><states>%s</states>"
            "</oval_definitions>\n" % ("".join(tests), "".join(objs), extra_objects,
                                         "".join(states)))


def binding_for(role, evidence=""):
    bench = {"Mailbox": "MS_Exchange_2016_Mailbox_Server_STIG",
             "Edge": "MS_Exchange_2016_Edge_Transport_Server_STIG"}[role]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<binding xmlns="urn:scapula:binding:1" benchmark="%s" oval="%s.oval.xml" '
            'written-against="V2R6"><rule vuln="V-1" class="evidence" check-sha256="0">'
            '<reason>t</reason>%s</rule></binding>\n' % (bench, role.lower(), evidence))


class Case:
    def __init__(self, tmp, source, xccdf):
        self.tmp = tmp
        self.source = source
        self.xccdf = xccdf
        self.script = os.path.join(source, "content", "collect", "Collect-ExchangeFacts.ps1")
        self.manifest_path = os.path.join(source, "content", "collect", "cmdlets.json")
        with open(self.manifest_path, encoding="utf-8") as f:
            self.manifest = json.load(f)

    def copy_script(self, old=None, new=None):
        with open(self.script, encoding="ascii") as f:
            s = f.read()
        if old is not None:
            if old not in s:
                raise AssertionError("mutation anchor %r not in the script" % old)
            s = s.replace(old, new, 1)
        path = os.path.join(self.tmp, "Collect-ExchangeFacts.ps1")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(s)
        return path

    def write_manifest(self, data):
        path = os.path.join(self.tmp, "cmdlets.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
        return path

    def content(self, mailbox=None, edge=None, evidence_mailbox=""):
        d = os.path.join(self.tmp, "content")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        m = self.manifest
        for role, text in (("Mailbox", mailbox), ("Edge", edge)):
            if text is None:
                text = oval_for(m, role)
            with open(os.path.join(d, role.lower() + ".oval.xml"), "w") as f:
                f.write(text)
            with open(os.path.join(d, role.lower() + ".binding.xml"), "w") as f:
                f.write(binding_for(role, evidence_mailbox if role == "Mailbox" else ""))
        return d


def run(args):
    p = subprocess.run([sys.executable] + args, capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def collector(c, script=None, manifest=None, xccdf=True):
    args = [CHECK_COLLECTOR, "--script", script or c.copy_script(),
            "--manifest", manifest or c.manifest_path]
    if xccdf:
        args += ["--xccdf-dir", c.xccdf]
    return run(args)


def drift(c, content, manifest=None):
    return run([CHECK_DRIFT, "--manifest", manifest or c.manifest_path, "--content", content])


ANCHOR = "    $hostName = $env:COMPUTERNAME\n"


def static_cases(c):
    """(name, script mutation (old, new) or None, manifest change or None, expected text)."""
    m = c.manifest
    added = json.loads(json.dumps(m))
    added["commands"].append({"module": "Microsoft.Exchange.Management.PowerShell.SnapIn",
                              "verb": "Get", "noun": "JournalRule", "scope": None,
                              "parameters": {}, "roles": ["Mailbox"],
                              "stig": [], "context": "t"})
    added["properties"]["JournalRule"] = ["Name"]
    added["property_sources"]["JournalRule"] = "t"
    dropped = json.loads(json.dumps(m))
    dropped["commands"] = [x for x in dropped["commands"] if x["noun"] != "RemoteDomain"]
    del dropped["properties"]["RemoteDomain"]
    del dropped["property_sources"]["RemoteDomain"]
    noprop = json.loads(json.dumps(m))
    noprop["properties"]["ReceiveConnector"] = [
        p for p in noprop["properties"]["ReceiveConnector"] if p != "TarpitInterval"]
    setverb = json.loads(json.dumps(m))
    setverb["commands"][0]["verb"] = "Set"
    return [
        ("a Set- cmdlet", (ANCHOR, "    Set-ExecutionPolicy -ExecutionPolicy Bypass\n" + ANCHOR),
         None, "Set-ExecutionPolicy is not a command the collector may run"),
        ("a Remove- cmdlet in a pipeline", (ANCHOR, "    Get-ChildItem $env:TEMP | Remove-Item\n"
                                            + ANCHOR), None, "Remove-Item is not a command"),
        ("an unbalanced brace", ("function Test-FactScalar {", "function Test-FactScalar {{"),
         None, "'{' is never closed"),
        ("a stray closing parenthesis", ("return $found[0]", "return $found[0])"), None,
         "')' closes '{'"),
        ("an unclosed string", (ANCHOR, "    $x = 'abc\n" + ANCHOR), None, "never closed"),
        ("Invoke-Expression", (ANCHOR, "    Invoke-Expression $x\n" + ANCHOR), None,
         "Invoke-Expression"),
        ("the alias iex", (ANCHOR, "    iex $x\n" + ANCHOR), None, "Invoke-Expression"),
        ("a download", (ANCHOR, "    $y = $w.DownloadString($u)\n" + ANCHOR), None,
         "web access"),
        ("an alias in command position", (ANCHOR, "    gci $env:TEMP\n" + ANCHOR), None,
         "gci in command position"),
        ("a write to another file", (ANCHOR, "    Add-Content -Path $p -Value 1\n" + ANCHOR), None,
         "writing files"),
        ("redirection", (ANCHOR, "    $x = 1 > $p\n" + ANCHOR), None, "redirection"),
        ("a second WriteAllText", (ANCHOR, "    [System.IO.File]::WriteAllText($p, 'x')\n" +
                                   ANCHOR), None, "WriteAllText"),
        ("a method that changes things", (ANCHOR, "    $svc.Stop()\n" + ANCHOR), None,
         "method Stop() is not on the read-only list"),
        ("PowerShell 7 syntax", (ANCHOR, "    $a = $b && $c\n" + ANCHOR), None,
         "PowerShell 7 syntax"),
        ("Get-Command for another verb", ("Get-Command -Name ('Get-' + $Noun)",
                                          "Get-Command -Name ('Set-' + $Noun)"), None,
         "Get-Command is only ever asked for -Name ('Get-' + ...)"),
        ("the call operator on a string", (ANCHOR, "    & 'Stop-Service' -Name x\n" + ANCHOR),
         None, "the call operator runs only $command"),
        ("a command variable from elsewhere",
         (ANCHOR, "    foreach ($command in $list) { & $command }\n" + ANCHOR), None,
         "$command is only ever assigned from Resolve-FactCommand"),
        ("another snap-in", ("$ExchangeSnapIn = 'Microsoft.Exchange.Management.PowerShell.SnapIn'",
                             "$ExchangeSnapIn = 'Some.Other.SnapIn'"), None,
         "$ExchangeSnapIn is the Exchange snap-in's name"),
        ("no -ErrorAction Stop", ("$splat['ErrorAction'] = 'Stop'",
                                  "$splat['ErrorAction'] = 'Continue'"), None,
         "-ErrorAction Stop"),
        ("a hand-edited table", ("Noun = 'RemoteDomain'", "Noun = 'RemoteDomains'"), None,
         "command table differs from the manifest"),
        ("non-ASCII text", ("# The host block", "# The h\u00f6st block"), None,
         "not printable ASCII"),
        ("the collector adds a command", None, added, "not in the expected list"),
        ("the collector drops a command the STIG names", None, dropped,
         "names Get-RemoteDomain, which no command of the collector runs"),
        ("the manifest drops a property the STIG selects", None, noprop,
         "selects TarpitInterval of Get-ReceiveConnector"),
        ("a manifest command with verb Set", None, setverb, "runs Get- cmdlets only"),
    ]


def drift_cases(c):
    m = c.manifest
    foo = ('<win-def:cmdlet_object id="oval:t:obj:999" version="1">'
           '<win-def:module_name>Microsoft.Exchange.Management.PowerShell.SnapIn'
           '</win-def:module_name><win-def:verb>Get</win-def:verb>'
           '<win-def:noun>JournalRule</win-def:noun>'
           '<win-def:parameters xsi:nil="true" datatype="record"/>'
           '<win-def:select datatype="record"><field name="name">Name</field></win-def:select>'
           '</win-def:cmdlet_object>')
    edge_only = foo.replace("JournalRule", "IPAllowListConfig")
    pop = oval_for(m, "Mailbox").replace("MSExchangePOP3", "MSExchangePOP")
    lacking = oval_for(m, "Mailbox").replace("<win-def:noun>RemoteDomain</win-def:noun>",
                                             "<win-def:noun>AcceptedDomain</win-def:noun>")
    added = json.loads(json.dumps(m))
    added["commands"].append({"module": "Microsoft.Exchange.Management.PowerShell.SnapIn",
                              "verb": "Get", "noun": "JournalRule", "scope": None,
                              "parameters": {}, "roles": ["Mailbox"], "stig": ["EX16-MB-000010"]})
    added["properties"]["JournalRule"] = ["Name"]
    added["property_sources"]["JournalRule"] = "t"
    fewer = json.loads(json.dumps(m))
    fewer["properties"]["ReceiveConnector"] = [
        p for p in fewer["properties"]["ReceiveConnector"] if p != "AuthMechanism"]
    ev = ('<evidence module="Microsoft.Exchange.Management.PowerShell.SnapIn" verb="Get" '
          'noun="JournalRule"/>')
    rc = {"ReceiveConnector": "AuthMechanism"}
    return [
        ("content queries a noun the collector does not run",
         dict(mailbox=oval_for(m, "Mailbox", extra_objects=foo)), None,
         "queries Get-JournalRule"),
        ("Mailbox content queries an Edge-only command",
         dict(mailbox=oval_for(m, "Mailbox", extra_objects=edge_only)), None,
         "does not run for Mailbox servers"),
        ("content queries other parameters",
         dict(mailbox=pop), None,
         "-path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\MSExchangePOP'"),
        ("a state reads an unrecorded property",
         dict(mailbox=oval_for(m, "Mailbox", prop_for=rc).replace(
             '<field name="authmechanism" operation="pattern match">',
             '<field name="authmechanisms" operation="pattern match">')), None,
         "reads authmechanisms, which is not among the properties"),
        ("a select names an unrecorded property",
         dict(mailbox=oval_for(m, "Mailbox", prop_for={"ReceiveConnector": "AuthMechanismz"})),
         None, "selects AuthMechanismz"),
        ("a state reads a property its object does not select",
         dict(mailbox=oval_for(m, "Mailbox", prop_for=rc).replace(
             '<field name="authmechanism" operation="pattern match">.</field>',
             '<field name="authmechanism" operation="pattern match">.</field>'
             '<field name="banner" operation="pattern match">.</field>')), None,
         "reads banner, which object"),
        ("evidence names a command the collector does not run",
         dict(evidence_mailbox=ev), None, "evidence Get-JournalRule"),
        ("the collector adds a command the content lacks", {}, added,
         "Get-JournalRule: collected on Mailbox servers, but no Mailbox content"),
        ("content no longer uses a collected command", dict(mailbox=lacking), None,
         "Get-RemoteDomain: collected on Mailbox servers, but no Mailbox content"),
        ("the collector drops a property the content reads",
         dict(mailbox=oval_for(m, "Mailbox", prop_for=rc)), fewer,
         "selects AuthMechanism of Get-ReceiveConnector"),
    ]


def bundle_for(manifest, role):
    """A facts bundle with every command of ROLE, each returning one object with every
    listed property."""
    cmds = []
    for cmd in manifest["commands"]:
        if role not in cmd["roles"]:
            continue
        params = dict(cmd["parameters"])
        if cmd["scope"]:
            params[cmd["scope"]] = "EXMB01"
        cmds.append({"module": cmd["module"], "verb": "Get", "noun": cmd["noun"],
                     "parameters": params, "status": "ok",
                     "objects": [{p: None for p in manifest["properties"][cmd["noun"]]}]})
    return {"format": 1, "collected": "2026-11-20T14:03:11Z",
            "host": {"hostname": "EXMB01", "exchange_role": role}, "commands": cmds}


def bundle_cases(c):
    def unrun(b):
        b["commands"].append({"module": "Microsoft.Exchange.Management.PowerShell.SnapIn",
                              "verb": "Get", "noun": "JournalRule", "parameters": {},
                              "status": "ok", "objects": []})
        return b

    def other_server(b):
        for x in b["commands"]:
            if x["noun"] == "ReceiveConnector":
                x["parameters"]["Server"] = "EXMB02"
        return b

    def unlisted(b):
        b["commands"][0]["objects"][0]["NoSuchProperty"] = 1
        return b

    return [
        ("pass a bundle of everything the collector records", lambda b: b, None),
        ("catch a command the collector does not run", unrun, "Get-JournalRule"),
        ("catch another server's connectors", other_server, "Get-ReceiveConnector"),
        ("catch an unlisted property", unlisted, "NoSuchProperty is not among the properties"),
    ]


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--xccdf-dir", required=True)
    a = ap.parse_args(argv)
    passed = failed = 0

    def report(name, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print("ok   %s" % name)
        else:
            failed += 1
            print("FAIL %s\n%s" % (name, detail))

    with tempfile.TemporaryDirectory() as tmp:
        c = Case(tmp, a.source_dir, a.xccdf_dir)
        rc, out = collector(c)
        report("check_collector passes the real collector", rc == 0, out)
        rc, out = drift(c, c.content())
        report("check_drift passes content that uses every collected command", rc == 0, out)
        rc, out = drift(c, c.content(mailbox=oval_for(c.manifest, "Mailbox", prop_for={
            "ReceiveConnector": "AuthMechanism"})))
        report("check_drift passes a state on a selected, recorded property", rc == 0, out)
        for name, mutation, manifest, expect in static_cases(c):
            script = c.copy_script(*mutation) if mutation else None
            mpath = c.write_manifest(manifest) if manifest else None
            rc, out = collector(c, script, mpath)
            report("check_collector catches %s" % name, rc == 1 and expect in out,
                   "exit %d, wanted %r in:\n%s" % (rc, expect, out))
        for name, content, manifest, expect in drift_cases(c):
            mpath = c.write_manifest(manifest) if manifest else None
            rc, out = drift(c, c.content(**content), mpath)
            report("check_drift catches %s" % name, rc == 1 and expect in out,
                   "exit %d, wanted %r in:\n%s" % (rc, expect, out))
        for name, change, expect in bundle_cases(c):
            folder = os.path.join(tmp, "bundles")
            shutil.rmtree(folder, ignore_errors=True)
            os.makedirs(folder)
            with open(os.path.join(folder, "b.json"), "w") as f:
                json.dump(change(bundle_for(c.manifest, "Mailbox")), f)
            rc, out = run([CHECK_DRIFT, "--manifest", c.manifest_path, "--bundles", folder])
            report("check_drift (bundles) %s" % name,
                   (rc == 0 and expect is None) or (rc == 1 and expect is not None and
                                                    expect in out),
                   "exit %d, wanted %r in:\n%s" % (rc, expect, out))
        rc, out = drift(c, os.path.join(tmp, "empty-content"))
        report("check_drift refuses a folder without content", rc == 1 and "no *.oval.xml" in out,
               out)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
