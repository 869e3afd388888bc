#!/usr/bin/env python3
"""check_reports.py - judge scapula's reports against the ARF they were made from.

The ARF is the truth, read here with xml.etree alone: every XCCDF rule-result of its TestResult,
the benchmark's rules from the data stream in its report request, the host from its asset. Each
report is read by a tool that has nothing to do with scapula: xmllint and DISA's XSD for the CKL,
jsonschema with DISA's JSON schema for the CKLB, Python's csv module for the CSV, html.parser (and,
in the `browser` step, headless Chromium) for the HTML, MITRE's SAF CLI for the CKL once more.
The CKL's element order is compared with a real STIG Viewer 2.17 file, not with a list kept here.

  check_reports.py scan EXPECTED_EXIT OUTDIR SCAPULA ARG...   fresh OUTDIR, then scapula scan
  check_reports.py check OUTDIR SHARED_DIR SOURCE_DIR SAF [--markup TEXT]
  check_reports.py browser OUTDIR NODE DRIVER [--markup TEXT]  (exit 77: no /usr/bin/chromium)
  check_reports.py regen OUTDIR SCAPULA REFERENCE_OUTDIR SCAN_ARG...

Exit 0 when every check holds, 1 with every failed check listed otherwise.
"""
import base64
import csv
import collections
import hashlib
import html
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

NS = {
    'arf': 'http://scap.nist.gov/schema/asset-reporting-format/1.1',
    'ai': 'http://scap.nist.gov/schema/asset-identification/1.1',
    'ds': 'http://scap.nist.gov/schema/scap/source/1.2',
    'x': 'http://checklists.nist.gov/xccdf/1.2',
    'dc': 'http://purl.org/dc/elements/1.1/',
}
CCI_SYSTEM = 'http://cyber.mil/cci'
LEGACY_SYSTEM = 'http://cyber.mil/legacy'
REPORT_FILES = ('report.html', 'checklist.ckl', 'checklist.cklb', 'results.csv')
# What the issue asks for, spelled out here rather than taken from scapula.
CKL_STATUS = {'pass': 'NotAFinding', 'fail': 'Open', 'notapplicable': 'Not_Applicable'}
CKLB_STATUS = {'NotAFinding': 'not_a_finding', 'Open': 'open', 'Not_Applicable': 'not_applicable',
               'Not_Reviewed': 'not_reviewed'}
CAT_OF = {'high': 1, 'medium': 2, 'low': 3}
CAT_NAME = {1: 'CAT I', 2: 'CAT II', 3: 'CAT III'}
# DISA's DPMS target keys, known independently of the content (STIG Viewer shows them).
KNOWN_TARGET_KEYS = {'MS_Exchange_2016_Mailbox_Server_STIG': '4223'}
# The HDF status of each checklist status, as Heimdall and SAF name them.
HDF_STATUS = {'NotAFinding': 'Passed', 'Open': 'Failed', 'Not_Applicable': 'Not Applicable',
              'Not_Reviewed': 'Not Reviewed'}
UUID_RE = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')


def ckl_status(result):
    return CKL_STATUS.get(result, 'Not_Reviewed')


class Failures:
    """Collects failed checks so one run shows every discrepancy, not just the first."""

    def __init__(self):
        self.items = []
        self.passed = 0

    def check(self, cond, where, what):
        if cond:
            self.passed += 1
        else:
            self.items.append(f'{where}: {what}')
        return cond

    def equal(self, got, want, where, what):
        return self.check(got == want, where, f'{what}: got {short(got)}, expected {short(want)}')


def short(v, n=160):
    s = repr(v)
    return s if len(s) <= n else s[:n] + '...'


def local(tag):
    return tag.rsplit('}', 1)[-1]


def one_line(s):
    return ' '.join(s.split())


# ---- the truth: the ARF ----

class Rule:
    pass


