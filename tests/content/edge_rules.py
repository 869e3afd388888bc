"""The Exchange 2016 Edge Transport Server STIG (V2R6) as scapula reads it: one entry per rule.

This table is the single place where a rule's class, reason and check logic are written down;
`make_content.py --stig edge` turns it into content/exchange2016/edge.oval.xml and
edge.binding.xml. The vocabulary (all_, none, exists, NOT, eq, ne, pat, var ...) is the Mailbox
table's (mailbox_rules.py), and for the same reasons every state field compares as a string:
booleans with "true"/"false", integers with their decimal text, time spans with their
"[d.]hh:mm:ss" text. What oscap 1.3.7 does with the facts' shapes (measured with the oracle):
  - a null property (field status "does not exist") fails "equals" and "pattern match", so a
    null is never True, False or a value; it satisfies "not equal", so none(..., ne(f, "true"))
    counts a null as not True;
  - an empty list is a missing field: it can only fail a match, so "a connector without smart
    hosts" is not expressible and the checks that need it read DNSRoutingEnabled instead
    (Exchange requires smart hosts exactly when DNS routing is off);
  - zero returned objects: all_ and exists are false, none is true.
Edge ids: objects and variables are numbered from 500 so that this document and the Mailbox
one never share an id; definitions, tests and states carry the Edge Vuln numbers.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailbox_rules import (  # noqa: E402,F401  (the shared vocabulary)
    SNAPIN, PS_MGMT, PS_SEC, TOKEN, eq, ieq, ne, pat, var, all_, none, exists, rule, ev,
    site_list, object_values, same_set, documented_services_rule)

# Objects: key -> (obj number, module, noun, parameters or None, [property names]).
# Per-server cmdlets run with -Server/-Identity <this host>, which matching ignores.
OBJECTS = {
    "receive_connector": (500, SNAPIN, "ReceiveConnector", None,
                          ["Name", "Identity", "AuthMechanism", "PermissionGroups",
                           "ConnectionTimeout", "DomainSecureEnabled", "MaxHopCount",
                           "ChunkingEnabled", "MaxRecipientsPerMessage", "MaxInboundConnection",
                           "MaxMessageSize", "TarpitInterval", "Banner"]),
    "send_connector": (501, SNAPIN, "SendConnector", None,
                       ["Name", "Identity", "SmartHosts", "DNSRoutingEnabled",
                        "DomainSecureEnabled", "RequireTLS", "TlsAuthLevel", "TlsDomain",
                        "ConnectionInactivityTimeOut", "MaxMessageSize"]),
    "transport_service": (502, SNAPIN, "TransportService", None,
                          ["Name", "Identity", "ConnectivityLogEnabled",
                           "MaxPerDomainOutboundConnections", "MaxOutboundConnections",
                           "TransientFailureRetryCount"]),
    "transport_config": (503, SNAPIN, "TransportConfig", None,
                         ["Identity", "MaxReceiveSize", "MaxSendSize"]),
    "accepted_domain": (504, SNAPIN, "AcceptedDomain", None, ["Name", "DomainName", "Default"]),
    "event_log_level": (505, SNAPIN, "EventLogLevel", None, ["Identity", "EventLevel"]),
    "organization_config": (506, SNAPIN, "OrganizationConfig", None,
                            ["Name", "CustomerFeedbackEnabled"]),
    "exchange_server": (507, SNAPIN, "ExchangeServer", {"status": "true"},
                        ["Name", "Identity", "ErrorReportingEnabled", "AdminDisplayVersion"]),
    "execution_policy": (508, PS_SEC, "ExecutionPolicy", None, ["Value"]),
    "sender_filter_config": (509, SNAPIN, "SenderFilterConfig", None,
                             ["Name", "Enabled", "Action", "BlankSenderBlockingEnabled",
                              "BlockedDomains", "BlockedDomainsAndSubdomains"]),
    "content_filter_config": (510, SNAPIN, "ContentFilterConfig", None,
                              ["Name", "Enabled", "QuarantineMailbox"]),
    "recipient_filter_config": (511, SNAPIN, "RecipientFilterConfig", None,
                                ["Name", "Enabled", "RecipientValidationEnabled"]),
    "sender_reputation_config": (512, SNAPIN, "SenderReputationConfig", None,
                                 ["Name", "Enabled", "SrlBlockThreshold"]),
    "sender_id_config": (513, SNAPIN, "SenderIdConfig", None,
                         ["Name", "Enabled", "SpoofedDomainAction"]),
    "ip_block_list_provider": (514, SNAPIN, "IPBlockListProvider", None,
                               ["Name", "Identity", "Guid", "LookupDomain"]),
    "ip_allow_list_entry": (515, SNAPIN, "IPAllowListEntry", None, ["Identity", "IPRange"]),
    "ip_allow_list_config": (516, SNAPIN, "IPAllowListConfig", None, ["Name", "Enabled"]),
    # Every agent: Get-TransportAgent "Malware Agent" fails where the agent is not installed
    # (Edge has none), and a failed command would make the malware rules error, not pass.
    "transport_agent": (517, SNAPIN, "TransportAgent", None, ["Identity", "Enabled"]),
    "exchange_certificate": (518, SNAPIN, "ExchangeCertificate", None,
                             ["Thumbprint", "Subject", "Issuer"]),
    "service": (519, PS_MGMT, "Service", None, ["Name", "Status"]),
    "attachment_filter_entry": (520, SNAPIN, "AttachmentFilterEntry", None,
                                ["Identity", "Type", "Name"]),
}

# XCCDF Values (site values): id -> (var number, binding type, default, title, description).
VALUES = {
    "receive_connection_timeout": (
        500, "string", "00:05:00", "Receive connector connection timeout",
        "EX16-ED-000010: ConnectionTimeout of every receive connector must be 00:05:00 "
        "([d.]hh:mm:ss), or the value signed off in the EDSP."),
    "send_connector_inactivity_timeout": (
        501, "string", "00:10:00", "Send connector connection inactivity timeout",
        "EX16-ED-000190: ConnectionInactivityTimeOut of every send connector must be 00:10:00 "
        "([d.]hh:mm:ss), or the value signed off in the EDSP."),
    "max_per_domain_outbound_connections": (
        502, "number", "20", "Maximum outbound connections per domain",
        "EX16-ED-000200: MaxPerDomainOutboundConnections must be 20, or the value signed off "
        "in the EDSP."),
    "max_outbound_connections": (
        503, "number", "1000", "Maximum outbound connections of the transport service",
        "EX16-ED-000230: MaxOutboundConnections must be 1000, or the value signed off in the "
        "EDSP."),
    "max_hop_count": (
        504, "number", "60", "Maximum hop count for receive connectors",
        "EX16-ED-000270: MaxHopCount of every receive connector must be 60, or the value "
        "signed off in the EDSP."),
    "max_recipients_per_message": (
        505, "number", "5000", "Maximum recipients per message on receive connectors",
        "EX16-ED-000300: MaxRecipientsPerMessage of every receive connector must be 5000, or "
        "the value signed off in the EDSP."),
    "max_inbound_connection": (
        506, "string", "5000", "Maximum inbound connections of receive connectors",
        "EX16-ED-000310: MaxInboundConnection of every receive connector must be 5000, or the "
        "value signed off in the EDSP (a number, or Unlimited when that is signed off)."),
    "srl_block_threshold": (
        507, "number", "6", "Sender reputation block threshold",
        "EX16-ED-000390: SrlBlockThreshold of the sender reputation filter must be 6, or the "
        "value signed off in the EDSP."),
    "internet_receive_connectors": (
        508, "string", "(?i)internet", "Internet-facing receive connectors",
        "EX16-ED-000490: a regular expression matched against each receive connector's Name; "
        "a connector it matches is Internet-facing and may admit AnonymousUsers. The STIG "
        "names no connector; the default relies on its naming rule (EX16-ED-000280: "
        "connectors named for purpose and direction) and takes a name containing Internet "
        "for an Internet-facing connector."),
    "hyperlink_agent_name": (
        509, "string", "", "Transport agent that makes hyperlinks unclickable",
        "EX16-ED-000570: the name (Identity, compared without case) of the transport agent "
        "documented in the EDSP that renders hyperlinks from non-.mil sources unclickable. "
        "The STIG's customAgent is a placeholder for that name, so the value is the site's: "
        "until a tailoring file sets it, the rule is not checked.",
        {"required": True}),
    "approved_exchange_build": (
        510, "string", "^Version 15\\.1 \\(Build 2507\\.[0-9]+\\)$",
        "Approved Exchange 2016 build",
        "EX16-ED-000700: a regular expression matched against this server's "
        "AdminDisplayVersion. The default accepts Cumulative Update 23 (build 15.1.2507.x, any "
        "security update), the last cumulative update Microsoft released for Exchange 2016."),
    "approved_certificate_issuer": (
        511, "string", "(?i)(^|,\\s*)OU=DoD\\s*,\\s*O=U\\.S\\. Government\\s*,\\s*C=US$",
        "Approved certificate issuers",
        "EX16-ED-000020: a regular expression matched against the Issuer of every certificate "
        "Get-ExchangeCertificate returns. The default accepts the DoD PKI certification "
        "authorities (OU=DoD, O=U.S. Government, C=US)."),
    "attachment_filter_types": (
        512, "string", "", "Undesirable attachment types (EDSP)",
        "EX16-ED-000400: the attachment types the EDSP says are stripped, separated by commas, "
        "each written as Get-AttachmentFilterEntry shows its Name (*.exe, *.vbs, "
        "application/hta); the entries must be exactly these, compared as written. The STIG "
        "leaves the list to the site: until a tailoring file sets it, the rule is not checked.",
        {"required": True}),
    "unaccepted_domains": (
        513, "string", "", "Unaccepted domains to block (EDSP)",
        "EX16-ED-000360: the unaccepted domains the EDSP says are blocked, separated by commas "
        "(spam.example.com, phish.example.net); BlockedDomains and BlockedDomainsAndSubdomains "
        "of the sender filter together must list exactly these, compared as written. The STIG "
        "leaves the list to the site: until a tailoring file sets it, the rule is not checked.",
        {"required": True}),
    "documented_services": (
        514, "string", "", "Services documented in the EDSP",
        "EX16-ED-000610: the services (service Name, as Get-Service shows it) the EDSP "
        "documents for this server, separated by commas; a running service not in the list is "
        "a finding (compared without regard to case). The STIG leaves the list to the site: "
        "until a tailoring file sets it, the rule is not checked.",
        {"required": True}),
}

# Local variables: number -> (comment, kind, payload)
LOCALS = {
    520: ("the organization's MaxSendSize", "object-text", ("transport_config", "maxsendsize")),
    521: ("the organization's MaxReceiveSize", "object-text", ("transport_config", "maxreceivesize")),
    522: ("the accepted domains' names", "object", ("accepted_domain", "domainname")),
    523: ("the site's undesirable attachment types", "xml",
          site_list("attachment_filter_types")),
    524: ("each of the site's attachment types has an entry and no entry is of another type",
          "xml",
          same_set(523, object_values(520, "name"))),
    525: ("the site's unaccepted domains", "xml",
          site_list("unaccepted_domains")),
    526: ("BlockedDomains and BlockedDomainsAndSubdomains together hold exactly the site's "
          "unaccepted domains", "xml",
          same_set(525, object_values(509, "blockeddomains"),
                   object_values(509, "blockeddomainsandsubdomains"))),
    527: ("the site's documented services", "xml",
          site_list("documented_services")),
}

NUMBER = r"^[0-9]+$"
# A time span of at least 00:00:05 as .NET writes it ([-][d.]hh:mm:ss[.fffffff]): a day or
# more, an hour or more, a minute or more, or 05 to 59 seconds; negative spans never match.
AT_LEAST_5_SECONDS = (r"^(?:[1-9][0-9]*\.[0-9]{2}:[0-9]{2}:[0-9]{2}|(?:0+\.)?(?:"
                      r"(?:0[1-9]|1[0-9]|2[0-3]):[0-9]{2}:[0-9]{2}|00:(?:0[1-9]|[1-5][0-9]):[0-9]{2}"
                      r"|00:00:(?:0[5-9]|[1-5][0-9])))(?:\.[0-9]{1,7})?$")
AT_MOST_10 = r"^(?:[0-9]|10)$"


def all_tokens(*tokens):
    """One pattern for a comma-separated list holding every one of TOKENS (a state record may
    name a field only once): a lookahead per token, each anchored like TOKEN."""
    return "^" + "".join(r"(?=(?:.*,\s*)?%s(?:\s*,|$))" % t for t in tokens)


SMART = dict(field="smarthosts", op="pattern match", value=".", entity_check="at least one")
NO_SEND_CONNECTOR = ("NOT", exists("send_connector", "name"))


def malware_agent_disabled(vuln, stig_id):
    return rule(vuln, "automated",
                "No transport agent named Malware Agent may have Enabled True (absent, as on an "
                "Edge server, or disabled passes).",
                "The built-in Malware Agent is not enabled",
                "No agent from Get-TransportAgent is the Malware Agent with Enabled True (%s)."
                % stig_id,
                ("AND", [none("transport_agent", ieq("identity", "Malware Agent"),
                              eq("enabled", "true"))]))


THIRD_PARTY_SCANNER = ("A person confirms that an approved DoD third-party malicious code "
                       "scanner is in use; no cmdlet output shows it.")

RULES = [
    rule("V-221202", "site-value",
         "Every receive connector's ConnectionTimeout must equal the site value (00:05:00).",
         "Receive connector connection timeout is limited",
         "Every receive connector from Get-ReceiveConnector has ConnectionTimeout equal to the "
         "site value (00:05:00 by default).",
         ("AND", [all_("receive_connector",
                       var("connectiontimeout", "receive_connection_timeout"))]),
         exports=["receive_connection_timeout"]),
    rule("V-221203", "site-value",
         "Every certificate from Get-ExchangeCertificate must be issued by an approved issuer "
         "(the DoD PKI by default; a self-signed certificate is not).",
         "Exchange certificates are issued by the DoD",
         "Every certificate from Get-ExchangeCertificate has an Issuer matching the site's "
         "approved-issuer pattern (the DoD PKI, OU=DoD, O=U.S. Government, C=US, by default).",
         ("AND", [all_("exchange_certificate",
                       var("issuer", "approved_certificate_issuer", op="pattern match"))]),
         exports=["approved_certificate_issuer"]),
    rule("V-221204", "automated",
         "Get-AcceptedDomain must return an accepted domain with Default True (only one domain "
         "can be the default, so the check cannot mean every domain).",
         "A default accepted domain is configured",
         "Get-AcceptedDomain returns at least one accepted domain whose Default is True.",
         ("AND", [("NOT", none("accepted_domain", eq("default", "true")))])),
    rule("V-221206", "automated",
         "Every receive connector must have DomainSecureEnabled True.",
         "Receive connectors are domain secure-enabled",
         "Every receive connector from Get-ReceiveConnector has DomainSecureEnabled True.",
         ("AND", [all_("receive_connector", eq("domainsecureenabled", "true"))])),
    rule("V-221207", "automated",
         "Every event log category from Get-EventLogLevel must have EventLevel Lowest.",
         "Diagnostic event logging is at the lowest level",
         "Every event log category returned by Get-EventLogLevel has EventLevel Lowest.",
         ("AND", [all_("event_log_level", eq("eventlevel", "Lowest"))])),
    rule("V-221208", "automated",
         "ConnectivityLogEnabled of this server's transport service must be True.",
         "Connectivity logging is enabled",
         "Get-TransportService reports ConnectivityLogEnabled True.",
         ("AND", [all_("transport_service", eq("connectivitylogenabled", "true"))])),
    rule("V-221209", "manual",
         "Queue monitoring (performance monitor data collector sets or a third-party monitor) "
         "is reviewed by a person; no cmdlet output decides it."),
    rule("V-221210", "automated",
         "CustomerFeedbackEnabled of the organization must be False; null is not False.",
         "Customer Experience reports are not sent to Microsoft",
         "Get-OrganizationConfig reports CustomerFeedbackEnabled False.",
         ("AND", [all_("organization_config", eq("customerfeedbackenabled", "false"))])),
    rule("V-221211", "manual",
         "Read access to audit data is compared with the EDSP by a person."),
    rule("V-221212", "automated",
         "ErrorReportingEnabled of this Exchange server (Get-ExchangeServer -Status) must be "
         "False; null is not False.",
         "Fatal error reports are not sent to Microsoft",
         "Get-ExchangeServer -Status for this server reports ErrorReportingEnabled False.",
         ("AND", [all_("exchange_server", eq("errorreportingenabled", "false"))])),
    rule("V-221213", "manual",
         "Modify access to audit data is compared with the EDSP by a person."),
    rule("V-221214", "manual",
         "Delete permission on audit data is compared with the EDSP by a person."),
    rule("V-221215", "manual",
         "Which partition holds the audit logs, and whether it is separate from the "
         "application's, is reviewed against the EDSP by a person (a path does not show the "
         "partition behind a mount point)."),
    rule("V-221216", "automated",
         "Get-ExecutionPolicy must return RemoteSigned.",
         "The PowerShell execution policy is RemoteSigned",
         "Get-ExecutionPolicy returns RemoteSigned.",
         ("AND", [all_("execution_policy", eq("value", "RemoteSigned"))])),
    rule("V-221217", "automated",
         "Every send connector must route through a smart host: at least one SmartHosts entry "
         "and DNSRoutingEnabled False (Exchange allows neither without the other); no send "
         "connector at all is not a finding.",
         "Send connectors specify a smart host",
         "Every send connector from Get-SendConnector lists at least one smart host and has "
         "DNSRoutingEnabled False; an Edge server without send connectors passes.",
         ("OR", [all_("send_connector", eq("dnsroutingenabled", "false"), SMART),
                 NO_SEND_CONNECTOR])),
    rule("V-221218", "automated",
         "A send connector routing by DNS must have DomainSecureEnabled True; one with smart "
         "hosts must have DNSRoutingEnabled False, RequireTLS True and TlsAuthLevel "
         "DomainValidation.",
         "Send connectors use domain security or TLS-validated smart hosts",
         "No send connector from Get-SendConnector has DNSRoutingEnabled other than False and "
         "DomainSecureEnabled other than True; none with smart hosts has DNSRoutingEnabled "
         "other than False, RequireTLS other than True or TlsAuthLevel other than "
         "DomainValidation (null counts as other).",
         ("AND", [none("send_connector", ne("dnsroutingenabled", "false"),
                       ne("domainsecureenabled", "true")),
                  none("send_connector", SMART, ne("dnsroutingenabled", "false")),
                  none("send_connector", SMART, ne("requiretls", "true")),
                  none("send_connector", SMART, ne("tlsauthlevel", "DomainValidation"))])),
    rule("V-221219", "automated",
         "Every receive connector's AuthMechanism must offer the tokens Tls, BasicAuth and "
         "BasicAuthRequireTLS (others, such as ExchangeServer, may be present too).",
         "Receive connectors offer TLS before basic authentication",
         "Every receive connector from Get-ReceiveConnector lists the tokens Tls, BasicAuth and "
         "BasicAuthRequireTLS in its comma-separated AuthMechanism, case-sensitively.",
         ("AND", [all_("receive_connector",
                       pat("authmechanism", all_tokens("Tls", "BasicAuth", "BasicAuthRequireTLS")))])),
    rule("V-221220", "site-value",
         "Every send connector's ConnectionInactivityTimeOut must equal the site value "
         "(00:10:00); no send connector at all is not a finding.",
         "Send connector inactivity timeout is limited",
         "Every send connector from Get-SendConnector has ConnectionInactivityTimeOut equal to "
         "the site value (00:10:00 by default); an Edge server without send connectors passes.",
         ("OR", [all_("send_connector",
                      var("connectioninactivitytimeout", "send_connector_inactivity_timeout")),
                 NO_SEND_CONNECTOR]),
         exports=["send_connector_inactivity_timeout"]),
    rule("V-221221", "site-value",
         "MaxPerDomainOutboundConnections of the transport service must equal the site value "
         "(20).",
         "Outbound connections per domain are limited",
         "Get-TransportService reports MaxPerDomainOutboundConnections equal to the site value "
         "(20 by default; Unlimited never matches a number).",
         ("AND", [all_("transport_service",
                       var("maxperdomainoutboundconnections",
                           "max_per_domain_outbound_connections"))]),
         exports=["max_per_domain_outbound_connections"]),
    rule("V-221222", "site-value",
         "MaxOutboundConnections of the transport service must equal the site value (1000).",
         "Outbound connections are limited",
         "Get-TransportService reports MaxOutboundConnections equal to the site value (1000 by "
         "default; Unlimited never matches a number).",
         ("AND", [all_("transport_service",
                       var("maxoutboundconnections", "max_outbound_connections"))]),
         exports=["max_outbound_connections"]),
    rule("V-221223", "automated",
         "Every send connector's MaxMessageSize must equal the organization's MaxSendSize, "
         "which must be a size, not Unlimited; no send connector at all is not a finding (a "
         "difference from the EDSP's value is a person's call).",
         "Send connector message size limits match the global limit",
         "Get-TransportConfig reports a numeric MaxSendSize and every send connector from "
         "Get-SendConnector has MaxMessageSize equal to it; an Edge server without send "
         "connectors passes the connector part.",
         ("AND", [all_("transport_config", pat("maxsendsize", NUMBER)),
                  ("OR", [all_("send_connector", var("maxmessagesize", 520)),
                          NO_SEND_CONNECTOR])])),
    rule("V-221224", "automated",
         "TransientFailureRetryCount of the transport service must be 10 or less.",
         "Transient failure retries are limited",
         "Get-TransportService reports TransientFailureRetryCount between 0 and 10.",
         ("AND", [all_("transport_service", pat("transientfailureretrycount", AT_MOST_10))])),
    rule("V-221225", "evidence",
         "Whether send connectors are clearly named for purpose and direction is a person's "
         "judgement; the connectors are shown.",
         evidence=[ev("SendConnector")]),
    rule("V-221226", "site-value",
         "Every receive connector's MaxHopCount must equal the site value (60).",
         "Receive connectors limit the hop count",
         "Every receive connector from Get-ReceiveConnector has MaxHopCount equal to the site "
         "value (60 by default).",
         ("AND", [all_("receive_connector", var("maxhopcount", "max_hop_count"))]),
         exports=["max_hop_count"]),
    rule("V-221227", "evidence",
         "Whether receive connectors are clearly named for purpose and direction is a person's "
         "judgement; the connectors are shown.",
         evidence=[ev("ReceiveConnector")]),
    rule("V-221228", "automated",
         "Every receive connector must have ChunkingEnabled True.",
         "Receive connectors accept chunking",
         "Every receive connector from Get-ReceiveConnector has ChunkingEnabled True.",
         ("AND", [all_("receive_connector", eq("chunkingenabled", "true"))])),
    rule("V-221229", "site-value",
         "Every receive connector's MaxRecipientsPerMessage must equal the site value (5000).",
         "Receive connectors limit the recipients per message",
         "Every receive connector from Get-ReceiveConnector has MaxRecipientsPerMessage equal "
         "to the site value (5000 by default).",
         ("AND", [all_("receive_connector",
                       var("maxrecipientspermessage", "max_recipients_per_message"))]),
         exports=["max_recipients_per_message"]),
    rule("V-221230", "site-value",
         "Every receive connector's MaxInboundConnection must equal the site value (5000; "
         "Unlimited only when signed off).",
         "Receive connectors limit inbound connections",
         "Every receive connector from Get-ReceiveConnector has MaxInboundConnection equal to "
         "the site value (5000 by default).",
         ("AND", [all_("receive_connector",
                       var("maxinboundconnection", "max_inbound_connection"))]),
         exports=["max_inbound_connection"]),
    rule("V-221231", "automated",
         "Every receive connector's MaxMessageSize must equal the organization's "
         "MaxReceiveSize, which must be a size, not Unlimited (a signed-off difference is a "
         "person's call).",
         "Receive connector message size limits match the global limit",
         "Get-TransportConfig reports a numeric MaxReceiveSize and every receive connector from "
         "Get-ReceiveConnector has MaxMessageSize equal to it.",
         ("AND", [all_("transport_config", pat("maxreceivesize", NUMBER)),
                  all_("receive_connector", var("maxmessagesize", 521))])),
    rule("V-221232", "automated",
         "The sender filter's Action must be Reject (not applicable on SIPR or with EEMSG: a "
         "person's call).",
         "Messages with a blank sender are rejected",
         "Get-SenderFilterConfig reports Action Reject.",
         ("AND", [all_("sender_filter_config", eq("action", "Reject"))])),
    rule("V-221233", "automated",
         "BlankSenderBlockingEnabled of the sender filter must be True (not applicable on SIPR "
         "or with EEMSG: a person's call).",
         "Messages with a blank sender are filtered",
         "Get-SenderFilterConfig reports BlankSenderBlockingEnabled True.",
         ("AND", [all_("sender_filter_config", eq("blanksenderblockingenabled", "true"))])),
    rule("V-221234", "automated",
         "QuarantineMailbox of the content filter must hold an SMTP address.",
         "Filtered messages are quarantined to a mailbox",
         "Get-ContentFilterConfig reports a QuarantineMailbox of the form local@domain; null "
         "does not.",
         ("AND", [all_("content_filter_config",
                       pat("quarantinemailbox", r"^[^@\s]+@[^@\s]+$"))])),
    rule("V-221235", "site-value",
         "BlockedDomains and BlockedDomainsAndSubdomains together must be exactly the EDSP's "
         "unaccepted domains (a required site value: the STIG lists none).",
         "The sender filter blocks the unaccepted domains",
         "The domains in BlockedDomains and BlockedDomainsAndSubdomains of "
         "Get-SenderFilterConfig, taken together, are exactly the site's unaccepted domains: "
         "none missing, none extra.",
         ("AND", [all_("sender_filter_config", var("name", 526, op="pattern match"))]),
         exports=["unaccepted_domains"]),
    rule("V-221236", "automated",
         "RecipientValidationEnabled of the recipient filter must be False; null is not False.",
         "Messages to nonexistent recipients are not blocked",
         "Get-RecipientFilterConfig reports RecipientValidationEnabled False.",
         ("AND", [all_("recipient_filter_config", eq("recipientvalidationenabled", "false"))])),
    rule("V-221237", "automated",
         "Enabled of the sender reputation filter must be True.",
         "The sender reputation filter is enabled",
         "Get-SenderReputationConfig reports Enabled True.",
         ("AND", [all_("sender_reputation_config", eq("enabled", "true"))])),
    rule("V-221238", "site-value",
         "SrlBlockThreshold of the sender reputation filter must equal the site value (6).",
         "The sender reputation block level is set",
         "Get-SenderReputationConfig reports SrlBlockThreshold equal to the site value (6 by "
         "default).",
         ("AND", [all_("sender_reputation_config",
                       var("srlblockthreshold", "srl_block_threshold"))]),
         exports=["srl_block_threshold"]),
    rule("V-221239", "site-value",
         "The attachment filter entries must be exactly the EDSP's undesirable types (a "
         "required site value: the STIG lists none).",
         "Attachment filtering strips the undesirable types",
         "Get-AttachmentFilterEntry returns at least one entry, every entry's Name is one of "
         "the site's types, and every one of the site's types has an entry.",
         ("AND", [all_("attachment_filter_entry",
                       var("name", 523, var_check="at least one")),
                  all_("attachment_filter_entry", var("name", 524, op="pattern match"))]),
         exports=["attachment_filter_types"]),
    rule("V-221240", "automated",
         "Enabled of the content filter must be True.",
         "The spam evaluation (content) filter is enabled",
         "Get-ContentFilterConfig reports Enabled True.",
         ("AND", [all_("content_filter_config", eq("enabled", "true"))])),
    rule("V-221241", "automated",
         "Every IP block list provider must have a Name, a Guid and a LookupDomain; without any "
         "provider the rule is not applicable, reported as not a finding.",
         "Block list providers are identified",
         "Every provider from Get-IPBlockListProvider has a non-empty Name, Guid and "
         "LookupDomain; a server using no provider passes (the STIG makes it not applicable).",
         ("OR", [all_("ip_block_list_provider", pat("name", r"\S"), pat("guid", r"\S"),
                      pat("lookupdomain", r"\S")),
                 ("NOT", exists("ip_block_list_provider", "identity"))])),
    rule("V-221242", "automated",
         "SpoofedDomainAction of the Sender ID filter must be Reject (not applicable on SIPR: a "
         "person's call).",
         "Messages with a spoofed (malformed) From address are rejected",
         "Get-SenderIdConfig reports SpoofedDomainAction Reject.",
         ("AND", [all_("sender_id_config", eq("spoofeddomainaction", "Reject"))])),
    rule("V-221243", "automated",
         "Enabled of the recipient filter must be True.",
         "The recipient filter is enabled",
         "Get-RecipientFilterConfig reports Enabled True.",
         ("AND", [all_("recipient_filter_config", eq("enabled", "true"))])),
    rule("V-221244", "automated",
         "Every receive connector's TarpitInterval must be 00:00:05 or longer.",
         "The tarpitting interval is set",
         "Every receive connector from Get-ReceiveConnector has a TarpitInterval of at least "
         "00:00:05 ([d.]hh:mm:ss[.fffffff]); null does not.",
         ("AND", [all_("receive_connector", pat("tarpitinterval", AT_LEAST_5_SECONDS))])),
    rule("V-221245", "site-value",
         "No receive connector outside the site's Internet-facing ones may list the token "
         "AnonymousUsers in PermissionGroups.",
         "Internal receive connectors do not allow anonymous connections",
         "No receive connector from Get-ReceiveConnector whose Name does not match the site's "
         "Internet-facing pattern ((?i)internet by default) lists the token AnonymousUsers in "
         "its comma-separated PermissionGroups.",
         ("AND", [exists("receive_connector", "name"),
                  none("receive_connector", pat("permissiongroups", TOKEN % "AnonymousUsers"),
                       var("name", "internet_receive_connectors", op="pattern match",
                           var_check="none satisfy"))]),
         exports=["internet_receive_connectors"]),
    rule("V-221246", "automated",
         "Get-IPAllowListEntry must return nothing (entries signed off in the EDSP are a "
         "person's call).",
         "The IP Allow list is empty",
         "Get-IPAllowListEntry returns no entry.",
         ("AND", [("NOT", exists("ip_allow_list_entry", "identity"))])),
    rule("V-221247", "automated",
         "Enabled of the IP Allow list connection filter must be True.",
         "The IP Allow list connection filter is enabled",
         "Get-IPAllowListConfig reports Enabled True.",
         ("AND", [all_("ip_allow_list_config", eq("enabled", "true"))])),
    rule("V-221248", "automated",
         "Enabled of the sender filter must be True (not applicable on SIPR or with EEMSG: a "
         "person's call).",
         "The sender filter is enabled",
         "Get-SenderFilterConfig reports Enabled True.",
         ("AND", [all_("sender_filter_config", eq("enabled", "true"))])),
    rule("V-221249", "automated",
         "Get-ContentFilterConfig must return a configuration (not applicable where another "
         "DoD-approved anti-spam product or EEMSG is used: a person's call).",
         "Anti-spam filtering is installed",
         "Get-ContentFilterConfig returns at least one object.",
         ("AND", [exists("content_filter_config", "name")])),
    rule("V-221250", "automated",
         "Enabled must be True for the content filter, sender filter, Sender ID and sender "
         "reputation configurations.",
         "Anti-spam filtering is enabled",
         "Get-ContentFilterConfig, Get-SenderFilterConfig, Get-SenderIdConfig and "
         "Get-SenderReputationConfig each report Enabled True.",
         ("AND", [all_("content_filter_config", eq("enabled", "true")),
                  all_("sender_filter_config", eq("enabled", "true")),
                  all_("sender_id_config", eq("enabled", "true")),
                  all_("sender_reputation_config", eq("enabled", "true"))])),
    rule("V-221251", "manual",
         "Whether an approved DoD anti-spam scanner is used is a person's call; no cmdlet "
         "output shows it."),
    rule("V-221252", "automated",
         "Enabled of the Sender ID filter must be True.",
         "The Sender ID filter is enabled",
         "Get-SenderIdConfig reports Enabled True.",
         ("AND", [all_("sender_id_config", eq("enabled", "true"))])),
    rule("V-221253", "site-value",
         "Get-TransportAgent must list the EDSP's hyperlink agent (a required site value: "
         "the STIG's customAgent is a placeholder; "
         "not applicable with CBII, EEMSG or on SIPRNet: a person's call).",
         "The agent that makes external hyperlinks unclickable is installed",
         "Get-TransportAgent returns an agent whose Identity equals, without regard to case, "
         "the site's agent name.",
         ("AND", [("NOT", none("transport_agent",
                               var("identity", "hyperlink_agent_name",
                                   op="case insensitive equals")))]),
         exports=["hyperlink_agent_name"]),
    rule("V-221254", "manual",
         "Permissions on the Exchange application directories are compared with the EDSP by a "
         "person."),
    rule("V-221255", "manual",
         "The existence of a software baseline copy is a documentation review."),
    documented_services_rule("V-221256", 527),
    rule("V-221257", "manual",
         "Whether Exchange has its own partition without other applications needs a look at "
         "the server."),
    rule("V-221258", "automated",
         "Every receive connector's Banner must be exactly \"220 SMTP Server Ready\".",
         "The SMTP banner does not reveal server details",
         "Every receive connector from Get-ReceiveConnector has Banner 220 SMTP Server Ready "
         "(a null banner, Exchange's default, does not).",
         ("AND", [all_("receive_connector", eq("banner", "220 SMTP Server Ready"))])),
    rule("V-221259", "manual",
         "An Edge server knows only itself (its AD LDS holds no other transport server), so "
         "whether at least two Edge servers provide redundancy is a person's review of the "
         "EDSP and the Edge subscriptions."),
    rule("V-221260", "automated",
         "Every send connector's TlsAuthLevel must be DomainValidation; no send connector at "
         "all is not a finding.",
         "Send connectors validate the remote domain's certificate",
         "Every send connector from Get-SendConnector has TlsAuthLevel DomainValidation (null "
         "does not); an Edge server without send connectors passes.",
         ("OR", [all_("send_connector", eq("tlsauthlevel", "DomainValidation")),
                 NO_SEND_CONNECTOR])),
    rule("V-221261", "automated",
         "Every receive connector's AuthMechanism must contain the token Tls.",
         "Every receive connector requires TLS",
         "Every receive connector from Get-ReceiveConnector lists the token Tls in its "
         "comma-separated AuthMechanism (BasicAuthRequireTLS is not Tls).",
         ("AND", [all_("receive_connector", pat("authmechanism", TOKEN % "Tls"))])),
    rule("V-221262", "automated",
         "Every send connector's TlsDomain must be one of the organization's accepted "
         "(internal SMTP) domains; one routing by DNS must have DomainSecureEnabled True, one "
         "with smart hosts RequireTLS True and TlsAuthLevel DomainValidation.",
         "Send connectors require encryption to the internal domain",
         "Every send connector from Get-SendConnector has a TlsDomain equal, without regard to "
         "case, to a DomainName from Get-AcceptedDomain; none routing by DNS has "
         "DomainSecureEnabled other than True; none with smart hosts has RequireTLS other than "
         "True or TlsAuthLevel other than DomainValidation. An Edge server without send "
         "connectors passes; one with send connectors but no accepted domain fails.",
         ("AND", [("OR", [("AND", [exists("accepted_domain", "name"),
                                   all_("send_connector",
                                        var("tlsdomain", 522, op="case insensitive equals",
                                            var_check="at least one"))]),
                          NO_SEND_CONNECTOR]),
                  none("send_connector", ne("dnsroutingenabled", "false"),
                       ne("domainsecureenabled", "true")),
                  none("send_connector", SMART, ne("requiretls", "true")),
                  none("send_connector", SMART, ne("tlsauthlevel", "DomainValidation"))])),
    rule("V-221263", "site-value",
         "This server's AdminDisplayVersion must match the approved build (Exchange 2016 "
         "CU23, its last cumulative update, by default).",
         "The approved cumulative update is installed",
         "Get-ExchangeServer -Status for this server reports an AdminDisplayVersion matching "
         "the site's approved-build pattern (Version 15.1 (Build 2507.x) by default).",
         ("AND", [all_("exchange_server",
                       var("admindisplayversion", "approved_exchange_build",
                           op="pattern match"))]),
         exports=["approved_exchange_build"]),
    malware_agent_disabled("V-221264", "EX16-ED-000720"),
    rule("V-221265", "manual", THIRD_PARTY_SCANNER),
    malware_agent_disabled("V-221266", "EX16-ED-000750"),
    rule("V-221267", "manual", THIRD_PARTY_SCANNER),
    malware_agent_disabled("V-221268", "EX16-ED-002400"),
    rule("V-221269", "manual", THIRD_PARTY_SCANNER),
    malware_agent_disabled("V-221270", "EX16-ED-003010"),
]
