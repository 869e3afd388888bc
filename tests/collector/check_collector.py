#!/usr/bin/env python3
"""Static check of the facts collector, content/collect/Collect-ExchangeFacts.ps1.

PowerShell cannot run here, so this reads the script as text, with a tokenizer for the subset
of PowerShell the script is allowed to use, and checks:

  * form: ASCII only, no BOM; strings, comments and brackets ( [ { balanced and closed outside
    strings and comments; no PowerShell 7 syntax (&& || ?? ?. ternary) that 5.1 cannot parse;
  * read-only: every command it names is a Get- cmdlet on a short list, one of its own
    Get-/ConvertTo-/Resolve-/Test-Fact* functions, or Add-PSSnapin (the Exchange snap-in only),
    Write-Verbose, Write-Warning, Where-Object; no alias, no dot-sourcing, no redirection, no
    method but a short read-only list, no Invoke-Expression, web client or download; the call
    operator only as `& $command` on what Resolve-FactCommand returned, which only ever asks
    Get-Command for 'Get-' + noun; the one write is WriteAllText($OutFile, ...);
  * the command table between the BEGIN/END markers is exactly what the manifest
    (content/collect/cmdlets.json) generates, and the manifest's commands are the expected list
    below;
  * with --xccdf-dir: the manifest covers every Get- cmdlet the check texts of the Exchange 2016
    Mailbox and Edge Transport STIGs (V2R6) name, for the right roles and STIG ids, and every
    property those check texts select is among the properties the manifest lists.

Usage: check_collector.py --script PS1 --manifest JSON [--xccdf-dir DIR] [--update]
  --update rewrites the table in the script from the manifest (then checks).
Exit 0 when everything holds, 1 with one line per problem otherwise.
"""
import argparse
import fnmatch
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import collector_manifest  # noqa: E402

EX = "Microsoft.Exchange.Management.PowerShell.SnapIn"
MGMT = "Microsoft.PowerShell.Management"
SERVICES = "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\"

# The commands the collector runs: (module, noun, scope, non-scope parameters). A change to the
# manifest's command list must be made here too, on purpose.
EXPECTED = [
    (EX, "AcceptedDomain", None, {}),
    (EX, "AdminAuditLogConfig", None, {}),
    (EX, "AttachmentFilterEntry", None, {}),
    (EX, "ContentFilterConfig", None, {}),
    (EX, "DatabaseAvailabilityGroup", None, {}),
    (EX, "EventLogLevel", "Server", {}),
    (EX, "ExchangeCertificate", "Server", {}),
    (EX, "ExchangeServer", "Identity", {"Status": True}),
    (EX, "IPAllowListConfig", None, {}),
    (EX, "IPAllowListEntry", "Server", {}),
    (EX, "IPBlockListProvider", None, {}),
    (EX, "Mailbox", "Server", {"ResultSize": "Unlimited",
                               "Filter": "ForwardingSmtpAddress -ne $null -or "
                                         "ForwardingAddress -ne $null"}),
    (EX, "MailboxDatabase", "Server", {}),
    (EX, "OrganizationConfig", None, {}),
    (EX, "OutlookAnywhere", "Server", {}),
    (EX, "OwaVirtualDirectory", "Server", {}),
    (EX, "ReceiveConnector", "Server", {}),
    (EX, "RecipientFilterConfig", None, {}),
    (EX, "RemoteDomain", None, {}),
    (EX, "RpcClientAccess", "Server", {}),
    (EX, "SendConnector", None, {}),
    (EX, "SenderFilterConfig", None, {}),
    (EX, "SenderIdConfig", None, {}),
    (EX, "SenderReputationConfig", None, {}),
    (EX, "TransportAgent", None, {}),
    (EX, "TransportAgent", None, {"Identity": "Malware Agent"}),
    (EX, "TransportConfig", None, {}),
    (EX, "TransportService", "Identity", {}),
    ("Microsoft.PowerShell.Security", "ExecutionPolicy", None, {}),
    (MGMT, "ItemProperty", None, {"Path": SERVICES + "MSExchangeIMAP4"}),
    (MGMT, "ItemProperty", None, {"Path": SERVICES + "MSExchangePOP3"}),
    (MGMT, "Service", None, {}),
    ("WebAdministration", "WebBinding", None, {}),
    ("WebAdministration", "Website", None, {}),
]

