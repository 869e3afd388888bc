"""The Exchange 2016 Mailbox Server STIG (V2R6) as scapula reads it: one entry per rule.

This table is the single place where a rule's class, reason and check logic are written down;
make_content.py turns it into content/exchange2016/mailbox.oval.xml and mailbox.binding.xml.

Check logic vocabulary (see make_content.py):
  all(obj, fields)   every returned object satisfies all FIELDS (check="all"); no object -> false
  none(obj, fields)  no returned object satisfies all FIELDS (check="none satisfy")
  exists(obj, field) at least one object was returned (FIELD matches anything, null included)
  criteria: ("AND"|"OR", [test | ("NOT", test) | criteria ...])
Every state field compares as a string: oscap 1.3.7 crashes when an int or boolean state field
meets a null (does not exist) item field, and an int comparison with "Unlimited" is an error,
not a failure. Booleans are compared with the text "true"/"false", integers with their decimal
text, so a null property never equals "false" and "Unlimited" never equals a number.
"""

SNAPIN = "Microsoft.Exchange.Management.PowerShell.SnapIn"
PS_MGMT = "Microsoft.PowerShell.Management"
PS_SEC = "Microsoft.PowerShell.Security"
WEBADMIN = "WebAdministration"

SERVICES_KEY = "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\"

# Objects: key -> (obj number, module, noun, parameters or None, [property names]).
# Per-server cmdlets run with -Server/-Identity <this host>, which matching ignores.
OBJECTS = {
    "receive_connector": (1, SNAPIN, "ReceiveConnector", None,
                          ["Name", "Identity", "AuthMechanism", "MaxMessageSize",
                           "MaxRecipientsPerMessage", "MaxHopCount", "PermissionGroups",
                           "ConnectionTimeout", "Banner"]),
    "send_connector": (2, SNAPIN, "SendConnector", None,
                       ["Name", "Identity", "MaxMessageSize", "ConnectionInactivityTimeOut",
                        "TlsAuthLevel", "SmartHosts"]),
    "transport_config": (3, SNAPIN, "TransportConfig", None,
                         ["Name", "Identity", "MaxReceiveSize", "MaxSendSize",
                          "MaxRecipientEnvelopeLimit", "InternalSMTPServers"]),
    "transport_service": (4, SNAPIN, "TransportService", None,
                          ["Name", "Identity", "ConnectivityLogEnabled",
                           "MessageTrackingLogSubjectLoggingEnabled", "MessageTrackingLogEnabled",
                           "MaxOutboundConnections", "MaxPerDomainOutboundConnections"]),
    "mailbox_database": (5, SNAPIN, "MailboxDatabase", None,
                         ["Name", "Identity", "CircularLoggingEnabled",
                          "RetainDeletedItemsUntilBackup", "MountAtStartup",
                          "ProhibitSendReceiveQuota", "ProhibitSendQuota"]),
    "remote_domain": (6, SNAPIN, "RemoteDomain", None,
                      ["Name", "Identity", "DomainName", "AutoForwardEnabled", "AllowedOOFType",
                       "AutoReplyEnabled", "DeliveryReportEnabled", "NDREnabled"]),
    "admin_audit_log_config": (7, SNAPIN, "AdminAuditLogConfig", None,
                               ["Name", "AdminAuditLogEnabled", "AdminAuditLogParameters"]),
    "event_log_level": (8, SNAPIN, "EventLogLevel", None, ["Identity", "EventLevel"]),
    "exchange_server": (9, SNAPIN, "ExchangeServer", {"status": "true"},
                        ["Name", "Identity", "ErrorReportingEnabled", "AdminDisplayVersion"]),
    "organization_config": (10, SNAPIN, "OrganizationConfig", None,
                            ["Name", "CustomerFeedbackEnabled"]),
    "execution_policy": (11, PS_SEC, "ExecutionPolicy", None, ["Value"]),
    "imap4_service_key": (12, PS_MGMT, "ItemProperty",
                          {"path": SERVICES_KEY + "MSExchangeIMAP4"}, ["Start"]),
    "pop3_service_key": (13, PS_MGMT, "ItemProperty",
                         {"path": SERVICES_KEY + "MSExchangePOP3"}, ["Start"]),
    "content_filter_config": (14, SNAPIN, "ContentFilterConfig", None, ["Name", "Enabled"]),
    "sender_filter_config": (15, SNAPIN, "SenderFilterConfig", None, ["Name", "Enabled"]),
    "sender_id_config": (16, SNAPIN, "SenderIDConfig", None, ["Name", "Enabled"]),
    "sender_reputation_config": (17, SNAPIN, "SenderReputationConfig", None, ["Name", "Enabled"]),
    "outlook_anywhere": (18, SNAPIN, "OutlookAnywhere", None,
                         ["Name", "Identity", "InternalClientAuthenticationMethod",
                          "ExternalClientAuthenticationMethod"]),
    "database_availability_group": (19, SNAPIN, "DatabaseAvailabilityGroup", None, ["Name"]),
    "web_binding": (20, WEBADMIN, "WebBinding", None,
                    ["protocol", "bindingInformation", "ItemXPath"]),
    "malware_agent": (21, SNAPIN, "TransportAgent", {"identity": "Malware Agent"},
                      ["Identity", "Enabled"]),
    "rpc_client_access": (22, SNAPIN, "RpcClientAccess", None,
                          ["Server", "Name", "EncryptionRequired"]),
    "owa_virtual_directory": (23, SNAPIN, "OwaVirtualDirectory", None,
                              ["ServerName", "Name", "Identity", "InternalUrl", "ExternalUrl",
                               "FormsAuthentication", "WindowsAuthentication"]),
    "exchange_certificate": (24, SNAPIN, "ExchangeCertificate", None,
                             ["Thumbprint", "Subject", "CertificateDomains", "Issuer"]),
    # The mailboxes of this server that forward: the filter runs on the Exchange side, and
    # the content still reads both forwarding properties rather than trusting it.
    "forwarding_mailbox": (25, SNAPIN, "Mailbox",
                           {"resultsize": "Unlimited",
                            "filter": "ForwardingSmtpAddress -ne $null -or "
                                      "ForwardingAddress -ne $null"},
                           ["Name", "Identity", "ForwardingSmtpAddress", "ForwardingAddress"]),
    "service": (26, PS_MGMT, "Service", None, ["Name", "Status"]),
}