class Truth:
    """What the ARF says about one host."""

    def __init__(self, path):
        root = ET.parse(path).getroot()
        if root.tag != f'{{{NS["arf"]}}}asset-report-collection':
            raise SystemExit(f'{path}: not an ARF asset report collection')
        self.path = path
        self._host(root)
        tr = root.find('arf:reports//x:TestResult', NS)
        bench = root.find('arf:report-requests//x:Benchmark', NS)
        if tr is None or bench is None:
            raise SystemExit(f'{path}: no TestResult in the reports or no Benchmark in the request')
        self.target = tr.findtext('x:target', '', NS)
        bench_ref = tr.find('x:benchmark', NS)
        self.bench_ref = bench_ref.get('id') if bench_ref is not None else ''
        self._benchmark(bench)
        self._results(tr)

    def _host(self, root):
        dev = root.find('arf:assets/arf:asset/ai:computing-device', NS)
        if dev is None:
            raise SystemExit(f'{self.path}: no ai:computing-device asset')
        self.hostname = dev.findtext('ai:hostname', '', NS)
        self.fqdn = dev.findtext('ai:fqdn', '', NS)
        self.ips = [e.text or '' for e in dev.iterfind('.//ai:ip-v4', NS)]
        self.macs = [e.text or '' for e in dev.iterfind('.//ai:mac-address', NS)]

    def _benchmark(self, b):
        self.bench_id_full = b.get('id')
        self.bench_id = self.bench_id_full.split('_benchmark_', 1)[-1]
        self.title = b.findtext('x:title', '', NS)
        self.version = b.findtext('x:version', '', NS)
        self.release_info = ''
        for pt in b.iterfind('x:plain-text', NS):
            if pt.get('id') == 'release-info':
                self.release_info = pt.text or ''
        self.rules = []
        for group in b.iter(f'{{{NS["x"]}}}Group'):
            for r in group.iterfind('x:Rule', NS):
                self.rules.append(self._rule(group, r))

    @staticmethod
    def _rule(group, r):
        rule = Rule()
        rule.id_full = r.get('id')
        rule.rule_id = rule.id_full.split('_rule_', 1)[-1]
        rule.vuln = group.get('id').split('_group_', 1)[-1]
        rule.group_title = group.findtext('x:title', '', NS)
        rule.severity = r.get('severity', '')
        rule.weight = r.get('weight', '')
        rule.stig_id = r.findtext('x:version', '', NS)
        rule.title = r.findtext('x:title', '', NS)
        rule.fix = r.findtext('x:fixtext', '', NS)
        rule.check = ''
        for chk in r.iterfind('x:check', NS):
            text = chk.findtext('x:check-content', None, NS)
            if text is not None and not rule.check:
                rule.check = text
        desc = r.findtext('x:description', '', NS)
        m = re.search(r'<VulnDiscussion>(.*?)</VulnDiscussion>', desc, re.S)
        rule.discussion = html.unescape(m.group(1)) if m else ''
        rule.ccis = [i.text for i in r.iterfind('x:ident', NS) if i.get('system') == CCI_SYSTEM]
        rule.legacy = [i.text for i in r.iterfind('x:ident', NS) if i.get('system') == LEGACY_SYSTEM]
        rule.target_key = r.findtext('x:reference/dc:identifier', '', NS)
        rule.cat = CAT_OF.get(rule.severity, 0)
        rule.result = None
        rule.messages = []
        rule.remark = ''
        return rule

    def _results(self, tr):
        by_id = {r.id_full: r for r in self.rules}
        self.unknown_results = []
        self.duplicate_results = []
        for rr in tr.iterfind('x:rule-result', NS):
            rule = by_id.get(rr.get('idref'))
            if rule is None:
                self.unknown_results.append(rr.get('idref'))
                continue
            if rule.result is not None:
                self.duplicate_results.append(rule.id_full)
            rule.result = rr.findtext('x:result', '', NS)
            rule.messages = [m.text or '' for m in rr.iterfind('x:message', NS)]
            rule.remark = rr.findtext('x:override/x:remark', '', NS)
        for rule in self.rules:
            if rule.result is None:  # in the benchmark, never evaluated
                rule.result = 'notselected'
        keys = {r.target_key for r in self.rules}
        self.target_key = keys.pop() if len(keys) == 1 else None

    def counts(self):
        return collections.Counter(r.result for r in self.rules)


# ---- the CKL ----