BEGIN = "# BEGIN COMMAND TABLE"
END = "# END COMMAND TABLE"
KEYWORDS = {"if", "elseif", "else", "foreach", "for", "while", "do", "until", "switch",
            "function", "filter", "param", "return", "try", "catch", "finally", "throw",
            "break", "continue", "exit", "begin", "process", "end", "trap", "data",
            "dynamicparam", "class", "enum", "using", "in"}
# Commands the script may name other than its own functions. Get- ones read; Add-PSSnapin
# only loads the Exchange snap-in into this session; the rest write to the host streams or
# filter in memory.
ALLOWED_COMMANDS = {"get-command", "get-pssnapin", "get-ciminstance", "add-pssnapin",
                    "write-verbose", "write-warning", "where-object"}
FUNCTION_RE = re.compile(r"^(Get|ConvertTo|Resolve|Test)-Fact[A-Za-z]*$")
# Methods the script may call: each reads, converts or builds in memory. WriteAllText is the
# one write and is checked on its own.
ALLOWED_METHODS = {"tostring", "tobytes", "add", "append", "clear", "contains", "toarray",
                   "tochararray", "replace", "toupperinvariant", "trim", "startswith",
                   "gettype", "getunresolvedproviderpathfrompspath", "writeerrorline"}
ALLOWED_STATIC = {"getipglobalproperties", "writealltext", "new"}
# Never in code or strings, whatever the context (comments may mention them).
FORBIDDEN_TEXT = [
    (re.compile(r"invoke-expression|\biex\b", re.I), "Invoke-Expression"),
    (re.compile(r"invoke-(webrequest|restmethod|command|item|cimmethod|wmimethod)|"
                r"\b(iwr|irm|icm)\b", re.I), "Invoke- cmdlets"),
    (re.compile(r"download(string|file|data)|webclient|net\.http|\b(curl|wget)\b", re.I),
     "web access"),
    (re.compile(r"start-(process|job)|\bsaps\b|add-type|frombase64string|encodedcommand", re.I),
     "starting or compiling code"),
    (re.compile(r"microsoft\.win32|\bregistry\b", re.I), "direct registry access"),
    (re.compile(r"\b(out-file|set-content|add-content|tee-object)\b", re.I),
     "writing files (the one write is WriteAllText to $OutFile)"),
]
# A cmdlet with one of these verbs named in a string could be looked up and run.
WRITE_VERB_RE = re.compile(
    r"\b(Set|New|Remove|Enable|Disable|Start|Stop|Restart|Suspend|Resume|Clear|Install|"
    r"Uninstall|Register|Unregister|Update|Move|Rename|Copy|Mount|Dismount|Add|Import|Export|"
    r"Invoke|Send|Out|Test|Write|Redo|Undo|Reset|Repair|Complete|Publish|Unpublish|Grant|"
    r"Revoke|Block|Unblock|Connect|Disconnect|Retry|Resume|Submit)-[A-Za-z]", re.I)


class Token:
    __slots__ = ("kind", "text", "line", "in_square")

    def __init__(self, kind, text, line):
        self.kind = kind
        self.text = text
        self.line = line
        self.in_square = False

    def __repr__(self):
        return "%s(%r)@%d" % (self.kind, self.text, self.line)


VARIABLE_RE = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z_][A-Za-z0-9_]*)?|[_?$^])")
NUMBER_RE = re.compile(r"0[xX][0-9A-Fa-f]+|[0-9]+(?:\.[0-9]+)?(?:[eE][0-9]+)?[A-Za-z]*")


