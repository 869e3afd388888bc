#!/usr/bin/env python3
"""bind_check.py - end-to-end checks of `scapula bind` that need more than one run or a
throwaway package. Each mode exits 0 on success, 1 with a message on failure.

  drift SCAPULA CONTENT OLD.xml REF.xml
      bind OLD with CONTENT; the rules reported as drifted (--coverage and stderr) must be
      exactly the bound rules whose check text differs between OLD and REF (the release the
      binding was written against), as tests/oracles/drift_oracle.py lists them; and that list
      must not be empty (else the test proves nothing).
  reproducible SCAPULA CONTENT XCCDF ZIP STIG
      two runs on XCCDF, and one on ZIP --stig STIG, give the same bytes.
  hostile-doctype SCAPULA CONTENT
      a zip whose benchmark carries a DOCTYPE: exit 1, one message naming the entry, no output.
  releases SCAPULA CONTENT XCCDF...
      each release the content binds (by benchmark id) gives a data stream that passes
      `oscap ds sds-validate` with every rule of the release in it; a release the content
      does not bind (yet) is refused with "no content binds".
"""
import glob
import os
import re
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, 'oracles'))
import drift_oracle  # noqa: E402

ENV = dict(os.environ, SOURCE_DATE_EPOCH='1700000000')


def fail(msg):
    print('FAIL: ' + msg)
    sys.exit(1)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
    return p.returncode, p.stdout, p.stderr


def drift(scapula, content, old, ref):
    rc, out, err = run([scapula, 'bind', old, '--content', content, '--coverage'])
    if rc != 0:
        fail('bind exited %d: %s' % (rc, err))
    status = {}
    for line in out.splitlines():
        f = line.split()
        if f and f[0].startswith('V-') and f[-1] in ('yes', 'no', 'unbound', 'removed'):
            status[f[0]] = f[-1]
    bound = {v for v, s in status.items() if s in ('yes', 'no')}
    reported = {v for v, s in status.items() if s == 'yes'}
    in_stderr = {line.split()[2] for line in err.splitlines() if 'check text differs' in line}
    a, b = drift_oracle.rules(old), drift_oracle.rules(ref)
    expected = {v for v in set(a) & set(b) if a[v][1] != b[v][1]} & bound
    if not expected:
        fail('the oracle finds no drift between %s and %s: nothing is tested' % (old, ref))
    if reported != expected or in_stderr != expected:
        fail('drift: scapula --coverage %s, stderr %s; oracle %s'
             % (sorted(reported), sorted(in_stderr), sorted(expected)))
    print('drift on %s as the oracle says' % ', '.join(sorted(expected)))


def reproducible(scapula, content, xccdf, zip_path, stig):
    with tempfile.TemporaryDirectory() as tmp:
        outs = []
        for i, args in enumerate([[xccdf], [xccdf], [zip_path, '--stig', stig]]):
            out = os.path.join(tmp, 'ds%d.xml' % i)
            rc, _, err = run([scapula, 'bind'] + args + ['--content', content, '-o', out])
            if rc != 0:
                fail('bind %s exited %d: %s' % (args, rc, err))
            with open(out, 'rb') as f:
                outs.append(f.read())
        if outs[0] != outs[1]:
            fail('two runs on the same input differ')
        if outs[0] != outs[2]:
            fail('the benchmark read from the zip gives other bytes than the bare file')
    print('same bytes: twice from the file, once from the zip')


BAD = ('<?xml version="1.0"?>\n<!DOCTYPE Benchmark [<!ENTITY e "x">]>\n'
       '<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.1" '
       'id="MS_Exchange_2016_Mailbox_Server_STIG"><title>&e;</title></Benchmark>\n')


def hostile_doctype(scapula, content):
    with tempfile.TemporaryDirectory() as tmp:
        pkg, out = os.path.join(tmp, 'evil.zip'), os.path.join(tmp, 'ds.xml')
        with zipfile.ZipFile(pkg, 'w') as z:
            z.writestr('U_Evil_Manual-xccdf.xml', BAD)
        rc, _, err = run([scapula, 'bind', pkg, '--content', content, '-o', out])
        lines = err.strip().splitlines()
        if rc != 1 or len(lines) != 1:
            fail('want exit 1 and one message, got %d: %s' % (rc, err))
        if 'evil.zip:U_Evil_Manual-xccdf.xml' not in err or 'document type' not in err:
            fail('the message does not name the entry and the DOCTYPE: ' + err)
        if os.path.exists(out):
            fail('an output file was written')
    print('refused: ' + lines[0])


def bound_benchmarks(content):
    ids = set()
    for path in glob.glob(os.path.join(content, '**', '*.binding.xml'), recursive=True):
        with open(path, encoding='utf-8') as f:
            m = re.search(r'<binding\b[^>]*\bbenchmark="([^"]+)"', f.read())
        if m:
            ids.add(m.group(1))
    return ids


def releases(scapula, content, *files):
    bound = bound_benchmarks(content)
    with tempfile.TemporaryDirectory() as tmp:
        for xccdf in files:
            bench = drift_oracle.ET.parse(xccdf).getroot().get('id')
            out = os.path.join(tmp, 'ds.xml')
            rc, _, err = run([scapula, 'bind', xccdf, '--content', content, '-o', out])
            name = os.path.basename(xccdf)
            if bench not in bound:
                if rc != 1 or 'no content binds' not in err:
                    fail('%s: want "no content binds", got %d: %s' % (name, rc, err))
                print('%s: no content yet, refused' % name)
                continue
            if rc != 0:
                fail('%s: bind exited %d: %s' % (name, rc, err))
            v = subprocess.run(['oscap', 'ds', 'sds-validate', out], capture_output=True, text=True)
            if v.returncode != 0:
                fail('%s: sds-validate: %s%s' % (name, v.stdout, v.stderr))
            with open(out, encoding='utf-8') as f:
                ds = f.read()
            missing = [v for v in drift_oracle.rules(xccdf)
                       if 'id="xccdf_mil.disa.stig_group_%s"' % v not in ds]
            if missing:
                fail('%s: rules missing from the data stream: %s' % (name, missing))
            os.unlink(out)
            print('%s: bound, valid' % name)


def main(argv):
    modes = {'drift': (drift, 4), 'reproducible': (reproducible, 5),
             'hostile-doctype': (hostile_doctype, 2)}
    if len(argv) >= 4 and argv[1] == 'releases':
        releases(*argv[2:])
        return 0
    if len(argv) < 2 or argv[1] not in modes or len(argv) - 2 != modes[argv[1]][1]:
        sys.stderr.write(__doc__)
        return 64
    modes[argv[1]][0](*argv[2:])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
