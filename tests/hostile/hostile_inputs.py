"""hostile_inputs.py - the hostile inputs of run_hostile.py, and the cases that are more than
a table row. Every input is made here, at test time; nothing big is ever committed.

A table row is (file name, function writing the file, what the message must hold besides the
file name): fixed strings, or compiled patterns.
"""
import bz2
import gzip
import importlib.util
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import html.parser

HERE = os.path.dirname(os.path.abspath(__file__))
MIB = 1 << 20
GIB = 1 << 30
XML_DECL = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def writer(data):
    def make(path):
        with open(path, "wb") as f:
            f.write(data() if callable(data) else data)
    return make


# ------------------------------------------------------------------------------------ XML

def billion_laughs():
    out = [XML_DECL, b'<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n']
    for i in range(1, 10):
        prev = b"&lol%d;" % (i - 1) if i > 1 else b"&lol;"
        out.append(b'<!ENTITY lol%d "%s">\n' % (i, prev * 10))
    out.append(b"]>\n<lolz>&lol9;</lolz>\n")
    return b"".join(out)


def quadratic():
    """206 KB that would be 400 MB expanded: one 200,000-byte entity referenced 2,000 times
    (no nesting, so libxml2 2.9's loop detection never sees it)."""
    ent = b"a" * 200000
    return (XML_DECL + b'<!DOCTYPE q [<!ENTITY x "' + ent + b'">]>\n<q>' + b"&x;" * 2000 +
            b"</q>\n")


def many_attrs(n, root=b"Benchmark", extra=b""):
    return (XML_DECL + b"<" + root + extra + b" " +
            b" ".join(b'a%d="1"' % i for i in range(n)) + b"/>\n")


def utf7_attrs():
    """200,000 attributes in UTF-7: '<' and '>' are "+ADw-" and "+AD4-", invisible to a byte
    scan, and libxml2 2.9 decodes UTF-7 through iconv."""
    body = (b'+ADw-answers xmlns="urn:scapula:answers:1" ' +
            b" ".join(b'a%d="1"' % i for i in range(200000)) + b"/+AD4-")
    return b'<?xml version="1.0" encoding="UTF-7"?>\n' + body


def utf16_doctype():
    text = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE a SYSTEM "file:///etc/passwd">\n'
            '<answers xmlns="urn:scapula:answers:1"/>\n')
    return text.encode("utf-16")


def ebcdic():
    return ('<?xml version="1.0" encoding="IBM037"?>\n<!DOCTYPE a>\n<a/>\n').encode("cp037")


def truncated_xml():
    return (XML_DECL + b'<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.1" id="x">\n'
            b"  <title>Truncated</title>\n  <Rule id=\"r\" severity=\"low\">\n    <title>cut")


def deep_xml():
    """10,000 nested elements, one per line: the 257th (line 257) is one too deep."""
    return b"<a>\n" * 10000 + b"</a>" * 10000


def too_big(path):
    """One byte over the 64 MiB cap, sparse: refused before it is read."""
    with open(path, "wb") as f:
        f.write(b"<a>")
        f.truncate(64 * MIB + 1)