class ScriptError(Exception):
    pass


def tokenize(src, errors, path):
    """Tokens of SRC: word, var, splat, param, str, num, member, static, op, nl. Comments are
    dropped. Unclosed strings/comments and unbalanced brackets are reported to ERRORS."""
    toks = []
    stack = []  # (bracket char, line)
    i, line, n = 0, 1, len(src)

    def emit(kind, text):
        t = Token(kind, text, line)
        t.in_square = any(b == "[" for b, _ in stack)
        toks.append(t)
        return t

    def open_bracket(ch, text):
        emit("op", text)
        stack.append((ch, line))

    def close_bracket(ch):
        want = {")": "(", "]": "[", "}": "{"}[ch]
        if not stack:
            errors.append("%s:%d: '%s' closes nothing" % (path, line, ch))
        elif stack[-1][0] != want:
            errors.append("%s:%d: '%s' closes '%s' opened on line %d"
                          % (path, line, ch, stack[-1][0], stack[-1][1]))
            stack.pop()
        else:
            stack.pop()
        emit("op", ch)

    while i < n:
        c = src[i]
        nxt = src[i + 1] if i + 1 < n else ""
        if c in " \t\f":
            i += 1
        elif c == "\r" and nxt == "\n":
            i += 1
        elif c == "\n":
            emit("nl", "\n")
            line += 1
            i += 1
        elif c == "`":
            if nxt == "\n" or (nxt == "\r" and src[i + 2:i + 3] == "\n"):
                i += 3 if nxt == "\r" else 2
                line += 1
            else:
                i += 2
        elif c == "<" and nxt == "#":
            end = src.find("#>", i + 2)
            if end < 0:
                raise ScriptError("%s:%d: block comment <# never closed" % (path, line))
            line += src.count("\n", i, end)
            i = end + 2
        elif c == "#":
            end = src.find("\n", i)
            i = n if end < 0 else end
        elif c == "@" and nxt in "'\"":
            raise ScriptError("%s:%d: here-strings are not used (keep every string on one line "
                              "so this check sees them)" % (path, line))
        elif c == "'":
            j = i + 1
            buf = []
            while True:
                if j >= n:
                    raise ScriptError("%s:%d: string ' never closed" % (path, line))
                if src[j] == "'":
                    if src[j + 1:j + 2] == "'":
                        buf.append("'")
                        j += 2
                        continue
                    break
                buf.append(src[j])
                j += 1
            text = "".join(buf)
            line_start = line
            line += text.count("\n")
            t = emit("str", text)
            t.line = line_start
            i = j + 1
        elif c == '"':
            j = i + 1
            buf = []
            while True:
                if j >= n:
                    raise ScriptError('%s:%d: string " never closed' % (path, line))
                if src[j] == "`":
                    buf.append(src[j:j + 2])
                    j += 2
                    continue
                if src[j] == '"':
                    if src[j + 1:j + 2] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append(src[j])
                j += 1
            text = "".join(buf)
            if "$(" in text or "${" in text:
                errors.append("%s:%d: no $( ) or ${ } inside double-quoted strings (code must stay "
                              "outside strings, where this check reads it)" % (path, line))
            line_start = line
            line += text.count("\n")
            t = emit("str", text)
            t.line = line_start
            i = j + 1
        elif c == "$":
            if nxt == "(":
                open_bracket("(", "$(")
                i += 2
            elif nxt == "{":
                raise ScriptError("%s:%d: ${...} variables are not used" % (path, line))
            else:
                m = VARIABLE_RE.match(src, i)
                if not m:
                    raise ScriptError("%s:%d: a lone $" % (path, line))
                emit("var", m.group(0))
                i = m.end()
        elif c == "@" and nxt == "(":
            open_bracket("(", "@(")
            i += 2
        elif c == "@" and nxt == "{":
            open_bracket("{", "@{")
            i += 2
        elif c == "@" and (nxt.isalpha() or nxt == "_"):
            m = re.compile(r"@[A-Za-z_][A-Za-z0-9_]*").match(src, i)
            emit("splat", m.group(0))
            i = m.end()
        elif c in "([{":
            open_bracket(c, c)
            i += 1
        elif c in ")]}":
            close_bracket(c)
            i += 1
        elif c == "-" and (nxt.isalpha() or nxt == "_"):
            m = re.compile(r"-[A-Za-z_][A-Za-z0-9_]*:?").match(src, i)
            emit("param", m.group(0))
            i = m.end()
        elif c.isdigit():
            m = NUMBER_RE.match(src, i)
            emit("num", m.group(0))
            i = m.end()
        elif c.isalpha() or c == "_":
            m = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z_][A-Za-z0-9_]*)*").match(src, i)
            emit("word", m.group(0))
            i = m.end()
        elif c == "." and (nxt.isalpha() or nxt == "_") and i > 0 and \
                src[i - 1] not in " \t\n(;|{=":
            m = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)").match(src, i)
            emit("member", m.group(1))
            i = m.end()
        elif c == ":" and nxt == ":":
            m = re.compile(r"::([A-Za-z_][A-Za-z0-9_]*)").match(src, i)
            if not m:
                raise ScriptError("%s:%d: '::' without a member" % (path, line))
            emit("static", m.group(1))
            i = m.end()
        elif src.startswith("&&", i) or src.startswith("||", i):
            errors.append("%s:%d: '%s' is PowerShell 7 syntax; 5.1 cannot parse it"
                          % (path, line, src[i:i + 2]))
            i += 2
        elif c == "?":
            errors.append("%s:%d: '?' (ternary, ?? or ?. of PowerShell 7, or the Where-Object "
                          "alias) is not used" % (path, line))
            i += 1
        elif c in "<>":
            errors.append("%s:%d: '%s' is redirection in PowerShell: the one write is "
                          "WriteAllText to $OutFile" % (path, line, c))
            i += 1
        else:
            m = re.compile(r"\+=|-=|\*=|/=|%=|\+\+|--|[=+*/%,;|&!.:\\-]").match(src, i)
            if not m:
                errors.append("%s:%d: unexpected character %r" % (path, line, c))
                i += 1
                continue
            emit("op", m.group(0))
            i = m.end()
    for ch, ln in stack:
        errors.append("%s:%d: '%s' is never closed" % (path, ln, ch))
    return toks


