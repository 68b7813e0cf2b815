import { runInNewContext } from 'node:vm';
import { GapProxySetting, gapPacUrl, type PacProxyConfig } from '../../../../src/background/network/gap-proxy-setting';
import { RecordingLogger } from '../../fakes/recording-logger';

const PROXY = { host: 'proxy.example', port: 2486 };
const PAC = gapPacUrl(PROXY);

function setup(startUpWait: () => Promise<void> = () => Promise.resolve()) {
  const calls: string[] = [];
  const permission = { allowed: true as boolean | Error, pending: undefined as Promise<void> | undefined };
  const setting = {
    set: ({ value }: { value: PacProxyConfig }) => {
      calls.push(`set ${value.proxyType} ${value.autoConfigUrl}`);
      return Promise.resolve(true);
    },
    clear: () => {
      calls.push('clear');
      return Promise.resolve(true);
    },
  };
  const logger = new RecordingLogger();
  const guard = new GapProxySetting(
    setting,
    PROXY,
    async () => {
      await permission.pending;
      const answer = permission.allowed;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    logger,
    startUpWait,
  );
  return { guard, calls, permission, logger };
}

describe('gapPacUrl', () => {
  it('is a PAC script that sends every request to the proxy over TLS, and nowhere else', () => {
    expect(PAC.startsWith('data:application/x-ns-proxy-autoconfig,')).toBe(true);
    const script = decodeURIComponent(PAC.slice(PAC.indexOf(',') + 1));
    // Run in an empty context, as Firefox's PAC sandbox would: the script needs no globals.
    const findProxyForURL = (url: string, host: string): unknown =>
      runInNewContext(`${script}; FindProxyForURL(url, host)`, { url, host });
    expect(findProxyForURL('https://example.com/', 'example.com')).toBe('HTTPS proxy.example:2486');
    expect(findProxyForURL('http://10.0.0.1/', '10.0.0.1')).toBe('HTTPS proxy.example:2486');
  });
});

describe('GapProxySetting', () => {
  it('holds the refusing PAC while on and gives the user their own setting back when off', async () => {
    const { guard, calls } = setup();
    await guard.apply(true);
    await guard.apply(true);
    await guard.apply(false);
    expect(calls).toEqual([`set autoConfig ${PAC}`, 'clear']);
  });

  it('sets nothing without the private-window permission, which Firefox requires for proxy.settings', async () => {
    const { guard, calls, permission } = setup();
    permission.allowed = false;
    await guard.apply(true);
    expect(calls).toEqual(['clear']);
    permission.allowed = true;
    await guard.apply(true);
    expect(calls).toEqual(['clear', `set autoConfig ${PAC}`]);
  });

  it('treats an unreadable permission as missing, with a warning', async () => {
    const { guard, calls, permission, logger } = setup();
    permission.allowed = new Error('no extension context');
    await guard.apply(true);
    expect(calls).toEqual(['clear']);
    expect(logger.warnings).toEqual(['could not read the private windows permission']);
  });

  it('applies calls in the order they were made, even when the permission answers slowly', async () => {
    const { guard, calls, permission } = setup();
    let answer: () => void = () => undefined;
    permission.pending = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const on = guard.apply(true);
    const off = guard.apply(false);
    answer();
    await Promise.all([on, off]);
    expect(calls).toEqual([`set autoConfig ${PAC}`, 'clear']);
  });

  it('makes its first change only after the start-up wait, and later ones in order behind it', async () => {
    let waitOver: () => void = () => undefined;
    const waits: string[] = [];
    const { guard, calls } = setup(() => {
      waits.push('wait');
      return new Promise<void>((resolve) => {
        waitOver = resolve;
      });
    });
    const on = guard.apply(true);
    const off = guard.apply(false);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toEqual([]);
    waitOver();
    await Promise.all([on, off]);
    expect(calls).toEqual([`set autoConfig ${PAC}`, 'clear']);
    await guard.apply(true);
    expect(calls).toEqual([`set autoConfig ${PAC}`, 'clear', `set autoConfig ${PAC}`]);
    expect(waits).toEqual(['wait']);
  });
});