def sample_order(sample_path):
    """ASSET, SI_DATA and VULN orders of a real STIG Viewer 2.17 checklist (repeats collapsed)."""
    root = ET.parse(sample_path).getroot()
    asset = [c.tag for c in root.find('ASSET')]
    si_orders = {tuple(s.findtext('SID_NAME') for s in st.find('STIG_INFO'))
                 for st in root.iter('iSTIG')}
    vuln_orders = {tuple(vuln_sequence(v)) for v in root.iter('VULN')}
    if len(si_orders) != 1 or len(vuln_orders) != 1:
        raise SystemExit(f'{sample_path}: the sample itself has more than one order')
    return asset, list(si_orders.pop()), list(vuln_orders.pop())


def vuln_sequence(vuln):
    seq = []
    for c in vuln:
        name = c.findtext('VULN_ATTRIBUTE') if c.tag == 'STIG_DATA' else c.tag
        if not seq or seq[-1] != name:
            seq.append(name)
    return seq


def check_ckl(f, t, path, xsd, order):
    where = path
    res = subprocess.run(['xmllint', '--noout', '--schema', xsd, path], capture_output=True,
                         text=True)
    f.check(res.returncode == 0, where, 'xmllint --schema U_Checklist_Schema_V2.xsd: ' +
            (res.stderr.strip().splitlines() or [''])[-1])
    raw = open(path, encoding='utf-8').read()
    f.check(re.match(r'<\?xml[^>]*\?>\s*<!--[^>]*-->\s*<CHECKLIST>', raw), where,
            'a generator comment right before CHECKLIST, as STIG Viewer writes')
    root = ET.fromstring(raw.encode('utf-8'))
    asset_order, si_order, vuln_order = order
    asset = root.find('ASSET')
    f.equal([c.tag for c in asset], asset_order, where, 'ASSET element order (2.17 sample)')
    want_asset = {'HOST_NAME': t.hostname, 'HOST_IP': t.ips[0] if t.ips else '',
                  'HOST_MAC': t.macs[0] if t.macs else '', 'HOST_FQDN': t.fqdn,
                  'TECH_AREA': 'Exchange Server', 'TARGET_KEY': t.target_key}
    for tag, want in want_asset.items():
        f.equal(asset.findtext(tag) or '', want, where, f'ASSET/{tag}')
    if t.bench_id in KNOWN_TARGET_KEYS:
        f.equal(asset.findtext('TARGET_KEY'), KNOWN_TARGET_KEYS[t.bench_id], where,
                'TARGET_KEY of ' + t.bench_id)
    istigs = root.findall('STIGS/iSTIG')
    if not f.equal(len(istigs), 1, where, 'iSTIG count (one benchmark in the ARF)'):
        return {}
    si = [(s.findtext('SID_NAME'), s.findtext('SID_DATA') or '')
          for s in istigs[0].find('STIG_INFO')]
    f.equal([n for n, _ in si], si_order, where, 'STIG_INFO SI_DATA order (2.17 sample)')
    si = dict(si)
    for name, want in (('stigid', t.bench_id), ('title', t.title), ('version', t.version),
                       ('releaseinfo', t.release_info), ('classification', 'UNCLASSIFIED')):
        f.equal(si.get(name), want, where, f'SI_DATA {name}')
    f.check(UUID_RE.match(si.get('uuid', '')), where, f'SI_DATA uuid {si.get("uuid")!r} is a UUID')
    return check_ckl_vulns(f, t, istigs[0], where, vuln_order, si)


