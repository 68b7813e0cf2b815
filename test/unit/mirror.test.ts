/**
 * Tests mirror the source, path for path: src/a/b.ts is tested by test/unit/a/b.test.ts, and tools/a/b.ts by
 * test/unit/tools/a/b.test.ts. A newcomer then finds a module's tests without searching, and a module without tests
 * shows up here instead of going unnoticed. Files that honestly have no test of their own are listed below, each
 * with its reason; the list is checked too, so it cannot rot.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const ROOT = join(__dirname, '../..');

/** Where source files live, and where the unit test of each one is expected. */
const MIRRORS = [
  { source: 'src', tests: 'test/unit' },
  { source: 'tools', tests: 'test/unit/tools' },
] as const;

const COMPOSITION_ROOT = 'composition root: it only wires real browser APIs together, which the e2e suites cover';
const TYPES_ONLY = 'types only: the compiler checks it, there is no behaviour to test';
const VIA_ACCOUNT_SERVICE =
  "tested through account-service.test.ts, which drives the account service against the FxA stand-in's real HTTP";
const VIA_MESSAGE_ROUTER =
  'part of the message router and its handlers; message-router.test.ts and proxy-handlers.test.ts run it';
const VIA_POPUP_FIXTURE = 'the popup is tested through startPopup() with the shipped popup.html (popup-fixture.ts)';
const POLYFILL_WRAPPER = 'a thin wrapper over webextension-polyfill; the popup and settings e2e suites run it for real';
const VIA_STAND_IN = 'part of the FxA stand-in; tested through its HTTP surface in fxa-stand-in.test.ts';
const VIA_TLS_PROXY = 'part of the TLS proxy; tested through its sockets in tls-proxy.test.ts';
const VIA_STANDARD_IDP =
  'starts or drives the stock oidc-provider used as a second identity provider; standard-provider.test.ts runs it';
const DEV_LAUNCHER = 'the `npm start` launcher (web-ext run and a dev profile); run by hand, not by tests';

/**
 * Source files without a unit test at the mirrored path, and why. Keys are paths from the repository root.
 * An entry whose file is gone, or whose file has since gained a mirrored test, fails the test below: delete it.
 */