COMMAND_STARTERS = {"nl", ";", "|", "{", "(", "@(", "$(", "&", "=", "+=", "-=", "return",
                    "throw", "in"}


def in_command_position(toks, k):
    """True if word K starts a command (what follows a statement start, a pipe, an opening
    bracket, an assignment or return/throw/in)."""
    if toks[k].in_square:
        return False
    j = k + 1
    if j < len(toks) and toks[j].kind == "op" and toks[j].text in ("=", "+=", "-="):
        return False  # a hashtable key or an assignment target
    p = k - 1
    if p < 0:
        return True
    prev = toks[p]
    if prev.kind == "nl":
        return True
    if prev.kind == "op" and prev.text in COMMAND_STARTERS:
        return True
    if prev.kind == "word" and prev.text.lower() in ("return", "throw", "in"):
        return True
    return False


def check_tokens(toks, errors, path):
    """The read-only rules over the token stream."""
    functions = set()
    for k, t in enumerate(toks):
        if t.kind == "word" and t.text.lower() == "function" and k + 1 < len(toks):
            name = toks[k + 1].text
            if not FUNCTION_RE.match(name):
                errors.append("%s:%d: function %s: the script's own functions are "
                              "Get-/ConvertTo-/Resolve-/Test-Fact*" % (path, t.line, name))
            functions.add(name.lower())
    writes = snapins = 0
    for k, t in enumerate(toks):
        prev = toks[k - 1] if k > 0 else None
        after = toks[k + 1] if k + 1 < len(toks) else None
        if t.kind == "word":
            low = t.text.lower()
            if prev is not None and prev.kind == "word" and prev.text.lower() == "function":
                continue
            if "-" in low and not t.in_square and low not in functions and \
                    low not in ALLOWED_COMMANDS:
                errors.append("%s:%d: %s is not a command the collector may run"
                              % (path, t.line, t.text))
            elif in_command_position(toks, k) and low not in KEYWORDS and \
                    low not in functions and low not in ALLOWED_COMMANDS:
                errors.append("%s:%d: %s in command position is neither a keyword nor an "
                              "allowed command (aliases are not used)" % (path, t.line, t.text))
            if low == "add-pssnapin" and not (
                    after is not None and after.text.lower() == "-name" and k + 2 < len(toks)
                    and toks[k + 2].text == "$ExchangeSnapIn"):
                errors.append("%s:%d: Add-PSSnapin loads the Exchange snap-in only "
                              "(Add-PSSnapin -Name $ExchangeSnapIn)" % (path, t.line))
            if low == "get-command" and [x.text for x in toks[k + 1:k + 5]] != \
                    ["-Name", "(", "Get-", "+"]:
                errors.append("%s:%d: Get-Command is only ever asked for -Name ('Get-' + ...)"
                              % (path, t.line))
        elif t.kind == "op" and t.text == "&":
            if after is None or after.text != "$command":
                errors.append("%s:%d: the call operator runs only $command" % (path, t.line))
        elif t.kind == "op" and t.text == "%" and prev is not None and prev.text == "|":
            errors.append("%s:%d: the alias %% is not used" % (path, t.line))
        elif t.kind == "op" and t.text == "." and in_command_position(toks, k):
            errors.append("%s:%d: dot-sourcing is not used" % (path, t.line))
        elif t.kind == "var" and t.text.lower() == "$command":
            assigned = after is not None and after.text == "="
            rhs = toks[k + 2] if assigned and k + 2 < len(toks) else None
            called = prev is not None and prev.text == "&"
            if not (called or (rhs is not None and rhs.text == "Resolve-FactCommand")):
                errors.append("%s:%d: $command is only ever assigned from Resolve-FactCommand "
                              "and run with &" % (path, t.line))
        elif t.kind == "var" and t.text == "$ExchangeSnapIn" and after is not None and \
                after.text == "=":
            rhs = toks[k + 2] if k + 2 < len(toks) else None
            snapins += 1
            if rhs is None or rhs.kind != "str" or rhs.text != EX or \
                    (k + 3 < len(toks) and toks[k + 3].kind != "nl"):
                errors.append("%s:%d: $ExchangeSnapIn is the Exchange snap-in's name, nothing "
                              "else" % (path, t.line))
        elif t.kind in ("member", "static"):
            called = after is not None and after.kind == "op" and after.text == "(" and \
                after.line == t.line
            if not called:
                continue
            allowed = ALLOWED_METHODS if t.kind == "member" else ALLOWED_STATIC
            if t.text.lower() not in allowed:
                errors.append("%s:%d: method %s() is not on the read-only list"
                              % (path, t.line, t.text))
            if t.text.lower() == "writealltext":
                writes += 1
                ok = [x.text for x in toks[max(k - 5, 0):k]] == \
                    ["[", "System", "IO", "File", "]"] and \
                    k + 2 < len(toks) and toks[k + 2].text == "$OutFile"
                if not ok:
                    errors.append("%s:%d: WriteAllText writes $OutFile only" % (path, t.line))
        elif t.kind == "str":
            if WRITE_VERB_RE.search(t.text):
                errors.append("%s:%d: the string %r names a command that changes things"
                              % (path, t.line, t.text))
    if snapins != 1:
        errors.append("%s: $ExchangeSnapIn must be assigned exactly once, found %d"
                      % (path, snapins))
    if writes != 1:
        errors.append("%s: WriteAllText must appear exactly once (the output file), found %d"
                      % (path, writes))
    return functions


