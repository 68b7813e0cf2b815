/**
 * A page that keeps asking its own origin for `/tick/<n>`, to see how requests are routed over time (the reload
 * gap, start-up after a reload). Each request notes when it was sent, when it was answered, and whether it came
 * through the proxy or went direct (the origin's `x-via-proxy` header says), or was refused (by the proxy, a 407
 * without that header, or a network error).
 *
 * The requests come from a worker, in `loops` chains of one request after another: no timers, which Firefox slows
 * to one a second in a tab that is not selected, and a pace set only by how fast requests are answered.
 */
import type { Page } from 'puppeteer-core';
import type { FirefoxSession } from './session';

export type TickResult = 'proxy' | 'direct' | 'refused';

export interface Tick {
  sentAt: number;
  answeredAt: number;
  result: TickResult;
}

export async function startTicker(firefox: FirefoxSession, pageUrl: string, loops = 2): Promise<Page> {
  const page = await firefox.browser.newPage();
  await page.goto(pageUrl, { timeout: 30_000 });
  await page.evaluate(`(() => {
    const code = \`
      let n = 0;
      let running = true;
      onmessage = () => { running = false; };
      const loop = async () => {
        while (running) {
          const i = n++;
          const sentAt = Date.now();
          let result = 'refused';
          try {
            const response = await fetch(\${JSON.stringify(location.origin)} + '/tick/' + i, { cache: 'no-store' });
            // The origin says how it was reached; an answer without its header is the proxy's own refusal.
            const via = response.headers.get('x-via-proxy');
            result = via === 'true' ? 'proxy' : via === 'false' ? 'direct' : 'refused';
          } catch {}
          postMessage([i, { sentAt, answeredAt: Date.now(), result }]);
        }
      };
      for (let k = 0; k < ${String(loops)}; k += 1) loop();
    \`;
    window.ticks = [];
    window.ticker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    window.ticker.onmessage = ({ data: [i, tick] }) => { window.ticks[i] = tick; };
  })()`);
  return page;
}

/**
 * The ticks so far from the `from`th on, in the order sent; null for one not answered yet. Read only what is needed:
 * a busy page answers a long poll of the whole list slowly.
 */
export async function ticksOf(page: Page, from = 0): Promise<(Tick | null)[]> {
  const raw = await page.evaluate(`JSON.stringify(window.ticks.slice(${String(from)}))`);
  return JSON.parse(String(raw)) as (Tick | null)[];
}

export async function stopTicker(page: Page): Promise<void> {
  await page.evaluate('window.ticker.postMessage("stop")');
}