def check_ckl_vulns(f, t, istig, where, vuln_order, si):
    vulns = {}
    for v in istig.findall('VULN'):
        data = collections.defaultdict(list)
        for sd in v.findall('STIG_DATA'):
            data[sd.findtext('VULN_ATTRIBUTE')].append(sd.findtext('ATTRIBUTE_DATA') or '')
        num = (data.get('Vuln_Num') or [''])[0]
        f.check(num not in vulns, where, f'Vuln {num} appears once')
        f.equal(vuln_sequence(v), vuln_order, f'{where} {num}', 'VULN element order (2.17 sample)')
        vulns[num] = (v, data)
    f.equal(sorted(vulns), sorted(r.vuln for r in t.rules), where, 'the set of Vulns')
    ref = f'{t.title} :: Version {t.version}, {t.release_info}'
    statuses = {}
    for r in t.rules:
        if r.vuln not in vulns:
            continue
        v, data = vulns[r.vuln]
        w = f'{where} {r.vuln}'
        first = {k: vals[0] for k, vals in data.items()}
        for attr, want in (('Rule_ID', r.rule_id), ('Rule_Ver', r.stig_id),
                           ('Severity', r.severity), ('Group_Title', r.group_title),
                           ('Rule_Title', r.title), ('Fix_Text', r.fix),
                           ('Check_Content', r.check), ('Vuln_Discuss', r.discussion),
                           ('Weight', r.weight), ('TargetKey', r.target_key), ('STIGRef', ref),
                           ('STIG_UUID', si.get('uuid')), ('Class', 'Unclass'),
                           ('Check_Content_Ref', 'M')):  # DISA's name for its manual check
            f.equal(first.get(attr), want, w, attr)
        f.check(first.get('Rule_ID'), w, 'Rule_ID not empty')
        f.equal(data.get('CCI_REF', []), r.ccis, w, 'CCI_REF values')
        f.equal([x for x in data.get('LEGACY_ID', []) if x], r.legacy, w, 'LEGACY_ID values')
        status = v.findtext('STATUS')
        statuses[r.vuln] = status
        f.equal(status, ckl_status(r.result), w, f'STATUS for result {r.result}')
        check_details(f, v.findtext('FINDING_DETAILS') or '', r, w, 'FINDING_DETAILS')
        f.equal(v.findtext('COMMENTS') or '', r.remark, w, 'COMMENTS (the answer comment)')
    return statuses


def check_details(f, got, r, where, what):
    """Every ARF message, verbatim and in order; a rule not reviewed says why."""
    pos = 0
    for m in r.messages:
        at = got.find(m, pos)
        if not f.check(at >= 0, where, f'{what} holds the ARF message {short(m, 80)} in order'):
            return
        pos = at + len(m)
    if ckl_status(r.result) == 'Not_Reviewed':
        f.check(got.strip(), where, f'{what} says why a {r.result} rule is not reviewed')


# ---- the CKLB ----

def check_cklb(f, t, path, schema_path, ckl_statuses):
    from jsonschema import Draft201909Validator

    where = path
    doc = json.load(open(path, encoding='utf-8'))
    schema = json.load(open(schema_path, encoding='utf-8'))
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    f.check(not errors, where, 'DISA CKLB schema: ' + '; '.join(
        f'{"/".join(map(str, e.absolute_path))}: {e.message[:120]}' for e in errors[:5]))
    td = doc.get('target_data', {})
    for key, want in (('host_name', t.hostname), ('fqdn', t.fqdn),
                      ('ip_address', t.ips[0] if t.ips else ''),
                      ('mac_address', t.macs[0] if t.macs else ''),
                      ('technology_area', 'Exchange Server')):
        f.equal(td.get(key), want, where, f'target_data.{key}')
    stigs = doc.get('stigs', [])
    if not f.equal(len(stigs), 1, where, 'stigs (one benchmark in the ARF)'):
        return doc
    s = stigs[0]
    f.equal(s.get('stig_id'), t.bench_id, where, 'stigs[0].stig_id')
    f.equal(s.get('size'), len(t.rules), where, 'stigs[0].size (rules in the benchmark)')
    f.equal(s.get('reference_identifier'), t.target_key, where, 'stigs[0].reference_identifier')
    rules = {r.get('group_id'): r for r in s.get('rules', [])}
    f.equal(len(s.get('rules', [])), len(t.rules), where, 'number of rules')
    f.equal(sorted(rules), sorted(r.vuln for r in t.rules), where, 'the set of group ids')
    uuids = [r.get('uuid') for r in s.get('rules', [])]
    f.equal(len(set(uuids)), len(uuids), where, 'rule uuids are distinct')
    for r in t.rules:
        jr = rules.get(r.vuln)
        if jr is None:
            continue
        w = f'{where} {r.vuln}'
        f.equal(jr.get('status'), CKLB_STATUS[ckl_status(r.result)], w, f'status for {r.result}')
        f.equal(jr.get('status'), CKLB_STATUS.get(ckl_statuses.get(r.vuln)), w, 'status = CKL')
        for key, want in (('rule_id_src', r.rule_id), ('rule_version', r.stig_id),
                          ('severity', r.severity), ('rule_title', r.title),
                          ('check_content', r.check), ('fix_text', r.fix), ('ccis', r.ccis),
                          ('legacy_ids', r.legacy), ('stig_uuid', s.get('uuid')),
                          ('target_key', r.target_key), ('comments', r.remark)):
            f.equal(jr.get(key), want, w, key)
        check_details(f, jr.get('finding_details', ''), r, w, 'finding_details')
    return doc