def code_text(toks):
    """The code and string text (no comments), for the pattern checks."""
    return " ".join(t.text for t in toks if t.kind != "nl")


def check_form(raw, errors, path):
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append("%s: starts with a BOM" % path)
    for ln, line in enumerate(raw.split(b"\n"), 1):
        if any(b > 0x7e or (b < 0x20 and b not in (9, 13)) for b in line):
            errors.append("%s:%d: not printable ASCII (Windows PowerShell 5.1 reads a file "
                          "without BOM in the ANSI code page)" % (path, ln))


def render(toks):
    """The tokens as one line: members as .Name, statics as ::Name, strings unquoted."""
    parts = []
    for t in toks:
        if t.kind == "nl":
            continue
        parts.append({"member": "." + t.text, "static": "::" + t.text}.get(t.kind, t.text))
    return " ".join(parts)


def check_structure(src, toks, errors, path):
    """The parameters and the guards the collector's design fixes."""
    first = src.lstrip().split("\n", 1)[0].strip()
    if first != "#Requires -Version 5.1":
        errors.append("%s:1: must start with #Requires -Version 5.1" % path)
    flat = render(toks)
    wants = [
        ("param ( [ Parameter ( Mandatory = $true ) ] [ string ] $OutFile ,",
         "param([Parameter(Mandatory = $true)][string]$OutFile, ...)"),
        ("[ ValidateSet ( Mailbox , Edge ) ] [ string ] $Role )",
         "[ValidateSet('Mailbox', 'Edge')][string]$Role as the last parameter"),
        ("foreach ( $item in @( & $command @splat ) )", "the one table call, & $command @splat"),
        ("$splat [ ErrorAction ] = Stop", "-ErrorAction Stop on every table command"),
        ("if ( $Entry .Verb -ne Get )", "the run-time refusal of any verb but Get"),
    ]
    for want, what in wants:
        if want not in flat:
            errors.append("%s: expected %s" % (path, what))


