/**
 * The dev console in a real browser (Debian's Chromium via playwright-core) against the dev server
 * on the example app: start a process from the page, complete its human task with an outcome
 * button, watch the execution succeed; inbox visibility by role; a lost completion race (409)
 * shown beside the form; an entity event put on the bus from the Events form. Screenshots go to
 * test-artifacts/console/ (git-ignored).
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  type ConsoleServer,
  launchChromium,
  screenshotPath,
  startConsoleServer,
} from './harness.ts';

/** `.ci/run` sets it: there, a missing browser fails the run instead of skipping these tests. */
const REQUIRED = process.env.REQUIRE_CHROMIUM === '1';

let server: ConsoleServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!CHROMIUM.found) return;
  server = await startConsoleServer();
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

/** A page with its own storage, viewed on a laptop-sized screen, as `user` with `roles`. */
async function pageAs(user: string, roles: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${server.url}/#/processes`);
  await page.getByLabel('User').fill(user);
  await page.getByLabel('Roles').fill(roles);
  await page.getByRole('button', { name: 'Use' }).click();
  return page;
}

async function startReopenExpense(page: Page, reason: string): Promise<string> {
  await page.goto(`${server.url}/#/processes/reopen_expense`);
  const form = page.getByRole('form', { name: 'Start reopen_expense' });
  await form.getByRole('button', { name: 'New UUID for expense_id' }).click();
  await form.getByRole('button', { name: 'New UUID for submitter_id' }).click();
  await form.getByLabel('amount').fill('2500');
  await form.getByLabel('reason').fill(reason);
  await form.getByRole('button', { name: 'Start reopen_expense' }).click();
  const link = form.getByRole('status').getByRole('link');
  await link.waitFor();
  const href = (await link.getAttribute('href')) ?? '';
  return decodeURIComponent(href.replace('#/executions/', ''));
}

async function executionStatus(arn: string): Promise<string> {
  const res = await fetch(`${server.url}/console/api/executions/${encodeURIComponent(arn)}/history`);
  return ((await res.json()) as { execution: { status: string } }).execution.status;
}

describe('a browser for the console tests', () => {
  it('is found; else the tests below are skipped with the reason (a failure when REQUIRE_CHROMIUM=1)', (ctx) => {
    if (CHROMIUM.found) return;
    if (REQUIRED) throw new Error(`REQUIRE_CHROMIUM=1 but ${CHROMIUM.reason}`);
    // The default reporter does not print a skip's note: say it on stderr too.
    console.warn(`console browser tests skipped: ${CHROMIUM.reason}`);
    ctx.skip(CHROMIUM.reason);
  });
});

