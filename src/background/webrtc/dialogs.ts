/**
 * Which webRTC dialog each tab may show, and which answers count.
 *
 * The content script runs in every frame, but a tab shows at most one dialog per page: a frame that sees a peer
 * connection reports it (`seen`), and the background opens the tab's dialog in its top frame. The top frame is the
 * only place the dialog can watch the elements it sits in, so a page cannot hide it in a transparent frame; and an
 * iframe widget plus its page give one dialog, one answer, one event.
 *
 * Each dialog carries an id the background gave it. An answer counts only if its id is the tab's current dialog,
 * that dialog is still unanswered, and the proxy is on in the same "on" period that opened it. So:
 * - a dialog left in a page from an earlier "on" period, or answered while off, is refused (the period's dialogs
 *   are forgotten whenever the proxy turns on or off, and the unanswered ones are told to close);
 * - a second answer to the same dialog (a double click, a forged resend) is refused;
 * - a page that loads again (a reload or a new page in the tab) starts afresh: its first peer connection opens a
 *   new dialog, and the old page's dialog can no longer answer.
 */

import type { WebRtcClose } from '../../shared/protocol';

/** `browser.tabs.sendMessage` to the tab's top frame; a tab that cannot hear it has no dialog to close. */
export type CloseDialog = (tabId: number, message: WebRtcClose) => Promise<unknown>;

export interface DialogTabEvents {
  onRemoved: { addListener(listener: (tabId: number) => void): void };
  onUpdated: { addListener(listener: (tabId: number, changeInfo: { status?: string }) => void): void };
}

interface OpenDialog {
  id: string;
  answered: boolean;
}

export class WebRtcDialogs {
  private on = false;
  /** Counts "on" periods; part of each id, so ids never repeat across periods. */
  private period = 0;
  private opened = 0;
  private readonly dialogs = new Map<number, OpenDialog>();

  constructor(private readonly closeDialog: CloseDialog = () => Promise.resolve()) {}

  /**
   * Called with every state: a change between on and off starts a new period and forgets every dialog. The
   * unanswered ones are told to close, since no answer to them can count any more; an answered one shows only its
   * outcome, which stays true.
   */
  setOn(on: boolean): void {
    if (on === this.on) return;
    this.on = on;
    this.period += 1;
    for (const [tabId, dialog] of this.dialogs) {
      if (!dialog.answered) this.closeDialog(tabId, { type: 'webrtc.close', dialog: dialog.id }).catch(() => undefined);
    }
    this.dialogs.clear();
  }

  /**
   * A frame of `tabId` saw its first peer connection. Returns the id of a dialog to open in the tab's top frame, or
   * undefined when none is due: the proxy is off, or the tab's page already has its dialog.
   */
  seen(tabId: number): string | undefined {
    if (!this.on || this.dialogs.has(tabId)) return undefined;
    this.opened += 1;
    const id = `${String(this.period)}.${String(this.opened)}`;
    this.dialogs.set(tabId, { id, answered: false });
    return id;
  }

  /** The dialog could not be shown (no content script in the top frame): a later connection may try again. */
  notShown(tabId: number, id: string): void {
    if (this.dialogs.get(tabId)?.id === id) this.dialogs.delete(tabId);
  }

  /** Takes the one answer of dialog `id` in `tabId`; false when it does not count (see the file comment). */
  answer(tabId: number, id: string): boolean {
    const dialog = this.dialogs.get(tabId);
    if (!this.on || dialog?.id !== id || dialog.answered) return false;
    dialog.answered = true;
    return true;
  }

  listen(tabs: DialogTabEvents): void {
    tabs.onRemoved.addListener((tabId) => this.dialogs.delete(tabId));
    // "loading" is the tab's top-level page starting to load: a reload or another page, whose dialog is its own.
    tabs.onUpdated.addListener((tabId, changeInfo) => {
      if (changeInfo.status === 'loading') this.dialogs.delete(tabId);
    });
  }
}