def check_table(src, manifest, errors, path, update):
    """The text between the markers must be what the manifest generates."""
    want = collector_manifest.table_text(manifest)
    b = src.find(BEGIN + "\n")
    e = src.find(END + "\n")
    if b < 0 or e < b or src.count(BEGIN) != 1 or src.count(END) != 1:
        errors.append("%s: needs one '%s' line and one '%s' line after it" % (path, BEGIN, END))
        return src
    start = b + len(BEGIN) + 1
    have = src[start:e]
    if have != want:
        if update:
            return src[:start] + want + src[e:]
        hl, wl = have.splitlines(), want.splitlines()
        for idx in range(max(len(hl), len(wl))):
            a = hl[idx] if idx < len(hl) else "<missing>"
            w = wl[idx] if idx < len(wl) else "<missing>"
            if a != w:
                ln = src[:start].count("\n") + 1 + idx
                errors.append("%s:%d: command table differs from the manifest (run "
                              "check_collector.py --update): have %r, want %r"
                              % (path, ln, a, w))
                break
    rest = src[:start] + src[e:]
    for var in ("$CommandTable", "$SkippedProperties"):
        if re.search(re.escape(var) + r"\s*=", rest):
            errors.append("%s: %s is assigned outside the generated table" % (path, var))
    return src


def check_expected(manifest, errors):
    have = sorted((c["module"], c["noun"], c["scope"], tuple(sorted(c["parameters"].items())))
                  for c in manifest.commands)
    want = sorted((m, n, s, tuple(sorted(p.items()))) for m, n, s, p in EXPECTED)
    for x in sorted(set(have) - set(want)):
        errors.append("%s: runs Get-%s %s (scope %s), which is not in the expected list of "
                      "check_collector.py" % (manifest.path, x[1], dict(x[3]), x[2]))
    for x in sorted(set(want) - set(have)):
        errors.append("%s: does not run Get-%s %s (scope %s) from the expected list"
                      % (manifest.path, x[1], dict(x[3]), x[2]))