# ---- the CSV ----

CSV_HEAD = ['hostname', 'stig', 'vuln_id', 'rule_id', 'stig_id', 'cat', 'status', 'title',
            'finding_details', 'ccis']


def as_text(cell):
    """A cell a spreadsheet would read as a formula is written with a leading apostrophe."""
    return "'" + cell if cell[:1] in ('=', '+', '-', '@') else cell


def check_csv(f, t, path):
    where = path
    with open(path, encoding='utf-8', newline='') as fh:
        rows = list(csv.reader(fh, strict=True))
    if not f.equal(rows[0] if rows else None, CSV_HEAD, where, 'header row'):
        return
    body = rows[1:]
    f.equal(len(body), len(t.rules), where, 'one row per rule')
    by_vuln = {}
    for i, row in enumerate(body, 2):
        if f.equal(len(row), len(CSV_HEAD), f'{where}:{i}', 'cells in the row'):
            by_vuln[row[2]] = dict(zip(CSV_HEAD, row))
    f.equal(sorted(by_vuln), sorted(r.vuln for r in t.rules), where, 'the set of Vuln ids')
    for r in t.rules:
        row = by_vuln.get(r.vuln)
        if row is None:
            continue
        w = f'{where} {r.vuln}'
        for key, want in (('hostname', t.hostname), ('stig', t.bench_id), ('rule_id', r.rule_id),
                          ('stig_id', r.stig_id), ('cat', CAT_NAME.get(r.cat, '')),
                          ('status', r.result), ('title', r.title)):
            f.equal(row[key], as_text(want), w, key)
        f.equal(row['ccis'].split(), r.ccis, w, 'ccis')
        details = row['finding_details']
        f.check('\n' not in details and '\r' not in details, w, 'finding_details on one line')
        f.equal(one_line(details), as_text(one_line('\n'.join(r.messages))), w,
                'finding_details (whitespace folded)')


# ---- the HTML ----

class PageParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows = []
        self.counts = {}
        self.scripts = []
        self.csp = None
        self.external = []
        self.text = []
        self._count_id = None
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'tr' and 'rule' in (a.get('class') or '').split():
            self.rows.append(a)
        if tag == 'td' and (a.get('id') or '').startswith('n-'):
            self._count_id = a['id'][2:]
            self.counts[self._count_id] = ''
        if tag == 'meta' and (a.get('http-equiv') or '').lower() == 'content-security-policy':
            self.csp = a.get('content')
        if tag == 'script':
            self._in_script = True
            self.scripts.append('')
        if tag in ('link', 'iframe', 'object', 'embed', 'img') or 'src' in a:
            self.external.append(tag)

    def handle_endtag(self, tag):
        if tag == 'td':
            self._count_id = None
        if tag == 'script':
            self._in_script = False

    def handle_data(self, data):
        if self._count_id:
            self.counts[self._count_id] += data
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def check_html(f, t, path, source_dir, markup):
    where = path
    raw = open(path, encoding='utf-8').read()
    page = PageParser()
    page.feed(raw)
    rows = {r.get('id'): r for r in page.rows}
    f.equal(len(page.rows), len(t.rules), where, 'rule rows')
    f.equal(sorted(rows), sorted(r.vuln for r in t.rules), where, 'the set of rows (by Vuln id)')
    for r in t.rules:
        row = rows.get(r.vuln)
        if row is not None:
            f.equal(row.get('data-status'), r.result, f'{where} {r.vuln}', 'data-status')
            f.equal(row.get('data-cat'), str(r.cat), f'{where} {r.vuln}', 'data-cat')
    for status, n in t.counts().items():
        f.equal(page.counts.get(status, '').strip(), str(n), where, f'count shown for {status}')
    f.check(not page.external, where, f'no external resources ({page.external})')
    # The one inline script runs under the CSP only if its hash is the one the CSP names.
    if f.equal(len(page.scripts), 1, where, 'inline scripts'):
        digest = 'sha256-' + base64.b64encode(
            hashlib.sha256(page.scripts[0].encode('utf-8')).digest()).decode()
        f.check(page.csp and f"'{digest}'" in page.csp, where,
                f'the CSP names the script hash {digest}: {page.csp}')
        xsl = open(os.path.join(source_dir, 'xslt', 'report.xsl'), encoding='utf-8').read()
        m = re.search(r'<xsl:variable name="script-hash">([^<]*)</xsl:variable>', xsl)
        f.equal(m.group(1) if m else None, digest, 'xslt/report.xsl',
                'script-hash = SHA-256 of the rendered inline script')
    f.check(page.csp and "default-src 'none'" in page.csp, where, "CSP default-src 'none'")
    if markup:
        f.check(markup not in raw, where, 'the markup is escaped in the source')
        f.check(markup in ''.join(page.text), where, 'the markup reads as text')


