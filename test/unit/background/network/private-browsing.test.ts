import { PrivateBrowsingAccess } from '../../../../src/background/network/private-browsing';
import { RecordingLogger } from '../../fakes/recording-logger';

function setup() {
  const answers: (boolean | Error)[] = [];
  const asked = { count: 0 };
  const changes: boolean[] = [];
  const logger = new RecordingLogger();
  const access: PrivateBrowsingAccess = new PrivateBrowsingAccess(
    () => {
      asked.count += 1;
      const answer = answers.shift() ?? true;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    () => changes.push(access.allowed()),
    logger,
  );
  return { access, answers, asked, changes, logger };
}

describe('PrivateBrowsingAccess', () => {
  it('claims nothing before the first answer, and reports a refusal once', async () => {
    const s = setup();
    expect(s.access.allowed()).toBe(true);
    s.answers.push(false, false);
    await s.access.check();
    await s.access.check();
    expect(s.access.allowed()).toBe(false);
    expect(s.changes).toEqual([false]);
  });

  it('reports the user allowing it later, and stays silent while allowed', async () => {
    const s = setup();
    s.answers.push(true, false, true, true);
    for (let i = 0; i < 4; i += 1) await s.access.check();
    expect(s.changes).toEqual([false, true]);
  });

  it('asks Firefox once for checks made while one is running', async () => {
    const s = setup();
    s.answers.push(false);
    await Promise.all([s.access.check(), s.access.check(), s.access.check()]);
    expect(s.asked.count).toBe(1);
    await s.access.check();
    expect(s.asked.count).toBe(2);
  });

  it('keeps the last answer and warns when Firefox cannot say', async () => {
    const s = setup();
    s.answers.push(false, new Error('no extension context'));
    await s.access.check();
    await s.access.check();
    expect(s.access.allowed()).toBe(false);
    expect(s.changes).toEqual([false]);
    expect(s.logger.warnings).toEqual(['could not read the private windows permission']);
  });
});