XCCDF_NS = "{http://checklists.nist.gov/xccdf/1.1}"


def read_checks(path):
    """{STIG id: check text} of a DISA manual XCCDF 1.1 benchmark."""
    out = {}
    root = ET.parse(path).getroot()
    for group in root.iter(XCCDF_NS + "Group"):
        rule = group.find(XCCDF_NS + "Rule")
        if rule is None:
            continue
        sid = rule.findtext(XCCDF_NS + "version", "")
        content = rule.find(XCCDF_NS + "check/" + XCCDF_NS + "check-content")
        out[sid] = content.text if content is not None and content.text else ""
    return out


def check_stig(manifest, xccdf_dir, errors):
    """Coverage of the cmdlets and selected properties of the STIG check texts."""
    checks = {}  # id -> (role, text)
    for role, name in manifest.data["benchmarks"].items():
        path = os.path.join(xccdf_dir, name)
        try:
            for sid, text in read_checks(path).items():
                checks[sid] = (role, text)
        except (OSError, ET.ParseError) as e:
            errors.append("%s: %s" % (path, e))
            return
    named = {}  # (role, noun) -> ids
    spelled = {}  # noun -> as a check text spells it
    for sid, (role, text) in checks.items():
        for m in re.finditer(r"\bGet-([A-Za-z]+)", text):
            named.setdefault((role, m.group(1).lower()), set()).add(sid)
            spelled.setdefault(m.group(1).lower(), m.group(1))
    path = manifest.path
    nc = {x["noun"].lower(): x for x in manifest.data["not_collected"]}
    for i, cmd in enumerate(manifest.commands):
        where = "%s: commands[%d] %s" % (path, i, collector_manifest.describe(cmd))
        roles = set()
        for sid in cmd["stig"]:
            if sid not in checks:
                errors.append("%s: %s is in neither benchmark" % (where, sid))
                continue
            role, text = checks[sid]
            roles.add(role)
            if sid in cmd.get("implied", {}):
                continue
            if not re.search(r"\bGet-%s\b" % re.escape(cmd["noun"]), text, re.I):
                errors.append("%s: the check text of %s does not name Get-%s"
                              % (where, sid, cmd["noun"]))
            p = cmd["parameters"].get("Path")
            if p and p.lower() not in text.lower():
                errors.append("%s: the check text of %s does not name %s" % (where, sid, p))
        if cmd["stig"] and roles != set(cmd["roles"]):
            errors.append("%s: roles %s, but its STIG ids are of %s"
                          % (where, cmd["roles"], sorted(roles)))
        if cmd["noun"].lower() in nc:
            errors.append("%s: both run and listed in not_collected" % where)
    for (role, noun), ids in sorted(named.items()):
        for sid in sorted(ids):
            if noun in nc:
                if sid not in nc[noun]["stig"]:
                    errors.append("%s: not_collected %s: the check text of %s names it too"
                                  % (path, nc[noun]["noun"], sid))
                continue
            if not any(c["noun"].lower() == noun and role in c["roles"] and sid in c["stig"]
                       for c in manifest.commands):
                errors.append("%s: the check text of %s (%s) names Get-%s, which no command of "
                              "the collector runs for that STIG id (nor is it in not_collected)"
                              % (path, sid, role, spelled[noun]))
    for x in manifest.data["not_collected"]:
        for sid in x["stig"]:
            if sid not in checks or not re.search(r"\bGet-%s\b" % x["noun"], checks[sid][1], re.I):
                errors.append("%s: not_collected %s: the check text of %s does not name it"
                              % (path, x["noun"], sid))
    check_selects(manifest, checks, errors)


SELECT_RE = re.compile(r"\bGet-(\w+)[^|\n]*\|\s*(?:Select-Object|Select|Format-List|fl|"
                       r"Format-Table|ft)\b([^\n;]*)", re.I)


