import { TabExemptions } from '../../../../src/background/webrtc/tab-exemptions';

function setup() {
  const exemptions = new TabExemptions();
  let removed: (tabId: number) => void = () => undefined;
  let updated: (tabId: number, changeInfo: { url?: string }) => void = () => undefined;
  exemptions.listen({
    onRemoved: { addListener: (listener) => (removed = listener) },
    onUpdated: { addListener: (listener) => (updated = listener) },
  });
  return {
    exemptions,
    removed: (tabId: number) => removed(tabId),
    updated: (tabId: number, url?: string) => updated(tabId, url === undefined ? {} : { url }),
  };
}

const ids = (exemptions: TabExemptions) => [...exemptions.tabs];

describe('TabExemptions', () => {
  it('exempts a tab in the live set the routing holds, once', () => {
    const { exemptions } = setup();
    const live = exemptions.tabs;
    exemptions.exempt(7, 'https://meet.example.com/room');
    exemptions.exempt(7, 'https://meet.example.com/other-room');
    expect([...live]).toEqual([7]);
    expect(exemptions.tabs).toBe(live);
  });

  it('drops a tab when it closes', () => {
    const { exemptions, removed } = setup();
    exemptions.exempt(7, 'https://meet.example.com/');
    exemptions.exempt(8, 'https://call.example.org/');
    removed(7);
    removed(99);
    expect(ids(exemptions)).toEqual([8]);
  });

  it('keeps a tab that reloads or moves within the same host', () => {
    const { exemptions, updated } = setup();
    exemptions.exempt(7, 'https://meet.example.com/room');
    updated(7, 'https://meet.example.com:443/another?x=1#y');
    updated(7);
    expect(ids(exemptions)).toEqual([7]);
  });

  it('drops a tab that goes to another host, even a sibling one', () => {
    const { exemptions, updated } = setup();
    exemptions.exempt(7, 'https://meet.example.com/room');
    exemptions.exempt(8, 'https://meet.example.com/room');
    updated(7, 'https://example.com/');
    updated(8, 'https://news.example.net/');
    expect(ids(exemptions)).toEqual([]);
  });

  it('ends the exemption at the first top-level request to another host, before it is routed', () => {
    const { exemptions } = setup();
    exemptions.exempt(7, 'https://meet.example.com/room');
    exemptions.checkNavigation({ tabId: 7, url: 'https://cdn.other.net/lib.js', type: 'script' });
    exemptions.checkNavigation({ tabId: 7, url: 'https://meet.example.com/room', type: 'main_frame' });
    exemptions.checkNavigation({ tabId: 8, url: 'https://news.example.net/', type: 'main_frame' });
    expect(ids(exemptions)).toEqual([7]);
    exemptions.checkNavigation({ tabId: 7, url: 'https://news.example.net/', type: 'main_frame' });
    expect(ids(exemptions)).toEqual([]);
  });

  it('clears every tab when the proxy turns off, and clears nothing harmlessly', () => {
    const { exemptions } = setup();
    exemptions.clear();
    exemptions.exempt(7, 'https://meet.example.com/');
    exemptions.exempt(8, 'https://call.example.org/');
    exemptions.clear();
    expect(ids(exemptions)).toEqual([]);
  });

  it('exempts the same tab again on a new host', () => {
    const { exemptions, updated } = setup();
    exemptions.exempt(7, 'https://meet.example.com/');
    exemptions.exempt(7, 'https://call.example.org/');
    updated(7, 'https://call.example.org/next');
    expect(ids(exemptions)).toEqual([7]);
  });
});
