/**
 * @jest-environment jsdom
 */
import { ClickGuard, DWELL_MS, lookAt, MAX_RESTORES } from '../../../../src/content/webrtc/click-guard';
import { fakeClock } from './fake-clock';

/** Lets MutationObserver callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

let host: HTMLElement;
let guard: ClickGuard | undefined;
beforeEach(() => {
  host = document.createElement('secure-proxy-webrtc');
  document.documentElement.append(host);
});
afterEach(() => {
  guard?.dispose();
  host.remove();
  document.body.replaceChildren();
  document.head.replaceChildren();
  document.documentElement.removeAttribute('style');
});

describe('lookAt', () => {
  it('sees the host as the last child of the root element, in a visible page', () => {
    expect(lookAt(host)).toBe('0,0,0,0');
  });

  it('does not see it under the page, inside another element, or after another element', () => {
    const wrapper = document.createElement('div');
    document.body.append(wrapper);
    wrapper.append(host);
    expect(lookAt(host)).toBeUndefined();
    document.documentElement.append(host);
    const cover = document.createElement('div');
    document.documentElement.append(cover);
    expect(lookAt(host)).toBeUndefined();
    cover.remove();
    expect(lookAt(host)).toBe('0,0,0,0');
  });

  it.each([
    ['opacity', '0.99'],
    ['visibility', 'hidden'],
    ['filter', 'opacity(0)'],
    ['transform', 'scale(0.1)'],
    ['clip-path', 'inset(50%)'],
    ['mix-blend-mode', 'multiply'],
  ])('does not see it when an ancestor has %s: %s', (property, value) => {
    document.documentElement.style.setProperty(property, value);
    expect(lookAt(host)).toBeUndefined();
  });

  it('does not see it under an element in the top layer', () => {
    const modal = document.createElement('div');
    modal.setAttribute('popover', '');
    document.body.append(modal);
    const spy = jest.spyOn(document, 'querySelector').mockReturnValue(modal);
    expect(lookAt(host)).toBeUndefined();
    expect(spy).toHaveBeenCalledWith(':modal, :popover-open');
    spy.mockRestore();
  });
});

describe('ClickGuard', () => {
  function start(look?: (host: HTMLElement) => string | undefined) {
    const time = fakeClock();
    const restored = { count: 0 };
    guard = new ClickGuard(host, time.clock, () => void (restored.count += 1), look);
    return { time, restored, guard };
  }

  it(`allows a click only after ${String(DWELL_MS)} ms on screen`, () => {
    const { time, guard } = start();
    expect(guard.allows()).toBe(false);
    time.advance(DWELL_MS - 1);
    expect(guard.allows()).toBe(false);
    time.advance(1);
    expect(guard.allows()).toBe(true);
  });

  it('restarts the dwell when the look changes, seen on an animation frame or at the click', () => {
    let look: string | undefined = 'a';
    const { time, guard } = start(() => look);
    time.advance(DWELL_MS);
    look = 'b';
    time.frame();
    time.advance(DWELL_MS - 1);
    expect(guard.allows()).toBe(false);
    time.advance(1);
    expect(guard.allows()).toBe(true);
    // Changed with no frame in between: the click itself notices.
    look = 'c';
    expect(guard.allows()).toBe(false);
  });

  it('never allows while the host is not seen, and starts counting when it is', () => {
    let look: string | undefined = undefined;
    const { time, guard } = start(() => look);
    time.advance(10 * DWELL_MS);
    expect(guard.allows()).toBe(false);
    look = 'a';
    expect(guard.allows()).toBe(false);
    time.advance(DWELL_MS);
    expect(guard.allows()).toBe(true);
  });

  it('restarts the dwell on a change of attribute of the host or of an ancestor, even with the same look', async () => {
    const { time, guard } = start(() => 'same');
    for (const element of [host, document.documentElement]) {
      time.advance(DWELL_MS);
      expect(guard.allows()).toBe(true);
      element.setAttribute('class', 'moved');
      await settle();
      expect(guard.allows()).toBe(false);
      element.removeAttribute('class');
      await settle();
    }
  });

  it('puts a re-parented or removed host back as the last child of the root element', async () => {
    const { time, restored, guard } = start();
    const trap = document.createElement('div');
    document.body.append(trap);
    trap.append(host);
    await settle();
    expect(host.parentElement).toBe(document.documentElement);
    host.remove();
    await settle();
    expect(host.parentElement).toBe(document.documentElement);
    document.documentElement.append(document.createElement('div'));
    await settle();
    expect(document.documentElement.lastElementChild).toBe(host);
    expect(restored.count).toBe(3);
    expect(guard.allows()).toBe(false);
    time.advance(DWELL_MS);
    expect(guard.allows()).toBe(true);
  });

  it(`gives up putting the host back after ${String(MAX_RESTORES)} times, so two movers cannot loop forever`, async () => {
    const { time, restored, guard } = start();
    // A second host that wants the same place (another add-on, or a page copying us) moves back after each move.
    const rival = document.createElement('div');
    const rivalObserver = new MutationObserver(() => {
      if (document.documentElement.lastElementChild !== rival) document.documentElement.append(rival);
    });
    rivalObserver.observe(document.documentElement, { childList: true });
    document.documentElement.append(rival);
    for (let turn = 0; turn < 3 * MAX_RESTORES; turn += 1) await settle();
    rivalObserver.disconnect();
    expect(restored.count).toBe(MAX_RESTORES);
    // Not on top: no click counts, however long it waits.
    time.advance(DWELL_MS);
    expect(guard.allows()).toBe(false);
    rival.remove();
  });

  it('restarts the dwell when the tab comes back from the background', () => {
    const { time, guard } = start(() => 'same');
    time.advance(DWELL_MS);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(guard.allows()).toBe(false);
  });

  it('stops watching once disposed', async () => {
    const { time } = start();
    guard?.dispose();
    expect(time.running()).toBe(0);
    host.remove();
    await settle();
    expect(host.isConnected).toBe(false);
  });
});
