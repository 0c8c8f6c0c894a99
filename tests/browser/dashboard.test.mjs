// Drives `culprit serve` in Debian's chromium (never a downloaded browser): uploads an HR
// export through the page, runs example plans through the pages, checks the figures shown
// against /api/runs/{id}, exercises bad input and two editors, and saves a screenshot of each page.
//
// Environment: CULPRIT_URL (server base URL), CULPRIT_ORG_FILE (an HR export to upload),
// CULPRIT_EXAMPLES (the repository's examples/ folder), CULPRIT_SCREENSHOTS (output folder),
// PHASE=main|restart (restart: the server was restarted on the same workspace).

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const BASE = process.env.CULPRIT_URL;
const ORG_FILE = process.env.CULPRIT_ORG_FILE;
const EXAMPLES = process.env.CULPRIT_EXAMPLES;
const SHOTS = process.env.CULPRIT_SCREENSHOTS || 'screenshots';
const PHASE = process.env.PHASE || 'main';
const STATE = path.join(SHOTS, 'state.json');
fs.mkdirSync(SHOTS, { recursive: true });

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`  ok   ${name}`);
  } else {
    failed++;
    console.log(`  FAIL ${name} ${detail}`);
  }
}

async function api(page, url) {
  const r = await page.request.get(BASE + url);
  return { status: r.status(), body: await r.json() };
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

/** The figure with data-k=key: its raw value (data-v) and the text shown. */
async function figure(page, key) {
  const el = page.locator(`[data-k="${key}"]`).first();
  const raw = await el.getAttribute('data-v');
  const text = (await el.textContent()).trim();
  return { raw: raw === null || raw === 'null' ? null : Number(raw), text };
}

function sameNumber(a, b) {
  if (a === null || b === null || a === undefined || b === undefined) return a === b || (a ?? null) === (b ?? null);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

async function runPlan(page, exampleFile, orgId) {
  await page.goto(`${BASE}/scenarios?example=${exampleFile}`);
  const text = await page.locator('#new-scenario textarea').inputValue();
  check(`editor loads ${exampleFile}`, text === fs.readFileSync(path.join(EXAMPLES, exampleFile), 'utf8'));
  await Promise.all([page.waitForURL(/\/scenarios\/\d+$/), page.locator('#new-scenario button').click()]);
  const scenarioId = Number(page.url().split('/').pop());
  await page.locator('#run-form select').selectOption(String(orgId));
  await Promise.all([page.waitForURL(/\/runs\/\d+$/), page.locator('#run-form button').click()]);
  const runId = Number(page.url().split('/').pop());
  // The page follows the run (progress bar, then the result) by itself.
  // (A locator, not waitForFunction: the page's Content-Security-Policy forbids eval.)
  await page.locator('[data-k="status"]', { hasText: /^(done|failed)$/ }).waitFor({ timeout: 180000 });
  const status = (await page.locator('[data-k="status"]').textContent()).trim();
  check(`run ${runId} (${exampleFile}) finished`, status === 'done', status);
  const run = (await api(page, `/api/runs/${runId}`)).body;
  const r = run.result || {};
  const want = {
    people_cut: r.summary?.people_cut,
    managers_removed: r.summary?.managers_removed,
    payroll_freed: r.summary?.payroll_freed,
    net_saving_p10: r.summary?.net_saving?.p10 ?? null,
    net_saving_p50: r.summary?.net_saving?.p50 ?? null,
    net_saving_p90: r.summary?.net_saving?.p90 ?? null,
    loss_probability: r.summary?.loss_probability,
    work_removed_fte: r.summary?.work_removed_fte,
    ai_doable_fte: r.summary?.ai_doable_fte,
    human_only_fte: r.summary?.human_only_fte,
    h100_equivalent: r.compute?.h100_equivalent,
    teams_overloaded: r.load?.teams_overloaded,
  };
  for (const [k, v] of Object.entries(want)) {
    const f = await figure(page, k);
    check(`run ${runId}: ${k} on the page = API (${v})`, sameNumber(f.raw, v ?? null), `page ${f.raw} "${f.text}"`);
  }
  const cut = await figure(page, 'people_cut');
  check(`run ${runId}: people cut shown as ${want.people_cut}`, cut.text === Number(want.people_cut).toLocaleString('en-US'), cut.text);
  const freed = await figure(page, 'payroll_freed');
  check(`run ${runId}: payroll freed shown`, want.payroll_freed === null ? freed.text === 'suppressed' : freed.text.startsWith('$'), freed.text);
  check(`run ${runId}: caveat shown`, (await page.content()).includes('not a probability of losing a job'));
  check(`run ${runId}: net-saving fan drawn`, want.net_saving_p50 === null || (await page.locator('svg[aria-label^="Net saving"]').count()) === 1);
  return { scenarioId, runId, want };
}

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Anything requested from elsewhere than the server is a failure.
  const foreign = [];
  context.on('request', (req) => {
    if (!req.url().startsWith(BASE) && !req.url().startsWith('data:')) foreign.push(req.url());
  });
  const consoleErrors = [];
  // Refused input (409, 422) is exercised on purpose; anything else in the console is an error.
  page.on('console', (m) => { if (m.type() === 'error' && !/status of (409|422)/.test(m.text())) consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  if (PHASE === 'restart') {
    const st = JSON.parse(fs.readFileSync(STATE, 'utf8'));
    await page.goto(`${BASE}/org/${st.orgId}`);
    const people = await figure(page, 'people');
    check('after a restart: the uploaded organisation is still there', people.raw === st.people, `${people.raw} vs ${st.people}`);
    const run = await api(page, `/api/runs/${st.runId}`);
    check('after a restart: the run and its result are still there', run.status === 200 && run.body.status === 'done' && sameNumber(run.body.result.summary.people_cut, st.peopleCut));
    await page.goto(`${BASE}/scenarios/${st.scenarioId}`);
    check('after a restart: the saved plan is still there', (await page.locator('#edit-form textarea').inputValue()).length > 0);
    await page.goto(`${BASE}/org/${st.orgId}/team/${st.top}`);
    check('after a restart: team drill-down re-imports the stored table', (await figure(page, 'people')).raw === st.people);
    await shot(page, '12-after-restart-team.png');
  } else {
    // 1. Overview.
    await page.goto(BASE + '/');
    check('overview: caveat', (await page.content()).includes('not a probability of losing a job'));
    check('overview: national exposure chart', (await page.locator('svg').count()) >= 1);
    await shot(page, '01-overview.png');

    // 2. Occupations: sort by a measure, then the task view.
    await page.goto(BASE + '/occupations');
    await page.locator('select[name=sort]').selectOption('human_beta');
    await page.locator('input[name=q]').fill('');
    await Promise.all([page.waitForURL(/sort=human_beta/), page.locator('form.inline button').click()]);
    const firstSoc = (await page.locator('#occupations tbody tr td a').first().textContent()).trim();
    const occApi = await api(page, '/api/occupations?sort=human_beta&limit=1');
    check('occupations: sorted by human β as the API', firstSoc === occApi.body.rows[0].soc, `${firstSoc} vs ${occApi.body.rows[0].soc}`);
    await shot(page, '02-occupations.png');
    await page.goto(BASE + '/occupations?q=software+developers');
    await page.locator('#occupations a', { hasText: '15-1252' }).click();
    await page.waitForURL(/\/occupations\/15-1252$/);
    const occ = (await api(page, '/api/occupations/15-1252')).body;
    const hb = occ.measures.find((m) => m.measure === 'human_beta').value;
    check('task view: human β = API', sameNumber((await figure(page, 'human_beta')).raw, hb));
    check('task view: tasks listed', (await page.locator('#tasks tbody tr').count()) === occ.tasks.length);
    await shot(page, '03-occupation-15-1252.png');

    // 3. Organisation: a file that is not an HR export is refused, nothing stored.
    await page.goto(BASE + '/org');
    const junk = path.join(SHOTS, 'not-an-export.txt');
    fs.writeFileSync(junk, 'hello, this is not an HR export\n');
    await page.locator('#upload-org input[type=file]').setInputFiles(junk);
    await page.locator('#upload-org button').click();
    await page.waitForSelector('.error');
    const err = await page.locator('.error').first().textContent();
    check('bad upload: clear error naming the file', err.includes('not-an-export.txt'), err);
    check('bad upload: nothing stored', (await api(page, '/api/orgs')).body.orgs.length === 0);
    await shot(page, '04-org-bad-upload.png');

    // The real export.
    await page.goto(BASE + '/org');
    await page.locator('#upload-org input[type=file]').setInputFiles(ORG_FILE);
    await page.locator('#upload-org input[name=name]').fill('Synthetic org (2,000 people)');
    await Promise.all([page.waitForURL(/\/org\/\d+$/, { timeout: 120000 }), page.locator('#upload-org button').click()]);
    const orgId = Number(page.url().split('/').pop());
    const org = (await api(page, `/api/orgs/${orgId}`)).body;
    for (const k of ['people', 'managers', 'layers', 'mean_span', 'payroll']) {
      const f = await figure(page, k);
      check(`org: ${k} on the page = API`, sameNumber(f.raw, org.summary[k]), `${f.raw} vs ${org.summary[k]}`);
    }
    check('org: layers and spans charts', (await page.locator('svg').count()) >= 3);
    const depRows = await page.locator('#departments tbody tr').count();
    check('org: departments table', depRows === org.groups.departments.length);
    await shot(page, '05-org.png');
    await Promise.all([page.waitForURL(/\/team\//), page.locator('#top-team').click()]);
    const top = decodeURIComponent(page.url().split('/').pop());
    const team = (await api(page, `/api/orgs/${orgId}/teams/${encodeURIComponent(top)}`)).body.team;
    check('team: people = API', (await figure(page, 'people')).raw === team.team.people);
    check('team: direct reports listed', (await page.locator('#reports tbody tr').count()) === team.direct_reports.length);
    // One level down.
    const sub = page.locator('#reports tbody tr td a').first();
    if (await sub.count()) {
      await Promise.all([page.waitForURL(/\/team\//), sub.click()]);
      check('team drill-down: a sub-team opens', (await figure(page, 'people')).raw > 0);
    }
    await shot(page, '06-team.png');

    // 4. A plan with an error: the line, nothing stored.
    await page.goto(BASE + '/scenarios');
    const before = (await api(page, '/api/scenarios')).body.scenarios.length;
    await page.locator('#new-scenario textarea').fill('name = "broken"\n\n[[action]]\ntype = "cut"\nshare = 2\n');
    await page.locator('#new-scenario button').click();
    await page.waitForSelector('.error');
    const perr = await page.locator('.error').first().textContent();
    check('plan with an error: message with the line', /scenario\.toml:\d+:/.test(perr), perr);
    check('plan with an error: nothing stored', (await api(page, '/api/scenarios')).body.scenarios.length === before);
    await shot(page, '07-scenario-error.png');

    // 5. Run two example plans through the pages; figures shown = API.
    const a = await runPlan(page, 'scenario-cut-managers.toml', orgId);
    await shot(page, '08-run-cut-managers.png');
    const b = await runPlan(page, 'scenario-delayer-span8.toml', orgId);
    check('delayer plan: pay figures shown (cut above the privacy threshold)', b.want.payroll_freed !== null && b.want.people_cut >= 5);
    await shot(page, '09-run-delayer.png');

    // Compare side by side.
    await page.goto(BASE + '/scenarios');
    await page.locator(`#runs input[value="${a.runId}"]`).check();
    await page.locator(`#runs input[value="${b.runId}"]`).check();
    await Promise.all([page.waitForURL(/compare/), page.locator('#compare-form button').click()]);
    const cols = await page.locator('#compare thead th').count();
    check('compare: two runs side by side', cols === 3, String(cols));
    await shot(page, '10-compare.png');

    // 6. Two browsers edit the same plan: the second save is refused, nothing lost.
    const other = await browser.newContext();
    const p2 = await other.newPage();
    await page.goto(`${BASE}/scenarios/${b.scenarioId}`);
    await p2.goto(`${BASE}/scenarios/${b.scenarioId}`);
    const t1 = (await page.locator('#edit-form textarea').inputValue()).replace('target_span = 8', 'target_span = 9');
    const t2 = (await p2.locator('#edit-form textarea').inputValue()).replace('target_span = 8', 'target_span = 10');
    await page.locator('#edit-form textarea').fill(t1);
    await Promise.all([page.waitForURL(/\/scenarios\/\d+$/), page.locator('#edit-form button').click()]);
    await p2.locator('#edit-form textarea').fill(t2);
    const resp = await Promise.all([p2.waitForResponse((r) => r.request().method() === 'POST'), p2.locator('#edit-form button').click()]);
    check('second editor: 409 Conflict', resp[0].status() === 409, String(resp[0].status()));
    const msg = await p2.locator('.error').first().textContent();
    check('second editor: the page says so', msg.includes('changed by someone else'), msg);
    check('second editor: their text is kept in the editor', (await p2.locator('#edit-form textarea').inputValue()).includes('target_span = 10'));
    const saved = (await api(page, `/api/scenarios/${b.scenarioId}`)).body;
    check('first save kept', saved.toml.includes('target_span = 9') && saved.version === 2, `v${saved.version}`);
    await p2.screenshot({ path: path.join(SHOTS, '11-scenario-conflict.png'), fullPage: true });
    await other.close();

    // 7. Company evidence and events.
    await page.goto(BASE + '/company');
    await Promise.all([page.waitForURL(/\/company\/amazon$/, { timeout: 120000 }), page.locator('#profiles a').first().click()]);
    const card = (await api(page, '/api/company/amazon/scorecard')).body;
    check('company: three explanations', (await page.locator('h2').allTextContents()).filter((h) => /^\d\. /.test(h)).length === card.sections.length);
    check('company: caveat', (await page.content()).includes('not a probability of losing a job'));
    await shot(page, '13-company-amazon.png');
    await page.goto(BASE + '/events', { timeout: 180000 });
    const ev = (await api(page, '/api/events')).body;
    for (const src of ev.sources) {
      const f = await figure(page, `${src.family}_jobs`);
      check(`events: ${src.family} jobs = API`, sameNumber(f.raw, src.counted_jobs));
    }
    await shot(page, '14-events.png');
    await page.goto(BASE + '/market', { timeout: 180000 });
    const mk = (await api(page, '/api/market')).body;
    for (const [k, v] of [['index_before', mk.break_test.before.index], ['index_after', mk.break_test.after.index], ['share_jobs_matched', mk.matching.share_jobs_matched]]) {
      const f = await figure(page, k);
      check(`market: ${k} on the page = API`, sameNumber(f.raw, v), `${f.raw} vs ${v}`);
    }
    check('market: the index chart', (await page.locator('svg[aria-label^="Exposure index"]').count()) === 1);
    await shot(page, '15-market.png');

    fs.writeFileSync(STATE, JSON.stringify({ orgId, people: org.summary.people, runId: a.runId, peopleCut: a.want.people_cut, scenarioId: a.scenarioId, top }));
  }
  check('no request left the server', foreign.length === 0, foreign.join(', '));
  check('no script errors in the console', consoleErrors.length === 0, consoleErrors.join(' | '));
  await browser.close();
}

try {
  await main();
} catch (e) {
  failed++;
  console.log(`  FAIL ${e.stack || e}`);
}
console.log(`counts: ${passed} ${failed}`);
process.exit(failed === 0 ? 0 : 1);
