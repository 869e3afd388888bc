#!/usr/bin/env python3
"""Independent oracle for `scapula rules --format json`.

    rules_oracle.py PACKAGE SCAPULA_OUTPUT [--schema SCHEMA] [--expect-benchmarks N]
                    [--expect-rules ID=N ...]

Reads PACKAGE (a zip, zips inside zips, or a bare XCCDF file) with zipfile and
xml.etree -- sharing no code with scapula -- and lists the Rule ids of every XCCDF 1.1 / 1.2
Benchmark in it, keyed the way scapula names a benchmark's source ("PACKAGE:member:member").
Then reads scapula's output one object per line (scapula writes "[", one compact object per
line, "]"), optionally validates each object against the JSON Schema, and checks that both
readings hold the same benchmarks with the same rules in the same order. Exit 0 when they agree.
"""
import argparse
import io
import json
import sys
import xml.etree.ElementTree as ET
import zipfile

XCCDF = ("{http://checklists.nist.gov/xccdf/1.1}", "{http://checklists.nist.gov/xccdf/1.2}")


def benchmark_rules(data):
    """(benchmark id, [rule ids]) when DATA is an XCCDF Benchmark, else None."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    for ns in XCCDF:
        if root.tag == ns + "Benchmark":
            return root.get("id"), [r.get("id") for r in root.iter(ns + "Rule")]
    return None


def walk_zip(zf, prefix, out):
    for name in sorted(zf.namelist()):
        if name.endswith("/"):
            continue
        data = zf.read(name)
        path = prefix + ":" + name
        if data[:4] == b"PK\x03\x04":
            walk_zip(zipfile.ZipFile(io.BytesIO(data)), path, out)
        elif name.lower().endswith(".xml"):
            found = benchmark_rules(data)
            if found:
                out[path] = found


def oracle(package):
    out = {}
    if zipfile.is_zipfile(package):
        walk_zip(zipfile.ZipFile(package), package, out)
    else:
        with open(package, "rb") as f:
            found = benchmark_rules(f.read())
        if found:
            out[package] = found
    return out


def scapula(path, schema):
    validator = None
    if schema:
        import jsonschema

        with open(schema, encoding="utf-8") as f:
            validator = jsonschema.Draft202012Validator(json.load(f))
    got = {}
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f]
    if not lines or lines[0] not in ("[", "[]") or (lines[0] == "[" and lines[-1] != "]"):
        sys.exit("scapula output is not the expected array")
    for n, line in enumerate(lines[1:-1], 2):
        rule = json.loads(line.rstrip(","))
        if validator:
            errors = sorted(validator.iter_errors(rule), key=str)
            if errors:
                sys.exit("line %d: %s" % (n, errors[0].message))
        b = rule["benchmark"]
        ids = got.setdefault(b["source"], (b["id"], []))
        ids[1].append(rule["rule_id"])
    return got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("package")
    ap.add_argument("output")
    ap.add_argument("--schema")
    ap.add_argument("--expect-benchmarks", type=int)
    ap.add_argument("--expect-rules", action="append", default=[], metavar="ID=N")
    a = ap.parse_args()
    want, got = oracle(a.package), scapula(a.output, a.schema)
    bad = 0
    for src in sorted(set(want) | set(got)):
        if src not in got:
            print("missing from scapula: %s" % src)
            bad = 1
        elif src not in want:
            print("not in the package: %s" % src)
            bad = 1
        elif want[src] != got[src]:
            print("%s: oracle %s with %d rules, scapula %s with %d rules"
                  % (src, want[src][0], len(want[src][1]), got[src][0], len(got[src][1])))
            bad = 1
    if a.expect_benchmarks is not None and len(want) != a.expect_benchmarks:
        print("the package holds %d benchmarks, expected %d" % (len(want), a.expect_benchmarks))
        bad = 1
    for spec in a.expect_rules:
        bid, n = spec.split("=")
        counts = [len(r) for (i, r) in want.values() if i == bid]
        if counts != [int(n)]:
            print("%s: rules %s, expected [%s]" % (bid, counts, n))
            bad = 1
    total = sum(len(r) for (_, r) in got.values())
    print("%d benchmarks, %d rules" % (len(got), total))
    sys.exit(bad)


if __name__ == "__main__":
    main()
