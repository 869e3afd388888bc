#!/usr/bin/env python3
"""The Edge cases must notice wrong content: oracle_selftest.py's run over mutated copies of
edge.oval.xml, each mutation a misreading of an Edge check text that some case must catch.

Usage: edge_oracle_selftest.py OVAL BINDING CASES
Exit 0 when every mutation is caught (and the unmutated content passes), 1 otherwise.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle_selftest  # noqa: E402

NS = "oval:scapula.exchange2016"

# (rule whose cases must catch it, text in the content, replacement, what the mistake is)
EDGE_MUTATIONS = [
    ("V-221261", '<field name="authmechanism" operation="pattern match">(^|,\\s*)Tls(\\s*,|$)</field>',
     '<field name="authmechanism" operation="pattern match">(?i)tls</field>',
     "case-insensitive substring: BasicAuthRequireTLS taken for Tls"),
    ("V-221219", "BasicAuth(?:\\s*,|$))(?=", "BasicAuth)(?=",
     "BasicAuthRequireTLS taken for the token BasicAuth"),
    ("V-221244", "00:00:(?:0[5-9]|", "00:00:(?:0[4-9]|",
     "a 4 second tarpit taken for 5 seconds"),
    ("V-221223",
     '<concat>\n        <literal_component/>\n        <object_component object_ref="%s:obj:503" '
     'item_field="value" record_field="maxsendsize"/>\n      </concat>' % NS,
     '<object_component object_ref="%s:obj:503" item_field="value" record_field="maxsendsize"/>' % NS,
     "sizes compared as integers: Unlimited and null give error, not fail"),
    ("V-221223", '<field name="maxsendsize" operation="pattern match">^[0-9]+$</field>',
     '<field name="maxsendsize" operation="pattern match">^</field>',
     "an Unlimited global size taken for a limit"),
    ("V-221212", '<field name="errorreportingenabled">false</field>',
     '<field name="errorreportingenabled" operation="not equal">true</field>',
     "null taken for False"),
    ("V-221245", 'var:508" var_check="none satisfy"', 'var:508" var_check="at least one"',
     "anonymous access allowed on the internal connectors instead of the Internet ones"),
    # one item holds every connector: "for each" is the value entity's entity_check="all"
    ("V-221206", '<win-def:value datatype="record">\n        <field name="domainsecureenabled">true</field>',
     '<win-def:value datatype="record" entity_check="at least one">\n'
     '        <field name="domainsecureenabled">true</field>',
     "one domain-secure receive connector taken for all"),
    ("V-221262", 'operation="case insensitive equals" var_ref="%s:var:522"' % NS,
     'operation="pattern match" var_ref="%s:var:522"' % NS,
     "a subdomain's TlsDomain taken for the accepted domain (unanchored)"),
    ("V-221262", '<criterion test_ref="%s:tst:22126201"/>' % NS, "",
     "no accepted domain gives error instead of a finding"),
    ("V-221220", '<field name="connectioninactivitytimeout" var_ref=',
     '<field name="connectioninactivitytimeout" operation="pattern match" var_ref=',
     "1.00:10:00 taken for 00:10:00 (unanchored)"),
    ("V-221241", '<criterion test_ref="%s:tst:22124102" negate="true"/>' % NS,
     '<criterion test_ref="%s:tst:22124102"/>' % NS,
     "a server using no block list provider taken for a finding"),
    ("V-221264", 'ste:22126401" version="1" comment="an object from Get-TransportAgent that breaks the rule">\n'
     '      <win-def:value datatype="record" entity_check="at least one">\n'
     '        <field name="identity" operation="case insensitive equals">',
     'ste:22126401" version="1" comment="an object from Get-TransportAgent that breaks the rule">\n'
     '      <win-def:value datatype="record" entity_check="at least one">\n'
     '        <field name="identity">',
     "the agent name compared with case"),
]

if __name__ == "__main__":
    oracle_selftest.MUTATIONS = EDGE_MUTATIONS
    sys.exit(oracle_selftest.main(sys.argv))
