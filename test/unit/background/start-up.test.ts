import { AccountService } from '../../../src/background/auth/account-service';
import { ACCOUNT_STORAGE_KEY } from '../../../src/background/auth/account-store';
import type { FxaClient } from '../../../src/background/auth/fxa-client';
import { ProxyController } from '../../../src/background/proxy/controller';
import type { ProxyState, Surroundings } from '../../../src/background/proxy/state';
import { WANTS_ON_KEY, wantsOnStore } from '../../../src/background/proxy/wants-on-store';
import { startUp } from '../../../src/background/start-up';
import { MemoryStore } from '../fakes/memory-store';
import { RecordingLogger } from '../fakes/recording-logger';

const CLEAR: Surroundings = { online: true, captivePortalLocked: false, otherProxyConfigured: false };

/** storage.local as a map, where a read of a listed key fails as a corrupt database does. */
class BrokenStore extends MemoryStore {
  readonly unreadable = new Set<string>();

  override get(key: string): Promise<unknown> {
    if (this.unreadable.has(key)) return Promise.reject(new Error(`NS_ERROR_FILE_CORRUPTED reading ${key}`));
    return super.get(key);
  }
}

/**
 * Start-up with the real account service, controller and on/off store over a storage the test can break. The proxy
 * probe never answers, so an "on" start stays in `connecting`, where every request goes to the proxy.
 */
async function setup(options: { signedIn?: boolean; wantsOn?: boolean } = {}) {
  const store = new BrokenStore();
  if (options.signedIn ?? true) {
    await store.set(ACCOUNT_STORAGE_KEY, {
      refreshToken: 'refresh',
      email: 'user@example.com',
      proxyToken: { value: 'token', expiresAt: Number.MAX_SAFE_INTEGER },
    });
  }
  await store.set(WANTS_ON_KEY, options.wantsOn ?? true);
  const logger = new RecordingLogger();
  const account = new AccountService({
    fxa: {} as unknown as FxaClient,
    store,
    logger,
    now: () => 0,
    scopes: [],
    clientId: 'client',
    redirectUri: 'https://redirect.example/',
    launchWebAuthFlow: () => Promise.reject(new Error('no sign-in in this test')),
  });
  const published: ProxyState['name'][] = [];
  const controller = new ProxyController({
    account,
    probeProxy: () => new Promise<boolean>(() => undefined),
    record: () => undefined,
    wantsOn: wantsOnStore(store, logger),
    setTimer: () => () => undefined,
    now: () => 0,
    random: () => 0,
    logger,
    publish: (state) => published.push(state.name),
  });
  const portals: (string | undefined)[] = [];
  const network = { online: true };
  let readSurroundings = () => Promise.resolve({ surroundings: CLEAR, captivePortalUrl: 'http://portal.example/' });
  const run = () =>
    startUp({
      account,
      readSurroundings: () => readSurroundings(),
      online: () => network.online,
      portalFound: (url) => portals.push(url),
      controller,
      logger,
    });
  return {
    store,
    logger,
    published,
    portals,
    account,
    network,
    run,
    failSurroundings(error: Error) {
      readSurroundings = () => Promise.reject(error);
    },
  };
}

describe('startUp', () => {
  it('reads the account, the surroundings and the on/off choice, then connects the user who left it on', async () => {
    const s = await setup();
    await s.run();
    expect(s.published).toEqual(['connecting']);
    expect(s.portals).toEqual(['http://portal.example/']);
    expect(s.logger.errors).toEqual([]);
  });

  it('starts inactive for a signed-in user who left it off, and signed out without an account', async () => {
    const off = await setup({ wantsOn: false });
    await off.run();
    expect(off.published).toEqual(['inactive']);
    const signedOut = await setup({ signedIn: false });
    await signedOut.run();
    expect(signedOut.published).toEqual(['unauthenticated']);
  });

  it('starts signed out when the stored account cannot be read, as the docs promise, and says why', async () => {
    const s = await setup();
    s.store.unreadable.add(ACCOUNT_STORAGE_KEY);
    await expect(s.run()).resolves.toBeUndefined();
    expect(s.published).toEqual(['unauthenticated']);
    expect(s.account.isSignedIn()).toBe(false);
    expect(s.logger.errors).toEqual(['could not read the stored account; starting signed out']);
  });

  it('starts signed out, not stuck in loading, when no storage read works at all', async () => {
    const s = await setup();
    s.store.unreadable.add(ACCOUNT_STORAGE_KEY);
    s.store.unreadable.add(WANTS_ON_KEY);
    await s.run();
    expect(s.published).toEqual(['unauthenticated']);
  });

  it('connects, failing closed, when the account is there but its on/off choice cannot be read', async () => {
    const s = await setup({ wantsOn: false });
    s.store.unreadable.add(WANTS_ON_KEY);
    await s.run();
    expect(s.published).toEqual(['connecting']);
    expect(s.logger.errors).toEqual([
      'could not read whether the proxy was on; turning it on rather than risk sending traffic direct',
    ]);
  });

  it('reads the surroundings while the account is still being read, and starts only once both are in', async () => {
    const steps: string[] = [];
    let accountRead = () => undefined as unknown;
    const running = startUp({
      account: {
        load: () =>
          new Promise<void>((resolve) => {
            steps.push('account read asked');
            accountRead = () => resolve();
          }),
      },
      readSurroundings: () => {
        steps.push('surroundings read asked');
        return Promise.resolve({ surroundings: CLEAR, captivePortalUrl: undefined });
      },
      online: () => true,
      portalFound: () => undefined,
      controller: {
        dispatch: (input) => {
          steps.push(`dispatch ${input.type}`);
          return Promise.resolve();
        },
      },
      logger: new RecordingLogger(),
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(steps).toEqual(['account read asked', 'surroundings read asked']);
    accountRead();
    await running;
    expect(steps).toEqual(['account read asked', 'surroundings read asked', 'dispatch start']);
  });

  it('still starts, from what navigator.onLine says, when the surroundings cannot be read', async () => {
    const s = await setup();
    s.failSurroundings(new Error('proxy.settings.get: An unexpected error occurred'));
    s.network.online = false;
    await s.run();
    expect(s.published).toEqual(['offline']);
    expect(s.portals).toEqual([undefined]);
    expect(s.logger.errors).toEqual([
      'could not read the proxy settings, portal or connectivity; assuming a clear network',
    ]);
  });
});
