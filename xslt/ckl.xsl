<?xml version="1.0" encoding="UTF-8"?>
<!--
  ckl.xsl - scapula report model (urn:scapula:report:1) to a DISA STIG Viewer 2 checklist (CKL).

  Element order follows STIG Viewer 2.17's own files; the result validates against DISA's
  U_Checklist_Schema_V2.xsd (2.5). Every text comes from the model as text: nothing is copied
  with disable-output-escaping, so markup in STIG text or facts stays text.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:r="urn:scapula:report:1" exclude-result-prefixes="r">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/r:report">
    <xsl:comment>DISA STIG Viewer :: 2.17</xsl:comment>
    <CHECKLIST>
      <ASSET>
        <ROLE>Member Server</ROLE>
        <ASSET_TYPE>Computing</ASSET_TYPE>
        <MARKING><xsl:value-of select="@marking"/></MARKING>
        <HOST_NAME><xsl:value-of select="r:host/@hostname"/></HOST_NAME>
        <HOST_IP><xsl:value-of select="r:host/r:ip[1]"/></HOST_IP>
        <HOST_MAC><xsl:value-of select="r:host/r:mac[1]"/></HOST_MAC>
        <HOST_FQDN><xsl:value-of select="r:host/@fqdn"/></HOST_FQDN>
        <TARGET_COMMENT><xsl:value-of select="r:host/@comment"/></TARGET_COMMENT>
        <TECH_AREA>Exchange Server</TECH_AREA>
        <TARGET_KEY><xsl:value-of select="r:stig[1]/@target-key"/></TARGET_KEY>
        <WEB_OR_DATABASE>false</WEB_OR_DATABASE>
        <WEB_DB_SITE/>
        <WEB_DB_INSTANCE/>
      </ASSET>
      <STIGS>
        <xsl:apply-templates select="r:stig"/>
      </STIGS>
    </CHECKLIST>
  </xsl:template>

  <xsl:template match="r:stig">
    <iSTIG>
      <STIG_INFO>
        <xsl:call-template name="si"><xsl:with-param name="n" select="'version'"/><xsl:with-param name="v" select="@version"/></xsl:call-template>
        <xsl:call-template name="si"><xsl:with-param name="n" select="'classification'"/><xsl:with-param name="v" select="@classification"/></xsl:call-template>
        <SI_DATA><SID_NAME>customname</SID_NAME></SI_DATA>
        <xsl:call-template name="si"><xsl:with-param name="n" select="'stigid'"/><xsl:with-param name="v" select="@id"/></xsl:call-template>
        <xsl:call-template name="si"><xsl:with-param name="n" select="'description'"/><xsl:with-param name="v" select="r:description"/></xsl:call-template>
        <xsl:call-template name="si"><xsl:with-param name="n" select="'filename'"/><xsl:with-param name="v" select="@filename"/></xsl:call-template>
        <xsl:call-template name="si"><xsl:with-param name="n" select="'releaseinfo'"/><xsl:with-param name="v" select="@release-info"/></xsl:call-template>
        <xsl:call-template name="si"><xsl:with-param name="n" select="'title'"/><xsl:with-param name="v" select="@title"/></xsl:call-template>
        <xsl:call-template name="si"><xsl:with-param name="n" select="'uuid'"/><xsl:with-param name="v" select="@uuid"/></xsl:call-template>
        <xsl:call-template name="si"><xsl:with-param name="n" select="'notice'"/><xsl:with-param name="v" select="@notice"/></xsl:call-template>
        <xsl:call-template name="si"><xsl:with-param name="n" select="'source'"/><xsl:with-param name="v" select="@source"/></xsl:call-template>
      </STIG_INFO>
      <xsl:apply-templates select="r:rule"/>
    </iSTIG>
  </xsl:template>

  <xsl:template name="si">
    <xsl:param name="n"/>
    <xsl:param name="v"/>
    <SI_DATA>
      <SID_NAME><xsl:value-of select="$n"/></SID_NAME>
      <SID_DATA><xsl:value-of select="$v"/></SID_DATA>
    </SI_DATA>
  </xsl:template>

  <xsl:template name="sd">
    <xsl:param name="n"/>
    <xsl:param name="v"/>
    <STIG_DATA>
      <VULN_ATTRIBUTE><xsl:value-of select="$n"/></VULN_ATTRIBUTE>
      <ATTRIBUTE_DATA><xsl:value-of select="$v"/></ATTRIBUTE_DATA>
    </STIG_DATA>
  </xsl:template>

  <xsl:template match="r:rule">
    <xsl:variable name="stig" select=".."/>
    <VULN>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Vuln_Num'"/><xsl:with-param name="v" select="@vuln"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Severity'"/><xsl:with-param name="v" select="@severity"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Group_Title'"/><xsl:with-param name="v" select="@group-title"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Rule_ID'"/><xsl:with-param name="v" select="@rule-id"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Rule_Ver'"/><xsl:with-param name="v" select="@stig-id"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Rule_Title'"/><xsl:with-param name="v" select="r:title"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Vuln_Discuss'"/><xsl:with-param name="v" select="r:field[@name='VulnDiscussion']"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'IA_Controls'"/><xsl:with-param name="v" select="r:field[@name='IAControls']"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Check_Content'"/><xsl:with-param name="v" select="r:check-content"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Fix_Text'"/><xsl:with-param name="v" select="r:fix-text"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'False_Positives'"/><xsl:with-param name="v" select="r:field[@name='FalsePositives']"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'False_Negatives'"/><xsl:with-param name="v" select="r:field[@name='FalseNegatives']"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Documentable'"/><xsl:with-param name="v" select="r:field[@name='Documentable']"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Mitigations'"/><xsl:with-param name="v" select="r:field[@name='Mitigations']"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Potential_Impact'"/><xsl:with-param name="v" select="r:field[@name='PotentialImpacts']"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Third_Party_Tools'"/><xsl:with-param name="v" select="r:field[@name='ThirdPartyTools']"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Mitigation_Control'"/><xsl:with-param name="v" select="r:field[@name='MitigationControl']"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Responsibility'"/><xsl:with-param name="v" select="r:field[@name='Responsibility']"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Security_Override_Guidance'"/><xsl:with-param name="v" select="r:field[@name='SeverityOverrideGuidance']"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Check_Content_Ref'"/><xsl:with-param name="v" select="@check-ref-name"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Weight'"/><xsl:with-param name="v" select="@weight"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'Class'"/><xsl:with-param name="v" select="'Unclass'"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'STIGRef'"/><xsl:with-param name="v" select="$stig/@stig-ref"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'TargetKey'"/><xsl:with-param name="v" select="@target-key"/></xsl:call-template>
      <xsl:call-template name="sd"><xsl:with-param name="n" select="'STIG_UUID'"/><xsl:with-param name="v" select="$stig/@uuid"/></xsl:call-template>
      <xsl:for-each select="r:legacy">
        <xsl:call-template name="sd"><xsl:with-param name="n" select="'LEGACY_ID'"/><xsl:with-param name="v" select="."/></xsl:call-template>
      </xsl:for-each>
      <xsl:if test="not(r:legacy)">
        <xsl:call-template name="sd"><xsl:with-param name="n" select="'LEGACY_ID'"/><xsl:with-param name="v" select="''"/></xsl:call-template>
      </xsl:if>
      <xsl:for-each select="r:cci">
        <xsl:call-template name="sd"><xsl:with-param name="n" select="'CCI_REF'"/><xsl:with-param name="v" select="."/></xsl:call-template>
      </xsl:for-each>
      <STATUS><xsl:value-of select="@ckl-status"/></STATUS>
      <FINDING_DETAILS><xsl:value-of select="r:details"/></FINDING_DETAILS>
      <COMMENTS><xsl:value-of select="r:comment"/></COMMENTS>
      <SEVERITY_OVERRIDE/>
      <SEVERITY_JUSTIFICATION/>
    </VULN>
  </xsl:template>
</xsl:stylesheet>
