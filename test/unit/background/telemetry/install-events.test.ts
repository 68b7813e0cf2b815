import { installEventFor } from '../../../../src/background/telemetry/install-events';

describe('installEventFor', () => {
  it.each([
    ['install', { method: 'general', object: 'install', value: '2.1.0' }],
    ['update', { method: 'general', object: 'update', value: '2.1.0' }],
    // Firefox updating itself is not something this add-on did.
    ['browser_update', undefined],
  ] as const)('%s gives %j', (reason, event) => {
    expect(installEventFor(reason, '2.1.0')).toEqual(event);
  });
});
