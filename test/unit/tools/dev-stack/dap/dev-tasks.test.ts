// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build helpers are CommonJS for webpack
const { buildConfig } = require('../../../../../tools/build/config.cjs') as {
  buildConfig: (env: Record<string, string>) => BuildConfig;
};
import { originsOf } from '../../../../../src/background/origin-telemetry/metrics';
import type { BuildConfig } from '../../../../../src/shared/build-config';
import { dapBuildEnv, devTaskIds, standInTasks } from '../../../../../tools/dev-stack/dap/dev-tasks';

describe('the dev stack DAP tasks', () => {
  it('derive one stable, valid task id per metric from a label', () => {
    const ids = devTaskIds('dev');
    expect(devTaskIds('dev')).toEqual(ids);
    expect(devTaskIds('e2e')['secure_proxy.proxy_error']).not.toBe(ids['secure_proxy.proxy_error']);
    expect(new Set(Object.values(ids)).size).toBe(3);
    expect(Object.values(ids).map((id) => Buffer.from(id, 'base64url').length)).toEqual([32, 32, 32]);
  });

  it('give the stand-in each task with its metric’s sites, and the build the same ids', () => {
    const ids = devTaskIds('dev');
    expect(standInTasks(ids)).toEqual([
      { id: ids['secure_proxy.webrtc_exempt'], origins: originsOf('secure_proxy.webrtc_exempt') },
      { id: ids['secure_proxy.webrtc_ignore'], origins: originsOf('secure_proxy.webrtc_ignore') },
      { id: ids['secure_proxy.proxy_error'], origins: originsOf('secure_proxy.proxy_error') },
    ]);
    const env = dapBuildEnv({ leader: 'http://127.0.0.1:1', helper: 'http://127.0.0.1:2' }, ids);
    expect(buildConfig(env).dap).toEqual({
      leaderUrl: 'http://127.0.0.1:1',
      helperUrl: 'http://127.0.0.1:2',
      tasks: ids,
    });
  });
});
