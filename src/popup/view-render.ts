import { t } from '../shared/i18n';
import { retryText } from './retry-countdown';
import type { ViewModel } from './view-model';

function element<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Replaces the content of `container` with the view for `model`. Text goes in through textContent only, so nothing
 * from a snapshot is ever parsed as HTML. Buttons carry `data-action`; controls.ts listens on the container.
 */
export function renderView(container: HTMLElement, model: ViewModel, now: number): void {
  const doc = container.ownerDocument;
  const section = element(doc, 'section');
  section.className = 'view';
  section.dataset.view = model.id;
  section.dataset.tone = model.tone;
  if (model.signInFailure !== undefined) section.dataset.signInFailure = model.signInFailure;
  section.setAttribute('aria-labelledby', 'view-title');

  const title = element(doc, 'h2', t(model.titleKey));
  title.id = 'view-title';
  section.append(title);
  for (const key of model.bodyKeys) section.append(element(doc, 'p', t(key)));
  if (model.stepKeys.length > 0) {
    const steps = element(doc, 'ol');
    steps.className = 'steps';
    for (const key of model.stepKeys) steps.append(element(doc, 'li', t(key)));
    section.append(steps);
  }
  if (model.retryAt !== undefined) {
    const retry = element(doc, 'p', retryText(model.retryAt, now));
    retry.className = 'retry';
    retry.dataset.retryAt = String(model.retryAt);
    section.append(retry);
  }
  if (model.privateWindowsUnprotected) {
    const warning = element(doc, 'p', t('privateWindowsUnprotected'));
    warning.className = 'private-warning';
    section.append(warning);
  }
  if (model.action) {
    const button = element(doc, 'button', t(model.action.labelKey));
    button.type = 'button';
    // turnOn/turnOff are the large state button; the others fix the state they appear in.
    button.className =
      model.action.kind === 'turnOn' || model.action.kind === 'turnOff' ? 'state-button' : 'action-button';
    button.dataset.action = model.action.kind;
    section.append(button);
  }
  container.replaceChildren(section);
}

/** Refreshes the countdown in place: rebuilding the view every second would steal keyboard focus. */
export function updateRetry(container: HTMLElement, now: number): void {
  const retry = container.querySelector<HTMLElement>('.retry[data-retry-at]');
  if (retry) retry.textContent = retryText(Number(retry.dataset.retryAt), now);
}

export function renderToggle(toggle: HTMLElement, position: ViewModel['toggle']): void {
  // The switch has no visible text; its name says what it switches, aria-checked says which way.
  toggle.setAttribute('aria-label', t('popupToggleLabel'));
  toggle.hidden = position === 'hidden';
  toggle.setAttribute('aria-checked', String(position === 'on'));
}

/** `email` is undefined while signed out, and empty for an account whose identity provider gives no email. */
export function renderAccount(account: HTMLElement, email: string | undefined): void {
  account.hidden = email === undefined;
  account.textContent = email === undefined ? '' : email === '' ? t('popupSignedIn') : t('popupSignedInAs', email);
}