describe.skipIf(!CHROMIUM.found)('dev console in Chromium', () => {
  it('serves the page on the dev server with the flow picture of each process', async () => {
    // Browsers get the page at /; API clients still get the dev server's JSON index there.
    const html = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
    expect([html.status, html.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    await html.arrayBuffer();
    const index = (await (await fetch(`${server.url}/`)).json()) as { workflows: unknown[] };
    expect(index.workflows.length).toBeGreaterThan(0);
    const page = await pageAs('alice', 'clerk');
    await page.goto(`${server.url}/#/processes/expense_approval`);
    await page.getByRole('heading', { name: /Expense Approval/ }).waitFor();
    const flow = page.getByRole('img', { name: 'Flow of expense_approval' });
    await flow.locator('g.node[id="s_manager_review"]').waitFor();
    expect(
      await page.getByText('when ExpenseReport status submitted → pending_approval').count(),
    ).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('01-processes'), fullPage: false });
  });

  it('starts a process from the page, completes its task with an outcome button, and sees it succeed', async () => {
    const alice = await pageAs('alice', 'clerk');
    const arn = await startReopenExpense(alice, 'Receipt was attached late');
    await alice.screenshot({ path: screenshotPath('02-started') });

    const bob = await pageAs('bob', 'manager');
    await bob.goto(`${server.url}/#/inbox`);
    const card = bob.getByRole('article', { name: 'Review expense claim' });
    await card.waitFor();
    expect(await card.getByText('expense_review').count()).toBe(1);
    expect(await card.getByText('ExpenseReport').count()).toBeGreaterThan(0);
    await card.getByRole('radio', { name: 'yes' }).check();
    await card.getByLabel('notes').fill('Fine by me');
    await bob.screenshot({ path: screenshotPath('03-inbox') });
    await card.getByRole('button', { name: 'Approve' }).click();
    await card.getByText('Completed: Approve.').waitFor();

    // The execution list updates live, and the execution's page shows it succeeded.
    await alice.goto(`${server.url}/#/executions`);
    const row = alice.locator('tr', { has: alice.locator(`a[title="${arn.split(':').at(-1)}"]`) });
    await row.getByText('SUCCEEDED').waitFor({ timeout: 20_000 });
    await row.getByRole('link').click();
    await alice.getByRole('heading', { name: /reopen_expense/ }).waitFor();
    await alice.locator('dt:text-is("Status") + dd .badge', { hasText: 'SUCCEEDED' }).waitFor();
    await alice.locator('g.node.visited[id="COMPLETE"]').waitFor();
    expect(await alice.getByRole('cell', { name: 'rerun_approval', exact: true }).count()).toBe(1);
    await alice.screenshot({ path: screenshotPath('04-execution-succeeded'), fullPage: true });
    expect(await executionStatus(arn)).toBe('SUCCEEDED');
  });

  it('shows a 400 from the API beside the input it names', async () => {
    const page = await pageAs('alice', 'clerk');
    await page.goto(`${server.url}/#/processes/reopen_expense`);
    const form = page.getByRole('form', { name: 'Start reopen_expense' });
    // The page checks types itself; switch that off to see the server's answer (the authority).
    await form.evaluate((f) => {
      (f as HTMLFormElement).noValidate = true;
    });
    await form.getByRole('textbox', { name: 'expense_id' }).fill('not-a-uuid');
    await form.getByRole('button', { name: 'New UUID for submitter_id' }).click();
    await form.getByLabel('amount').fill('12');
    await form.getByLabel('reason').fill('typo');
    await form.getByRole('button', { name: 'Start reopen_expense' }).click();
    await form.getByRole('alert').filter({ hasText: '400' }).first().waitFor();
    const input = form.getByRole('textbox', { name: 'expense_id' });
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#start-reopen_expense-expense_id-error').textContent()).toMatch(/uuid/i);
    await page.screenshot({ path: screenshotPath('05-start-400') });
  });

  it('shows an open task to a holder of its role and an empty inbox to a user without it', async () => {
    const alice = await pageAs('alice', 'clerk');
    await startReopenExpense(alice, 'Second look');
    const bob = await pageAs('bob', 'manager');
    await bob.goto(`${server.url}/#/inbox`);
    const task = bob.getByRole('article', { name: 'Review expense claim' }).first();
    await task.waitFor();
    // The task's execution, waiting in manager_review: the current state is marked on the flow.
    await task.getByRole('link', { name: 'expense_approval · manager_review' }).click();
    await bob.locator('g.node.current[id="s_manager_review"]').waitFor();
    await bob
      .getByRole('cell', { name: /manager_review\s*current/ })
      .first()
      .waitFor();
    await bob.screenshot({ path: screenshotPath('06-execution-waiting'), fullPage: true });

    const carol = await pageAs('carol', 'clerk');
    await carol.goto(`${server.url}/#/inbox`);
    await carol.getByText('No open tasks for carol with roles: clerk.').waitFor();
    expect(await carol.getByRole('article').count()).toBe(0);
    await carol.screenshot({ path: screenshotPath('07-inbox-empty') });
  });

  it('shows a lost completion (409) next to the form of a stale card, and closes cards of tasks done elsewhere', async () => {
    const first = await pageAs('bob', 'manager');
    const second = await pageAs('dave', 'manager');
    const third = await pageAs('erin', 'manager');
    await first.goto(`${server.url}/#/inbox`);
    // dave's page stops seeing updates: its task list stays as it first loaded (a stale client).
    const loaded = second.waitForResponse((r) => r.url().endsWith('/tasks?status=open'));
    await second.goto(`${server.url}/#/inbox`);
    const stale = await (await loaded).text();
    await second.route('**/tasks?status=open', (route) =>
      route.fulfill({ contentType: 'application/json', body: stale }),
    );
    await third.goto(`${server.url}/#/inbox`);

    const mine = first.getByRole('article', { name: 'Review expense claim' }).first();
    const id = await mine.getByRole('heading').getAttribute('id');
    const theirs = second.locator(`article[aria-labelledby="${id}"]`);
    const erins = third.locator(`article[aria-labelledby="${id}"]`);
    await theirs.waitFor();
    await erins.getByLabel('notes').fill('half-typed');
    await mine.getByRole('radio', { name: 'no' }).check();
    await mine.getByRole('button', { name: 'Reject' }).click(); // its confirm prompt is accepted
    await mine.getByText('Completed: Reject.').waitFor();

    await theirs.getByRole('radio', { name: 'yes' }).check();
    await theirs.getByRole('button', { name: 'Approve' }).click();
    await theirs.getByRole('alert').filter({ hasText: '409 Conflict' }).waitFor();
    expect(await theirs.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
    await second.screenshot({ path: screenshotPath('08-task-conflict') });

    // erin's live page keeps her card (she had typed into it), closed, with a note.
    await erins.getByText('This task is no longer open').waitFor();
    expect(await erins.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
    await erins.getByRole('button', { name: 'Dismiss' }).click();
    expect(await erins.count()).toBe(0);
  });

  it('puts an entity event on the bus from the Events form and lists it', async () => {
    const page = await pageAs('alice', 'clerk');
    await page.goto(`${server.url}/#/events`);
    const form = page.getByRole('form', { name: 'Entity event' });
    await form.getByLabel('Event').selectOption('EntityCreated');
    await form.getByLabel('Entity').fill('ReturnRequest');
    await form.getByLabel('Data (JSON)').fill(JSON.stringify({ order_id: crypto.randomUUID() }));
    await form.getByRole('button', { name: 'Put on the bus' }).click();
    await form.getByRole('status').getByRole('link', { name: 'return_request' }).waitFor();
    await page.getByRole('cell', { name: 'EntityCreated' }).first().waitFor();
    await page.screenshot({ path: screenshotPath('09-events') });
  });

  it('shows the whole flow, every workflow in the sidebar with counts, and resolved param schedules', async () => {
    const page = await pageAs('alice', 'clerk');
    await page.goto(`${server.url}/#/processes/process-expense_approval`);
    const flow = page.getByRole('img', { name: 'Flow of expense_approval' });
    await flow.locator('g.node[id="s_manager_review"]').waitFor();
    // Not clipped: the picture is no taller or wider than its box shows.
    const clipped = await flow.evaluate((el) => {
      const svg = el.querySelector('svg')?.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return (
        !svg ||
        svg.bottom > box.bottom + 1 ||
        svg.right > box.right + 1 ||
        el.scrollHeight > el.clientHeight + 1
      );
    });
    expect(clipped).toBe(false);
    // Every workflow's link is on screen without scrolling, under headings that count them.
    const manifest = server.dev.rt.artifacts.manifest.workflows;
    const count = (kind: string) => manifest.filter((w) => w.kind === kind).length;
    await page
      .getByRole('heading', { name: new RegExp(`^Processes\\s*\\(${count('process')}\\)$`) })
      .waitFor();
    await page
      .getByRole('heading', { name: new RegExp(`^Schedules\\s*\\(${count('schedule')}\\)$`) })
      .waitFor();
    const links = page.getByRole('navigation', { name: 'Processes and schedules' }).getByRole('link');
    expect(await links.count()).toBe(manifest.length);
    for (const box of await Promise.all((await links.all()).map((l) => l.boundingBox())))
      expect(box && box.y + box.height).toBeLessThanOrEqual(860);
    await page.screenshot({ path: screenshotPath('10-flow-whole') });
    await page.screenshot({ path: screenshotPath('10-flow-whole-full'), fullPage: true });
    // A param(…) schedule shows the values cdk.json's dev stage gave it.
    await page.goto(`${server.url}/#/processes/schedule-warehouse_report`);
    await page
      .locator('dd', {
        hasText:
          '0 6 * * 1-5 — cron(0 6 ? * 2-6 *), Europe/London (from param(warehouse_report_cron), param(warehouse_timezone))',
      })
      .first()
      .waitFor();
    // A narrow flow keeps its caption inside the picture.
    const caption = await page
      .locator('.flow svg > text')
      .first()
      .evaluate((t) => {
        const svg = (t as SVGTextElement).ownerSVGElement?.getBoundingClientRect();
        const r = t.getBoundingClientRect();
        return svg ? r.right <= svg.right + 1 && r.left >= svg.left - 1 : false;
      });
    expect(caption).toBe(true);
    await page.screenshot({ path: screenshotPath('11-param-schedule'), fullPage: true });
  });

  it('refuses to send a required yes/no that was not answered', async () => {
    const alice = await pageAs('alice', 'clerk');
    await startReopenExpense(alice, 'Needs an explicit answer');
    const bob = await pageAs('bob', 'manager');
    await bob.goto(`${server.url}/#/inbox`);
    const card = bob.getByRole('article', { name: 'Review expense claim' }).first();
    await card.waitFor();
    expect(await card.getByRole('radio', { checked: true }).count()).toBe(0);
    const sent: string[] = [];
    bob.on('request', (r) => {
      if (r.method() === 'POST') sent.push(r.url());
    });
    await card.getByRole('button', { name: 'Approve' }).click();
    await card.getByRole('alert').filter({ hasText: 'approved is required: choose yes or no' }).waitFor();
    expect(sent).toEqual([]);
    await bob.screenshot({ path: screenshotPath('12-required-choice') });
    await card.getByRole('radio', { name: 'no' }).check();
    await card.getByRole('button', { name: 'Reject' }).click();
    await card.getByText('Completed: Reject.').waitFor();
  });

  it('stops a running execution and redrives it from the page; filters executions by process and status', async () => {
    const alice = await pageAs('alice', 'clerk');
    const arn = await startReopenExpense(alice, 'Stop and redrive');
    await alice.goto(`${server.url}/${'#/executions/'}${encodeURIComponent(arn)}`);
    await alice.getByRole('button', { name: 'Stop' }).click(); // its confirm prompt is accepted
    await alice.locator('dt:text-is("Status") + dd .badge', { hasText: 'ABORTED' }).waitFor();
    expect(await executionStatus(arn)).toBe('ABORTED');
    await alice.screenshot({ path: screenshotPath('13-stopped'), fullPage: true });
    await alice.getByRole('button', { name: 'Redrive' }).click();
    // The same execution runs on from rerun_approval: a second approval run starts (which its
    // overlap lock skips, since the stopped first one still holds it, as in AWS until the lease ends).
    await alice.locator('dt:text-is("Redriven") + dd', { hasText: '1×' }).waitFor();
    await alice.locator('dt:text-is("Status") + dd .badge', { hasText: 'SUCCEEDED' }).waitFor();
    expect(await alice.getByRole('cell', { name: 'rerun_approval', exact: true }).count()).toBe(2);
    expect(await executionStatus(arn)).toBe('SUCCEEDED');
    await alice.screenshot({ path: screenshotPath('14-redriven'), fullPage: true });

    // Filters, kept in the address.
    await alice.goto(`${server.url}/#/executions?process=reopen_expense&status=SUCCEEDED`);
    const rows = alice.locator('table.executions tbody tr');
    await rows.first().waitFor();
    expect(await alice.locator('#filter-process').inputValue()).toBe('reopen_expense');
    expect(await alice.locator('#filter-status').inputValue()).toBe('SUCCEEDED');
    for (const text of await rows.allInnerTexts()) expect(text).toMatch(/^reopen_expense\s[\s\S]*SUCCEEDED/);
    expect(await rows.locator(`a[title="${arn.split(':').at(-1)}"]`).count()).toBe(1);
    await alice.locator('#filter-status').selectOption('FAILED');
    expect(alice.url()).toMatch(/#\/executions\?process=reopen_expense&status=FAILED$/);
    expect(await rows.locator(`a[title="${arn.split(':').at(-1)}"]`).count()).toBe(0);
    // An empty filtered list says the filters hide the executions, not that there are none.
    await alice.getByText(/^None of the \d+ executions matches these filters\.$/).waitFor();
    await alice.screenshot({ path: screenshotPath('15-filtered') });
    // A filter changed on the page stays changed when the list refreshes (the address's first
    // value is taken once, not again on every refresh).
    await alice.locator('#filter-process').selectOption('');
    const empty = alice.getByText(/^None of the \d+ executions matches these filters\.$/);
    const before = await empty.textContent();
    const started = await fetch(`${server.url}/processes/reopen_expense/executions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dev-user': 'alice', 'x-dev-roles': 'clerk' },
      body: JSON.stringify({
        input: { expense_id: randomUUID(), submitter_id: randomUUID(), amount: 10, reason: 'refresh check' },
      }),
    });
    expect(started.status).toBe(202);
    // The list refreshed with the new execution(s) counted.
    await alice.waitForFunction(
      (text) => document.querySelector('section p.muted:not([hidden])')?.textContent !== text,
      before,
    );
    expect(await alice.locator('#filter-process').inputValue()).toBe('');
  });

  it('can be driven from the keyboard', async () => {
    const page = await pageAs('alice', 'clerk');
    await page.goto(`${server.url}/#/processes`);
    await page.reload(); // a fresh load: nothing focused yet
    await page.keyboard.press('Tab'); // the skip link comes first
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.getByRole('link', { name: /^Executions/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Executions', level: 1 }).waitFor();
    expect(page.url()).toMatch(/#\/executions$/);
  });
});
