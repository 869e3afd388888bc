"""What a probe of the machine running the tests would read or leak, for the no-probe tests
(tests/evaluate/evaluate_check.py, tests/scan/scan_check.py): scapula must never read this
machine into the results of the Exchange host it reports on."""
import re
import socket

# Files a probe reads on Linux (system_info, family, textfilecontent54, interfaces, users...),
# as strace writes them (quoted).
PROBED = re.compile(r'"(/etc/os-release|/usr/lib/os-release|/etc/hostname|/etc/machine-id|'
                    r'/etc/redhat-release|/etc/debian_version|/etc/lsb-release|'
                    r'/proc/sys/kernel/hostname|/proc/net/[^"]*|/sys/class/net[^"]*|'
                    r'/proc/cpuinfo|/etc/passwd|/etc/group|/etc/shadow|/proc/[0-9]+/[^"]*)"')


def local_names():
    """This machine's host names (not localhost), as a probe would report them."""
    names = {socket.gethostname()}
    try:
        names.add(socket.getfqdn())
    except OSError:
        pass
    return {n for n in names if n and n not in ("localhost", "localhost.localdomain")}


def name_leak(inputs, outputs):
    """Why the outputs cannot be trusted to hold nothing of this machine, or None: one of its
    names occurs in OUTPUTS, or already in INPUTS (then the check cannot tell)."""
    for name in local_names():
        word = re.compile(r"(?<![\w.-])%s(?![\w-])" % re.escape(name), re.I)
        if word.search(inputs):
            return "this machine's name '%s' occurs in the inputs; the check cannot tell" % name
        if word.search(outputs):
            return "this machine's name '%s' reached the results" % name
    return None
