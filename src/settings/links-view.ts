import { t, type MessageKey } from '../shared/i18n';
import type { PageEvent } from '../shared/protocol';
import { objectsOf } from '../shared/telemetry/schema';

export type LinkObject = Extract<PageEvent, { method: 'settings_url_clicks' }>['object'];

const LABELS: Record<LinkObject, MessageKey> = {
  manageAccount: 'settingsLinkManageAccount',
  helpAndSupport: 'settingsLinkHelpAndSupport',
  cloudflare: 'settingsLinkCloudflare',
  privacyPolicy: 'settingsLinkPrivacyPolicy',
  termsAndConditions: 'settingsLinkTermsAndConditions',
  giveUsFeedback: 'settingsLinkGiveUsFeedback',
};

/** The order the links appear in, as the collection plan lists them. */
export const LINK_ORDER: readonly LinkObject[] = objectsOf('settings_url_clicks');

/** Accounts attributes visits to its settings page by entrypoint, as it does for sign-in flows. */
export function manageAccountUrl(settingsUrl: string): string {
  const url = new URL(settingsUrl);
  url.searchParams.set('entrypoint', 'secure-proxy');
  return url.href;
}

/**
 * The settings page's links. Each opens in a new tab and reports its click once; the report never delays or
 * blocks the navigation.
 */
export function renderLinks(
  list: Element,
  urls: Record<LinkObject, string>,
  onClick: (object: LinkObject) => void,
): void {
  list.replaceChildren(
    ...LINK_ORDER.map((object) => {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = object === 'manageAccount' ? manageAccountUrl(urls.manageAccount) : urls[object];
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.dataset.link = object;
      link.textContent = t(LABELS[object]);
      link.addEventListener('click', () => {
        onClick(object);
      });
      item.append(link);
      return item;
    }),
  );
}
