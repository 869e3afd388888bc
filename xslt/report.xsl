<?xml version="1.0" encoding="UTF-8"?>
<!--
  report.xsl - scapula report model (urn:scapula:report:1) to one self-contained HTML page.

  No external resource of any kind; a Content-Security-Policy that allows only the inline style
  and the one inline script below (by its hash); every string from the STIG or the facts is
  written with xsl:value-of, never with disable-output-escaping. The page reads fully without
  script: the filter controls stay hidden until the script shows them.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:r="urn:scapula:report:1" exclude-result-prefixes="r">
  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

  <!-- The inline script; its SHA-256 (base64) is in the CSP below. tests check the two agree. -->
  <xsl:variable name="script">(function () {
  var q = document.getElementById('q'), f = document.getElementById('filters');
  var rows = document.querySelectorAll('tr.rule');
  f.hidden = false;
  function apply() {
    var on = {}, boxes = f.querySelectorAll('input[type=checkbox]'), n = 0;
    for (var i = 0; i &lt; boxes.length; i++) on[boxes[i].value] = boxes[i].checked;
    var text = q.value.toLowerCase();
    for (var j = 0; j &lt; rows.length; j++) {
      var r = rows[j];
      var show = on['s-' + r.dataset.status] &amp;&amp; on['c-' + r.dataset.cat] &amp;&amp;
        (!text || r.textContent.toLowerCase().indexOf(text) &gt;= 0);
      r.hidden = !show;
      if (show) n++;
    }
    document.getElementById('shown').textContent = n;
  }
  f.addEventListener('input', apply);
  apply();
})();</xsl:variable>
  <xsl:variable name="script-hash">sha256-TwGVdA7jk/dwWdjLmGvlJmtwmsX5/qu0bwP1lqqkFnA=</xsl:variable>

  <xsl:template match="/r:report">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta http-equiv="Content-Security-Policy"
              content="default-src 'none'; style-src 'unsafe-inline'; script-src '{$script-hash}'; img-src data:; base-uri 'none'; form-action 'none'"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="{@generator}"/>
        <title>
          <xsl:value-of select="r:host/@hostname"/> — <xsl:value-of select="r:stig/@display-name"/>
        </title>
        <style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2em; color: #1b1f24; }
