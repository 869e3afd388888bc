"""The collector's manifest, content/collect/cmdlets.json: what Collect-ExchangeFacts.ps1 runs
and which properties each noun's objects are known to carry.

Shared by check_collector.py (the script against the manifest and the STIG check texts) and
check_drift.py (the OVAL content and binding files against the manifest). Errors are collected
as "file: place: message" strings so a run reports every problem at once.
"""
import json
import re

ROLES = ("Mailbox", "Edge")
SCOPES = ("Server", "Identity")
TOP_KEYS = {"manifest", "script", "benchmarks", "commands", "not_collected",
            "stig_select_exceptions", "skipped_properties", "property_sources", "properties"}
COMMAND_KEYS = {"module", "verb", "noun", "scope", "parameters", "roles", "stig", "implied",
                "context"}
COMMAND_REQUIRED = COMMAND_KEYS - {"implied", "context"}
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
MODULE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
STIG_RE = re.compile(r"^EX16-(MB|ED)-[0-9]{6}$")


class Manifest:
    """A checked manifest. commands keep the manifest's order (the table's order)."""

    def __init__(self, path, data):
        self.path = path
        self.data = data
        self.commands = data.get("commands", [])
        self.properties = {k.lower(): v for k, v in data.get("properties", {}).items()}

    def recorded(self, noun, prop):
        """True if PROP is a property the collector records for NOUN (case-insensitive)."""
        names = self.properties.get(noun.lower(), [])
        return prop.lower() in {n.lower() for n in names}

    def property_name(self, noun, prop):
        """PROP as the manifest spells it, or None."""
        for n in self.properties.get(noun.lower(), []):
            if n.lower() == prop.lower():
                return n
        return None


def param_text(value):
    """A parameter value as the facts layer compares it: JSON true is "true"."""
    if value is True:
        return "true"
    return str(value)


def command_key(module, verb, noun, params):
    """Identity of a command for matching, as the facts loader builds it: module, verb and noun
    case-insensitive, non-scope parameters sorted by lower-cased name, values lower-cased."""
    items = sorted((k.lower(), param_text(v).lower()) for k, v in params.items())
    return (module.lower(), verb.lower(), noun.lower(), tuple(items))


def describe(cmd):
    """Get-Noun -Param 'value' ..., for messages."""
    text = "%s-%s" % (cmd["verb"], cmd["noun"])
    if cmd.get("scope"):
        text += " -%s <host>" % cmd["scope"]
    for k, v in cmd.get("parameters", {}).items():
        text += " -%s" % k if v is True else " -%s '%s'" % (k, v)
    return text


def _check_command(errors, where, cmd, seen):
    if not isinstance(cmd, dict):
        errors.append("%s: expected an object" % where)
        return
    for k in sorted(set(cmd) - COMMAND_KEYS):
        errors.append("%s: unknown key %r" % (where, k))
    for k in sorted(COMMAND_REQUIRED - set(cmd)):
        errors.append("%s: missing key %r" % (where, k))
    if errors and any(e.startswith(where) for e in errors):
        return
    if not isinstance(cmd["module"], str) or not MODULE_RE.match(cmd["module"]):
        errors.append("%s: module %r is not a module name" % (where, cmd["module"]))
    if cmd["verb"] != "Get":
        errors.append("%s: verb %r: the collector runs Get- cmdlets only" % (where, cmd["verb"]))
    if not isinstance(cmd["noun"], str) or not NAME_RE.match(cmd["noun"]):
        errors.append("%s: noun %r is not a noun" % (where, cmd["noun"]))
    if cmd["scope"] not in (None,) + SCOPES:
        errors.append("%s: scope %r is not null, Server or Identity" % (where, cmd["scope"]))
    params = cmd["parameters"]
    if not isinstance(params, dict):
        errors.append("%s: parameters must be an object" % where)
        params = {}
    for k, v in params.items():
        if not NAME_RE.match(k) or (cmd["scope"] or "").lower() == k.lower():
            errors.append("%s: parameter %r: not a parameter name, or the scope parameter"
                          % (where, k))
        if not (v is True or (isinstance(v, str) and v)):
            errors.append("%s: parameter %s: a value is a non-empty string or true" % (where, k))
    roles = cmd["roles"]
    if not isinstance(roles, list) or not roles or any(r not in ROLES for r in roles) or \
            len(set(roles)) != len(roles):
        errors.append("%s: roles %r: a non-empty list of Mailbox and Edge" % (where, roles))
    stig = cmd["stig"]
    if not isinstance(stig, list) or any(not isinstance(s, str) or not STIG_RE.match(s)
                                         for s in stig):
        errors.append("%s: stig must be a list of STIG ids (EX16-MB-000010)" % where)
    if not stig and not cmd.get("context"):
        errors.append("%s: %s serves no STIG check: list its ids, or say in context why it is "
                      "collected" % (where, describe(cmd)))
    implied = cmd.get("implied", {})
    if not isinstance(implied, dict) or any(
            s not in stig or not isinstance(r, str) or not r.strip() for s, r in implied.items()):
        errors.append("%s: implied maps STIG ids of stig to the reason the check reads this "
                      "command without naming it" % where)
    if "context" in cmd and (not isinstance(cmd["context"], str) or not cmd["context"].strip()):
        errors.append("%s: context must be a non-empty reason" % where)
    key = command_key(cmd["module"], cmd["verb"], cmd["noun"], params)
    if key in seen:
        errors.append("%s: %s: same module, verb, noun and parameters as commands[%d]"
                      % (where, describe(cmd), seen[key]))
    seen[key] = int(where.rsplit("[", 1)[1].rstrip("]"))


