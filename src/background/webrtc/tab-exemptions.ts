/**
 * Tabs the user sent direct from the webRTC dialog ("Turn off the proxy for this tab").
 *
 * The routing reads `tabs`, the very Set this class mutates, so a change applies to the next request at once.
 * Nothing else is derived from it (the state snapshot does not carry it, and the dialog's reload offer is the
 * content script's own), so a change calls no one back: in particular not the state effects, which call `clear()`.
 *
 * An exemption lasts until the tab closes or leaves the site. "The site" is the hostname of the page the user
 * answered on: a reload or a link within the same host keeps the exemption, any other host ends it, so a call page
 * the user trusted does not silently take the next website they visit in that tab out of the proxy. (Hostnames,
 * not registrable domains: telling `meet.example.com` from `example.com` apart needs a public-suffix list, and the
 * stricter choice only costs the user another answer.)
 */
import { hostOf } from '../routing/address';

export interface TabEvents {
  onRemoved: { addListener(listener: (tabId: number) => void): void };
  onUpdated: { addListener(listener: (tabId: number, changeInfo: { url?: string }) => void): void };
}

/** The facts of a request that proxy.onRequest is about to decide. */
export interface RequestToRoute {
  tabId: number;
  url: string;
  type: string;
}

export class TabExemptions {
  private readonly tabIds = new Set<number>();
  /** The exempt tab ids, live: the routing keeps this reference and sees every change. */
  readonly tabs: ReadonlySet<number> = this.tabIds;
  /** The hostname each exempt tab was exempted on. */
  private readonly hosts = new Map<number, string>();

  exempt(tabId: number, pageUrl: string): void {
    this.hosts.set(tabId, hostOf(pageUrl));
    this.tabIds.add(tabId);
  }

  /** Ends every exemption: the state effects call this when the proxy turns on or off, so each "on" starts afresh. */
  clear(): void {
    this.tabIds.clear();
    this.hosts.clear();
  }

  listen(tabs: TabEvents): void {
    tabs.onRemoved.addListener((tabId) => this.drop(tabId));
    tabs.onUpdated.addListener((tabId, changeInfo) => {
      if (changeInfo.url !== undefined) this.leaveIfOtherHost(tabId, changeInfo.url);
    });
  }

  /**
   * Call from proxy.onRequest before deciding. tabs.onUpdated reports a new URL only once the new page answered,
   * after its request was routed, and in Firefox 153 a blocking main_frame webRequest listener did not run early
   * enough either: the first request to the next site still went direct. Checking the top-level request itself ends the
   * exemption before that
   * request is routed. It costs one size check while no tab is exempt.
   */
  checkNavigation(request: RequestToRoute): void {
    if (this.tabIds.size === 0 || request.type !== 'main_frame') return;
    this.leaveIfOtherHost(request.tabId, request.url);
  }

  private leaveIfOtherHost(tabId: number, url: string): void {
    const host = this.hosts.get(tabId);
    if (host !== undefined && hostOf(url) !== host) this.drop(tabId);
  }

  private drop(tabId: number): void {
    this.hosts.delete(tabId);
    this.tabIds.delete(tabId);
  }
}