def check_selects(manifest, checks, errors):
    """Each property a check text selects must be recorded for its noun."""
    exceptions = {(x["noun"].lower(), x["name"].lower()): x
                  for x in manifest.data["stig_select_exceptions"]}
    used = set()
    for sid, (_, text) in sorted(checks.items()):
        for m in SELECT_RE.finditer(text):
            noun = m.group(1).lower()
            if noun not in manifest.properties:
                continue  # a cmdlet not collected is reported by the coverage check
            for name in (p.strip() for p in m.group(2).split(",")):
                if not name:
                    continue
                if (noun, name.lower()) in exceptions:
                    used.add((noun, name.lower()))
                    continue
                names = manifest.properties[noun]
                if "*" in name:
                    ok = any(fnmatch.fnmatch(n.lower(), name.lower()) for n in names)
                else:
                    ok = manifest.recorded(noun, name)
                if not ok:
                    errors.append("%s: the check text of %s selects %s of Get-%s, which is not "
                                  "among the properties listed for %s"
                                  % (manifest.path, sid, name, m.group(1), m.group(1)))
    for key, x in sorted(exceptions.items()):
        if key not in used:
            errors.append("%s: stig_select_exceptions: no check text selects %s of Get-%s"
                          % (manifest.path, x["name"], x["noun"]))


def check_script(script, manifest, errors, update=False):
    """All checks of the script text; returns the (possibly updated) source."""
    with open(script, "rb") as f:
        raw = f.read()
    check_form(raw, errors, script)
    src = raw.decode("ascii", "replace").replace("\r\n", "\n")
    if manifest is not None:
        src = check_table(src, manifest, errors, script, update)
    try:
        toks = tokenize(src, errors, script)
    except ScriptError as e:
        errors.append(str(e))
        return src
    text = code_text(toks)
    for pattern, what in FORBIDDEN_TEXT:
        m = pattern.search(text)
        if m:
            errors.append("%s: %r: %s is not used" % (script, m.group(0), what))
    check_tokens(toks, errors, script)
    check_structure(src, toks, errors, script)
    if manifest is not None:
        nouns = {c["noun"].lower() for c in manifest.commands if c["module"] == EX}
        for k, t in enumerate(toks):
            if t.kind == "word" and t.text == "Resolve-FactCommand":
                args = [x.text for x in toks[k + 1:k + 5]]
                if "-Noun" in args:
                    val = toks[k + 1 + args.index("-Noun") + 1]
                    if val.kind == "str" and val.text.lower() not in nouns:
                        errors.append("%s:%d: Resolve-FactCommand -Noun '%s' outside the table "
                                      "is not an Exchange noun of the manifest"
                                      % (script, t.line, val.text))
    return src


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--script", required=True)
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--xccdf-dir")
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args(argv)
    errors = []
    manifest, merrs = collector_manifest.load(a.manifest)
    errors.extend(merrs)
    if manifest is not None:
        check_expected(manifest, errors)
        if a.xccdf_dir:
            check_stig(manifest, a.xccdf_dir, errors)
    try:
        src = check_script(a.script, manifest, errors, a.update)
    except OSError as e:
        errors.append("%s: %s" % (a.script, e))
        src = None
    if a.update and manifest is not None and src is not None:
        with open(a.script, "rb") as f:
            old = f.read().decode("ascii", "replace").replace("\r\n", "\n")
        if src != old:
            with open(a.script, "w", encoding="ascii", newline="\n") as f:
                f.write(src)
            print("updated the command table of %s" % a.script)
            errors = []
            return main([x for x in argv if x != "--update"])
    for e in errors:
        print(e)
    if errors:
        print("check_collector: %d problem(s)" % len(errors))
        return 1
    print("check_collector: %s: %d commands, read-only, table matches the manifest%s"
          % (a.script, len(manifest.commands), ", STIG coverage ok" if a.xccdf_dir else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
