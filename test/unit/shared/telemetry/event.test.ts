import { checkEvent, describeEvent, type TelemetryEvent } from '../../../../src/shared/telemetry/event';

describe('checkEvent', () => {
  it.each<[string, TelemetryEvent]>([
    ['a plain event', { method: 'general', object: 'settingsShown', value: null }],
    ['a numeric object', { method: 'networking', object: '407', value: null }],
    ['the version on install', { method: 'general', object: 'install', value: '1.2.3' }],
    ['a pre-release version on update', { method: 'general', object: 'update', value: '2.0b1' }],
    ['the toggle on proxyEnabled', { method: 'general', object: 'proxyEnabled', value: 'toggleButton' }],
    ['the state button on proxyDisabled', { method: 'general', object: 'proxyDisabled', value: 'stateButton' }],
  ])('accepts %s', (_, event) => {
    expect(checkEvent(event)).toEqual({ ok: true, event });
  });

  it('treats a missing value as null', () => {
    expect(checkEvent({ method: 'webRTC', object: 'ignoreTab' })).toEqual({
      ok: true,
      event: { method: 'webRTC', object: 'ignoreTab', value: null },
    });
  });

  it.each<[string, unknown, RegExp]>([
    ['a non-object', 'general/install', /must be an object/],
    ['null', null, /must be an object/],
    ['a missing object', { method: 'general' }, /string method and a string object/],
    [
      'an unknown method',
      { method: 'click', object: 'install', value: null },
      /click\/install is not in the secure.proxy schema/,
    ],
    ['an object of another method', { method: 'fxa', object: 'install', value: null }, /fxa\/install is not in/],
    [
      'an inherited property as object',
      { method: 'general', object: 'toString', value: null },
      /not in the secure.proxy/,
    ],
    ['a value where none belongs', { method: 'fxa', object: 'authStarted', value: 'x' }, /takes no value/],
    ['a missing version', { method: 'general', object: 'install', value: null }, /takes the add-on version/],
    ['a non-version', { method: 'general', object: 'update', value: 'latest' }, /takes the add-on version/],
    [
      'an unknown control',
      { method: 'general', object: 'proxyEnabled', value: 'keyboard' },
      /one of "toggleButton", "stateButton"/,
    ],
    [
      'an extra field',
      { method: 'webRTC', object: 'exemptTab', value: null, extra: { tab: '1' } },
      /unexpected event fields: extra/,
    ],
  ])('refuses %s with a clear error', (_, input, message) => {
    const result = checkEvent(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it('describes events for logs', () => {
    expect(describeEvent({ method: 'general', object: 'install', value: '1.0' })).toBe('general/install=1.0');
    expect(describeEvent({ method: 'fxa', object: 'authFailed', value: null })).toBe('fxa/authFailed');
  });
});