const WITHOUT_OWN_TEST: Readonly<Record<string, string>> = {
  'src/background/main.ts': COMPOSITION_ROOT,
  'src/background/util/setting-while-on.ts':
    'the shared mechanism of leak-protection.ts and network-prediction.ts, whose tests drive it through both settings',
  'src/background/services.ts': COMPOSITION_ROOT,
  'src/background/auth/authorization-url.ts': `${VIA_ACCOUNT_SERVICE}; it checks the PKCE, flow and attribution fields`,
  'src/background/auth/fxa-client.ts': VIA_ACCOUNT_SERVICE,
  'src/background/messaging/message-check.ts': VIA_MESSAGE_ROUTER,
  'src/background/messaging/sender-channel.ts': VIA_MESSAGE_ROUTER,
  'src/background/proxy/inputs.ts': TYPES_ONLY,
  'src/background/routing/routing.ts': TYPES_ONLY,
  'src/background/telemetry/registration.ts': 'schema.test.ts and telemetry-service.test.ts check what it builds',
  'src/content/webrtc/dialog-style.ts': 'a CSS string; dialog.test.ts and the webrtc e2e suite show what it styles',
  'src/popup/index.ts': `tiny DOM entry point: passes real browser APIs to startPopup(); ${COMPOSITION_ROOT}`,
  'src/proxy-error/index.ts': `tiny DOM entry point: passes real browser APIs to startProxyErrorPage(); ${COMPOSITION_ROOT}`,
  'src/popup/start-mark.ts': 'a single performance.mark() at load; the popup e2e suite measures from it',
  'src/popup/view-render.ts': `${VIA_POPUP_FIXTURE}; popup-page.test.ts checks the DOM it renders for every state`,
  'src/settings/event-table.ts': 'renders the inspector tables; inspector-view.test.ts checks them',
  'src/settings/index.ts': `tiny DOM entry point: wires the settings views to the background; ${COMPOSITION_ROOT}`,
  'src/shared/build-config.ts': 'the constant webpack defines; tools/build/config.test.ts checks config.cjs, its maker',
  'src/shared/i18n.ts': POLYFILL_WRAPPER,
  'src/shared/messaging.ts': `${POLYFILL_WRAPPER}; the popup unit tests send through it over the mocked polyfill`,
  'src/shared/protocol.ts': TYPES_ONLY,
  'src/shared/telemetry/inspector.ts': TYPES_ONLY,
  'src/shared/telemetry/delivery.ts': 'types and the log size; ping-batcher.test.ts checks the log it describes',
  'src/settings/delivery-table.ts': "renders the inspector's recent pings; inspector-view.test.ts checks the table",
  'tools/telemetry/mozlz4.ts': 'report.test.ts round-trips it and reads archives written through it',
  'tools/telemetry/ping-validator.ts': 'pipeline-schema.test.ts validates built and broken pings through it',
  'src/shared/state-subscription.ts': POLYFILL_WRAPPER,
  'tools/dev-stack/dev-profile.ts': DEV_LAUNCHER,
  'tools/dev-stack/start-dev.ts': DEV_LAUNCHER,
  'tools/dev-stack/standard-idp.ts': VIA_STANDARD_IDP,
  'tools/dev-stack/standard-idp/example-settings.ts': `${VIA_STANDARD_IDP}; operators-doc.test.ts checks docs/operators.md against it`,
  'tools/dev-stack/standard-idp/sign-in-driver.ts': VIA_STANDARD_IDP,
  'tools/dev-stack/proxy-token-check.ts': 'the dev proxy admission rule; the e2e stack (local-stack.ts) runs it',
  'tools/dev-stack/fxa/authorization.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/context.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/discovery.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/failures.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/flow-events.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/http-io.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/pages.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/pending-requests.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/pkce.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/redirect-uri.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/request-log.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/resource-endpoints.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/router.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/scope.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/token-endpoint.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/token-store.ts': VIA_STAND_IN,
  'tools/dev-stack/fxa/types.ts': TYPES_ONLY,
  'tools/dev-stack/proxy/auth.ts': VIA_TLS_PROXY,
  'tools/dev-stack/proxy/forward.ts': VIA_TLS_PROXY,
  'tools/dev-stack/proxy/hop-by-hop.ts': VIA_TLS_PROXY,
  'tools/dev-stack/proxy/rate-limiter.ts': VIA_TLS_PROXY,
  'tools/dev-stack/proxy/raw-response.ts': VIA_TLS_PROXY,
  'tools/dev-stack/proxy/socket-registry.ts': VIA_TLS_PROXY,
  'tools/dev-stack/proxy/targets.ts': VIA_TLS_PROXY,
  'tools/dev-stack/proxy/tunnel.ts': VIA_TLS_PROXY,
};

/** Unit tests that test something other than one source file, and what they test instead. */
const NOT_MIRRORING_A_SOURCE: Readonly<Record<string, string>> = {
  'test/unit/mirror.test.ts': 'this file: it checks the layout of the tests',
  'test/unit/docs/metrics-doc.test.ts': 'checks docs/metrics.md against the telemetry schema',
  'test/unit/docs/pipeline-doc.test.ts': "checks docs/metrics.md against the pipeline schema's fields",
  'test/unit/docs/operators-doc.test.ts': 'checks docs/operators.md against the settings the tests use',
  'test/unit/background/auth/standard-provider.test.ts':
    'the auth client (account-service, fxa-client) against a stock oidc-provider, the standard OpenID Connect path',
  'test/unit/locales/messages.test.ts': 'checks the _locales files against each other and the keys the code uses',
};

