/**
 * @jest-environment jsdom
 */
import { DWELL_MS } from '../../../../src/content/webrtc/click-guard';
import { HOST_ATTRIBUTE, showWebRtcDialog, type WebRtcDialog } from '../../../../src/content/webrtc/dialog';
import { fakeClock } from './fake-clock';
import { fakeDialogServices } from './fake-dialog-services';
import { userClick, userKey } from './trusted-event';

/** Opens the dialog; unless `dwell` is false, it has then been on screen, unmoved, for as long as a click needs. */
function open(accept?: () => Promise<boolean>, dwell = true) {
  const { services, sent } = fakeDialogServices(accept);
  const reload = jest.fn();
  const time = fakeClock();
  const dialog = showWebRtcDialog(document, services, reload, time.clock);
  opened.push(dialog);
  if (dwell) time.advance(DWELL_MS);
  const buttons = () => [...dialog.root.querySelectorAll('button')];
  const button = (label: string) => {
    const found = buttons().find((candidate) => candidate.textContent === `«${label}»`);
    if (!found)
      throw new Error(
        `no button ${label}; have ${buttons()
          .map((b) => b.textContent)
          .join(', ')}`,
      );
    return found;
  };
  const focused = () => dialog.root.activeElement?.textContent;
  return { dialog, sent, reload, buttons, button, focused, time };
}

/** Lets the background's (fake) answer arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

let current: WebRtcDialog | undefined;
/** Every dialog a test opened: each is closed after the test, so no guard outlives it. */
const opened: WebRtcDialog[] = [];
afterEach(() => {
  current?.close();
  for (const dialog of opened.splice(0)) dialog.close();
  document.body.replaceChildren();
  document.head.replaceChildren();
});

describe('the webRTC dialog', () => {
  it('is an alert dialog, modal, labelled by its heading and described by its explanation, in the UI language', () => {
    const { dialog } = open();
    current = dialog;
    const box = dialog.root.querySelector('[role="alertdialog"]')!;
    expect(box.getAttribute('aria-modal')).toBe('true');
    expect(dialog.root.getElementById(box.getAttribute('aria-labelledby')!)?.textContent).toBe('«webrtcDialogTitle»');
    expect(dialog.root.getElementById(box.getAttribute('aria-describedby')!)?.textContent).toBe('«webrtcDialogText»');
    expect(box.getAttribute('lang')).toBe('fr');
    // It says who is asking, first, so it cannot pass for the page's own.
    expect(box.firstElementChild?.textContent).toBe('«extensionName»');
  });

  it('offers the two choices as real buttons and puts focus on "Keep the proxy on"', () => {
    const { dialog, buttons, focused } = open();
    current = dialog;
    expect(buttons().map((b) => [b.textContent, b.type])).toEqual([
      ['«webrtcExemptTab»', 'button'],
      ['«webrtcKeepOn»', 'button'],
    ]);
    expect(focused()).toBe('«webrtcKeepOn»');
    // Seen from the page, focus is on the host: the dialog holds it.
    expect(document.activeElement).toBe(dialog.host);
  });

  it('keeps Tab and Shift+Tab inside the dialog', () => {
    const { dialog, focused, button } = open();
    current = dialog;
    userKey(button('webrtcKeepOn'), 'Tab');
    expect(focused()).toBe('«webrtcExemptTab»');
    userKey(button('webrtcExemptTab'), 'Tab');
    expect(focused()).toBe('«webrtcKeepOn»');
    userKey(button('webrtcKeepOn'), 'Tab', true);
    expect(focused()).toBe('«webrtcExemptTab»');
    userKey(button('webrtcExemptTab'), 'Tab', true);
    expect(focused()).toBe('«webrtcKeepOn»');
  });

  it('"Keep the proxy on" sends ignoreTab once, closes, and gives focus back to the page', () => {
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    const { dialog, sent, button } = open();
    const keep = button('webrtcKeepOn');
    userClick(keep);
    userClick(keep);
    expect(sent).toEqual(['ignoreTab']);
    expect(dialog.host.isConnected).toBe(false);
    expect(document.activeElement).toBe(input);
  });

  it('Escape means "Keep the proxy on"', () => {
    const { dialog, sent, button } = open();
    userKey(button('webrtcKeepOn'), 'Escape');
    expect(sent).toEqual(['ignoreTab']);
    expect(dialog.host.isConnected).toBe(false);
  });

  it('"Turn off the proxy for this tab" sends exemptTab once, then offers to reload', async () => {
    const { dialog, sent, reload, button, buttons, focused } = open();
    current = dialog;
    userClick(button('webrtcExemptTab'));
    userClick(button('webrtcExemptTab'));
    userClick(button('webrtcKeepOn'));
    await settle();
    expect(sent).toEqual(['exemptTab']);
    expect(dialog.root.getElementById('text')?.textContent).toBe('«webrtcExemptedText»');
    expect(buttons().map((b) => b.textContent)).toEqual(['«webrtcNotNow»', '«webrtcReload»']);
    expect(focused()).toBe('«webrtcReload»');
    userClick(button('webrtcReload'));
    expect(reload).toHaveBeenCalledTimes(1);
    expect(sent).toEqual(['exemptTab']);
  });

  it('closes the reload offer with "Not now" or Escape, without reloading', async () => {
    for (const dismiss of ['click', 'Escape']) {
      const { dialog, reload, button } = open();
      userClick(button('webrtcExemptTab'));
      await settle();
      if (dismiss === 'click') userClick(button('webrtcNotNow'));
      else userKey(button('webrtcReload'), 'Escape');
      expect(dialog.host.isConnected).toBe(false);
      expect(reload).not.toHaveBeenCalled();
    }
  });

  it('says so when the background refuses, and offers no reload', async () => {
    for (const accept of [() => Promise.resolve(false), () => Promise.reject(new Error('no background'))]) {
      const { dialog, buttons } = open(accept);
      current = dialog;
      userClick(buttons()[0]!);
      await settle();
      expect(dialog.root.getElementById('text')?.textContent).toBe('«webrtcFailed»');
      expect(buttons().map((b) => b.textContent)).toEqual(['«webrtcClose»']);
      dialog.close();
    }
  });

  it('ignores synthetic clicks and keys: a page cannot answer for the user', async () => {
    const { dialog, sent, button } = open();
    current = dialog;
    button('webrtcExemptTab').click();
    button('webrtcKeepOn').dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    dialog.host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    button('webrtcKeepOn').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await settle();
    expect(sent).toEqual([]);
    expect(dialog.host.isConnected).toBe(true);
  });
});

