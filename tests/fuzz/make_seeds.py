#!/usr/bin/env python3
"""Write the fuzz seed corpora (tests/fuzz/corpus/<target>/seed-*) from scapula's own fixtures.

Usage: make_seeds.py SOURCE_DIR ARF

SOURCE_DIR is the repository; ARF is an ARF scapula wrote from the evaluate fixtures (the
evaluate tests leave build/tests/evaluate-work/tailoring/arf-30.xml). Seeds are small on purpose:
libFuzzer mutates small inputs faster. Files the fuzzer found (crash-*, found-*) are kept.
"""
import io
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

SRC = sys.argv[1]
ARF = sys.argv[2]
OUT = os.path.join(SRC, "tests", "fuzz", "corpus")
FIX = os.path.join(SRC, "tests", "fixtures")
STAMP = (2024, 1, 24, 0, 0, 0)


def read(*parts):
    with open(os.path.join(*parts), "rb") as f:
        return f.read()


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def clear(target):
    d = os.path.join(OUT, target)
    if os.path.isdir(d):
        for n in os.listdir(d):
            if n.startswith("seed-"):
                os.remove(os.path.join(d, n))


def zip_of(members, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = method
            z.writestr(info, data)
    return buf.getvalue()


MINI = read(FIX, "benchmark", "mixed", "a-mini-xccdf.xml")
MINI_STIG = read(FIX, "mini-stig", "U_Scapula_Example_Mail_Server_V1R1_Manual_STIG",
                 "U_Scapula_Example_Mail_Server_STIG_V1R1_Manual-xccdf.xml")
XSL = read(FIX, "benchmark", "mixed", "c-STIG_unclass.xsl")
BROKEN = read(FIX, "benchmark", "mixed", "b-broken-xccdf.xml")
DS = read(FIX, "evaluate", "fixture-ds.xml")
XCCDF12 = read(FIX, "evaluate", "fixture-xccdf.xml")
TAILORING = read(FIX, "evaluate", "tailoring-30.xml")


def package():
    inner = zip_of([("U_Mini_STIG/U_Mini-xccdf.xml", MINI), ("U_Mini_STIG/STIG_unclass.xsl", XSL)])
    put("package", "mini-stig.zip", read(FIX, "mini-stig.zip"))
    put("package", "stored.zip", zip_of([("a-xccdf.xml", MINI)], zipfile.ZIP_STORED))
    put("package", "deflated.zip", zip_of([("a-xccdf.xml", MINI), ("b.xsl", XSL)]))
    put("package", "nested.zip", zip_of([("U_Mini_STIG.zip", inner), ("readme.txt", b"x\n")]))
    put("package", "nested-stored.zip",
        zip_of([("inner.zip", zip_of([("x.xml", b"<a/>")], zipfile.ZIP_STORED))],
               zipfile.ZIP_STORED))
    put("package", "dotdot.zip", zip_of([("../evil.xml", b"<a/>")], zipfile.ZIP_STORED))
    put("package", "folders.zip", zip_of([("d/", b""), ("d/e/x.xml", b"<x/>"), ("d/p.pdf", b"%PDF")]))
    put("package", "empty.zip", zip_of([]))
    put("package", "gzip-named-xml.zip",
        zip_of([("x.xml", b"\x1f\x8b\x08\x00\x00\x00\x00\x00")], zipfile.ZIP_STORED))


def xml():
    put("xml", "mini-xccdf.xml", MINI)
    put("xml", "broken.xml", BROKEN)
    put("xml", "stig.xsl", XSL)
    put("xml", "tailoring.xml", TAILORING)
    put("xml", "model.xml", read(FIX, "report", "model.xml"))
    put("xml", "sc-error.xml", read(FIX, "evaluate", "sc-error.xml"))
    put("xml", "bom.xml", b"\xef\xbb\xbf<?xml version='1.0'?>\n<a b='1' c=\"2\">t&amp;<![CDATA[<x>]]><!-- c --><?pi x?></a>")
    put("xml", "doctype.xml", '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY e "x">]>\n<a>&e;</a>\n')
    put("xml", "attrs.xml", "<a " + " ".join('a%d="%d"' % (i, i) for i in range(300)) + "/>")
    put("xml", "ns.xml", '<p:a xmlns:p="urn:x" xmlns="urn:y"><b p:c="&#x10FFFF;"/></p:a>')
    put("xml", "utf16.xml", '<?xml version="1.0" encoding="UTF-16"?><a/>'.encode("utf-16"))
    put("xml", "gzip.xml", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03")


def benchmark():
    put("benchmark", "mini-stig-xccdf.xml", MINI_STIG)
    put("benchmark", "mini-xccdf.xml", MINI)
    put("benchmark", "broken-xccdf.xml", BROKEN)
    put("benchmark", "stig.xsl", XSL)
    put("benchmark", "fixture-xccdf12.xml", XCCDF12)
    put("benchmark", "fixture-ds.xml", DS)
    put("benchmark", "cyclic-extends.xml", read(FIX, "bind", "hostile", "cyclic-profile-extends.xml"))
    put("benchmark", "diff-v1r1-xccdf.xml", read(FIX, "diff", "example-v1r1-xccdf.xml"))
    put("benchmark", "diff-v1r2-xccdf.xml", read(FIX, "diff", "example-v1r2-xccdf.xml"))
    put("benchmark", "mini-stig.zip", read(FIX, "mini-stig.zip"))
    put("benchmark", "stored.zip", zip_of([("a-xccdf.xml", MINI)], zipfile.ZIP_STORED))


def descriptions():
    """Each rule's description as libxml2 hands it to desc_parse (entities decoded once)."""
    seen = []
    for data in (MINI_STIG, MINI, XCCDF12, read(FIX, "diff", "example-v1r1-xccdf.xml")):
        for el in ET.fromstring(data).iter():
            if el.tag.endswith("}description") and el.text and "<" in el.text:
                if el.text not in seen:
                    seen.append(el.text)
    return seen


def desc():
    for i, text in enumerate(descriptions()[:12]):
        put("desc", "rule-%02d.txt" % i, text)
    put("desc", "unterminated.txt", "<VulnDiscussion>runs on<FalsePositives>fp</FalsePositives>")
    put("desc", "entities.txt", "<VulnDiscussion>a &amp;lt; b &lt;&gt;&amp;&quot;&apos;&#39; &amp</VulnDiscussion>")
    put("desc", "repeated.txt", "<Documentable>false</Documentable><Documentable>true</Documentable><IAControls></IAControls>")
    put("desc", "close-only.txt", "</VulnDiscussion><VulnDiscussion></Mitigations>")
    put("desc", "empty.txt", "")


def facts():
    for n in ("good", "bad", "error", "missing"):
        put("facts", n + ".json", read(FIX, "facts", n + ".json"))
    for n in ("edge-default", "mailbox-hardened"):
        put("facts", n + ".json", read(SRC, "content", "examples", n + ".json"))
    hostile = os.path.join(FIX, "facts", "hostile")
    for n in sorted(os.listdir(hostile)):
        put("facts", "hostile-" + n, read(hostile, n))


ANS = '<answers xmlns="urn:scapula:answers:1"%s>\n%s</answers>\n'


def answers():
    ok = ('  <vuln id="V-228354">\n'
          '    <answer result="pass">EDSP section 4.2; POA&amp;M 1234.</answer>\n'
          '    <answer host="EXMB02" result="fail" expected="notchecked">outside</answer>\n'
          '  </vuln>\n  <vuln id="V-228380">\n'
          '    <answer host="exmb01" result="notapplicable" expected="fail"/>\n'
          '    <answer result="informational"><![CDATA[<b>cdata</b>]]></answer>\n'
          '  </vuln>\n')
    put("answers", "good.xml", ANS % (' stig="MS_Exchange_2016_Mailbox_Server_STIG"', ok))
    put("answers", "empty.xml", ANS % ("", ""))
    put("answers", "bad-result.xml", ANS % ("", '  <vuln id="V-1"><answer result="open"/></vuln>\n'))
    put("answers", "bad-expected.xml", ANS % ("", '  <vuln id="V-1"><answer result="pass" expected="x"/></vuln>\n'))
    put("answers", "bad-vuln.xml", ANS % ("", '  <vuln id="SV-1"><answer result="pass"/></vuln>\n'))
    put("answers", "empty-host.xml", ANS % ("", '  <vuln id="V-1"><answer host="" result="pass"/></vuln>\n'))
    put("answers", "stray.xml", ANS % ("", '  <vuln id="V-1"><comment/></vuln>\n  <note/>\n'))
    put("answers", "wrong-root.xml", '<answers xmlns="urn:other"/>\n')


XCCDF_NS = "http://checklists.nist.gov/xccdf/1.2"
TAIL = ('<Tailoring xmlns="%s" id="t">\n  <version time="2026-11-01T00:00:00Z">1</version>\n%s'
        '</Tailoring>\n' % (XCCDF_NS, "%s"))


def tailoring():
    put("tailoring", "tailoring-30.xml", TAILORING)
    sv = '<set-value idref="xccdf_mil.disa.stig_value_max_hop_count">%s</set-value>'
    put("tailoring", "not-number.xml", TAIL % ('  <Profile id="p">%s</Profile>\n' % (sv % "thirty")))
    put("tailoring", "twice.xml", TAIL % ('  <Profile id="p">%s%s</Profile>\n' % (sv % "30", sv % "1e3")))
    put("tailoring", "unknown-value.xml", TAIL % '  <Profile id="p"><set-value idref="v">1</set-value></Profile>\n')
    put("tailoring", "no-idref.xml", TAIL % '  <Profile id="p"><set-value>1</set-value></Profile>\n')
    put("tailoring", "select.xml", TAIL % '  <Profile id="p"><select idref="r" selected="false"/></Profile>\n')
    put("tailoring", "two-profiles.xml", TAIL % '  <Profile id="p"/>\n  <Profile id="q"/>\n')
    put("tailoring", "no-profile.xml", TAIL % "")
    put("tailoring", "no-version.xml", '<Tailoring xmlns="%s" id="t"><Profile id="p"/></Tailoring>' % XCCDF_NS)


def arf():
    data = read(ARF).decode()
    put("arf", "arf-30.xml", data)
    # The same without the OVAL component and results, which the report does not read.
    trimmed = re.sub(r'\s*<ds:component id="[^"]*oval[^"]*".*?</ds:component>', "", data, flags=re.S)
    trimmed = re.sub(r'\s*<arf:report id="oval0">.*?</arf:report>', "", trimmed, flags=re.S)
    put("arf", "trimmed.xml", trimmed)
    put("arf", "no-testresult.xml", re.sub(r"<TestResult .*?</TestResult>", "", trimmed, flags=re.S))
    put("arf", "no-target.xml", re.sub(r"<target>.*?</target>", "", trimmed, flags=re.S))
    put("arf", "no-rules.xml", re.sub(r"<Group .*?</Group>", "", trimmed, flags=re.S))
    put("arf", "not-arf.xml", MINI)


for target, make in (("package", package), ("xml", xml), ("benchmark", benchmark), ("desc", desc),
                     ("facts", facts), ("answers", answers), ("tailoring", tailoring),
                     ("arf", arf)):
    clear(target)
    make()