h1 { font-size: 1.5em; margin: 0 0 .2em; } h2 { font-size: 1.15em; margin: 1.5em 0 .5em; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: .8em 0; }
.meta dt { color: #57606a; } .meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35em .5em; border-bottom: 1px solid #d8dee4; }
th { background: #f6f8fa; }
.st { font-weight: 600; white-space: nowrap; }
tr.rule > td:nth-child(-n+3) { white-space: nowrap; }
.s-pass { color: #1a7f37; } .s-fail { color: #cf222e; } .s-error { color: #9a6700; }
.s-notchecked, .s-unknown, .s-informational, .s-notselected { color: #57606a; } .s-notapplicable { color: #6e7781; }
details > summary { cursor: pointer; } details section { margin: .5em 0 .8em; }
details h3 { font-size: .95em; margin: .7em 0 .2em; color: #57606a; }
pre { white-space: pre-wrap; word-break: break-word; background: #f6f8fa; padding: .5em; margin: 0; font-size: 12.5px; }
#filters { margin: .5em 0 1em; } #filters label { margin-right: 1em; white-space: nowrap; }
#q { padding: .3em; width: 20em; }
svg text { font: 12px system-ui, sans-serif; }
@media print { #filters { display: none; } details { display: block; } details > summary { list-style: none; } tr { break-inside: avoid; } body { margin: 0; } }
        </style>
      </head>
      <body>
        <xsl:apply-templates select="r:host"/>
        <xsl:apply-templates select="r:stig"/>
        <script><xsl:value-of select="$script"/></script>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="r:host">
    <h1><xsl:value-of select="@hostname"/></h1>
    <dl class="meta">
      <dt>FQDN</dt><dd><xsl:value-of select="@fqdn"/></dd>
      <dt>IP addresses</dt><dd><xsl:for-each select="r:ip"><xsl:if test="position() &gt; 1">, </xsl:if><xsl:value-of select="."/></xsl:for-each></dd>
      <dt>MAC addresses</dt><dd><xsl:for-each select="r:mac"><xsl:if test="position() &gt; 1">, </xsl:if><xsl:value-of select="."/></xsl:for-each></dd>
      <dt>Exchange role</dt><dd><xsl:value-of select="@role"/></dd>
      <dt>Exchange build</dt><dd><xsl:value-of select="@exchange-version"/></dd>
      <dt>Operating system</dt><dd><xsl:value-of select="@os"/><xsl:text> </xsl:text><xsl:value-of select="@os-version"/></dd>
      <dt>Facts collected</dt><dd><xsl:value-of select="/r:report/@collected"/></dd>
      <dt>Scanned</dt><dd><xsl:value-of select="/r:report/@scan-time"/></dd>
      <dt>Scanner</dt><dd><xsl:value-of select="/r:report/@generator"/></dd>
    </dl>
  </xsl:template>

  <xsl:template match="r:stig">
    <h2><xsl:value-of select="@title"/></h2>
    <dl class="meta">
      <dt>Benchmark</dt><dd><xsl:value-of select="@id"/></dd>
      <dt>Version</dt><dd><xsl:value-of select="@short-version"/> (<xsl:value-of select="@release-info"/>)</dd>
      <dt>Score</dt><dd><xsl:value-of select="/r:report/@score"/></dd>
    </dl>
    <xsl:apply-templates select="r:summary"/>
    <h2>Rules</h2>
    <div id="filters" hidden="">
      <xsl:for-each select="r:summary/@*[not(starts-with(name(), 'cat'))]">
        <label><input type="checkbox" value="s-{name()}" checked=""/><xsl:text> </xsl:text><xsl:value-of select="name()"/> (<xsl:value-of select="."/>)</label>
      </xsl:for-each>
      <label><input type="checkbox" value="c-1" checked=""/> CAT I</label>
      <label><input type="checkbox" value="c-2" checked=""/> CAT II</label>
      <label><input type="checkbox" value="c-3" checked=""/> CAT III</label>
      <label><input type="checkbox" value="c-0" checked=""/> no CAT</label>
      <input id="q" type="search" placeholder="Search rules" aria-label="Search rules"/>
      <span> Showing <span id="shown"><xsl:value-of select="count(r:rule)"/></span> of <xsl:value-of select="count(r:rule)"/></span>
    </div>
    <table>
      <thead><tr><th>Vuln ID</th><th>STIG ID</th><th>CAT</th><th>Status</th><th>Rule</th></tr></thead>
      <tbody>
        <xsl:apply-templates select="r:rule"/>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="r:summary">
    <xsl:variable name="total" select="@pass + @fail + @error + @unknown + @notchecked + @notapplicable + @informational + @notselected"/>
    <table class="counts">
      <thead><tr><th>pass</th><th>fail</th><th>error</th><th>unknown</th><th>notchecked</th><th>notapplicable</th><th>informational</th><th>notselected</th><th>CAT I open</th><th>CAT II open</th><th>CAT III open</th></tr></thead>
      <tbody><tr>
        <td id="n-pass"><xsl:value-of select="@pass"/></td><td id="n-fail"><xsl:value-of select="@fail"/></td>
        <td id="n-error"><xsl:value-of select="@error"/></td><td id="n-unknown"><xsl:value-of select="@unknown"/></td>
        <td id="n-notchecked"><xsl:value-of select="@notchecked"/></td><td id="n-notapplicable"><xsl:value-of select="@notapplicable"/></td>
        <td id="n-informational"><xsl:value-of select="@informational"/></td><td id="n-notselected"><xsl:value-of select="@notselected"/></td>
        <td id="n-cat1"><xsl:value-of select="@cat1-open"/></td><td id="n-cat2"><xsl:value-of select="@cat2-open"/></td><td id="n-cat3"><xsl:value-of select="@cat3-open"/></td>
      </tr></tbody>
    </table>
    <svg xmlns="http://www.w3.org/2000/svg" width="640" height="96" role="img" aria-label="Results by status and open findings by CAT">
      <xsl:if test="$total &gt; 0">
        <xsl:call-template name="bar">
          <xsl:with-param name="x" select="0"/>
          <xsl:with-param name="names" select="'pass fail error unknown notchecked notapplicable informational notselected '"/>
          <xsl:with-param name="total" select="$total"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:variable name="open" select="@cat1-open + @cat2-open + @cat3-open"/>
      <text x="0" y="58">Open findings: CAT I <xsl:value-of select="@cat1-open"/>, CAT II <xsl:value-of select="@cat2-open"/>, CAT III <xsl:value-of select="@cat3-open"/></text>
      <xsl:if test="$open &gt; 0">
        <rect x="0" y="66" height="18" width="{@cat1-open * 600 div $open}" fill="#82071e"/>
        <rect x="{@cat1-open * 600 div $open}" y="66" height="18" width="{@cat2-open * 600 div $open}" fill="#cf222e"/>
        <rect x="{(@cat1-open + @cat2-open) * 600 div $open}" y="66" height="18" width="{@cat3-open * 600 div $open}" fill="#ff8182"/>
      </xsl:if>
    </svg>
  </xsl:template>

  <!-- One segment of the status bar per name in NAMES (space separated), recursively. -->
  <xsl:template name="bar">
    <xsl:param name="x"/>
    <xsl:param name="names"/>
    <xsl:param name="total"/>
    <xsl:if test="$names != ''">
      <xsl:variable name="n" select="substring-before($names, ' ')"/>
      <xsl:variable name="count" select="number(@*[name() = $n])"/>
      <xsl:variable name="w" select="$count * 600 div $total"/>
      <xsl:if test="$count &gt; 0">
        <rect x="{$x}" y="8" height="22" width="{$w}">
          <xsl:attribute name="fill">
            <xsl:choose>
              <xsl:when test="$n = 'pass'">#2da44e</xsl:when>
              <xsl:when test="$n = 'fail'">#cf222e</xsl:when>
              <xsl:when test="$n = 'error'">#bf8700</xsl:when>
              <xsl:when test="$n = 'notapplicable'">#d0d7de</xsl:when>
              <xsl:otherwise>#8c959f</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <title><xsl:value-of select="$n"/>: <xsl:value-of select="$count"/></title>
        </rect>
      </xsl:if>
      <xsl:call-template name="bar">
        <xsl:with-param name="x" select="$x + $w"/>
        <xsl:with-param name="names" select="substring-after($names, ' ')"/>
        <xsl:with-param name="total" select="$total"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template match="r:rule">
    <tr class="rule" data-status="{@result}" data-cat="{@cat}" id="{@vuln}">
      <td><xsl:value-of select="@vuln"/></td>
      <td><xsl:value-of select="@stig-id"/></td>
      <td><xsl:if test="@cat != '0'">CAT <xsl:value-of select="substring('I  II III', (@cat - 1) * 3 + 1, @cat)"/></xsl:if></td>
      <td class="st s-{@result}"><xsl:value-of select="@result"/></td>
      <td>
        <details>
          <summary><xsl:value-of select="r:title"/></summary>
          <section>
            <xsl:if test="r:details != ''"><h3>Finding details</h3><pre><xsl:value-of select="r:details"/></pre></xsl:if>
            <xsl:if test="r:evidence != ''"><h3>Evidence collected</h3><pre><xsl:value-of select="r:evidence"/></pre></xsl:if>
            <xsl:if test="r:comment != ''"><h3>Answer file comment</h3><pre><xsl:value-of select="r:comment"/></pre></xsl:if>
            <h3>Rule</h3><p><xsl:value-of select="@rule-id"/> · <xsl:value-of select="@group-title"/> · <xsl:value-of select="@class"/> · checklist status <xsl:value-of select="@ckl-status"/></p>
            <h3>Discussion</h3><pre><xsl:value-of select="r:field[@name='VulnDiscussion']"/></pre>
            <h3>Check</h3><pre><xsl:value-of select="r:check-content"/></pre>
            <h3>Fix</h3><pre><xsl:value-of select="r:fix-text"/></pre>
            <h3>CCIs</h3><p><xsl:for-each select="r:cci"><xsl:if test="position() &gt; 1">, </xsl:if><xsl:value-of select="."/></xsl:for-each></p>
          </section>
        </details>
      </td>
    </tr>
  </xsl:template>
</xsl:stylesheet>
