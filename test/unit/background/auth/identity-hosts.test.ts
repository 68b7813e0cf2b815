import { IdentityHosts } from '../../../../src/background/auth/identity-hosts';
import { RecordingLogger } from '../../fakes/recording-logger';

/** A lookup the test answers by hand, so it can act while one is in flight. */
function setup() {
  const lookups: { resolve(origins: string[]): void; reject(error: Error): void }[] = [];
  const exemptHosts = new Set(['proxy.example', 'accounts.example']);
  const logger = new RecordingLogger();
  const hosts = new IdentityHosts({
    identityOrigins: () => new Promise<string[]>((resolve, reject) => lookups.push({ resolve, reject })),
    exemptHosts,
    logger,
  });
  return { hosts, lookups, exemptHosts, logger };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('IdentityHosts', () => {
  it('adds the hostnames of the endpoint origins to the live exemptions', async () => {
    const { hosts, lookups, exemptHosts } = setup();
    hosts.exemptOnce();
    lookups[0]?.resolve(['https://accounts.example', 'https://oauth.accounts.example:8443', 'https://profile.example']);
    await settle();
    expect([...exemptHosts]).toEqual([
      'proxy.example',
      'accounts.example',
      'oauth.accounts.example',
      'profile.example',
    ]);
  });

  it('looks up once, whether asked again during the lookup or after it', async () => {
    const { hosts, lookups } = setup();
    hosts.exemptOnce();
    hosts.exemptOnce();
    lookups[0]?.resolve(['https://oauth.example']);
    await settle();
    hosts.exemptOnce();
    expect(lookups.length).toBe(1);
  });

  it('tries again at the next call after a failed lookup, and says why it failed', async () => {
    const { hosts, lookups, exemptHosts, logger } = setup();
    hosts.exemptOnce();
    lookups[0]?.reject(new Error('offline'));
    await settle();
    expect(logger.warnings).toEqual(['could not read the accounts server endpoints yet']);
    expect([...exemptHosts]).toEqual(['proxy.example', 'accounts.example']);
    hosts.exemptOnce();
    lookups[1]?.resolve(['https://oauth.example']);
    await settle();
    hosts.exemptOnce();
    expect(lookups.length).toBe(2);
    expect([...exemptHosts]).toEqual(['proxy.example', 'accounts.example', 'oauth.example']);
  });

  it('contacts no server until a state asks for the hosts', () => {
    const { lookups } = setup();
    expect(lookups.length).toBe(0);
  });
});
