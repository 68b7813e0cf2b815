import { t } from '../shared/i18n';
import type { StateSnapshot } from '../shared/protocol';
import { type ViewModel, viewModelFor } from './view-model';
import { renderAccount, renderToggle, renderView, updateRetry } from './view-render';

export interface PopupElements {
  view: HTMLElement;
  toggle: HTMLElement;
  announce: HTMLElement;
  account: HTMLElement;
  actionError: HTMLElement;
  settings: HTMLElement;
}

/** Finds the popup's fixed elements in popup.html; a missing one is a packaging bug worth failing loudly on. */
export function findElements(doc: Document): PopupElements {
  const find = (selector: string): HTMLElement => {
    const found = doc.querySelector<HTMLElement>(selector);
    if (!found) throw new Error(`popup.html has no ${selector}`);
    return found;
  };
  return {
    view: find('#view'),
    toggle: find('#toggle'),
    announce: find('#announce'),
    account: find('#account'),
    actionError: find('#action-error'),
    settings: find('#open-settings'),
  };
}

/**
 * The page's display: draws a snapshot (or the loading error) and keeps what the user is doing intact. The view is
 * rebuilt only when the state changes, so a retry time or an email update never steals focus.
 */
export class PopupPage {
  private current: ViewModel | undefined;

  constructor(private readonly elements: PopupElements) {}

  show(snapshot: StateSnapshot | 'loadError', now: number): ViewModel {
    const model = viewModelFor(snapshot);
    const { view, toggle, announce, account, actionError } = this.elements;
    if (model.id !== this.current?.id || model.signInFailure !== this.current.signInFailure) {
      this.rebuild(model, now);
      // The live region announces the new state once; the title is already visible, this is for screen readers.
      // A failed sign-in is announced with its reason, said first in the view: the title alone does not say what
      // to do.
      const reason = model.signInFailure === undefined ? undefined : model.bodyKeys[0];
      announce.textContent = reason === undefined ? t(model.titleKey) : `${t(model.titleKey)}. ${t(reason)}`;
      actionError.hidden = true;
    } else if (model.retryAt !== this.current.retryAt) {
      const retry = view.querySelector<HTMLElement>('.retry');
      if (retry && model.retryAt !== undefined) {
        retry.dataset.retryAt = String(model.retryAt);
        this.tick(now);
      } else {
        this.rebuild(model, now);
      }
    }
    view.setAttribute('aria-busy', String(model.id === 'loading'));
    view.ownerDocument.body.dataset.state = model.id;
    // The switch's colour follows the tone, not only its position: "on" with a problem must not look all well.
    view.ownerDocument.body.dataset.tone = model.tone;
    renderToggle(toggle, model.toggle);
    renderAccount(account, snapshot === 'loadError' ? undefined : snapshot.email);
    this.current = model;
    return model;
  }

  private rebuild(model: ViewModel, now: number): void {
    const { view } = this.elements;
    const hadFocus = view.contains(view.ownerDocument.activeElement);
    renderView(view, model, now);
    // Keyboard users keep their place: the new view's button takes the focus the old one had.
    if (hadFocus) view.querySelector<HTMLElement>('[data-action]')?.focus();
  }

  /** Updates the countdown, if the view has one. */
  tick(now: number): void {
    updateRetry(this.elements.view, now);
  }

  /** Tells the user a click did not work, in an alert they will hear; the next state change clears it. */
  showActionError(): void {
    this.elements.actionError.textContent = t('popupActionFailed');
    this.elements.actionError.hidden = false;
  }
}
