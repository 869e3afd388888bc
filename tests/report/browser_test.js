// browser_test.js REPORT.HTML EXPECTED.JSON SCREENSHOT.PNG
// Renders scapula's HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core) and checks through the DOM that the counts match the ARF's (EXPECTED, computed
// independently by check_reports.py), that the filters and the search work, that the page ran its
// script under its Content-Security-Policy without a violation, and that markup from the input
// stayed text. Exits non-zero on the first failed check.
'use strict';
const path = require('path');
const { chromium } = require(path.join(__dirname, '../node/node_modules/playwright-core'));

const [html, expectedFile, shot] = process.argv.slice(2);
const expected = require(path.resolve(expectedFile));

function check(cond, what) {
  if (!cond) { console.error('FAIL: ' + what); process.exitCode = 1; throw new Error(what); }
  console.log('ok: ' + what);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = [];
    page.on('console', m => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', e => problems.push(String(e)));
    page.on('dialog', d => { problems.push('dialog opened: ' + d.message()); d.dismiss(); });
    page.on('request', r => { if (!r.url().startsWith('file:')) problems.push('request: ' + r.url()); });
    await page.goto('file://' + path.resolve(html));
    await page.screenshot({ path: shot, fullPage: false });

    const rows = await page.$$eval('tr.rule', rs => rs.length);
    check(rows === expected.total, `rule rows ${rows} == ${expected.total}`);
    for (const [status, n] of Object.entries(expected.by_status)) {
      const shown = await page.$eval('#n-' + status, e => Number(e.textContent)).catch(() => 0);
      check(shown === n, `count ${status}: page says ${shown}, ARF says ${n}`);
      const tagged = await page.$$eval(`tr.rule[data-status="${status}"]`, rs => rs.length);
      check(tagged === n, `rows with status ${status}: ${tagged} == ${n}`);
    }
    check(await page.isVisible('#filters'), 'the script ran (filters shown)');

    // Filter: hide passes.
    await page.uncheck('input[value="s-pass"]');
    let visible = await page.$$eval('tr.rule', rs => rs.filter(r => !r.hidden).length);
    check(visible === expected.total - (expected.by_status.pass || 0), `after hiding pass: ${visible} rows`);
    await page.check('input[value="s-pass"]');
    // Filter: CAT II only.
    for (const c of ['1', '3', '0']) await page.uncheck(`input[value="c-${c}"]`);
    visible = await page.$$eval('tr.rule', rs => rs.filter(r => !r.hidden).length);
    check(visible === expected.by_cat['2'], `CAT II only: ${visible} rows == ${expected.by_cat['2']}`);
    for (const c of ['1', '3', '0']) await page.check(`input[value="c-${c}"]`);
    // Search.
    await page.fill('#q', expected.search);
    visible = await page.$$eval('tr.rule', rs => rs.filter(r => !r.hidden).length);
    check(visible === 1, `search '${expected.search}' shows ${visible} row(s)`);
    await page.fill('#q', '');
    // Markup from the input is text, never elements.
    if (expected.markup) {
      const text = await page.textContent('body');
      check(text.includes(expected.markup), 'markup from the input appears as text');
      const injected = await page.$$eval('body script', s => s.length);
      check(injected === 1, `one script element only (${injected})`);
    }
    check(problems.length === 0, 'no console errors, CSP violations, dialogs or requests: ' + problems.join(' | '));
  } finally {
    await browser.close();
  }
})().catch(e => { console.error(e.message); process.exitCode = 1; });