# XCCDF Values (site values): id -> (var number, binding type, default, title, description
# [, options]). Every external variable is a string in OVAL (see above); the binding type is
# what a tailoring tool should let a person enter. Options {"required": True}: the STIG leaves
# the value to the site (its EDSP), the default is empty and the rule is not checked until a
# tailoring file sets the value.
VALUES = {
    "auto_forward_permitted_domains": (
        1, "string", "(?!)", "Remote domains to which automatic forwarding is permitted",
        "EX16-MB-000030: a regular expression matched against each remote domain's DomainName; "
        "a remote domain it matches may have AutoForwardEnabled True. The default (?!) matches "
        "no domain: DISA's Non-Enterprise Mail check (AutoForwardEnabled False everywhere). "
        "Enterprise Mail sites set \\.(mil|gov)$ (forwarding only to .mil and .gov domains)."),
    "prohibit_send_receive_quota": (
        2, "string", "Unlimited", "Prohibit send and receive quota of mailbox databases",
        "EX16-MB-000310: ProhibitSendReceiveQuota of every mailbox database must be Unlimited, "
        "or the alternate value (in bytes) signed off in the EDSP."),
    "max_recipients_per_message": (
        3, "number", "5000", "Maximum recipients per message on receive connectors",
        "EX16-MB-000360: MaxRecipientsPerMessage of every receive connector must be 5000, or "
        "the value signed off in the EDSP."),
    "max_hop_count": (
        4, "number", "60", "Maximum hop count for receive connectors",
        "EX16-MB-000380: MaxHopCount of every receive connector must be 60, or the value "
        "signed off in the EDSP."),
    "max_outbound_connections": (
        5, "number", "1000", "Maximum outbound connections of the transport service",
        "EX16-MB-000420: MaxOutboundConnections must be 1000, or the value signed off in the "
        "EDSP."),
    "max_receive_size": (
        6, "number", "10485760", "Global maximum receive message size (bytes)",
        "EX16-MB-000430: the organization's MaxReceiveSize must be 10 MB (10485760 bytes), or "
        "the value signed off in the EDSP."),
    "max_send_size": (
        7, "number", "10485760", "Global maximum send message size (bytes)",
        "EX16-MB-000440: the organization's MaxSendSize must be 10 MB (10485760 bytes), or the "
        "value signed off in the EDSP."),
    "max_per_domain_outbound_connections": (
        8, "number", "20", "Maximum outbound connections per domain",
        "EX16-MB-000450: MaxPerDomainOutboundConnections must be 20, or the value signed off "
        "in the EDSP."),
    "send_connector_inactivity_timeout": (
        9, "string", "00:10:00", "Send connector connection inactivity timeout",
        "EX16-MB-000460: ConnectionInactivityTimeOut of every send connector must be 00:10:00 "
        "([d.]hh:mm:ss), or the value signed off in the EDSP."),
    "max_recipient_envelope_limit": (
        10, "number", "5000", "Global recipient count limit",
        "EX16-MB-000540: the organization's MaxRecipientEnvelopeLimit must be 5000, or the "
        "value signed off in the EDSP."),
    "receive_connection_timeout": (
        11, "string", "00:10:00", "Receive connector connection timeout",
        "EX16-MB-000550: ConnectionTimeout of every receive connector must be 00:10:00 "
        "([d.]hh:mm:ss), or the value signed off in the EDSP."),
    "approved_exchange_build": (
        15, "string", r"^Version 15\.1 \(Build 2507\.[0-9]+\)$", "Approved Exchange 2016 build",
        "EX16-MB-000680: a regular expression matched against this server's AdminDisplayVersion "
        "as Get-ExchangeServer shows it (Version 15.1 (Build 2507.6)). The default accepts "
        "Cumulative Update 23 with any security update (build 15.1.2507.x), the last cumulative "
        "update Microsoft shipped for Exchange 2016; a site whose approved baseline differs "
        "tailors the pattern."),
    "approved_certificate_issuer": (
        16, "string", r"^(?=.*(^|,\s*)OU=DoD(,|$))(?=.*(^|,\s*)O=U\.S\. Government(,|$))",
        "Approved certificate issuer",
        "EX16-MB-000020: a regular expression matched against the Issuer of every certificate "
        "Get-ExchangeCertificate returns. The default requires a DoD issuing CA: an Issuer "
        "holding both the components OU=DoD and O=U.S. Government, in any order."),
    "authorized_forwarding_mailboxes": (
        17, "string", "^$", "Mailboxes authorized to forward email",
        "EX16-MB-000290: a regular expression matched against the Identity of each mailbox with "
        "a ForwardingSmtpAddress or ForwardingAddress (corp.example.mil/Users/Jane Doe); a "
        "mailbox it matches is documented in the EDSP as authorized to forward. The default ^$ "
        "matches no mailbox: with nothing documented, every forwarding mailbox is a finding."),
    "authorized_forwarding_domains": (
        18, "string", "^$", "Remote domains documented for forwarding",
        "EX16-MB-000300: a regular expression matched against each remote domain's DomainName; "
        "a remote domain it matches is documented in the EDSP for forwarding and may have "
        "AutoForwardEnabled True. The default ^$ matches no domain, so Exchange's default "
        "remote domain * (AutoForwardEnabled True) is a finding until it is documented or "
        "forwarding to it is disabled."),
    "smart_host": (
        19, "string", "", "Smart host of the send connectors",
        "EX16-MB-000210: the smart host (IP address or FQDN) the EDSP names for send "
        "connectors; every send connector's SmartHosts must list it (compared without regard "
        "to case; an IP address matches with or without the brackets Exchange may show). The "
        "STIG leaves the value to the site: until a tailoring file sets it, the rule is not "
        "checked.",
        {"required": True}),
    "prohibit_send_quota": (
        20, "string", "", "Prohibit send quota of mailbox databases",
        "EX16-MB-000320: the site's Prohibit Send Quota limit from the EDSP as a number of "
        "bytes (2147483648 for 2 GB), or Unlimited; every mailbox database's ProhibitSendQuota "
        "must equal it. The STIG leaves the value to the site: until a tailoring file sets it, "
        "the rule is not checked.",
        {"required": True}),
    "internal_smtp_servers": (
        21, "string", "", "Accepted internal SMTP server IP addresses",
        "EX16-MB-000510: the accepted internal SMTP server IP addresses from the EDSP, "
        "separated by commas (10.0.0.5, 10.0.0.6); InternalSMTPServers must not be empty and "
        "each address in it must be one of these (compared without regard to case). The STIG "
        "leaves the value to the site: until a tailoring file sets it, the rule is not checked.",
        {"required": True}),
    "documented_services": (
        24, "string", "", "Services documented in the EDSP",
        "EX16-MB-000600: the services (service Name, as Get-Service shows it) the EDSP "
        "documents for this server, separated by commas; a running service not in the list is "
        "a finding (compared without regard to case). The STIG leaves the list to the site: "
        "until a tailoring file sets it, the rule is not checked.",
        {"required": True}),
}