def xml_cases():
    big = "over the limit of %d" % (64 * MIB)
    return [
        ("doctype-system.xml",
         writer(XML_DECL + b'<!DOCTYPE Benchmark SYSTEM "file:///etc/passwd">\n<Benchmark/>\n'),
         [": document type declarations are not accepted", "at line 2)"]),
        ("xxe-file-entity.xml",
         writer(XML_DECL + b'<!DOCTYPE a [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n'
                b"<a>&x;</a>\n"),
         [": document type declarations are not accepted", "at line 2)"]),
        ("billion-laughs.xml", writer(billion_laughs),
         [": document type declarations are not accepted", "at line 2)"]),
        ("quadratic-206k.xml", writer(quadratic),
         [": document type declarations are not accepted", "at line 2)"]),
        ("doctype-after-comment.xml",
         writer(b"\xef\xbb\xbf" + XML_DECL + b"<!-- from DISA -->\n<!DOCTYPE Benchmark>\n"
                b"<Benchmark/>\n"),
         [": document type declarations are not accepted", "at line 3)"]),
        ("attrs-200k.xml", writer(lambda: many_attrs(200000)),
         [":2: an element has 200000 attributes, over the limit of 256"]),
        ("utf7-attrs-200k.xml", writer(utf7_attrs),
         [":1: encoding 'UTF-7' is not accepted"]),
        # as a package, a file that is neither XML nor a zip is refused as such
        ("utf16-doctype.xml", writer(utf16_doctype),
         [re.compile(r"utf16-doctype\.xml(:1: NUL byte \(UTF-16 or UTF-32 text is not accepted"
                     r"|: neither a zip archive nor an XML document)")]),
        ("ebcdic.xml", writer(ebcdic),
         [re.compile(r"ebcdic\.xml(:1: not XML in UTF-8"
                     r"|: neither a zip archive nor an XML document)")]),
        ("gzip-named.xml", writer(lambda: gzip.compress(XML_DECL + b"<a/>", mtime=0)),
         [": gzip-compressed data, not XML"]),
        ("bzip2-named.xml", writer(lambda: bz2.compress(XML_DECL + b"<a/>")),
         [": bzip2-compressed data, not XML"]),
        ("truncated.xml", writer(truncated_xml),
         [re.compile(r"truncated\.xml:[45]: not well-formed XML: \S")]),
        ("deep-10000.xml", writer(deep_xml), [":257: elements nested more than 256 deep"]),
        ("big-64m.xml", too_big, [big]),
    ]


# ------------------------------------------------------------------------------------ zip

