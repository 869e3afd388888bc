#Requires -Version 5.1
<#
.SYNOPSIS
    Collects the facts scapula evaluates the Exchange 2016 STIGs against (facts bundle, format 1).

.DESCRIPTION
    Run it in the Exchange Management Shell of an Exchange 2016 Mailbox or Edge Transport server
    (Windows PowerShell 5.1), as an account that may read the Exchange configuration. It loads the
    Exchange snap-in when the session lacks it, runs the Get- cmdlets that the Exchange 2016
    Mailbox and Edge Transport STIG checks read, and writes one JSON document to -OutFile.

    It runs Get- cmdlets only and changes nothing on the server; writing -OutFile is its one
    write. It needs no internet access. Per-server cmdlets are scoped to this server with
    -Server (or -Identity) $env:COMPUTERNAME. Every property of every returned object is
    recorded, normalised as docs/facts.md says. A cmdlet that fails is recorded with status
    "error" and its message, and collection goes on.

    The command table is generated from content/collect/cmdlets.json: edit the manifest and run
    tests/collector/check_collector.py --update, never the table by hand.

.PARAMETER OutFile
    Where to write the facts bundle (UTF-8 without BOM). Its folder must exist.

.PARAMETER Role
    Mailbox or Edge. Detected from Get-ExchangeServer when omitted.

.EXAMPLE
    .\Collect-ExchangeFacts.ps1 -OutFile C:\Temp\EXMB01-facts.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string]$OutFile,

    [ValidateSet('Mailbox', 'Edge')]
    [string]$Role
)

$ErrorActionPreference = 'Stop'

$CollectorName = 'Collect-ExchangeFacts.ps1'
$CollectorVersion = '1'
$ExchangeSnapIn = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
$Invariant = [System.Globalization.CultureInfo]::InvariantCulture

