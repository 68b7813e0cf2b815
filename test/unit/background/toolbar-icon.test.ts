import type { StateName } from '../../../src/shared/state-names';
import { iconFor, ToolbarIcon } from '../../../src/background/toolbar-icon';

const ICON: Record<StateName, 'on' | 'off' | 'warning'> = {
  loading: 'off',
  unauthenticated: 'off',
  authenticating: 'off',
  inactive: 'off',
  connecting: 'on',
  active: 'on',
  otherProxyInUse: 'warning',
  captivePortal: 'warning',
  offline: 'warning',
  proxyError: 'warning',
  tooManyRequests: 'warning',
  authFailure: 'warning',
};

function fakeBrowserAction() {
  return {
    setIcon: jest.fn((_details: { path: string }) => Promise.resolve()),
    setTitle: jest.fn((_details: { title: string }) => Promise.resolve()),
  };
}

describe('iconFor', () => {
  it.each(Object.entries(ICON))('shows %s as %s', (state, icon) => {
    expect(iconFor(state as StateName).path).toBe(`icons/${icon}.svg`);
  });

  it('gives every state a tooltip that says what it means', () => {
    expect(iconFor('active').titleKey).not.toBe(iconFor('inactive').titleKey);
    expect(iconFor('proxyError').titleKey).toBe('popupIconTitleWarning');
  });

  it.each(Object.entries(ICON))(
    'without the private windows permission shows %s as a warning if it was on',
    (state, icon) => {
      const choice = iconFor(state as StateName, false);
      if (icon === 'on') {
        expect(choice).toEqual({ path: 'icons/warning.svg', titleKey: 'popupIconTitlePrivateUnprotected' });
      } else {
        expect(choice).toEqual(iconFor(state as StateName));
      }
    },
  );
});

describe('ToolbarIcon', () => {
  it('turns the on icon into the private windows warning, and back, in the same state', async () => {
    const action = fakeBrowserAction();
    const icon = new ToolbarIcon(action, (key) => `msg:${key}`);
    await icon.apply('active', true);
    await icon.apply('active', false);
    await icon.apply('active', true);
    expect(action.setIcon.mock.calls).toEqual([
      [{ path: 'icons/on.svg' }],
      [{ path: 'icons/warning.svg' }],
      [{ path: 'icons/on.svg' }],
    ]);
    expect(action.setTitle.mock.calls).toEqual([
      [{ title: 'msg:popupIconTitleOn' }],
      [{ title: 'msg:popupIconTitlePrivateUnprotected' }],
      [{ title: 'msg:popupIconTitleOn' }],
    ]);
  });

  it('sets the icon and the localized title', async () => {
    const action = fakeBrowserAction();
    await new ToolbarIcon(action, (key) => `msg:${key}`).apply('active');
    expect(action.setIcon.mock.calls).toEqual([[{ path: 'icons/on.svg' }]]);
    expect(action.setTitle.mock.calls).toEqual([[{ title: 'msg:popupIconTitleOn' }]]);
  });

  it('calls the browser only when the icon changes', async () => {
    const action = fakeBrowserAction();
    const icon = new ToolbarIcon(action, (key) => key);
    for (const state of ['active', 'active', 'proxyError', 'tooManyRequests', 'tooManyRequests', 'active'] as const)
      await icon.apply(state);
    expect(action.setIcon.mock.calls.map(([details]) => details)).toEqual([
      { path: 'icons/on.svg' },
      { path: 'icons/warning.svg' },
      { path: 'icons/on.svg' },
    ]);
    expect(action.setTitle).toHaveBeenCalledTimes(3);
  });

  it('changes the title even when the picture stays the same', async () => {
    const action = fakeBrowserAction();
    const icon = new ToolbarIcon(action, (key) => key);
    await icon.apply('connecting');
    await icon.apply('active');
    expect(action.setTitle.mock.calls.map(([details]) => details)).toEqual([
      { title: 'popupIconTitleConnecting' },
      { title: 'popupIconTitleOn' },
    ]);
  });

  it('tries again on the next call after the browser refused', async () => {
    const action = fakeBrowserAction();
    action.setIcon.mockRejectedValueOnce(new Error('no window'));
    const icon = new ToolbarIcon(action, (key) => key);
    await expect(icon.apply('inactive')).rejects.toThrow('no window');
    await icon.apply('inactive');
    expect(action.setIcon).toHaveBeenCalledTimes(2);
  });
});