def load(path):
    """Read and check the manifest. Returns (Manifest or None, errors)."""
    errors = []
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f, object_pairs_hook=_no_duplicates)
    except (OSError, ValueError) as e:
        return None, ["%s: %s" % (path, e)]
    if not isinstance(data, dict):
        return None, ["%s: expected a JSON object" % path]
    for k in sorted(set(data) - TOP_KEYS):
        errors.append("%s: unknown key %r" % (path, k))
    for k in sorted(TOP_KEYS - set(data)):
        errors.append("%s: missing key %r" % (path, k))
    if errors:
        return None, errors
    if data["manifest"] != 1:
        errors.append("%s: manifest: only version 1 is known" % path)
    if set(data["benchmarks"]) != set(ROLES):
        errors.append("%s: benchmarks: name one benchmark file per role %s" % (path, ROLES))
    seen = {}
    for i, cmd in enumerate(data["commands"]):
        _check_command(errors, "%s: commands[%d]" % (path, i), cmd, seen)
    if errors:
        return None, errors
    _check_properties(errors, path, data)
    for i, nc in enumerate(data["not_collected"]):
        where = "%s: not_collected[%d]" % (path, i)
        if set(nc) != {"verb", "noun", "stig", "reason"} or not str(nc.get("reason", "")).strip():
            errors.append("%s: needs exactly verb, noun, stig and a reason" % where)
    for i, ex in enumerate(data["stig_select_exceptions"]):
        where = "%s: stig_select_exceptions[%d]" % (path, i)
        if set(ex) != {"noun", "name", "stig", "reason"} or not str(ex.get("reason", "")).strip():
            errors.append("%s: needs exactly noun, name, stig and a reason" % where)
    return (Manifest(path, data) if not errors else None), errors


def _no_duplicates(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise ValueError("duplicate key %r" % k)
        out[k] = v
    return out


def _check_properties(errors, path, data):
    props = data["properties"]
    nouns = {c["noun"].lower() for c in data["commands"]}
    lower = {}
    for noun, names in props.items():
        where = "%s: properties.%s" % (path, noun)
        if noun.lower() in lower:
            errors.append("%s: listed twice (nouns are case-insensitive)" % where)
        lower[noun.lower()] = names
        if noun.lower() not in nouns:
            errors.append("%s: no command of the collector has this noun" % where)
        if not isinstance(names, list) or not names:
            errors.append("%s: a non-empty list of property names" % where)
            continue
        seen = set()
        for n in names:
            if not isinstance(n, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", n):
                errors.append("%s: %r is not a property name" % (where, n))
            elif n.lower() in seen:
                errors.append("%s: %s listed twice (names are case-insensitive)" % (where, n))
            else:
                seen.add(n.lower())
    for noun in sorted(nouns - set(lower)):
        errors.append("%s: properties: no list for noun %s, whose every property the collector "
                      "records" % (path, noun))
    for noun, skipped in data["skipped_properties"].items():
        where = "%s: skipped_properties.%s" % (path, noun)
        if noun.lower() not in nouns:
            errors.append("%s: no command of the collector has this noun" % where)
        if not isinstance(skipped, dict) or not skipped:
            errors.append("%s: map each left-out property to the reason" % where)
            continue
        listed = {n.lower() for n in lower.get(noun.lower(), [])}
        for n, why in skipped.items():
            if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", n) or not str(why).strip():
                errors.append("%s: %r needs a property name and a reason" % (where, n))
            if n.lower() in listed:
                errors.append("%s: %s is left out, so it cannot be listed in properties"
                              % (where, n))
    if {k.lower() for k in data["property_sources"]} != set(lower):
        errors.append("%s: property_sources: say where each noun's list comes from, and only "
                      "for nouns in properties" % path)


def ps_quote(text):
    """A PowerShell single-quoted string literal."""
    return "'" + text.replace("'", "''") + "'"


def table_text(manifest):
    """The command table of the collector, exactly as the script must hold it between its
    BEGIN and END markers (markers excluded)."""
    out = ["$CommandTable = @("]
    for cmd in manifest.commands:
        ids = cmd["stig"]
        lines = []
        line = "    #"
        for s in ids:
            if len(line) + 1 + len(s) > 100:
                lines.append(line)
                line = "    #"
            line += " " + s
        if ids:
            lines.append(line)
        if cmd.get("context"):
            lines.append("    # context: " + cmd["context"])
        scope = ps_quote(cmd["scope"]) if cmd["scope"] else "''"
        roles = ", ".join(ps_quote(r) for r in cmd["roles"])
        lines.append("    @{ Module = %s" % ps_quote(cmd["module"]))
        lines.append("       Verb = %s; Noun = %s; Scope = %s; Roles = @(%s)"
                     % (ps_quote(cmd["verb"]), ps_quote(cmd["noun"]), scope, roles))
        if not cmd["parameters"]:
            lines.append("       Parameters = [ordered]@{} }")
        else:
            lines.append("       Parameters = [ordered]@{")
            for k, v in cmd["parameters"].items():
                lines.append("           %s = %s" % (k, "$true" if v is True else ps_quote(v)))
            lines.append("       } }")
        out.extend(lines)
    out.append(")")
    out.append("# Properties left out of the records, by noun (see skipped_properties).")
    out.append("$SkippedProperties = @{")
    for noun, skipped in sorted(manifest.data["skipped_properties"].items()):
        out.append("    %s = @(%s)" % (noun, ", ".join(ps_quote(n) for n in skipped)))
    out.append("}")
    return "\n".join(out) + "\n"