# BEGIN COMMAND TABLE
$CommandTable = @(
    # EX16-ED-000030
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'AcceptedDomain'; Scope = ''; Roles = @('Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-000010 EX16-MB-000060
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'AdminAuditLogConfig'; Scope = ''; Roles = @('Mailbox')
       Parameters = [ordered]@{} }
    # EX16-ED-000400
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'AttachmentFilterEntry'; Scope = ''; Roles = @('Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-000490 EX16-MB-000500 EX16-ED-000350 EX16-ED-000410 EX16-ED-000530 EX16-ED-000540
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'ContentFilterConfig'; Scope = ''; Roles = @('Mailbox', 'Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-000670
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'DatabaseAvailabilityGroup'; Scope = ''; Roles = @('Mailbox')
       Parameters = [ordered]@{} }
    # EX16-MB-000050 EX16-ED-000060
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'EventLogLevel'; Scope = 'Server'; Roles = @('Mailbox', 'Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-000020 EX16-ED-000020
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'ExchangeCertificate'; Scope = 'Server'; Roles = @('Mailbox', 'Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-000110 EX16-MB-000680 EX16-ED-000110 EX16-ED-000700
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'ExchangeServer'; Scope = 'Identity'; Roles = @('Mailbox', 'Edge')
       Parameters = [ordered]@{
           Status = $true
       } }
    # EX16-ED-000510
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'IPAllowListConfig'; Scope = ''; Roles = @('Edge')
       Parameters = [ordered]@{} }
    # EX16-ED-000500
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'IPAllowListEntry'; Scope = 'Server'; Roles = @('Edge')
       Parameters = [ordered]@{} }
    # EX16-ED-000420
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'IPBlockListProvider'; Scope = ''; Roles = @('Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-000290
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'Mailbox'; Scope = 'Server'; Roles = @('Mailbox')
       Parameters = [ordered]@{
           ResultSize = 'Unlimited'
           Filter = 'ForwardingSmtpAddress -ne $null -or ForwardingAddress -ne $null'
       } }
    # EX16-MB-000070 EX16-MB-000200 EX16-MB-000270 EX16-MB-000310 EX16-MB-000320 EX16-MB-000340
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'MailboxDatabase'; Scope = 'Server'; Roles = @('Mailbox')
       Parameters = [ordered]@{} }
    # EX16-MB-000130 EX16-ED-000090
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'OrganizationConfig'; Scope = ''; Roles = @('Mailbox', 'Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-000610
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'OutlookAnywhere'; Scope = 'Server'; Roles = @('Mailbox')
       Parameters = [ordered]@{} }
    # EX16-MB-002910 EX16-MB-002920 EX16-MB-002930
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'OwaVirtualDirectory'; Scope = 'Server'; Roles = @('Mailbox')
       Parameters = [ordered]@{} }
    # EX16-MB-000220 EX16-MB-000350 EX16-MB-000360 EX16-MB-000380 EX16-MB-000470 EX16-MB-000550
    # EX16-MB-000650 EX16-ED-000010 EX16-ED-000050 EX16-ED-000180 EX16-ED-000270 EX16-ED-000280
    # EX16-ED-000290 EX16-ED-000300 EX16-ED-000310 EX16-ED-000320 EX16-ED-000480 EX16-ED-000490
    # EX16-ED-000630 EX16-ED-000680
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'ReceiveConnector'; Scope = 'Server'; Roles = @('Mailbox', 'Edge')
       Parameters = [ordered]@{} }
    # EX16-ED-000370 EX16-ED-000470
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'RecipientFilterConfig'; Scope = ''; Roles = @('Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-000030 EX16-MB-000300 EX16-MB-000480 EX16-MB-000520 EX16-MB-000630 EX16-MB-000640
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'RemoteDomain'; Scope = ''; Roles = @('Mailbox')
       Parameters = [ordered]@{} }
    # EX16-MB-002900
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'RpcClientAccess'; Scope = 'Server'; Roles = @('Mailbox')
       Parameters = [ordered]@{} }
    # EX16-MB-000210 EX16-MB-000410 EX16-MB-000460 EX16-MB-000660 EX16-ED-000160 EX16-ED-000170
    # EX16-ED-000190 EX16-ED-000240 EX16-ED-000260 EX16-ED-000670 EX16-ED-000690
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'SendConnector'; Scope = ''; Roles = @('Mailbox', 'Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-000500 EX16-ED-000330 EX16-ED-000340 EX16-ED-000360 EX16-ED-000520 EX16-ED-000540
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'SenderFilterConfig'; Scope = ''; Roles = @('Mailbox', 'Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-000500 EX16-ED-000430 EX16-ED-000540 EX16-ED-000560
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'SenderIdConfig'; Scope = ''; Roles = @('Mailbox', 'Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-000500 EX16-ED-000380 EX16-ED-000390 EX16-ED-000540
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'SenderReputationConfig'; Scope = ''; Roles = @('Mailbox', 'Edge')
       Parameters = [ordered]@{} }
    # EX16-ED-000570 EX16-ED-000720 EX16-ED-000750 EX16-ED-002400 EX16-ED-003010
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'TransportAgent'; Scope = ''; Roles = @('Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-002880
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'TransportAgent'; Scope = ''; Roles = @('Mailbox')
       Parameters = [ordered]@{
           Identity = 'Malware Agent'
       } }
    # EX16-MB-000430 EX16-MB-000440 EX16-MB-000510 EX16-MB-000540 EX16-ED-000240 EX16-ED-000320
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'TransportConfig'; Scope = ''; Roles = @('Mailbox', 'Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-000040 EX16-MB-000080 EX16-MB-000090 EX16-MB-000420 EX16-MB-000450 EX16-ED-000070
    # EX16-ED-000200 EX16-ED-000230 EX16-ED-000250 EX16-ED-000660
    @{ Module = 'Microsoft.Exchange.Management.PowerShell.SnapIn'
       Verb = 'Get'; Noun = 'TransportService'; Scope = 'Identity'; Roles = @('Mailbox', 'Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-000170 EX16-ED-000150
    @{ Module = 'Microsoft.PowerShell.Security'
       Verb = 'Get'; Noun = 'ExecutionPolicy'; Scope = ''; Roles = @('Mailbox', 'Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-000180
    @{ Module = 'Microsoft.PowerShell.Management'
       Verb = 'Get'; Noun = 'ItemProperty'; Scope = ''; Roles = @('Mailbox')
       Parameters = [ordered]@{
           Path = 'HKLM:\SYSTEM\CurrentControlSet\Services\MSExchangeIMAP4'
       } }
    # EX16-MB-000190
    @{ Module = 'Microsoft.PowerShell.Management'
       Verb = 'Get'; Noun = 'ItemProperty'; Scope = ''; Roles = @('Mailbox')
       Parameters = [ordered]@{
           Path = 'HKLM:\SYSTEM\CurrentControlSet\Services\MSExchangePOP3'
       } }
    # EX16-MB-000600 EX16-ED-000610
    @{ Module = 'Microsoft.PowerShell.Management'
       Verb = 'Get'; Noun = 'Service'; Scope = ''; Roles = @('Mailbox', 'Edge')
       Parameters = [ordered]@{} }
    # EX16-MB-002870
    @{ Module = 'WebAdministration'
       Verb = 'Get'; Noun = 'WebBinding'; Scope = ''; Roles = @('Mailbox')
       Parameters = [ordered]@{} }
    # EX16-MB-002870
    # context: the sites whose bindings EX16-MB-002870 checks (names, state, physical paths) for the report; the automated check reads Get-WebBinding
    @{ Module = 'WebAdministration'
       Verb = 'Get'; Noun = 'Website'; Scope = ''; Roles = @('Mailbox')
       Parameters = [ordered]@{} }
)
# Properties left out of the records, by noun (see skipped_properties).
$SkippedProperties = @{
    ExchangeCertificate = @('PrivateKey')
    ItemProperty = @('PSPath', 'PSParentPath', 'PSChildName', 'PSDrive', 'PSProvider')
    Service = @('ServiceHandle')
    Website = @('password')
}
# END COMMAND TABLE

# The one place a command is looked up: only a Get- command of the named module can come back,
# whatever the table says, so nothing but Get- cmdlets can ever run.
function Resolve-FactCommand {
    param([string]$Module, [string]$Noun)
    $found = @(Get-Command -Name ('Get-' + $Noun) -Module $Module -ErrorAction Stop)
    if ($found.Count -eq 0) {
        throw ('Get-' + $Noun + ' was not found in ' + $Module)
    }
    return $found[0]
}

function Test-FactInteger {
    param($Value)
    return ($Value -is [int] -or $Value -is [long] -or $Value -is [byte] -or
        $Value -is [sbyte] -or $Value -is [int16] -or $Value -is [uint16] -or
        $Value -is [uint32] -or $Value -is [uint64])
}

# A value JSON writes on one line (everything but objects and arrays).
function Test-FactScalar {
    param($Value)
    return ($null -eq $Value -or $Value -is [string] -or $Value -is [System.ValueType])
}

# XML 1.0 cannot carry C0 controls other than tab, LF and CR, nor U+FFFE and U+FFFF, and the
# facts loader refuses them: they become U+FFFD rather than costing the whole bundle.
function ConvertTo-FactText {
    param([string]$Text)
    return ($Text -replace '[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]', [string][char]0xFFFD)
}

# ToString(), except that dates and fractional numbers use the invariant culture, so one server
# gives the same text whatever the regional settings of the account collecting.
function ConvertTo-FactString {
    param($Value)
    if ($Value -is [datetime] -or $Value -is [datetimeoffset] -or $Value -is [double] -or
        $Value -is [single] -or $Value -is [decimal]) {
        return $Value.ToString($Invariant)
    }
    return $Value.ToString()
}

# One property value, normalised as facts format 1 says. An array comes back wrapped in a
# one-element array so that PowerShell does not unroll it on the way out.
function ConvertTo-FactValue {
    param($Value)
    if ($null -eq $Value) {
        return $null
    }
    if ($Value -is [bool] -or (Test-FactInteger -Value $Value) -or $Value -is [string]) {
        return $Value
    }
    if ($Value -is [enum] -or $Value -is [timespan]) {
        return $Value.ToString()
    }
    $typeName = $Value.GetType().FullName
    if ($typeName -eq 'Microsoft.Exchange.Data.ByteQuantifiedSize') {
        return $Value.ToBytes()
    }
    if ($typeName.StartsWith('Microsoft.Exchange.Data.Unlimited`1')) {
        if ($Value.IsUnlimited) {
            return 'Unlimited'
        }
        return ConvertTo-FactValue -Value $Value.Value
    }
    # EnhancedTimeSpan prints as TimeSpan does ("[d.]hh:mm:ss"); other objects as ToString().
    if ($Value -is [System.Collections.IDictionary] -or
        -not ($Value -is [System.Collections.IEnumerable])) {
        return ConvertTo-FactString -Value $Value
    }
    $items = [System.Collections.Generic.List[string]]::new()
    foreach ($item in $Value) {
        if ($null -ne $item) {
            $text = ConvertTo-FactString -Value $item
            if ($null -ne $text) {
                $items.Add($text)
            }
        }
    }
    return , $items.ToArray()
}

# One returned object of Get-<Noun> as an ordered record of its properties.
function ConvertTo-FactRecord {
    param($InputObject, [string]$Noun)
    $skipped = $SkippedProperties[$Noun]
    $record = [ordered]@{}
    # A bare value (Get-ExecutionPolicy returns an enum) is recorded as one property, Value.
    if ($InputObject -is [string] -or $InputObject -is [System.ValueType]) {
        $record['Value'] = ConvertTo-FactText -Text (ConvertTo-FactString -Value $InputObject)
        return $record
    }
    foreach ($property in $InputObject.PSObject.Properties) {
        $name = ConvertTo-FactText -Text $property.Name
        if ($name.Length -eq 0 -or $skipped -contains $name -or $record.Contains($name)) {
            continue
        }
        try {
            $record[$name] = ConvertTo-FactValue -Value $property.Value
        } catch {
            # A getter (or a ToString) that throws leaves the property out, not the object.
            continue
        }
    }
    return $record
}

# Run one table entry; never throws: a failure is recorded as status "error".
function Get-FactCommand {
    param($Entry, [string]$HostName)
    $parameters = [ordered]@{}
    if ($Entry.Scope) {
        $parameters[$Entry.Scope] = $HostName
    }
    foreach ($key in $Entry.Parameters.Keys) {
        $parameters[$key] = $Entry.Parameters[$key]
    }
    $result = [ordered]@{
        module     = $Entry.Module
        verb       = $Entry.Verb
        noun       = $Entry.Noun
        parameters = $parameters
        status     = 'ok'
    }
    $objects = [System.Collections.Generic.List[object]]::new()
    try {
        if ($Entry.Verb -ne 'Get') {
            throw ('refusing to run a command whose verb is not Get: ' + $Entry.Verb)
        }
        $command = Resolve-FactCommand -Module $Entry.Module -Noun $Entry.Noun
        $splat = @{}
        foreach ($key in $parameters.Keys) {
            $splat[$key] = $parameters[$key]
        }
        $splat['ErrorAction'] = 'Stop'
        foreach ($item in @(& $command @splat)) {
            if ($null -ne $item) {
                $objects.Add((ConvertTo-FactRecord -InputObject $item -Noun $Entry.Noun))
            }
        }
    } catch {
        $message = $_.Exception.Message
        if (-not $message) {
            $message = $_.Exception.GetType().FullName
        }
        $result['status'] = 'error'
        $result['error'] = $message
        $objects.Clear()
    }
    $result['objects'] = $objects
    return $result
}

function Get-FactCommandList {
    param([string]$HostName, [string]$ExchangeRole)
    $list = [System.Collections.Generic.List[object]]::new()
    foreach ($entry in $CommandTable) {
        if ($entry.Roles -notcontains $ExchangeRole) {
            continue
        }
        Write-Verbose ('Get-' + $entry.Noun)
        $list.Add((Get-FactCommand -Entry $entry -HostName $HostName))
    }
    return , $list
}

function Get-FactServer {
    param([string]$HostName)
    $command = Resolve-FactCommand -Module $ExchangeSnapIn -Noun 'ExchangeServer'
    $servers = @(& $command -Identity $HostName -ErrorAction Stop)
    if ($servers.Count -ne 1) {
        throw ('Get-ExchangeServer -Identity ' + $HostName + ' returned ' + $servers.Count +
            ' servers')
    }
    return $servers[0]
}

function Resolve-FactRole {
    param($Server, [string]$Requested)
    $detected = ''
    if ($Server.IsEdgeServer) {
        $detected = 'Edge'
    } elseif ($Server.IsMailboxServer) {
        $detected = 'Mailbox'
    }
    if (-not $Requested) {
        if (-not $detected) {
            throw 'this server is neither a Mailbox nor an Edge Transport server; give -Role'
        }
        return $detected
    }
    if ($detected -and $detected -ne $Requested) {
        Write-Warning ('-Role ' + $Requested + ' given, but this server is an ' + $detected +
            ' server')
    }
    return $Requested
}

# The host block: what names the asset in reports. Anything unknown is left out, not guessed.
function Get-FactHost {
    param([string]$HostName, $Server, [string]$ExchangeRole)
    $result = [ordered]@{ hostname = $HostName }
    try {
        $ip = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()
        $fqdn = $ip.HostName + '.' + $ip.DomainName
        if ($ip.DomainName -and $fqdn -match '^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$') {
            $result['fqdn'] = $fqdn
        }
    } catch {
        Write-Warning ('no DNS name: ' + $_.Exception.Message)
    }
    # ipv4[k] and mac[k] belong together (the adapter of the address), as format 1 says.
    $ipv4 = [System.Collections.Generic.List[string]]::new()
    $mac = [System.Collections.Generic.List[string]]::new()
    $everyMac = $true
    try {
        $class = 'Win32_NetworkAdapterConfiguration'
        foreach ($nic in @(Get-CimInstance -ClassName $class -Filter 'IPEnabled = True')) {
            $nicMac = ''
            if ($nic.MACAddress -match '^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$') {
                $nicMac = $nic.MACAddress.Replace(':', '-').ToUpperInvariant()
            }
            foreach ($address in @($nic.IPAddress)) {
                if ($address -notmatch '^\d{1,3}(\.\d{1,3}){3}$' -or $ipv4.Contains($address)) {
                    continue
                }
                $ipv4.Add($address)
                $mac.Add($nicMac)
                if (-not $nicMac) {
                    $everyMac = $false
                }
            }
        }
    } catch {
        Write-Warning ('no network addresses: ' + $_.Exception.Message)
    }
    if ($ipv4.Count -gt 0) {
        $result['ipv4'] = $ipv4.ToArray()
        if ($everyMac) {
            $result['mac'] = $mac.ToArray()
        }
    }
    try {
        $os = Get-CimInstance -ClassName Win32_OperatingSystem
        if ($os.Caption) {
            $result['os'] = ConvertTo-FactText -Text $os.Caption.Trim()
        }
        if ($os.Version) {
            $result['os_version'] = ConvertTo-FactText -Text $os.Version
        }
    } catch {
        Write-Warning ('no operating system: ' + $_.Exception.Message)
    }
    $result['exchange_role'] = $ExchangeRole
    $version = ConvertTo-FactVersion -Version $Server.AdminDisplayVersion
    if ($version) {
        $result['exchange_version'] = $version
    }
    return $result
}

# AdminDisplayVersion ("Version 15.1 (Build 2507.6)") as 15.1.2507.6, or '' when it is neither
# a ServerVersion nor text of that form.
function ConvertTo-FactVersion {
    param($Version)
    if ($null -eq $Version) {
        return ''
    }
    $text = ''
    if ($Version.PSObject.Properties['Revision']) {
        $text = '{0}.{1}.{2}.{3}' -f $Version.Major, $Version.Minor, $Version.Build,
            $Version.Revision
    }
    if ($text -notmatch '^\d+(\.\d+){3}$' -and
        $Version.ToString() -match 'Version (\d+)\.(\d+) \(Build (\d+)\.(\d+)\)') {
        $text = $Matches[1] + '.' + $Matches[2] + '.' + $Matches[3] + '.' + $Matches[4]
    }
    if ($text -notmatch '^\d+(\.\d+){3}$') {
        return ''
    }
    return $text
}

function ConvertTo-FactJsonString {
    param([string]$Text)
    $Text = ConvertTo-FactText -Text $Text
    if ($Text -notmatch '[\x00-\x1F"\\]') {
        return '"' + $Text + '"'
    }
    $sb = [System.Text.StringBuilder]::new($Text.Length + 16)
    [void]$sb.Append('"')
    foreach ($ch in $Text.ToCharArray()) {
        $code = [int]$ch
        if ($code -eq 34) {
            [void]$sb.Append('\"')
        } elseif ($code -eq 92) {
            [void]$sb.Append('\\')
        } elseif ($code -eq 10) {
            [void]$sb.Append('\n')
        } elseif ($code -eq 13) {
            [void]$sb.Append('\r')
        } elseif ($code -eq 9) {
            [void]$sb.Append('\t')
        } elseif ($code -lt 32) {
            [void]$sb.Append('\u').Append($code.ToString('x4', $Invariant))
        } else {
            [void]$sb.Append($ch)
        }
    }
    [void]$sb.Append('"')
    return $sb.ToString()
}

# A small JSON writer (RFC 8259): ConvertTo-Json in 5.1 collapses one-element arrays and
# cannot be told to keep integers, nulls and empty arrays apart the way format 1 needs.
function ConvertTo-FactJson {
    param($Value, [System.Text.StringBuilder]$Builder, [string]$Indent)
    if ($null -eq $Value) {
        [void]$Builder.Append('null')
        return
    }
    if ($Value -is [bool]) {
        if ($Value) {
            [void]$Builder.Append('true')
        } else {
            [void]$Builder.Append('false')
        }
        return
    }
    if (Test-FactInteger -Value $Value) {
        $digits = $Value.ToString($Invariant)
        if ($Value -is [uint64] -and $Value -gt [long]::MaxValue) {
            # beyond a JSON reader's 64-bit integers: kept exact as text
            $digits = ConvertTo-FactJsonString -Text $digits
        }
        [void]$Builder.Append($digits)
        return
    }
    if ($Value -is [string]) {
        [void]$Builder.Append((ConvertTo-FactJsonString -Text $Value))
        return
    }
    $inner = $Indent + '  '
    if ($Value -is [System.Collections.IDictionary]) {
        # PSBase: a record with a property named Count or Keys must not hide the dictionary's own
        if ($Value.PSBase.Count -eq 0) {
            [void]$Builder.Append('{}')
            return
        }
        [void]$Builder.Append('{')
        $first = $true
        foreach ($key in @($Value.PSBase.Keys)) {
            if (-not $first) {
                [void]$Builder.Append(',')
            }
            $first = $false
            [void]$Builder.Append("`n").Append($inner)
            [void]$Builder.Append((ConvertTo-FactJsonString -Text ([string]$key))).Append(': ')
            ConvertTo-FactJson -Value $Value[$key] -Builder $Builder -Indent $inner
        }
        [void]$Builder.Append("`n").Append($Indent).Append('}')
        return
    }
    if ($Value -is [System.Collections.IEnumerable]) {
        $items = @($Value)
        if ($items.Count -eq 0) {
            [void]$Builder.Append('[]')
            return
        }
        # Arrays of scalars stay on one line: multi-valued properties can be long.
        $flat = $true
        foreach ($item in $items) {
            if (-not (Test-FactScalar -Value $item)) {
                $flat = $false
            }
        }
        [void]$Builder.Append('[')
        for ($i = 0; $i -lt $items.Count; $i++) {
            if ($i -gt 0) {
                [void]$Builder.Append(',')
                if ($flat) {
                    [void]$Builder.Append(' ')
                }
            }
            if (-not $flat) {
                [void]$Builder.Append("`n").Append($inner)
            }
            ConvertTo-FactJson -Value $items[$i] -Builder $Builder -Indent $inner
        }
        if (-not $flat) {
            [void]$Builder.Append("`n").Append($Indent)
        }
        [void]$Builder.Append(']')
        return
    }
    throw ('no JSON form for a value of type ' + $Value.GetType().FullName)
}

try {
    # Relative to the PowerShell location, not the process directory .NET would use.
    $OutFile = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)
    if (-not (Get-PSSnapin -Name $ExchangeSnapIn -ErrorAction SilentlyContinue)) {
        Add-PSSnapin -Name $ExchangeSnapIn
    }
    $hostName = $env:COMPUTERNAME
    $collected = [DateTime]::UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", $Invariant)
    $server = Get-FactServer -HostName $hostName
    $exchangeRole = Resolve-FactRole -Server $server -Requested $Role
    $hostFacts = Get-FactHost -HostName $hostName -Server $server -ExchangeRole $exchangeRole
    $commands = Get-FactCommandList -HostName $hostName -ExchangeRole $exchangeRole
    $bundle = [ordered]@{
        format    = 1
        collected = $collected
        collector = [ordered]@{ name = $CollectorName; version = $CollectorVersion }
        host      = $hostFacts
        commands  = $commands
    }
    $builder = [System.Text.StringBuilder]::new()
    ConvertTo-FactJson -Value $bundle -Builder $builder -Indent ''
    [void]$builder.Append("`n")
    $utf8 = [System.Text.UTF8Encoding]::new($false)
    [System.IO.File]::WriteAllText($OutFile, $builder.ToString(), $utf8)
    $failed = @($commands | Where-Object { $_['status'] -eq 'error' }).Count
    if ($failed -gt 0) {
        Write-Warning ('{0} of {1} commands failed; their "error" says why' -f $failed,
            $commands.Count)
    }
    Write-Verbose ('wrote ' + $OutFile)
    exit 0
} catch {
    $Host.UI.WriteErrorLine('Collect-ExchangeFacts: ' + $_.Exception.Message)
    exit 1
}
