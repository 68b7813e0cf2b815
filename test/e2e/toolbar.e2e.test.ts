/**
 * The toolbar button is the user's only sight of the proxy's state, so it must sit in the toolbar, not in the
 * Extensions (puzzle) panel where Firefox 153 puts add-on buttons unless the manifest asks otherwise. Both flavours
 * share the manifest's `browser_action`, so each is checked.
 */
import { ADDON_ID, ADDON_UUID, builtAddon } from './addon-under-test';
import { pollUntil } from './harness/poll';
import { type FirefoxSession, launchFirefox } from './harness/session';

jest.setTimeout(60_000);

/**
 * Firefox names a browser action's widget after the add-on id, lower-cased with every character outside
 * [a-z0-9_-] replaced by "_", then "-browser-action" (ext-browserAction.js, makeWidgetId).
 */
const WIDGET_ID = 'secure-proxy_mozilla_com-browser-action';

interface Placement {
  area: string;
  position: number;
}

/**
 * Where CustomizableUI placed the widget, read from the privileged page. The widget is created a moment after the
 * add-on starts, so null (not placed yet) is polled away. Firefox 153 serves the module from moz-src:, no longer
 * from resource:///modules/.
 */
function placementOf(firefox: FirefoxSession): Promise<Placement> {
  const expression = `(() => {
    const { CustomizableUI } = ChromeUtils.importESModule('moz-src:///browser/components/customizableui/CustomizableUI.sys.mjs');
    return CustomizableUI.getPlacementOfWidget(${JSON.stringify(WIDGET_ID)});
  })()`;
  return pollUntil(async () => (await firefox.evaluatePrivileged<Placement | null>(expression)) ?? undefined, {
    timeoutMs: 10_000,
    intervalMs: 100,
    description: `a placement for ${WIDGET_ID}`,
  });
}

describe.each(['dist', 'dist-standard'] as const)('the toolbar button of %s in Firefox ESR', (outputDir) => {
  let firefox: FirefoxSession | undefined;

  afterEach(async () => {
    await firefox?.close();
    firefox = undefined;
  });

  it('is placed in the navigation toolbar on install, not in the Extensions panel', async () => {
    firefox = await launchFirefox({ addonDir: builtAddon(outputDir).dir, addonId: ADDON_ID, addonUuid: ADDON_UUID });
    const placement = await placementOf(firefox);
    expect(placement.area).toBe('nav-bar');
    // And the button is really in that toolbar in the open window, where the user sees it.
    const toolbarOfNode = await firefox.evaluatePrivileged<string | null>(`(() => {
      const win = Services.wm.getMostRecentWindow('navigator:browser');
      return win.document.getElementById(${JSON.stringify(WIDGET_ID)})?.closest('toolbar')?.id ?? null;
    })()`);
    expect(toolbarOfNode).toBe('nav-bar');
  });
});
