/**
 * Origin Telemetry end to end: in real Firefox, "Turn off the proxy for this tab" on a listed site is recorded in
 * today's vector, the inspector shows it, "Send due reports now" loads the DAP chunk and sends one report per metric
 * to the local Leader, and collecting the day from the Leader and Helper gives exactly that site's count 1.
 */
import type { Page } from 'puppeteer-core';
import { DWELL_MS } from '../../src/content/webrtc/click-guard';
import type { OriginTelemetrySnapshot } from '../../src/shared/protocol';
import { sendFromPage } from './addon-under-test';
import { pollUntil } from './harness/poll';
import { E2E_DAP_TASKS, LISTED_SITE_HOST, ORIGIN_HOST } from './local-stack';
import { useStackSession, waitForState } from './stack-session';

jest.setTimeout(90_000);

const session = useStackSession({ 'network.dns.localDomains': `${ORIGIN_HOST},${LISTED_SITE_HOST}` });

async function originSnapshot(settings: Page): Promise<OriginTelemetrySnapshot> {
  const reply = await sendFromPage<'originTelemetry.inspect'>(settings, { type: 'originTelemetry.inspect' });
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}

/**
 * How many times the background page has loaded the DAP client: webpack's JSONP loader pushes each lazily loaded
 * chunk onto this global, under its name (webpack.config.js). The DAP client must not load at start-up; oauth4webapi,
 * the other lazy chunk, loads whenever the accounts server is first contacted.
 */
const dapClientLoads = async (page: Page) =>
  Number(
    await page.evaluate(
      `(browser.extension.getBackgroundPage().webpackChunksecure_proxy ?? [])
        .flatMap(([chunkIds]) => chunkIds).filter((id) => id === 'dap-client').length`,
    ),
  );

const textOf = async (page: Page, selector: string) =>
  String(await page.evaluate(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''`));

describe('Origin Telemetry', () => {
  it('counts "Turn off the proxy for this tab" on a listed site exactly once, through the Leader and Helper', async () => {
    const { stack, firefox, settings } = session;
    expect(await sendFromPage(settings, { type: 'auth.signIn' })).toMatchObject({ ok: true });
    await waitForState(settings, 'active');

    const page = await firefox.openPage(`http://${LISTED_SITE_HOST}:${String(stack.origin.port)}/call`);
    await page.evaluate('window.call = new RTCPeerConnection({ iceServers: [] })');
    await pollUntil(
      async () =>
        (await page.evaluate('document.querySelector("[data-secure-proxy-webrtc]") !== null')) ? true : undefined,
      { timeoutMs: 10_000, description: 'the webRTC dialog' },
    );
    // Answered once the dialog has been in view for its dwell, as a user does: earlier keys do not count.
    await new Promise((resolve) => setTimeout(resolve, DWELL_MS + 300));
    // Tab cycles from "Keep the proxy on" (focused) round to "Turn off the proxy for this tab".
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const exempt = await pollUntil(
      async () => {
        const metric = (await originSnapshot(settings)).metrics.find((m) => m.name === 'secure_proxy.webrtc_exempt');
        return metric?.today?.includes(1) ? metric : undefined;
      },
      { timeoutMs: 10_000, description: "today's secure_proxy.webrtc_exempt vector" },
    );
    // Closed before anything else loads in it: the tab now goes direct, and only the proxy knows this host.
    await page.close();
    expect(exempt.origins.filter((_, slot) => exempt.today?.[slot] === 1)).toEqual([LISTED_SITE_HOST]);

    // The inspector, folded under "Show telemetry data", shows the local vector; its button sends the reports.
    await settings.click('#inspector > summary');
    await settings.click('#inspector-refresh');
    await pollUntil(
      async () =>
        (await textOf(settings, '#origin-metrics [data-metric="secure_proxy.webrtc_exempt"]')).includes(
          LISTED_SITE_HOST,
        )
          ? true
          : undefined,
      { timeoutMs: 5_000, description: 'the inspector to list the site' },
    );
    expect(stack.dap.uploads()).toEqual([]);
    expect(await dapClientLoads(settings)).toBe(0);
    await settings.click('#origin-send-now');
    const message = await pollUntil(async () => (await textOf(settings, '#origin-message')) || undefined, {
      timeoutMs: 30_000,
      description: 'the send outcome',
    });
    expect(message).toBe('Reports sent: 3, failed: 0. Nothing more is recorded today.');
    expect(stack.dap.uploads().map((upload) => upload.status)).toEqual([200, 200, 200]);
    expect(await dapClientLoads(settings)).toBe(1);

    const today = new Date().toISOString().slice(0, 10);
    const collection = await stack.dap.collect(E2E_DAP_TASKS['secure_proxy.webrtc_exempt'], today);
    expect([collection.reports, collection.rejected]).toEqual([1, 0]);
    expect(Object.entries(collection.counts).filter(([, count]) => count !== 0)).toEqual([[LISTED_SITE_HOST, 1]]);
    // The other metrics sent their zeros: one report each, nothing counted.
    const ignore = await stack.dap.collect(E2E_DAP_TASKS['secure_proxy.webrtc_ignore'], today);
    expect([ignore.reports, Object.values(ignore.counts).filter((count) => count !== 0)]).toEqual([1, []]);
    const sends = (await originSnapshot(settings)).metrics.map((metric) => metric.lastSend);
    expect(sends.map((send) => send?.outcome)).toEqual(['sent', 'sent', 'sent']);
    // The client's cost in Firefox, for the benchmark notes in docs/origin-telemetry.md.
    console.log(`shard + seal in Firefox: ${sends.map((send) => `${(send?.sealMs ?? NaN).toFixed(1)} ms`).join(', ')}`);
  });
});
