/**
 * The only module that imports ISRG's DAP client, and so the only one in the `dap-client` chunk: origin-telemetry.ts
 * loads it with a dynamic import() when reports are due, so start-up and the per-request path never pay for its
 * ~140 KB. Everything cryptographic (Prio3 sharding, HPKE sealing) is the library's.
 */
import { DAPError, Task } from '@divviup/dap';
import { ORIGIN_TASK_SHAPE } from './metrics';

export interface DapEndpoints {
  leaderUrl: string;
  helperUrl: string;
}

/**
 * Sends one report: a vector of 0/1 slots, dated by the start of its UTC day. Resolves with the milliseconds the
 * client spent sharding and sealing it, which the inspector shows.
 */
export type SendReport = (taskId: string, vector: number[], dayStart: Date) => Promise<{ sealMs: number }>;

function newTask(taskId: string, endpoints: DapEndpoints) {
  return new Task({
    id: taskId,
    leader: endpoints.leaderUrl,
    helper: endpoints.helperUrl,
    ...ORIGIN_TASK_SHAPE.vdaf,
    timePrecisionSeconds: ORIGIN_TASK_SHAPE.timePrecisionSeconds,
  });
}

/**
 * A reporter that keeps one Task per task id for the whole session, so each aggregator's HPKE config is fetched
 * once per task and session, not once per report.
 *
 * It retries a report once when the Leader answers `outdatedConfig`, with fresh configs. It does so itself rather
 * than through `Task.sendMeasurement`, whose retry (in @divviup/dap 0.9.1) drops the report's timestamp and
 * would date a late report today instead of the day it counts.
 */
export function dapReporter(endpoints: DapEndpoints): SendReport {
  const tasks = new Map<string, ReturnType<typeof newTask>>();
  return async (taskId, vector, dayStart) => {
    let task = tasks.get(taskId);
    if (!task) {
      task = newTask(taskId, endpoints);
      tasks.set(taskId, task);
    }
    const seal = async (current: ReturnType<typeof newTask>) => {
      // The configs are fetched first, so the time measured is the client's own work.
      await current.fetchKeyConfiguration();
      const began = performance.now();
      const report = await current.generateReport(vector, { timestamp: dayStart });
      return { report, sealMs: performance.now() - began };
    };
    let sealed = await seal(task);
    try {
      await task.sendReport(sealed.report);
    } catch (error) {
      if (!(error instanceof DAPError) || error.shortType !== 'outdatedConfig') throw error;
      task.invalidateHpkeConfig();
      sealed = await seal(task);
      await task.sendReport(sealed.report);
    }
    return { sealMs: sealed.sealMs };
  };
}