# Local variables: number -> (comment, kind, payload)
LOCALS = {
    12: ("the organization's MaxReceiveSize", "object", ("transport_config", "maxreceivesize")),
    13: ("the organization's MaxSendSize", "object", ("transport_config", "maxsendsize")),
    14: ("a .mil or .gov domain name", "literal", r"(?i)\.(mil|gov)$"),
    # xml: OVAL components written as they stand, @value_id@ naming a value's variable.
    # A value is read through concat with an empty literal: oscap 1.3.7 crashes (strlen of
    # NULL) when split or regex_capture meets an empty variable value, such as a required
    # value's empty default, and concat turns it into an empty string.
    # The site's smart host as a pattern: brackets the site may have typed are dropped, the
    # rest is escaped, and Exchange's own brackets around an IP address are optional.
    22: ("the site's smart host as a case-insensitive pattern", "xml",
         r'<concat>'
         r'<literal_component>(?i)^\[?</literal_component>'
         r'<escape_regex><regex_capture pattern="^\s*\[?([^\]\s]*)">'
         r'<concat><literal_component/><variable_component var_ref="@smart_host@"/></concat>'
         r'</regex_capture></escape_regex>'
         r'<literal_component>\]?$</literal_component>'
         r'</concat>'),
    # The site's comma-separated list of internal SMTP servers, one value per address.
    23: ("the site's internal SMTP server addresses", "xml",
         r'<regex_capture pattern="^\s*(\S*)\s*$">'
         r'<split delimiter=",">'
         r'<concat><literal_component/>'
         r'<variable_component var_ref="@internal_smtp_servers@"/></concat>'
         r'</split></regex_capture>'),
}

TOKEN = r"(^|,\s*)%s(\s*,|$)"


def site_list(value_id):
    """A local variable's components: the site's comma-separated list VALUE_ID, one value per
    entry, blanks around an entry dropped (an empty entry stays, as an empty string)."""
    return (r'<regex_capture pattern="^\s*(.*?)\s*$">'
            r'<split delimiter=",">'
            r'<concat><literal_component/>'
            r'<variable_component var_ref="@%s@"/></concat>'
            r'</split></regex_capture>' % value_id)


def object_values(obj_num, field):
    """Components: every value of record field FIELD in the items of object OBJ_NUM; a null
    field gives no value (count and unique skip it)."""
    return ('<object_component object_ref="oval:scapula.exchange2016:obj:%d" item_field="value" '
            'record_field="%s"/>' % (obj_num, field))


def same_set(site_local, *host):
    """A local variable's components for "the host's list is exactly the site's": OVAL compares
    an item with a variable, never two variables, and has no set difference, so the sets are
    compared by their sizes: with U the distinct values of both, S the site's and H the host's,
    the lists are the same set exactly when |U| = |S| = |H|. The three counts are written
    "(?!)#U=S=H" and regex_capture keeps "(?!)" when they are not all equal, else nothing: the
    result is a pattern that matches no string when the sets differ and every string when
    they are the same. A state matches a field every item has against it (pattern match)."""
    site = "<variable_component var_ref=\"@%d@\"/>" % site_local
    return (r'<regex_capture pattern="^(.*)#([0-9]+)=(?!\2=\2$)[0-9]+=[0-9]+$">'
            '<concat><literal_component>(?!)#</literal_component>'
            '<count><unique>%s%s</unique></count>'
            '<literal_component>=</literal_component>'
            '<count><unique>%s</unique></count>'
            '<literal_component>=</literal_component>'
            '<count><unique>%s</unique></count>'
            '</concat></regex_capture>' % (site, "".join(host), site, "".join(host)))