/** Every file under `dir` (repository-relative), with forward slashes whatever the platform. */
function walk(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...walk(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

const isTypeScriptSource = (path: string) => path.endsWith('.ts') && !path.endsWith('.d.ts');

/** The mirrored unit test of a source file, e.g. src/a/b.ts -> test/unit/a/b.test.ts. */
function mirroredTestOf(sourcePath: string): string {
  const mirror = MIRRORS.find(({ source }) => sourcePath.startsWith(`${source}/`));
  if (!mirror) throw new Error(`${sourcePath} is not under ${MIRRORS.map(({ source }) => source).join(' or ')}`);
  return `${mirror.tests}${sourcePath.slice(mirror.source.length).replace(/\.ts$/, '.test.ts')}`;
}

/**
 * The source paths a unit test may mirror: test/unit/a/b.test.ts -> src/a/b.*, test/unit/tools/a/b.test.ts ->
 * tools/a/b.*. tools/build is CommonJS for webpack, hence the other extensions.
 */
function mirroredSourcesOf(testPath: string): string[] {
  // The longest test root wins: test/unit/tools/... mirrors tools/..., not src/tools/...
  const mirror = [...MIRRORS]
    .sort((a, b) => b.tests.length - a.tests.length)
    .find(({ tests }) => testPath.startsWith(`${tests}/`))!;
  const stem = `${mirror.source}${testPath.slice(mirror.tests.length).replace(/\.test\.ts$/, '')}`;
  return ['.ts', '.cjs', '.mjs'].map((extension) => `${stem}${extension}`);
}

const exists = (path: string) => existsSync(join(ROOT, path));
const sources = MIRRORS.flatMap(({ source }) => walk(source))
  .filter(isTypeScriptSource)
  .sort();
const unitTests = walk('test/unit')
  .filter((path) => path.endsWith('.test.ts'))
  .sort();

describe('unit tests mirror the source', () => {
  it('walks the real tree (a wrong root would make every check below pass vacuously)', () => {
    expect(relative(ROOT, __filename).split(sep).join('/')).toBe('test/unit/mirror.test.ts');
    expect(sources).toEqual(expect.arrayContaining(['src/background/main.ts', 'tools/dev-stack/tls-proxy.ts']));
  });

  it('maps a source file to its test path', () => {
    expect(['src/background/routing/decide.ts', 'tools/dev-stack/tls-proxy.ts'].map(mirroredTestOf)).toEqual([
      'test/unit/background/routing/decide.test.ts',
      'test/unit/tools/dev-stack/tls-proxy.test.ts',
    ]);
  });

  it('has a test at the mirrored path for every source file, or a listed reason', () => {
    const missing = sources.filter((path) => !exists(mirroredTestOf(path)) && !(path in WITHOUT_OWN_TEST));
    expect(missing).toEqual([]);
  });

  it('lists only files that still exist', () => {
    expect(Object.keys(WITHOUT_OWN_TEST).filter((path) => !exists(path))).toEqual([]);
  });

  it('lists only files that still lack a mirrored test', () => {
    expect(Object.keys(WITHOUT_OWN_TEST).filter((path) => exists(mirroredTestOf(path)))).toEqual([]);
  });

  it('gives every listed file a reason', () => {
    expect(Object.entries(WITHOUT_OWN_TEST).filter(([, reason]) => reason.trim() === '')).toEqual([]);
  });

  it('has every unit test mirror a source file, or say what it tests instead', () => {
    const orphans = unitTests.filter(
      (path) => !mirroredSourcesOf(path).some(exists) && !(path in NOT_MIRRORING_A_SOURCE),
    );
    expect(orphans).toEqual([]);
  });

  it('lists only tests that exist and still mirror no source file', () => {
    const stale = Object.keys(NOT_MIRRORING_A_SOURCE).filter(
      (path) => !exists(path) || mirroredSourcesOf(path).some(exists),
    );
    expect(stale).toEqual([]);
  });
});