describe('the dialog against clickjacking', () => {
  it("ignores the user's clicks and keys until it has been on screen, unmoved, for the dwell time", async () => {
    const { dialog, sent, button, time } = open(undefined, false);
    current = dialog;
    userClick(button('webrtcExemptTab'));
    time.advance(DWELL_MS - 1);
    userClick(button('webrtcExemptTab'));
    await settle();
    expect(sent).toEqual([]);
    time.advance(1);
    userClick(button('webrtcExemptTab'));
    await settle();
    expect(sent).toEqual(['exemptTab']);
  });

  it('puts itself back and waits again when the page re-parents it into a transparent container', async () => {
    const { dialog, sent, button, time, focused } = open();
    current = dialog;
    const trap = document.createElement('div');
    trap.style.opacity = '0';
    document.body.append(trap);
    trap.append(dialog.host);
    // The click comes at once, before the observer's turn: the guard sees at click time that it was moved.
    userClick(button('webrtcExemptTab'));
    await settle();
    expect(sent).toEqual([]);
    expect(dialog.host.parentElement).toBe(document.documentElement);
    expect(focused()).toBe('«webrtcKeepOn»');
    time.advance(DWELL_MS);
    userClick(button('webrtcExemptTab'));
    await settle();
    expect(sent).toEqual(['exemptTab']);
  });

  it('waits again after the page changes a style attribute of an element it sits in', async () => {
    const { dialog, sent, button, time } = open();
    current = dialog;
    document.documentElement.style.opacity = '0';
    await settle();
    time.advance(DWELL_MS);
    // Still transparent: the dwell has not even started.
    userClick(button('webrtcExemptTab'));
    document.documentElement.style.removeProperty('opacity');
    await settle();
    // Visible again, and clicked at once: "moved under the cursor".
    userClick(button('webrtcExemptTab'));
    await settle();
    expect(sent).toEqual([]);
    time.advance(DWELL_MS);
    userClick(button('webrtcExemptTab'));
    await settle();
    expect(sent).toEqual(['exemptTab']);
    document.documentElement.removeAttribute('style');
  });

  it('stops watching when it closes, and stays closed', async () => {
    const { dialog, button, time } = open();
    userClick(button('webrtcKeepOn'));
    expect(time.running()).toBe(0);
    document.documentElement.append(document.createElement('div'));
    await settle();
    expect(dialog.host.isConnected).toBe(false);
    document.documentElement.lastElementChild?.remove();
  });
});

describe('the dialog seen from the page', () => {
  it('is a marked host whose shadow root is closed', () => {
    const { dialog } = open();
    current = dialog;
    const host = document.querySelector(`[${HOST_ATTRIBUTE}]`);
    expect(host).toBe(dialog.host);
    expect(host?.shadowRoot).toBeNull();
    expect(host?.children).toHaveLength(0);
    expect(document.querySelectorAll('button, [role="alertdialog"], #text')).toHaveLength(0);
  });

  it('hangs off the root element, not <body>', () => {
    const { dialog } = open();
    current = dialog;
    expect(dialog.host.parentElement).toBe(document.documentElement);
  });

  it('carries its own styles, and page styles do not reach into it', () => {
    const pageStyle = document.createElement('style');
    pageStyle.textContent = 'button { display: none; } h2 { color: red; } * { visibility: hidden; }';
    document.head.append(pageStyle);
    const { dialog, buttons } = open();
    current = dialog;
    expect(document.querySelectorAll('button')).toHaveLength(0);
    const ownStyle = dialog.root.querySelector('style')?.textContent ?? '';
    expect(ownStyle).toMatch(/:host\s*{\s*all: initial !important;/);
    // The page's sheet is the document's only: the dialog's own sheet is not added to the page.
    expect(document.styleSheets).toHaveLength(1);
    expect(buttons()[0]!.getAttribute('style')).toBeNull();
    // jsdom wrongly cascades document sheets into shadow trees, so computed styles are checked in real Firefox
    // (test/e2e/webrtc.e2e.test.ts), where a page's `!important` rules must not hide the dialog.
  });
});