def documented_services_rule(vuln, site_local):
    """Both STIGs' "services must be documented": no running service outside the site's list
    (the local variable SITE_LOCAL, made by site_list from the value documented_services)."""
    return rule(vuln, "site-value",
                "No running service may be missing from the EDSP's documented services (a "
                "required site value: the list is the site's); whether each is necessary "
                "stays the EDSP's call.",
                "Only documented services are running",
                "No service from Get-Service with Status Running has a Name (compared without "
                "regard to case) that is not among the site's documented services.",
                ("AND", [none("service", eq("status", "Running"),
                              var("name", site_local, op="case insensitive equals",
                                  var_check="none satisfy"))]),
                exports=["documented_services"])


LOCALS[25] = ("the site's documented services", "xml",
              site_list("documented_services"))


def eq(field, value, **kw):
    return dict(field=field, op="equals", value=value, **kw)


def ieq(field, value):
    return dict(field=field, op="case insensitive equals", value=value)


def ne(field, value):
    return dict(field=field, op="not equal", value=value)


def pat(field, value, **kw):
    return dict(field=field, op="pattern match", value=value, **kw)


def var(field, name_or_num, op="equals", var_check=None):
    return dict(field=field, op=op, var=name_or_num, var_check=var_check)


def all_(obj, *fields):
    return ("all", obj, list(fields))


def none(obj, *fields):
    return ("none", obj, list(fields))


def exists(obj, field):
    return ("exists", obj, [pat(field, "^")])


def rule(vuln, cls, reason, title=None, description=None, criteria=None, exports=(),
         evidence=()):
    return dict(vuln=vuln, cls=cls, reason=reason, title=title, description=description,
                criteria=criteria, exports=list(exports), evidence=list(evidence))


def ev(obj_noun, module=SNAPIN, verb="Get"):
    return (module, verb, obj_noun)


