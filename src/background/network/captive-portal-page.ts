/**
 * Firefox's captive portal check address, read with the surroundings at start-up (Firefox may have none). While a
 * portal is locked the routing lets this one address through directly, and the popup's button opens it in a tab.
 */
export class CaptivePortalPage {
  private checkUrl: string | undefined;

  constructor(private readonly openTab: (url: string) => Promise<unknown>) {}

  url(): string | undefined {
    return this.checkUrl;
  }

  /** What the surroundings said at start-up. */
  found(url: string | undefined): void {
    this.checkUrl = url;
  }

  async open(): Promise<void> {
    if (this.checkUrl === undefined) throw new Error('Firefox has no captive portal address');
    await this.openTab(this.checkUrl);
  }
}
