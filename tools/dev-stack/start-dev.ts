/**
 * `npm start`: the local development stack and the add-on in Firefox.
 * 1. an FxA stand-in with a real sign-in page, a TLS proxy that accepts only its tokens, a test origin, and a DAP
 *    Leader and Helper for Origin Telemetry;
 * 2. the add-on built against them into dist-dev/;
 * 3. Firefox ESR through `web-ext run`, in a profile (.dev/profile) that alone trusts the proxy's certificate.
 * SP_HEADLESS=1 runs Firefox without a window; FIREFOX_BIN picks another Firefox; SP_WATCH=1 keeps webpack watching
 * the source, and web-ext reloads the add-on whenever dist-dev/ changes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureDevCertificate } from './certificate';
import { startControlPage } from './control-page';
import { startDapStandIn } from './dap/aggregators';
import { dapBuildEnv, devTaskIds, standInTasks } from './dap/dev-tasks';
import { prepareDevProfile } from './dev-profile';
import { devEnvironment, devPrefs } from './dev-prefs';
import { startFxaStandIn } from './fxa-stand-in';
import { appendingLog } from './log-file';
import { startTestOrigin } from './test-origin';
import { startTlsProxy } from './tls-proxy';
import { acceptsProxyTokensOf } from './proxy-token-check';

const ROOT = resolve(__dirname, '../../../..');
const DEV_DIR = join(ROOT, '.dev');
const LOG_DIR = join(DEV_DIR, 'logs');
const PORTS = { fxa: 8470, proxy: 8471, origin: 8472, control: 8473, dapLeader: 8474, dapHelper: 8475 } as const;
const DAP_TASKS = devTaskIds('secure-proxy-dev');
const CLIENT_ID = 'secure-proxy-dev';
const ORIGIN_HOST = 'origin.test';

const firefox = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';
const isOn = (value: string | undefined): boolean => ['1', 'true', 'yes'].includes(String(value).toLowerCase());
const headless = isOn(process.env.SP_HEADLESS);
const watch = isOn(process.env.SP_WATCH);

function logTo(file: string): (line: string) => void {
  return appendingLog(join(LOG_DIR, file));
}

function devBuildEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SP_PROXY_URL: `https://127.0.0.1:${PORTS.proxy}`,
    SP_FXA_URL: `http://127.0.0.1:${PORTS.fxa}`,
    SP_CLIENT_ID: CLIENT_ID,
    ...dapBuildEnv(
      { leader: `http://127.0.0.1:${PORTS.dapLeader}`, helper: `http://127.0.0.1:${PORTS.dapHelper}` },
      DAP_TASKS,
    ),
  };
}

const WEBPACK_DEV_ARGS = ['webpack', '--mode', 'development', '--env', 'outDir=dist-dev'];

function buildAddon(): string {
  const build = spawnSync('npx', WEBPACK_DEV_ARGS, { cwd: ROOT, stdio: 'inherit', env: devBuildEnv() });
  if (build.status !== 0) throw new Error('building the add-on failed');
  return join(ROOT, 'dist-dev');
}

async function main(): Promise<void> {
  if (!existsSync(firefox))
    throw new Error(
      `Firefox not found at ${firefox}. Install it with: apt-get install -y firefox-esr (or set FIREFOX_BIN).`,
    );
  mkdirSync(LOG_DIR, { recursive: true });
  const certificate = await ensureDevCertificate(join(DEV_DIR, 'certs'));
  const fxa = await startFxaStandIn({
    port: PORTS.fxa,
    clientId: CLIENT_ID,
    flowEventsPath: join(LOG_DIR, 'fxa-flow-events.jsonl'),
    log: logTo('fxa.log'),
  });
  const proxy = await startTlsProxy({
    port: PORTS.proxy,
    tls: { key: certificate.key, cert: certificate.cert },
    verifyToken: acceptsProxyTokensOf(fxa),
    hostMap: { [ORIGIN_HOST]: '127.0.0.1' },
    // A developer browses real sites through the dev proxy; the tests keep it to loopback.
    allowTarget: () => true,
    log: logTo('proxy.log'),
  });
  const origin = await startTestOrigin({ port: PORTS.origin });
  const control = await startControlPage({ proxy, fxa }, { port: PORTS.control });
  const dap = await startDapStandIn({
    tasks: standInTasks(DAP_TASKS),
    leaderPort: PORTS.dapLeader,
    helperPort: PORTS.dapHelper,
  });
  const addonDir = buildAddon();
  const profileDir = join(DEV_DIR, 'profile');
  await prepareDevProfile(profileDir, certificate.certPath);

  console.log(`
Secure Proxy development stack
  FxA stand-in  ${fxa.url}          log: .dev/logs/fxa.log, flow events: .dev/logs/fxa-flow-events.jsonl
  TLS proxy     ${proxy.url}         log: .dev/logs/proxy.log
  test origin   http://${ORIGIN_HOST}:${PORTS.origin}/
  controls      ${control.url}  stop/start the proxy, force 429, revoke tokens, fail the next sign-in
  DAP Leader    ${dap.leaderUrl}  Helper ${dap.helperUrl}
                counts: ${dap.leaderUrl}/tasks/<task id>/collection?day=YYYY-MM-DD
                tasks:  ${Object.entries(DAP_TASKS)
                  .map(([metric, id]) => `${metric} ${id}`)
                  .join('\n                        ')}
  Firefox       ${firefox}${headless ? ' (headless)' : ''}, profile .dev/profile, add-on from dist-dev/${watch ? ' (rebuilt on save)' : ''}
Ctrl+C stops everything.
`);
  const args = [
    'web-ext',
    'run',
    '--source-dir',
    addonDir,
    '--firefox',
    firefox,
    '--firefox-profile',
    profileDir,
    '--keep-profile-changes',
    '--start-url',
    `http://${ORIGIN_HOST}:${PORTS.origin}/`,
    ...Object.entries(devPrefs(ORIGIN_HOST)).map(([name, value]) => `--pref=${name}=${String(value)}`),
    ...(headless ? ['--arg=-headless'] : []),
  ];
  const run = spawn('npx', args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...devEnvironment() } });
  // The first build above is complete before Firefox starts; the watcher then rebuilds on each save.
  const watcher = watch
    ? spawn('npx', [...WEBPACK_DEV_ARGS, '--watch'], { cwd: ROOT, stdio: 'inherit', env: devBuildEnv() })
    : undefined;
  const stop = async (code: number) => {
    watcher?.kill('SIGTERM');
    await Promise.allSettled([fxa.close(), proxy.close(), origin.close(), control.close(), dap.close()]);
    process.exit(code);
  };
  run.on('exit', (code) => void stop(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => run.kill(signal));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