RULES = [
    rule("V-228354", "automated",
         "AdminAuditLogEnabled of the admin audit log configuration must be True.",
         "Administrator audit logging is enabled",
         "Get-AdminAuditLogConfig reports AdminAuditLogEnabled True.",
         ("AND", [all_("admin_audit_log_config", eq("adminauditlogenabled", "true"))])),
    rule("V-228355", "site-value",
         "Every certificate from Get-ExchangeCertificate must have an Issuer matching the site "
         "value (a DoD issuing CA: OU=DoD and O=U.S. Government); Exchange's self-signed "
         "certificates fail, as the STIG intends, and so does no certificate at all. The check "
         "text names CertificateDomains, but it is the Issuer that shows who issued a "
         "certificate.",
         "Exchange certificates are issued by the DoD",
         "Every certificate from Get-ExchangeCertificate has an Issuer matching the site's "
         "approved-issuer pattern (by default one holding both OU=DoD and O=U.S. Government); "
         "a self-signed certificate, a null Issuer or an empty answer does not satisfy it.",
         ("AND", [all_("exchange_certificate",
                       var("issuer", "approved_certificate_issuer", op="pattern match"))]),
         exports=["approved_certificate_issuer"]),
    rule("V-228356", "site-value",
         "Every remote domain must have AutoForwardEnabled False (Non-Enterprise Mail check); "
         "Enterprise Mail sites tailor the permitted domains to .mil/.gov.",
         "Automatic forwarding to remote domains is disabled or restricted",
         "Every remote domain from Get-RemoteDomain has AutoForwardEnabled False, unless its "
         "DomainName matches the site's permitted-domain pattern (none by default; \\.(mil|gov)$ "
         "for Enterprise Mail). A null AutoForwardEnabled is not False.",
         ("AND", [exists("remote_domain", "name"),
                  none("remote_domain", ne("autoforwardenabled", "false"),
                       var("domainname", "auto_forward_permitted_domains", op="pattern match",
                           var_check="none satisfy"))]),
         exports=["auto_forward_permitted_domains"]),
    rule("V-228357", "automated",
         "ConnectivityLogEnabled of this server's transport service must be True.",
         "Connectivity logging is enabled",
         "Get-TransportService reports ConnectivityLogEnabled True.",
         ("AND", [all_("transport_service", eq("connectivitylogenabled", "true"))])),
    rule("V-228358", "automated",
         "Every event log category from Get-EventLogLevel must have EventLevel Lowest.",
         "Diagnostic event logging is at the lowest level",
         "Every event log category returned by Get-EventLogLevel has EventLevel Lowest.",
         ("AND", [all_("event_log_level", eq("eventlevel", "Lowest"))])),
    rule("V-228359", "automated",
         "AdminAuditLogParameters must be exactly \"*\" (every parameter audited).",
         "Administrator audit logging records every parameter",
         "Get-AdminAuditLogConfig reports AdminAuditLogParameters as the single value *; an "
         "empty list or any other parameter name does not satisfy it.",
         ("AND", [all_("admin_audit_log_config",
                       eq("adminauditlogparameters", "*", entity_check="all"))])),
    rule("V-228360", "automated",
         "Every mailbox database on this server must have CircularLoggingEnabled False.",
         "Circular logging is disabled on every mailbox database",
         "Every mailbox database from Get-MailboxDatabase has CircularLoggingEnabled False.",
         ("AND", [all_("mailbox_database", eq("circularloggingenabled", "false"))])),
    rule("V-228361", "automated",
         "MessageTrackingLogSubjectLoggingEnabled of the transport service must be False.",
         "Message subjects are not written to the message tracking log",
         "Get-TransportService reports MessageTrackingLogSubjectLoggingEnabled False.",
         ("AND", [all_("transport_service",
                       eq("messagetrackinglogsubjectloggingenabled", "false"))])),
    rule("V-228362", "automated",
         "MessageTrackingLogEnabled of the transport service must be True.",
         "Message tracking logging is enabled",
         "Get-TransportService reports MessageTrackingLogEnabled True.",
         ("AND", [all_("transport_service", eq("messagetrackinglogenabled", "true"))])),
    rule("V-228363", "manual",
         "Queue monitoring (performance monitor sets or a third-party monitor) is reviewed by "
         "a person; no cmdlet output decides it."),
    rule("V-228364", "automated",
         "ErrorReportingEnabled of this Exchange server (Get-ExchangeServer -Status) must be "
         "False; null is not False.",
         "Fatal error reports are not sent to Microsoft",
         "Get-ExchangeServer -Status for this server reports ErrorReportingEnabled False.",
         ("AND", [all_("exchange_server", eq("errorreportingenabled", "false"))])),
    rule("V-228365", "manual",
         "Read access to audit data is compared with the EDSP by a person."),
    rule("V-228366", "automated",
         "CustomerFeedbackEnabled of the organization must be False; null is not False.",
         "Customer Experience reports are not sent to Microsoft",
         "Get-OrganizationConfig reports CustomerFeedbackEnabled False.",
         ("AND", [all_("organization_config", eq("customerfeedbackenabled", "false"))])),
    rule("V-228367", "manual",
         "Modify access to audit data is compared with the EDSP by a person."),
    rule("V-228368", "manual",
         "Delete permission on audit data is compared with the EDSP by a person."),
    rule("V-228369", "manual",
         "Which partition holds the audit logs, and whether it is separate from the "
         "application's, is reviewed against the EDSP by a person."),
    rule("V-228370", "automated",
         "Get-ExecutionPolicy must return RemoteSigned.",
         "The PowerShell execution policy is RemoteSigned",
         "Get-ExecutionPolicy returns RemoteSigned.",
         ("AND", [all_("execution_policy", eq("value", "RemoteSigned"))])),
    rule("V-228371", "automated",
         "Start of the MSExchangeIMAP4 service key must be 4 (disabled).",
         "The IMAP4 service is disabled",
         "The Start value of HKLM:\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeIMAP4 is 4.",
         ("AND", [all_("imap4_service_key", eq("start", "4"))])),
    rule("V-228372", "automated",
         "Start of the MSExchangePOP3 service key must be 4 (disabled).",
         "The POP3 service is disabled",
         "The Start value of HKLM:\\SYSTEM\\CurrentControlSet\\Services\\MSExchangePOP3 is 4.",
         ("AND", [all_("pop3_service_key", eq("start", "4"))])),
    rule("V-228373", "evidence",
         "Whether the databases' partition is dedicated needs a look at the disks; the "
         "database paths (EdbFilePath) are shown.",
         evidence=[ev("MailboxDatabase")]),
    rule("V-228374", "site-value",
         "Every send connector's SmartHosts must list the smart host the EDSP names (a required "
         "site value: the STIG gives none, so the rule is not checked until it is tailored); "
         "every send connector is read, as the check's \"For each Send connector\" says; no "
         "send connector at all is not a finding.",
         "Send connectors route through the site's smart host",
         "Every send connector from Get-SendConnector lists the site's smart host among its "
         "SmartHosts (without regard to case; an IP address with or without brackets); a "
         "connector without smart hosts does not; an organization without send connectors "
         "passes.",
         ("OR", [all_("send_connector",
                      dict(field="smarthosts", op="pattern match", var=22, var_check=None,
                           entity_check="at least one")),
                 ("NOT", exists("send_connector", "name"))]),
         exports=["smart_host"]),
    rule("V-228375", "automated",
         "Every receive connector's AuthMechanism must contain the token Tls.",
         "Every receive connector requires TLS",
         "Every receive connector from Get-ReceiveConnector lists the token Tls in its "
         "comma-separated AuthMechanism (BasicAuthRequireTLS is not Tls).",
         ("AND", [all_("receive_connector", pat("authmechanism", TOKEN % "Tls"))])),
    rule("V-228376", "automated",
         "Every mailbox database must have RetainDeletedItemsUntilBackup True.",
         "Deleted items are kept until a backup is taken",
         "Every mailbox database from Get-MailboxDatabase has RetainDeletedItemsUntilBackup "
         "True.",
         ("AND", [all_("mailbox_database", eq("retaindeleteditemsuntilbackup", "true"))])),
    rule("V-228377", "site-value",
         "No mailbox with a ForwardingSmtpAddress or ForwardingAddress may be missing from the "
         "site value (the mailboxes the EDSP authorizes; none by default); no forwarding "
         "mailbox at all passes (the check's not-applicable case).",
         "Only documented mailboxes forward email",
         "No mailbox from Get-Mailbox -ResultSize Unlimited -Filter \"ForwardingSmtpAddress "
         "-ne $null -or ForwardingAddress -ne $null\" has a ForwardingSmtpAddress or a "
         "ForwardingAddress unless its Identity matches the site's authorized-mailbox pattern "
         "(none by default); a forwarding mailbox without an Identity does not pass.",
         # a null field never matches, so the none tests alone would pass a null Identity
         ("AND", [("OR", [all_("forwarding_mailbox", pat("identity", ".")),
                          ("NOT", exists("forwarding_mailbox", "name"))]),
                  none("forwarding_mailbox", pat("forwardingsmtpaddress", "."),
                       var("identity", "authorized_forwarding_mailboxes", op="pattern match",
                           var_check="none satisfy")),
                  none("forwarding_mailbox", pat("forwardingaddress", "."),
                       var("identity", "authorized_forwarding_mailboxes", op="pattern match",
                           var_check="none satisfy"))]),
         exports=["authorized_forwarding_mailboxes"]),
    rule("V-228378", "site-value",
         "Every remote domain with AutoForwardEnabled True must match the site value (the "
         "forwarding domains the EDSP documents; none by default, so Exchange's default remote "
         "domain *, which has AutoForwardEnabled True, makes a default server fail).",
         "Only documented remote domains receive forwarded email",
         "Every remote domain from Get-RemoteDomain has AutoForwardEnabled False, unless its "
         "DomainName matches the site's documented-domain pattern (none by default). A null "
         "AutoForwardEnabled is not False, a null DomainName matches no pattern, and an empty "
         "answer does not pass.",
         ("AND", [all_("remote_domain", pat("domainname", ".")),
                  none("remote_domain", ne("autoforwardenabled", "false"),
                       var("domainname", "authorized_forwarding_domains", op="pattern match",
                           var_check="none satisfy"))]),
         exports=["authorized_forwarding_domains"]),
    rule("V-228379", "site-value",
         "Every mailbox database's ProhibitSendReceiveQuota must equal the site value "
         "(Unlimited unless an alternate value is signed off).",
         "Mailbox quotas do not stop mail from being received",
         "Every mailbox database from Get-MailboxDatabase has ProhibitSendReceiveQuota equal "
         "to the site value (Unlimited by default; a number of bytes otherwise).",
         ("AND", [all_("mailbox_database",
                       var("prohibitsendreceivequota", "prohibit_send_receive_quota"))]),
         exports=["prohibit_send_receive_quota"]),
    rule("V-228380", "site-value",
         "Every mailbox database's ProhibitSendQuota must equal the site's limit from the EDSP "
         "(a required site value in bytes, or Unlimited: the STIG gives none, so the rule is "
         "not checked until it is tailored).",
         "Mailbox databases use the site's prohibit send quota",
         "Every mailbox database from Get-MailboxDatabase has ProhibitSendQuota equal to the "
         "site value (a number of bytes, or Unlimited).",
         ("AND", [all_("mailbox_database", var("prohibitsendquota", "prohibit_send_quota"))]),
         exports=["prohibit_send_quota"]),
    rule("V-228381", "automated",
         "Every mailbox database must have MountAtStartup True.",
         "Mailbox databases mount at startup",
         "Every mailbox database from Get-MailboxDatabase has MountAtStartup True.",
         ("AND", [all_("mailbox_database", eq("mountatstartup", "true"))])),
    rule("V-228382", "automated",
         "Every receive connector's MaxMessageSize must equal the organization's MaxReceiveSize "
         "(a signed-off difference is a person's call).",
         "Receive connector message size limits match the global limit",
         "Every receive connector from Get-ReceiveConnector has MaxMessageSize equal to "
         "Get-TransportConfig's MaxReceiveSize (an Unlimited global value matches no connector).",
         ("AND", [all_("receive_connector", var("maxmessagesize", 12))])),
    rule("V-228383", "site-value",
         "Every receive connector's MaxRecipientsPerMessage must equal the site value (5000).",
         "Receive connectors limit the recipients per message",
         "Every receive connector from Get-ReceiveConnector has MaxRecipientsPerMessage equal "
         "to the site value (5000 by default).",
         ("AND", [all_("receive_connector",
                       var("maxrecipientspermessage", "max_recipients_per_message"))]),
         exports=["max_recipients_per_message"]),
    rule("V-228384", "site-value",
         "Every receive connector's MaxHopCount must equal the site value (60).",
         "Receive connectors limit the hop count",
         "Every receive connector from Get-ReceiveConnector has MaxHopCount equal to the site "
         "value (60 by default).",
         ("AND", [all_("receive_connector", var("maxhopcount", "max_hop_count"))]),
         exports=["max_hop_count"]),
    rule("V-228385", "automated",
         "Every send connector's MaxMessageSize must equal the organization's MaxSendSize; no "
         "send connector at all is not a finding.",
         "Send connector message size limits match the global limit",
         "Every send connector from Get-SendConnector has MaxMessageSize equal to "
         "Get-TransportConfig's MaxSendSize; an organization without send connectors passes.",
         ("OR", [all_("send_connector", var("maxmessagesize", 13)),
                 ("NOT", exists("send_connector", "name"))])),
    rule("V-228386", "site-value",
         "MaxOutboundConnections of the transport service must equal the site value (1000).",
         "Outbound connections are limited",
         "Get-TransportService reports MaxOutboundConnections equal to the site value (1000 by "
         "default; Unlimited never matches).",
         ("AND", [all_("transport_service",
                       var("maxoutboundconnections", "max_outbound_connections"))]),
         exports=["max_outbound_connections"]),
    rule("V-228387", "site-value",
         "The organization's MaxReceiveSize must equal the site value (10 MB).",
         "The global receive message size is limited",
         "Get-TransportConfig reports MaxReceiveSize equal to the site value (10485760 bytes "
         "by default; Unlimited never matches).",
         ("AND", [all_("transport_config", var("maxreceivesize", "max_receive_size"))]),
         exports=["max_receive_size"]),
    rule("V-228388", "site-value",
         "The organization's MaxSendSize must equal the site value (10 MB).",
         "The global send message size is limited",
         "Get-TransportConfig reports MaxSendSize equal to the site value (10485760 bytes by "
         "default; Unlimited never matches).",
         ("AND", [all_("transport_config", var("maxsendsize", "max_send_size"))]),
         exports=["max_send_size"]),
    rule("V-228389", "site-value",
         "MaxPerDomainOutboundConnections of the transport service must equal the site value "
         "(20).",
         "Outbound connections per domain are limited",
         "Get-TransportService reports MaxPerDomainOutboundConnections equal to the site value "
         "(20 by default; Unlimited never matches).",
         ("AND", [all_("transport_service",
                       var("maxperdomainoutboundconnections",
                           "max_per_domain_outbound_connections"))]),
         exports=["max_per_domain_outbound_connections"]),
    rule("V-228390", "site-value",
         "Every send connector's ConnectionInactivityTimeOut must equal the site value "
         "(00:10:00); no send connector at all is not a finding.",
         "Send connector inactivity timeout is limited",
         "Every send connector from Get-SendConnector has ConnectionInactivityTimeOut equal to "
         "the site value (00:10:00 by default); an organization without send connectors passes.",
         ("OR", [all_("send_connector",
                      var("connectioninactivitytimeout", "send_connector_inactivity_timeout")),
                 ("NOT", exists("send_connector", "name"))]),
         exports=["send_connector_inactivity_timeout"]),
    rule("V-228391", "automated",
         "No receive connector's PermissionGroups may contain the token AnonymousUsers (a "
         "documented, restricted exception is a person's call).",
         "Receive connectors do not allow anonymous connections",
         "No receive connector from Get-ReceiveConnector lists the token AnonymousUsers in its "
         "comma-separated PermissionGroups.",
         ("AND", [exists("receive_connector", "name"),
                  none("receive_connector", pat("permissiongroups", TOKEN % "AnonymousUsers"))])),
    rule("V-228392", "automated",
         "Every remote domain's AllowedOOFType must be InternalLegacy.",
         "Out-of-office replies are not sent to the Internet",
         "Every remote domain from Get-RemoteDomain has AllowedOOFType InternalLegacy.",
         ("AND", [all_("remote_domain", eq("allowedooftype", "InternalLegacy"))])),
    rule("V-228393", "automated",
         "Get-ContentFilterConfig must return a configuration (not applicable where another "
         "DoD-approved anti-spam product is used: a person's call).",
         "Anti-spam filtering is installed",
         "Get-ContentFilterConfig returns at least one object.",
         ("AND", [exists("content_filter_config", "name")])),
    rule("V-228394", "automated",
         "Enabled must be True for the content filter, sender filter, Sender ID and sender "
         "reputation configurations.",
         "Anti-spam filtering is enabled",
         "Get-ContentFilterConfig, Get-SenderFilterConfig, Get-SenderIDConfig and "
         "Get-SenderReputationConfig each report Enabled True.",
         ("AND", [all_("content_filter_config", eq("enabled", "true")),
                  all_("sender_filter_config", eq("enabled", "true")),
                  all_("sender_id_config", eq("enabled", "true")),
                  all_("sender_reputation_config", eq("enabled", "true"))])),
    rule("V-228395", "site-value",
         "InternalSMTPServers must not be empty and each address in it must be one of the "
         "accepted internal SMTP servers of the EDSP (a required comma-separated site value: "
         "the STIG gives none, so the rule is not checked until it is tailored); a documented "
         "address it lacks is not a finding, as the check asks only about the addresses "
         "returned (another DoD-approved anti-spam product making it not applicable is a "
         "person's call).",
         "Internal SMTP servers are the accepted ones",
         "Get-TransportConfig reports at least one InternalSMTPServers address, and each equals "
         "(without regard to case) an address of the site's comma-separated list.",
         ("AND", [all_("transport_config",
                       var("internalsmtpservers", 23, op="case insensitive equals",
                           var_check="at least one"))]),
         exports=["internal_smtp_servers"]),
    rule("V-228396", "automated",
         "Every remote domain must have AutoReplyEnabled False unless its DomainName is a .mil "
         "or .gov domain.",
         "Automatic replies go only to .mil and .gov domains",
         "Every remote domain from Get-RemoteDomain has AutoReplyEnabled False, or a DomainName "
         "ending in .mil or .gov. A null AutoReplyEnabled is not False.",
         ("AND", [exists("remote_domain", "name"),
                  none("remote_domain", ne("autoreplyenabled", "false"),
                       var("domainname", 14, op="pattern match", var_check="none satisfy"))])),
    rule("V-228397", "manual",
         "The anti-virus product and its DoD approval are reviewed against the EDSP by a "
         "person."),
    rule("V-228398", "site-value",
         "The organization's MaxRecipientEnvelopeLimit must equal the site value (5000).",
         "The global recipient count is limited",
         "Get-TransportConfig reports MaxRecipientEnvelopeLimit equal to the site value (5000 "
         "by default; Unlimited never matches).",
         ("AND", [all_("transport_config",
                       var("maxrecipientenvelopelimit", "max_recipient_envelope_limit"))]),
         exports=["max_recipient_envelope_limit"]),
    rule("V-228399", "site-value",
         "Every receive connector's ConnectionTimeout must equal the site value (00:10:00).",
         "Receive connector connection timeout is limited",
         "Every receive connector from Get-ReceiveConnector has ConnectionTimeout equal to the "
         "site value (00:10:00 by default).",
         ("AND", [all_("receive_connector",
                       var("connectiontimeout", "receive_connection_timeout"))]),
         exports=["receive_connection_timeout"]),
    rule("V-228400", "manual",
         "Permissions on the Exchange application directories are compared with the EDSP by a "
         "person."),
    rule("V-228401", "manual",
         "The existence of a software baseline copy is a documentation review."),
    rule("V-228402", "manual",
         "Weekly monitoring of software files for unauthorized changes is a documentation "
         "review."),
    documented_services_rule("V-228403", 25),
    rule("V-228404", "automated",
         "InternalClientAuthenticationMethod and ExternalClientAuthenticationMethod of Outlook "
         "Anywhere must both be NTLM.",
         "Outlook Anywhere clients authenticate with NTLM",
         "Get-OutlookAnywhere reports InternalClientAuthenticationMethod and "
         "ExternalClientAuthenticationMethod Ntlm for every virtual directory.",
         ("AND", [all_("outlook_anywhere", ieq("internalclientauthenticationmethod", "NTLM"),
                       ieq("externalclientauthenticationmethod", "NTLM"))])),
    rule("V-228405", "manual",
         "Whether other applications share Exchange's partition needs a look at the server."),
    rule("V-228406", "automated",
         "Every remote domain must have DeliveryReportEnabled False.",
         "Delivery reports are not sent to remote domains",
         "Every remote domain from Get-RemoteDomain has DeliveryReportEnabled False.",
         ("AND", [all_("remote_domain", eq("deliveryreportenabled", "false"))])),
    rule("V-228407", "automated",
         "Every remote domain must have NDREnabled False (the check text makes no exception by "
         "domain).",
         "Non-delivery reports are not sent to remote domains",
         "Every remote domain from Get-RemoteDomain has NDREnabled False.",
         ("AND", [all_("remote_domain", eq("ndrenabled", "false"))])),
    rule("V-228408", "automated",
         "Every receive connector's Banner must be exactly \"220 SMTP Server Ready\".",
         "The SMTP banner does not reveal server details",
         "Every receive connector from Get-ReceiveConnector has Banner 220 SMTP Server Ready "
         "(a null banner, Exchange's default, does not).",
         ("AND", [all_("receive_connector", eq("banner", "220 SMTP Server Ready"))])),
    rule("V-228409", "automated",
         "Every send connector's TlsAuthLevel must be DomainValidation; no send connector at "
         "all is not a finding.",
         "Send connectors validate the remote domain's certificate",
         "Every send connector from Get-SendConnector has TlsAuthLevel DomainValidation (null "
         "does not); an organization without send connectors passes.",
         ("OR", [all_("send_connector", eq("tlsauthlevel", "DomainValidation")),
                 ("NOT", exists("send_connector", "name"))])),
    rule("V-228410", "automated",
         "Get-DatabaseAvailabilityGroup must return a database availability group.",
         "Mailbox databases are in a database availability group",
         "Get-DatabaseAvailabilityGroup returns at least one database availability group.",
         ("AND", [exists("database_availability_group", "name")])),
    rule("V-228411", "site-value",
         "This server's AdminDisplayVersion must match the site value. The default is Exchange "
         "2016 CU23, the last cumulative update Microsoft shipped for Exchange 2016, with any "
         "security update (Version 15.1 (Build 2507.x)); a site tailors the pattern if its "
         "approved baseline differs.",
         "The approved cumulative update is installed",
         "Get-ExchangeServer -Status for this server reports an AdminDisplayVersion matching "
         "the site's approved-build pattern (Version 15.1 (Build 2507.x), CU23, by default).",
         ("AND", [all_("exchange_server",
                       var("admindisplayversion", "approved_exchange_build",
                           op="pattern match"))]),
         exports=["approved_exchange_build"]),
    rule("V-228412", "automated",
         "Every http binding must be on port 80 and every https binding on port 443, except "
         "on the Exchange Back End site.",
         "Web sites listen only on the standard ports",
         "Every binding from Get-WebBinding outside the Exchange Back End site is on port 80 "
         "when its protocol is http and on port 443 when it is https; other protocols are not "
         "HTTP connections and are not judged.",
         ("AND", [exists("web_binding", "protocol"),
                  none("web_binding", ieq("protocol", "http"),
                       pat("bindinginformation", r"^(?!.*:80:[^:]*$)"),
                       pat("itemxpath", r"^(?!.*@name='Exchange Back End')")),
                  none("web_binding", ieq("protocol", "https"),
                       pat("bindinginformation", r"^(?!.*:443:[^:]*$)"),
                       pat("itemxpath", r"^(?!.*@name='Exchange Back End')"))])),
    rule("V-228413", "automated",
         "The Malware Agent transport agent must have Enabled False.",
         "The built-in Malware Agent is disabled",
         "Get-TransportAgent \"Malware Agent\" reports Enabled False.",
         ("AND", [all_("malware_agent", eq("enabled", "false"))])),
    rule("V-228415", "automated",
         "EncryptionRequired of RPC client access must be True.",
         "RPC client access requires encryption",
         "Get-RpcClientAccess reports EncryptionRequired True.",
         ("AND", [all_("rpc_client_access", eq("encryptionrequired", "true"))])),
    rule("V-228416", "automated",
         "Every OWA virtual directory URL that is set must start with https:// (an unset URL "
         "offers no access to encrypt).",
         "Outlook on the web is offered over HTTPS only",
         "Every OWA virtual directory from Get-OwaVirtualDirectory has an InternalUrl and "
         "ExternalUrl that, when set, start with https://.",
         ("AND", [exists("owa_virtual_directory", "name"),
                  none("owa_virtual_directory", pat("internalurl", r"(?i)^(?!https://).")),
                  none("owa_virtual_directory", pat("externalurl", r"(?i)^(?!https://)."))])),
    rule("V-228417", "automated",
         "Every OWA virtual directory must have FormsAuthentication False.",
         "Forms-based authentication is disabled for Outlook on the web",
         "Every OWA virtual directory from Get-OwaVirtualDirectory has FormsAuthentication "
         "False.",
         ("AND", [all_("owa_virtual_directory", eq("formsauthentication", "false"))])),
    rule("V-228418", "automated",
         "Every OWA virtual directory must have WindowsAuthentication True.",
         "Outlook on the web uses Integrated Windows Authentication",
         "Every OWA virtual directory from Get-OwaVirtualDirectory has WindowsAuthentication "
         "True.",
         ("AND", [all_("owa_virtual_directory", eq("windowsauthentication", "true"))])),
]
