/**
 * The DAP tasks of a local stack: one per Origin Telemetry metric, with ids derived from a label so the add-on's
 * build and a restarted stack agree without passing ids around, and the build variables that point the add-on at
 * the local Leader and Helper.
 */
import { createHash } from 'node:crypto';
import {
  ORIGIN_METRIC_NAMES,
  TASK_ID_SETTINGS,
  originsOf,
  type OriginMetric,
} from '../../../src/background/origin-telemetry/metrics';
import type { DapTask } from './aggregators';

export type DevTaskIds = Record<OriginMetric, string>;

/** 32 bytes per metric, base64url: a DAP task id, fixed for a given label. */
export function devTaskIds(label: string): DevTaskIds {
  return Object.fromEntries(
    ORIGIN_METRIC_NAMES.map((metric) => [
      metric,
      createHash('sha256').update(`${label}/${metric}`).digest('base64url'),
    ]),
  ) as DevTaskIds;
}

/** The tasks the stand-in serves: each metric's id and its site list, in slot order. */
export function standInTasks(ids: DevTaskIds): DapTask[] {
  return ORIGIN_METRIC_NAMES.map((metric) => ({ id: ids[metric], origins: originsOf(metric) }));
}

/** SP_DAP_* variables for a build that reports to the local Leader and Helper. */
export function dapBuildEnv(urls: { leader: string; helper: string }, ids: DevTaskIds): Record<string, string> {
  return {
    SP_DAP_LEADER_URL: urls.leader,
    SP_DAP_HELPER_URL: urls.helper,
    ...Object.fromEntries(ORIGIN_METRIC_NAMES.map((metric) => [TASK_ID_SETTINGS[metric], ids[metric]])),
  };
}