def zip_generator():
    """tests/fixtures/make_hostile.py, the package walker's own hostile zips, loaded as a
    module so that both tests judge the same bytes."""
    path = os.path.join(HERE, "..", "fixtures", "make_hostile.py")
    spec = importlib.util.spec_from_file_location("make_hostile", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def zip_cases(_path):
    made = zip_generator().cases()
    rows = [
        ("abs-name.zip", ["abs-name.zip:/etc/evil.xml: absolute name"]),
        ("dotdot-name.zip", ["dotdot-name.zip:x/../../evil.xml: name contains '..'"]),
        ("backslash-name.zip", ["backslash-name.zip:dir\\evil.xml: name contains a backslash"]),
        ("nul-name.zip", ["nul-name.zip:good.xml?../evil.xml: name contains a NUL byte"]),
        ("ctrl-name.zip", ["ctrl-name.zip:a?[31m.xml: name contains a control character"]),
        ("duplicate.zip", ["duplicate.zip:twice.xml: duplicate entry name"]),
        ("lying-size.zip",
         ["lying-size.zip:lie.xml: entry inflates to more than the 100 bytes it declares"]),
        ("bomb.zip", ["bomb.zip:bomb.xml: compression ratio over 200:1"]),
        ("encrypted.zip", ["encrypted.zip:secret.xml: encrypted entry"]),
        ("method.zip", ["method.zip:m.xml: unsupported compression method 97"]),
        ("xz-method.zip", ["xz-method.zip:x.xml: unsupported compression method 14"]),
        ("too-deep.zip",
         ["too-deep.zip:l2.zip:l3.zip:l4.zip:l5.zip: zip archives nested more than 4 deep"]),
        ("truncated.zip", ["truncated.zip: truncated zip archive (no central directory)"]),
        ("corrupt-data.zip", ["corrupt-data.zip:second.xml: damaged compressed data"]),
        ("gzip-xml.zip", ["gzip-xml.zip:bench-xccdf.xml: gzip-compressed data, not XML"]),
        ("bzip2-xml.zip", ["bzip2-xml.zip:bench-xccdf.xml: bzip2-compressed data, not XML"]),
        ("xz-xml.zip", ["xz-xml.zip:bench-xccdf.xml: xz-compressed data, not XML"]),
        ("not-a-zip.bin", ["not-a-zip.bin: truncated zip archive"]),
    ]
    return [(name, writer(bytes(made[name])), wants) for name, wants in rows]


# ----------------------------------------------------------------------------------- JSON

def example_bundle():
    with open(os.path.join(HERE, "..", "..", "content", "examples", "mailbox-default.json")) as f:
        return json.load(f)


OS_NAME = "Microsoft Windows Server 2016 Datacenter"


def bundle_text(change=None):
    d = example_bundle()
    if change:
        change(d)
    return json.dumps(d, indent=1)


def with_os(raw):
    """The example bundle (indented, one key a line) with host.os written as RAW bytes."""
    return bundle_text().encode().replace(b'"' + OS_NAME.encode() + b'"', raw, 1)


def big_string(path):
    """A real 1 GiB string, written in 1 MiB blocks (deleted after use)."""
    with open(path, "wb") as f:
        f.write(b'{"format":1,"collected":"')
        block = b"a" * MIB
        for _ in range(GIB // MIB):
            f.write(block)
        f.write(b'"}')


def set_key(path_keys, value):
    def change(d):
        for k in path_keys[:-1]:
            d = d[k]
        d[path_keys[-1]] = value
    return change


def json_cases():
    text = bundle_text()
    big_size = len(b'{"format":1,"collected":"') + GIB + 2
    return [
        ("dup-key.json", writer(lambda: text.replace('"format": 1,', '"format": 1,\n "format": 1,',
                                                     1).encode()),
         [":3:", "format: not valid JSON: duplicate key"]),
        ("wrong-type.json", writer(lambda: bundle_text(set_key(["host", "exchange_role"], 5))
                                   .encode()),
         ['host.exchange_role: expected "Mailbox" or "Edge", found integer']),
        ("unknown-key.json", writer(lambda: bundle_text(set_key(["colected"], "x")).encode()),
         ['unknown key "colected"']),
        ("string-1g.json", big_string,
         ["bundle is %d bytes, over the limit of 8388608 bytes" % big_size]),
        ("deep-10000.json", writer(b'{"format":1,"host":' + b"[" * 10000 + b"1" + b"]" * 10000
                                   + b"}"),
         [":1:", "host", "nesting deeper than 64 levels"]),
        ("bad-utf8.json", writer(lambda: with_os(b'"Microsoft \xff\xfe"')),
         [re.compile(r":\d+:\d+: host\.os: not valid JSON: unable to decode byte 0xff")]),
        ("nul-escape.json", writer(lambda: with_os(b'"Micro\\u0000soft"')),
         [re.compile(r":\d+:\d+: host\.os: not valid JSON: \\u0000 \(NUL\) is not allowed")]),
        ("truncated.json", writer(lambda: text[: len(text) // 2].encode()),
         [re.compile(r"truncated\.json:\d+:\d+: \S+: not valid JSON: the bundle ends early")]),
        ("control-escape.json", writer(lambda: with_os(b'"Micro\\u0001soft"')),
         ["host.os: character U+0001 at byte 5 cannot be carried in XML 1.0"]),
        ("control-raw.json", writer(lambda: with_os(b'"Micro\x1b[31msoft"')),
         [re.compile(r":\d+:\d+: host\.os: not valid JSON: control character 0x1b")]),
        ("markup-hostname.json",
         writer(lambda: bundle_text(set_key(["host", "hostname"], "<script>x")).encode()),
         ['host.hostname: "<script>x" is not a host name']),
        ("utf16.json", writer(lambda: text.encode("utf-16")),
         ["UTF-16 text; a bundle must be UTF-8"]),
        ("bzip2.json", writer(lambda: bz2.compress(text.encode())),
         [":1:", "not valid JSON"]),
    ]


# ------------------------------------------------------------------- cases beyond a row

NS12 = "http://checklists.nist.gov/xccdf/1.2"
SCAN = ["scan", "--facts", "{FACTS}", "-q", "-o", "{OUT}"]


def content_alone_ds(h):
    """The Mailbox data stream of scapula's own content, made by scapula bind."""
    ds = h.path("content-alone-ds.xml")
    if not os.path.exists(ds):
        run = h.run_plain(["bind", "--stig", "MS_Exchange_2016_Mailbox_Server_STIG", "-o", ds])
        if run.status != 0:
            raise SystemExit("bind failed: " + run.stderr)
    return ds


def case_cyclic_extends(h):
    """A Profile extending itself through another: libopenscap 1.3.7 segfaults on it, so it
    must be refused before it gets there, whichever way it comes in."""
    fixture = os.path.join(h.source, "tests/fixtures/bind/hostile/cyclic-profile-extends.xml")
    wants = ["cyclic-profile-extends.xml: Profile '", "in a loop"]
    h.refuse("cyclic extends: bind", None,
             ["bind", fixture, "--content", "{SRC}/content", "-o", "{OUT}/ds.xml"], wants)
    h.refuse("cyclic extends: scan package", None,
             ["scan", fixture, "--facts", "{FACTS}", "-q", "-o", "{OUT}"], wants)
    with open(content_alone_ds(h), "rb") as f:
        ds = f.read()
    profiles = (b'<Profile id="xccdf_scapula.exchange2016_profile_a" '
                b'extends="xccdf_scapula.exchange2016_profile_b"><title>a</title></Profile>'
                b'<Profile id="xccdf_scapula.exchange2016_profile_b" '
                b'extends="xccdf_scapula.exchange2016_profile_a"><title>b</title></Profile>\n')
    at = ds.index(b"<Value ")
    cyclic = h.path("cyclic-ds.xml")
    writer(ds[:at] + profiles + ds[at:])(cyclic)
    h.refuse("cyclic extends: scan data stream", cyclic,
             ["scan", "{IN}", "--facts", "{FACTS}", "-q", "-o", "{OUT}"],
             ["cyclic-ds.xml: Profile 'xccdf_scapula.exchange2016_profile_", "in a loop"])


def case_bzip2_content(h):
    """bzip2 (which libopenscap would inflate without limit) as the data stream itself."""
    with open(content_alone_ds(h), "rb") as f:
        ds = f.read()
    for name in ("ds.xml.bz2", "ds-bzip2.xml"):
        writer(bz2.compress(ds))(h.path(name))
        h.refuse("bzip2 data stream " + name, h.path(name),
                 ["scan", "{IN}", "--facts", "{FACTS}", "-q", "-o", "{OUT}"],
                 [name + ": bzip2-compressed data, not XML"])


def tailoring(set_values, extra=b""):
    return (XML_DECL + b'<Tailoring xmlns="' + NS12.encode() + b'" id="xccdf_x_tailoring_t">\n'
            b'  <version time="2026-01-01T00:00:00">1</version>\n'
            b'  <Profile id="xccdf_x_profile_site">\n    <title>site</title>\n' + set_values +
            b"  </Profile>\n" + extra + b"</Tailoring>\n")


def case_tailoring(h):
    v = b"xccdf_scapula.exchange2016_value_"
    rows = [
        ("tailoring-unknown-value.xml",
         tailoring(b'    <set-value idref="' + v + b'no_such_value">1</set-value>\n'),
         ["line 6: set-value 'xccdf_scapula.exchange2016_value_no_such_value' names no Value"]),
        # a newline in an id must not let the message forge a second line
        ("tailoring-forged-line.xml",
         tailoring(b'    <set-value idref="x&#10;scapula: scan: all hosts passed">1</set-value>\n'),
         ["line 6: set-value 'x?scapula: scan: all hosts passed' names no Value"]),
        ("tailoring-refine-rule.xml",
         tailoring(b'    <refine-rule idref="xccdf_x_rule_r" severity="low"/>\n'),
         ["line 6: refine-rule is not supported"]),
        ("tailoring-two-profiles.xml",
         tailoring(b"", b'  <Profile id="xccdf_x_profile_other"><title>o</title></Profile>\n'),
         ["line 7: more than one Profile"]),
        ("tailoring-not-xccdf.xml", XML_DECL + b"<Tailoring/>\n",
         ["not an XCCDF 1.2 Tailoring document"]),
    ]
    for name, data, wants in rows:
        writer(data)(h.path(name))
        h.refuse("tailoring " + name, h.path(name),
                 ["scan", "--facts", "{FACTS}", "--tailoring", "{IN}", "-q", "-o", "{OUT}"],
                 [name] + wants)


def answers(body, root=b'<answers xmlns="urn:scapula:answers:1">'):
    return XML_DECL + root + b"\n" + body + b"</answers>\n"


def case_answers(h):
    rows = [
        ("answers-bad-result.xml",
         answers(b'  <vuln id="V-228363">\n    <answer result="passed">x</answer>\n  </vuln>\n'),
         [":4: V-228363: result 'passed' is not one of pass, fail, notapplicable"]),
        ("answers-bad-expected.xml",
         answers(b'  <vuln id="V-228363">\n'
                 b'    <answer result="pass" expected="maybe">x</answer>\n  </vuln>\n'),
         [":4: V-228363: expected result 'maybe' is not an XCCDF result"]),
        ("answers-bad-vuln.xml",
         answers(b'  <vuln id="228363">\n    <answer result="pass">x</answer>\n  </vuln>\n'),
         [":3: '228363' is not a Vuln id"]),
        ("answers-unexpected.xml",
         answers(b'  <vuln id="V-228363">\n    <script>alert(1)</script>\n  </vuln>\n'),
         [":4: unexpected element 'script' in V-228363"]),
        ("answers-wrong-root.xml", XML_DECL + b'<answer xmlns="urn:scapula:answers:1"/>\n',
         ["not an answer file"]),
    ]
    for name, data, wants in rows:
        writer(data)(h.path(name))
        h.refuse("answers " + name, h.path(name),
                 ["scan", "--facts", "{FACTS}", "--answers", "{IN}", "-q", "-o", "{OUT}"],
                 [name] + wants)


TINY_XCCDF = b"""<?xml version="1.0" encoding="UTF-8"?>
<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_org.example_benchmark_tiny"
           resolved="1" xml:lang="en">
  <status>accepted</status>
  <title>Tiny</title>
  <version>1</version>
  <Rule id="xccdf_org.example_rule_one" selected="true" severity="low">
    <title>One</title>
  </Rule>
</Benchmark>
"""

MINIMAL_ARF = """<?xml version="1.0" encoding="UTF-8"?>
<arf:asset-report-collection xmlns:arf="http://scap.nist.gov/schema/asset-reporting-format/1.1"
    xmlns:core="http://scap.nist.gov/schema/reporting-core/1.1"
    xmlns:ai="http://scap.nist.gov/schema/asset-identification/1.1">
  <arf:assets>
    <arf:asset id="asset0"><ai:computing-device><ai:hostname>EXMB01</ai:hostname>
    </ai:computing-device></arf:asset>
  </arf:assets>
  <arf:reports>
    <arf:report id="xccdf1">
      <arf:content>
        <TestResult xmlns="http://checklists.nist.gov/xccdf/1.2"
            id="xccdf_org.example_testresult_1" start-time="2026-01-01T00:00:00Z"
            end-time="2026-01-01T00:00:01Z" test-system="{system}">
          <benchmark href="#b"/>
          <target>EXMB01</target>
          <rule-result idref="xccdf_mil.disa.stig_rule_SV-228375r879636_rule" time="2026-01-01T00:00:01Z">
            <result>pass</result>
          </rule-result>
          <score>100</score>
        </TestResult>
      </arf:content>
    </arf:report>
  </arf:reports>
</arf:asset-report-collection>
"""


def case_foreign_arf(h):
    """ARFs scapula did not write: refused, not turned into a report that could say "pass"
    where the other tool meant something else."""
    oscap = shutil.which("oscap")
    xccdf, arf = h.path("tiny-xccdf.xml"), h.path("oscap-arf.xml")
    writer(TINY_XCCDF)(xccdf)
    made = oscap and subprocess.run([oscap, "xccdf", "eval", "--results-arf", arf, xccdf],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    cwd=h.inputs).returncode == 0
    h.check("ARF from oscap xccdf eval made", bool(made), "oscap could not make an ARF")
    if made:
        h.refuse("report ARF from oscap", arf, ["report", "{IN}", "-o", "{OUT}"],
                 [re.compile(r"oscap-arf\.xml:\d+: TestResult written by "
                             r"'cpe:/a:redhat:openscap:[0-9.]+', not by scapula")])
    other = h.path("other-tool-arf.xml")
    writer(MINIMAL_ARF.replace("{system}", "cpe:/a:example:othertool:1").encode())(other)
    h.refuse("report hand-written ARF", other, ["report", "{IN}", "-o", "{OUT}"],
             ["other-tool-arf.xml:14: TestResult written by 'cpe:/a:example:othertool:1', "
              "not by scapula"])
    claims = h.path("claims-scapula-arf.xml")
    writer(MINIMAL_ARF.replace("{system}", "cpe:/a:scapula:scapula:0.1.0").encode())(claims)
    h.refuse("report ARF without a report request", claims, ["report", "{IN}", "-o", "{OUT}"],
             ["claims-scapula-arf.xml: its report request holds no XCCDF benchmark"])


class Tags(html.parser.HTMLParser):
    """The elements, attributes and text of an HTML page, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [a for a, _ in attrs]

    def handle_data(self, data):
        self.text.append(data)


def html_of(path):
    p = Tags()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p


MARKUP = "<script>alert(1)</script><img src=x onerror=alert(2)> & \"q\" 'a' ]]>"


def case_markup_facts(h):
    """Markup in every free-text field of a bundle reaches the reports as text, and the XML
    outputs stay well-formed (scan itself succeeds: exit 2, findings)."""
    def change(d):
        d["host"]["os"] = "Windows " + MARKUP
        d["collector"]["name"] = "collector " + MARKUP
        for c in d["commands"]:
            if c["noun"] == "RemoteDomain":
                c["objects"][0]["Name"] = "Default " + MARKUP
    path = h.path("markup.json")
    writer(bundle_text(change).encode())(path)
    out = os.path.join(h.work, "markup-out")
    run = h.run_plain(["scan", "--facts", path, "-q", "-o", out])
    h.check("markup: scan exits 2 (findings)", run.status == 2,
            "exit %d: %s" % (run.status, run.stderr.strip()))
    host = os.path.join(out, "EXMB01")
    for name in ("arf.xml", "checklist.ckl"):
        try:
            ET.parse(os.path.join(host, name))
            ok, why = True, ""
        except (ET.ParseError, OSError) as e:
            ok, why = False, str(e)
        h.check("markup: %s well-formed" % name, ok, why)
    try:
        with open(os.path.join(host, "checklist.cklb"), encoding="utf-8") as f:
            cklb = json.dumps(json.load(f))
        h.check("markup: checklist.cklb carries the text", MARKUP.replace('"', '\\"') in cklb,
                "markup text missing from the CKLB")
    except (ValueError, OSError) as e:
        h.check("markup: checklist.cklb is JSON", False, str(e))
    for page in ("EXMB01/report.html", "index.html"):
        p, clean = html_of(os.path.join(out, page)), html_of(os.path.join(h.baseline, page))
        h.check("markup: no injected element in " + page,
                "img" not in p.tags and not any(a.startswith("on") for a in p.attrs) and
                p.tags.count("script") == clean.tags.count("script"),
                "tags %s" % sorted(set(p.tags) - set(clean.tags)))
    text = "".join(html_of(os.path.join(host, "report.html")).text)
    h.check("markup: report.html shows the text as text", ("Default " + MARKUP) in text,
            "the markup is not in the page's text")


FORMULA = '=HYPERLINK("http://attacker.example/","open me")'


def case_csv_formula(h):
    """A rule title a spreadsheet would run as a formula (from a tampered package) reaches the
    CSV as text: with a leading apostrophe, and no cell of the file starts a formula."""
    path = h.path("formula.json")
    writer(bundle_text().encode())(path)
    out = os.path.join(h.work, "formula-out")
    run = h.run_plain(["scan", "--facts", path, "-q", "--no-reports", "-o", out])
    h.check("formula: scan exits 2 (findings)", run.status == 2,
            "exit %d: %s" % (run.status, run.stderr.strip()))
    arf = os.path.join(out, "EXMB01", "arf.xml")
    try:
        with open(arf, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        h.check("formula: the scan wrote arf.xml", False, str(e))
        return
    # the first Rule's title in the ARF's copy of the benchmark
    m = re.search(r"(<(?:\w+:)?Rule\b[^>]*>(?:(?!</(?:\w+:)?Rule>).)*?<((?:\w+:)?title)\b[^>]*>)"
                  r"([^<]*)(</\2>)", text, re.S)
    h.check("formula: a rule title found in the ARF", m is not None, "no Rule/title")
    if not m:
        return
    tampered = h.path("formula-arf.xml")
    writer((text[:m.start(3)] + FORMULA.replace("&", "&amp;").replace('"', "&quot;")
            + text[m.end(3):]).encode())(tampered)
    csv_path = os.path.join(h.work, "formula.csv")
    run = h.run_plain(["report", tampered, "--format", "csv", "-o", csv_path])
    h.check("formula: report exits 0", run.status == 0,
            "exit %d: %s" % (run.status, run.stderr.strip()))
    import csv
    try:
        with open(csv_path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, strict=True))
    except (OSError, csv.Error) as e:
        h.check("formula: the CSV reads", False, str(e))
        return
    cells = [c for row in rows for c in row]
    h.check("formula: the title is text ('=HYPERLINK...)", "'" + FORMULA in cells,
            "no cell holds '%s" % FORMULA)
    starts = [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    h.check("formula: no cell starts a formula", not starts, "cells: %s" % starts[:3])


def case_limits(h):
    """The caps are flags: lowered they refuse, raised they let through what the defaults
    refuse. Bad values are usage errors (exit 64)."""
    a300 = h.path("answers-300-attrs.xml")
    writer(answers(b"", b'<answers xmlns="urn:scapula:answers:1" ' +
                   b" ".join(b'a%d="1"' % i for i in range(299)) + b">"))(a300)
    door = ["scan", "--facts", "{FACTS}", "--answers", "{IN}", "--no-reports", "-q", "-o",
            "{OUT}"]
    h.refuse("limits: 300 attributes, default cap", a300, door,
             ["answers-300-attrs.xml:2: an element has 300 attributes, over the limit of 256"])
    out = os.path.join(h.work, "raised-attrs")
    run = h.run_plain(["--max-xml-attrs", "400"] + h.subst(door, a300, out))
    h.check("limits: --max-xml-attrs 400 lets 300 through", run.status == 2 and
            not run.stderr, "exit %d: %s" % (run.status, run.stderr.strip()))

    deep = h.path("answers-deep-300.xml")
    writer(answers(b"<x>" * 299 + b"</x>" * 299))(deep)
    h.refuse("limits: depth 300, default cap", deep, door,
             ["answers-deep-300.xml:3: elements nested more than 256 deep"])
    run = h.run_plain(["--max-xml-depth=400"] + h.subst(door, deep, out))
    h.check("limits: --max-xml-depth=400 lets depth 300 through", run.status == 1 and
            "unexpected element 'x'" in run.stderr, run.stderr.strip())

    h.refuse("limits: --max-xml-bytes 1K", a300, ["--max-xml-bytes", "1K"] + door,
             ["answers-300-attrs.xml: file is", "over the limit of 1024"])
    h.refuse("limits: --max-json-bytes 1K", None,
             ["--max-json-bytes", "1K", "facts", "{FACTS}"],
             ["mailbox-default.json: bundle is", "over the limit of 1024 bytes"])
    mini = os.path.join(h.source, "tests/fixtures/mini-stig.zip")
    h.refuse("limits: --max-zip-total-bytes 4K", mini,
             ["--max-zip-total-bytes", "4K", "stigs", "{IN}"],
             ["mini-stig.zip:", "package decompresses to more than 4096 bytes"])
    h.refuse("limits: --max-zip-depth 0 is refused", mini,
             ["--max-zip-depth", "0", "stigs", "{IN}"],
             ["--max-zip-depth: '0' is not a number from 1 to 32"], status=64)
    h.refuse("limits: unknown limit", mini, ["--max-everything", "1", "stigs", "{IN}"],
             ["unknown option '--max-everything'"], status=64)


def other_cases():
    return [case_cyclic_extends, case_bzip2_content, case_tailoring, case_answers,
            case_foreign_arf, case_markup_facts, case_csv_formula, case_limits]
