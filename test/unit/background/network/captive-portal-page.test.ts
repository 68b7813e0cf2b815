import { CaptivePortalPage } from '../../../../src/background/network/captive-portal-page';

function setup() {
  const opened: string[] = [];
  const page = new CaptivePortalPage((url) => Promise.resolve(void opened.push(url)));
  return { page, opened };
}

describe('CaptivePortalPage', () => {
  it('knows no address and opens nothing before the surroundings are read', async () => {
    const { page, opened } = setup();
    expect(page.url()).toBeUndefined();
    await expect(page.open()).rejects.toThrow('Firefox has no captive portal address');
    expect(opened).toEqual([]);
  });

  it('opens the address Firefox gave at start-up', async () => {
    const { page, opened } = setup();
    page.found('http://detectportal.example/canonical.html');
    expect(page.url()).toBe('http://detectportal.example/canonical.html');
    await page.open();
    expect(opened).toEqual(['http://detectportal.example/canonical.html']);
  });

  it('refuses to open a tab when Firefox has no captive portal service', async () => {
    const { page, opened } = setup();
    page.found(undefined);
    await expect(page.open()).rejects.toThrow('Firefox has no captive portal address');
    expect(opened).toEqual([]);
  });
});
