import { SessionLog } from '../../../../src/background/telemetry/session-log';

describe('SessionLog', () => {
  it('lists events oldest first with their time', () => {
    const log = new SessionLog();
    log.add({ method: 'general', object: 'install', value: '1.0' }, 10);
    log.add({ method: 'general', object: 'settingsShown', value: null }, 20);
    expect(log.list()).toEqual([
      { timestamp: 10, method: 'general', object: 'install', value: '1.0' },
      { timestamp: 20, method: 'general', object: 'settingsShown', value: null },
    ]);
  });

  it('keeps only the newest 1000 events', () => {
    const log = new SessionLog();
    for (let i = 0; i < 1002; i += 1) log.add({ method: 'general', object: 'settingsShown', value: null }, i);
    const timestamps = log.list().map((event) => event.timestamp);
    expect([timestamps.length, timestamps[0], timestamps.at(-1)]).toEqual([1000, 2, 1001]);
  });

  it('hands out copies, so the inspector cannot change the log', () => {
    const log = new SessionLog();
    log.add({ method: 'general', object: 'install', value: '1.0' }, 10);
    log.list()[0]!.value = 'changed';
    expect(log.list()).toEqual([{ timestamp: 10, method: 'general', object: 'install', value: '1.0' }]);
  });
});