# ---- SAF ----

def hdf_status(control):
    """A control's status as Heimdall and SAF compute it (inspecjs ContextualizedControl)."""
    statuses = [r.get('status') for r in control.get('results', [])]
    if control.get('impact') == 0:
        return 'Not Applicable'
    if 'error' in statuses:
        return 'Profile Error'
    if 'failed' in statuses:
        return 'Failed'
    if 'passed' in statuses:
        return 'Passed'
    if 'skipped' in statuses:
        return 'Not Reviewed'
    return 'Profile Error'


def start_saf(saf, ckl, tmp):
    """SAF takes seconds per checklist: convert every host's at once."""
    out = os.path.join(tmp, os.path.basename(os.path.dirname(ckl)) + '.hdf.json')
    proc = subprocess.Popen([saf, 'convert', 'ckl2hdf', '-i', ckl, '-o', out],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, out


def check_saf(f, t, ckl, job):
    where = f'saf convert ckl2hdf {ckl}'
    proc, out = job
    _, err = proc.communicate(timeout=600)
    if not f.check(proc.returncode == 0 and os.path.exists(out), where,
                   f'exit {proc.returncode}: {err.strip()[-400:]}'):
        return
    hdf = json.load(open(out, encoding='utf-8'))
    controls = [c for p in hdf.get('profiles', []) for c in p.get('controls', [])]
    got = {c.get('id'): hdf_status(c) for c in controls}
    tags = {c.get('id'): c.get('tags', {}) for c in controls}
    f.equal(len(controls), len(t.rules), where, 'controls')
    for r in t.rules:
        tag = tags.get(r.vuln, {})
        f.equal((tag.get('rid'), tag.get('stig_id'), tag.get('cci')), (r.rule_id, r.stig_id, r.ccis),
                f'{where} {r.vuln}', 'HDF tags rid, stig_id, cci')
        f.equal(got.get(r.vuln), HDF_STATUS[ckl_status(r.result)], f'{where} {r.vuln}',
                f'HDF status for {r.result}')
    want = collections.Counter(HDF_STATUS[ckl_status(r.result)] for r in t.rules)
    f.equal(dict(collections.Counter(got.values())), dict(want), where, 'HDF counts by status')


# ---- commands ----

def hosts_of(outdir):
    hosts = sorted(d for d in os.listdir(outdir) if os.path.isfile(os.path.join(outdir, d, 'arf.xml')))
    if not hosts:
        raise SystemExit(f'{outdir}: no host folder with an arf.xml')
    return hosts


def finish(f, what):
    for item in f.items:
        print('FAIL:', item)
    print(f'{what}: {f.passed} checks held, {len(f.items)} failed')
    return 1 if f.items else 0


def cmd_scan(args):
    expected, outdir, scapula, rest = int(args[0]), args[1], args[2], args[3:]
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(os.path.dirname(os.path.abspath(outdir)), exist_ok=True)
    res = subprocess.run([scapula, 'scan', *rest, '-o', outdir])
    if res.returncode != expected:
        print(f'FAIL: scapula scan exited {res.returncode}, expected {expected}')
        return 1
    return 0


def option(args, name):
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return value
    return None


def cmd_check(args):
    markup = option(args, '--markup')
    outdir, shared, source, saf = args
    order = sample_order(os.path.join(shared, 'formats/samples/stig-viewer-2.17-three-stig.ckl'))
    xsd = os.path.join(shared, 'formats/U_Checklist_Schema_V2.xsd')
    schema = os.path.join(shared, 'formats/SV3_CKLB_1_0_JSON_SCHEMA.json')
    f = Failures()
    cklbs = {}
    tmp = tempfile.TemporaryDirectory()
    saf_jobs = {h: start_saf(saf, os.path.join(outdir, h, 'checklist.ckl'), tmp.name)
                for h in hosts_of(outdir)}
    for host in hosts_of(outdir):
        d = os.path.join(outdir, host)
        t = Truth(os.path.join(d, 'arf.xml'))
        f.equal(t.target, t.hostname, d, 'TestResult target = asset hostname')
        f.equal(t.bench_ref, t.bench_id_full, d, 'TestResult benchmark = the requested one')
        f.check(not t.unknown_results and not t.duplicate_results, d,
                f'rule-results match the benchmark ({t.unknown_results} {t.duplicate_results})')
        f.check(t.target_key, d, 'the benchmark rules share one reference identifier')
        statuses = check_ckl(f, t, os.path.join(d, 'checklist.ckl'), xsd, order)
        cklbs[host] = check_cklb(f, t, os.path.join(d, 'checklist.cklb'), schema, statuses)
        check_csv(f, t, os.path.join(d, 'results.csv'))
        check_html(f, t, os.path.join(d, 'report.html'), source, markup)
        check_saf(f, t, os.path.join(d, 'checklist.ckl'), saf_jobs[host])
        if markup:
            check_markup_kept(f, t, d, markup)
        print(f'{host}: {len(t.rules)} rules, {dict(t.counts())}')
    check_uuids_differ(f, cklbs)
    tmp.cleanup()
    return finish(f, outdir)


def check_markup_kept(f, t, d, markup):
    """The hostile text reaches every report as the same characters."""
    f.check(any(markup in m for r in t.rules for m in r.messages), d, 'the ARF carries the markup')
    ckl = ET.parse(os.path.join(d, 'checklist.ckl')).getroot()
    f.check(any(markup in (e.text or '') for e in ckl.iter('FINDING_DETAILS')), d,
            'CKL FINDING_DETAILS carry the markup as text')
    cklb = json.load(open(os.path.join(d, 'checklist.cklb'), encoding='utf-8'))
    f.check(any(markup in r['finding_details'] for s in cklb['stigs'] for r in s['rules']), d,
            'CKLB finding_details carry the markup')
    with open(os.path.join(d, 'results.csv'), encoding='utf-8', newline='') as fh:
        f.check(any(markup in row[8] for row in csv.reader(fh)), d, 'a CSV cell carries the markup')


def check_uuids_differ(f, cklbs):
    """Different host, different checklist: its id and its rules' uuids."""
    hosts = sorted(cklbs)
    for i, a in enumerate(hosts):
        for b in hosts[i + 1:]:
            f.check(cklbs[a].get('id') != cklbs[b].get('id'), f'{a} {b}', 'CKLB ids differ')
            ua = {r['uuid'] for s in cklbs[a].get('stigs', []) for r in s['rules']}
            ub = {r['uuid'] for s in cklbs[b].get('stigs', []) for r in s['rules']}
            f.check(not ua & ub, f'{a} {b}', f'rule uuids differ ({len(ua & ub)} shared)')


def browser_expected(t, markup):
    texts = {r.vuln: ' '.join([r.vuln, r.rule_id, r.stig_id, r.title, r.group_title, r.check,
                                r.fix, r.discussion, r.remark, *r.messages, *r.ccis]).lower()
             for r in t.rules}
    search = None
    for r in t.rules:  # a STIG id no other rule's text mentions
        token = r.stig_id.lower()
        if token and all(token not in txt for v, txt in texts.items() if v != r.vuln):
            search = r.stig_id
            break
    by_cat = collections.Counter(str(r.cat) for r in t.rules)
    return {'total': len(t.rules), 'by_status': dict(t.counts()),
            'by_cat': {c: by_cat.get(c, 0) for c in '0123'}, 'search': search,
            'markup': markup or ''}


def cmd_browser(args):
    markup = option(args, '--markup')
    outdir, node, driver = args
    if not os.path.exists('/usr/bin/chromium'):
        print('SKIP: /usr/bin/chromium is absent, so the HTML reports were not rendered in a '
              'browser (install Debian\'s chromium: .ci/deps --test)')
        return 77
    failed = 0
    for host in hosts_of(outdir):
        d = os.path.join(outdir, host)
        expected = browser_expected(Truth(os.path.join(d, 'arf.xml')), markup)
        exp_path = os.path.join(d, 'browser-expected.json')
        with open(exp_path, 'w', encoding='utf-8') as fh:
            json.dump(expected, fh)
        shot = os.path.join(d, 'report.png')
        res = subprocess.run([node, driver, os.path.join(d, 'report.html'), exp_path, shot],
                             timeout=300)
        print(f'{host}: browser test exit {res.returncode}, screenshot {shot}')
        failed |= res.returncode != 0 or not os.path.getsize(shot)
    return 1 if failed else 0


def cmd_regen(args):
    """scan and report, both under SOURCE_DATE_EPOCH: the same bytes from the ARF alone."""
    outdir, scapula, reference, scan_args = args[0], args[1], args[2], args[3:]
    env = dict(os.environ, SOURCE_DATE_EPOCH='1700000000')
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    scanned, regenerated = os.path.join(outdir, 'scan'), os.path.join(outdir, 'report')
    res = subprocess.run([scapula, 'scan', *scan_args, '-o', scanned], env=env)
    f = Failures()
    f.check(res.returncode in (0, 2), 'scapula scan', f'exit {res.returncode}')
    for host in hosts_of(scanned):
        fresh = os.path.join(regenerated, host)
        os.makedirs(fresh)
        res = subprocess.run([scapula, 'report', os.path.join(scanned, host, 'arf.xml'),
                              '-o', fresh], env=env)
        f.equal(res.returncode, 0, f'scapula report {host}', 'exit status')
        for name in REPORT_FILES:
            a, b = os.path.join(scanned, host, name), os.path.join(fresh, name)
            same = os.path.exists(b) and open(a, 'rb').read() == open(b, 'rb').read()
            f.check(same, f'{host}/{name}', 'report output is byte-identical to scan output')
        check_same_uuids(f, os.path.join(reference, host, 'checklist.cklb'),
                         os.path.join(scanned, host, 'checklist.cklb'), host)
    return finish(f, outdir)


def check_same_uuids(f, a_path, b_path, host):
    """The same inputs at another time give the same UUIDs."""
    if not f.check(os.path.exists(a_path), a_path, 'the reference scan has this host'):
        return
    a = json.load(open(a_path, encoding='utf-8'))
    b = json.load(open(b_path, encoding='utf-8'))
    f.equal(b.get('id'), a.get('id'), host, 'CKLB id across two scans of the same facts')
    ua = [(s['uuid'], [r['uuid'] for r in s['rules']]) for s in a.get('stigs', [])]
    ub = [(s['uuid'], [r['uuid'] for r in s['rules']]) for s in b.get('stigs', [])]
    f.check(ua == ub, host, 'STIG and rule uuids across two scans of the same facts')


def main(argv):
    commands = {'scan': cmd_scan, 'check': cmd_check, 'browser': cmd_browser, 'regen': cmd_regen}
    if len(argv) < 2 or argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        return 64
    return commands[argv[1]](argv[2:])


if __name__ == '__main__':
    sys.exit(main(sys.argv))
