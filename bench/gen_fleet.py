#!/usr/bin/env python3
"""Write N facts bundles for a fleet benchmark, varied from the example bundles.

  gen_fleet.py EXAMPLES_DIR OUT_DIR N [SEED]

Host i is a copy of one of the four examples (round robin: mailbox-default, mailbox-hardened,
edge-default, edge-hardened) with its own host name, FQDN, addresses and collection time, and a
few values changed the way real servers differ: receive connectors' MaxHopCount and
MaxRecipientsPerMessage, and (one host in ten) a cmdlet that failed when the facts were
collected. The same N and SEED give the same bundles.
"""
import copy
import json
import os
import random
import sys

EXAMPLES = ("mailbox-default", "mailbox-hardened", "edge-default", "edge-hardened")


def vary_objects(cmd, rng):
    for obj in cmd.get("objects") or []:
        if "MaxHopCount" in obj:
            obj["MaxHopCount"] = rng.choice((30, 60, 60, 60, 100))
        if "MaxRecipientsPerMessage" in obj:
            obj["MaxRecipientsPerMessage"] = rng.choice((200, 5000, 5000))


def host(base, i, rng):
    b = copy.deepcopy(base)
    role = "EXMB" if b["host"]["exchange_role"] == "Mailbox" else "EXEDGE"
    name = "%s%05d" % (role, i)
    b["host"]["hostname"] = name
    b["host"]["fqdn"] = "%s.fleet.example.mil" % name.lower()
    b["host"]["ipv4"] = ["10.%d.%d.%d" % (100 + i // 65536, (i // 256) % 256, i % 256)]
    b["host"]["mac"] = ["00-15-5D-%02X-%02X-%02X" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)]
    b["collected"] = "2026-11-%02dT%02d:%02d:00Z" % (1 + i % 28, i % 24, i % 60)
    for cmd in b["commands"]:
        vary_objects(cmd, rng)
    if i % 10 == 9:
        cmd = rng.choice([c for c in b["commands"] if c.get("status") == "ok"])
        cmd["status"] = "error"
        cmd["error"] = "The operation couldn't be performed because the server is busy."
        cmd["objects"] = []
    return b


def main(argv):
    if len(argv) not in (4, 5):
        sys.stderr.write(__doc__)
        return 64
    src, out, n = argv[1], argv[2], int(argv[3])
    rng = random.Random(int(argv[4]) if len(argv) == 5 else 1)
    bases = []
    for name in EXAMPLES:
        with open(os.path.join(src, name + ".json"), encoding="utf-8") as f:
            bases.append(json.load(f))
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        with open(os.path.join(out, "host%05d.json" % i), "w", encoding="utf-8") as f:
            json.dump(host(bases[i % 4], i, rng), f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
