/**
 * Clickjacking defence for the webRTC dialog: a click counts only once the dialog has been visible, and unmoved,
 * for DWELL_MS without a break.
 *
 * The page owns everything around the dialog. It cannot reach into the closed shadow root, but it can move the
 * host, wrap it in a transparent container, make the root element transparent with a style sheet, cover it with
 * an element of its own, or show it only at the moment the user is about to click something else there. Each of
 * those either changes what `lookAt` sees, which restarts the dwell, or makes `lookAt` say "not visible", which
 * refuses the click. The dwell gives the user time to see what they are about to click.
 *
 * Three watchers, because none covers everything on its own:
 * - a MutationObserver on the host and each of its ancestors (attributes: style, class, hidden...) and on the
 *   children of the host's parent (removal, re-parenting, an element added after it), for changes made through
 *   the DOM, acted on at once;
 * - a check on every animation frame, for what a style sheet or a resize changes without touching an attribute;
 * - a check at the click itself, so a change made just before the click counts even if no frame ran since.
 * A removed or re-parented host is put back where it belongs (last child of the root element), restarting the
 * dwell, so the page can neither hide the dialog nor dismiss it.
 */

/** Long enough to see and read two buttons, short enough not to be noticed by someone reading the dialog. */
export const DWELL_MS = 500;
/**
 * How often the guard puts the host back. A page (or another add-on doing the same) that keeps moving it must not
 * make the two loop forever; after this many, the host stays where it was put, and `lookAt` refuses every click
 * until it is the root element's last child again.
 */
export const MAX_RESTORES = 20;

export interface GuardClock {
  now(): number;
  /** Runs `callback` on every animation frame until the returned function is called. */
  everyFrame(callback: () => void): () => void;
}

export const animationFrameClock = (win: Window): GuardClock => ({
  now: () => win.performance.now(),
  everyFrame(callback) {
    let frame = 0;
    const tick = (): void => {
      callback();
      frame = win.requestAnimationFrame(tick);
    };
    frame = win.requestAnimationFrame(tick);
    return () => win.cancelAnimationFrame(frame);
  },
});

/**
 * What can hide, fade, distort or blend an element and everything in it. An engine that does not compute a
 * property (jsdom) leaves it empty, which stands for its initial value.
 */
function hides(style: CSSStyleDeclaration): boolean {
  const opacity = style.opacity === '' ? 1 : Number(style.opacity);
  const unset = (value: string, initial: string) => value !== '' && value !== initial;
  return (
    !(opacity >= 1) ||
    style.visibility === 'hidden' ||
    style.visibility === 'collapse' ||
    style.display === 'none' ||
    unset(style.filter, 'none') ||
    unset(style.transform, 'none') ||
    unset(style.clipPath, 'none') ||
    unset(style.maskImage, 'none') ||
    unset(style.mixBlendMode, 'normal')
  );
}

/**
 * The host's place and look now, as a string to compare, or undefined when the user may not be seeing it as we
 * drew it: hidden or faded by an ancestor, not the last child of the root element (something may be drawn over
 * it), under an element in the top layer (a modal dialog, a popover, full screen), or in a tab in the background.
 */
export function lookAt(host: HTMLElement): string | undefined {
  const doc = host.ownerDocument;
  const view = doc.defaultView;
  if (view === null || doc.visibilityState !== 'visible') return undefined;
  if (host.parentElement !== doc.documentElement || doc.documentElement.lastElementChild !== host) return undefined;
  if (doc.fullscreenElement instanceof Element || doc.querySelector(':modal, :popover-open') !== null) return undefined;
  for (let element: Element | null = host; element !== null; element = element.parentElement) {
    if (hides(view.getComputedStyle(element))) return undefined;
  }
  const { left, top, width, height } = host.getBoundingClientRect();
  return `${String(left)},${String(top)},${String(width)},${String(height)}`;
}

export class ClickGuard {
  private seen: string | undefined;
  /** When the dialog was last seen to appear or change; undefined while it is not visible. */
  private since: number | undefined;
  private readonly observer: MutationObserver;
  private readonly stopFrames: () => void;
  private readonly onVisibility = (): void => this.restart();
  private disposed = false;
  private restores = 0;

  constructor(
    private readonly host: HTMLElement,
    private readonly clock: GuardClock,
    /** After the guard put the host back: the dialog takes focus again. */
    private readonly onRestored: () => void = () => undefined,
    private readonly look: (host: HTMLElement) => string | undefined = lookAt,
  ) {
    const doc = host.ownerDocument;
    this.observer = new MutationObserver(() => this.changed());
    this.watch();
    this.stopFrames = clock.everyFrame(() => this.check());
    doc.addEventListener('visibilitychange', this.onVisibility);
    this.restart();
  }

  /** Whether a click now counts: the dialog is visible as it has been, without a break, for DWELL_MS. */
  allows(): boolean {
    this.check();
    return this.since !== undefined && this.clock.now() - this.since >= DWELL_MS;
  }

  dispose(): void {
    this.disposed = true;
    this.observer.disconnect();
    this.stopFrames();
    this.host.ownerDocument.removeEventListener('visibilitychange', this.onVisibility);
  }

  private watch(): void {
    this.observer.disconnect();
    const parent = this.host.parentNode ?? this.host.ownerDocument.documentElement;
    // One call per node: observing a node again replaces its options rather than adding to them.
    for (let element: Element | null = this.host; element !== null; element = element.parentElement) {
      this.observer.observe(element, { attributes: true, childList: element === parent });
    }
    if (parent !== this.host.parentElement) this.observer.observe(parent, { childList: true });
  }

  private changed(): void {
    if (this.disposed) return;
    const root = this.host.ownerDocument.documentElement;
    const misplaced = this.host.parentElement !== root || root.lastElementChild !== this.host;
    if (misplaced && this.restores < MAX_RESTORES) {
      this.restores += 1;
      // Re-parented, removed, or something added after it: back on top, where nothing of the page covers it.
      root.append(this.host);
      this.onRestored();
    }
    this.watch();
    // The observer's own records of the move above arrive once more and restart the dwell again: harmless.
    this.restart();
  }

  private restart(): void {
    this.seen = this.look(this.host);
    this.since = this.seen === undefined ? undefined : this.clock.now();
  }

  private check(): void {
    const seen = this.look(this.host);
    if (seen !== this.seen) {
      this.seen = seen;
      this.since = seen === undefined ? undefined : this.clock.now();
    }
  }
}
