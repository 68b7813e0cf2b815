/**
 * A local DAP Leader and Helper on 127.0.0.1, for development and tests: each with its own HPKE key, serving
 * `GET /hpke_config` and (the Leader) `PUT /tasks/{id}/reports` as DAP-09 does, so @divviup/dap's client talks to
 * them unchanged. What happens after upload is simplified (docs/origin-telemetry.md says how):
 * - the Leader aggregates a batch, one task and one UTC day, when it is collected, running each report's
 *   preparation with the Helper over plain JSON endpoints under /internal/ instead of DAP's aggregation jobs;
 * - collection is `GET /tasks/{id}/collection?day=YYYY-MM-DD` on the Leader, answered in clear JSON with the count
 *   per listed origin, instead of an aggregate share encrypted to a collector.
 * All VDAF work is @divviup/prio3's; HPKE is hpke-js's; only the framing (wire.ts) is ours.
 */
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Prio3SumVec } from '@divviup/prio3';
import { AeadId, CipherSuite, KdfId, KemId } from 'hpke-js';
import {
  decodeInputShare,
  decodePlaintextInputShare,
  decodePreparationShare,
  decodePublicShare,
  decodeReport,
  inputShareAad,
  inputShareInfo,
  type HpkeCiphertext,
  type Report,
} from './wire';
import { listenOnLoopback } from '../listen-loopback';

export interface DapTask {
  /** base64url, 32 bytes, as in the build configuration. */
  id: string;
  /** The name of each slot, in order; the task's vector length. */
  origins: readonly string[];
}

export interface DapStandInOptions {
  tasks: readonly DapTask[];
  leaderPort?: number;
  helperPort?: number;
  /** Fewer accepted reports than this in a batch and collection refuses, as a real task's minimum batch size does. */
  minBatchSize?: number;
}

export interface Collection {
  task: string;
  day: string;
  /** Reports that passed verification and are counted. */
  reports: number;
  /** Reports the aggregators threw out: undecryptable, malformed, or failing the Prio3 proof. */
  rejected: number;
  counts: Record<string, number>;
}

export interface UploadRecord {
  task: string;
  status: number;
  problem: string | null;
}

export interface DapStandIn {
  leaderUrl: string;
  helperUrl: string;
  collect(task: string, day: string): Promise<Collection>;
  uploads(): UploadRecord[];
  /** How many times each aggregator served its HPKE config: a client should ask once per task and session. */
  hpkeConfigFetches(): { leader: number; helper: number };
  /** Replaces the Leader's key: reports sealed to the old one are then answered `outdatedConfig`. */
  rotateLeaderKey(): Promise<void>;
  close(): Promise<void>;
}

/** The aggregator ids the draft gives the two roles. */
const LEADER = 0;
const HELPER = 1;

/** Starts preparing one aggregator's share of `report`: its input share, checked against the report's public share. */
async function prepareShare(
  vdaf: Prio3SumVec,
  verifyKey: Buffer,
  aggregatorId: typeof LEADER | typeof HELPER,
  report: { metadata: { reportId: Buffer }; publicShare: Buffer },
  share: Uint8Array,
) {
  return vdaf.prepareInit(
    verifyKey,
    aggregatorId,
    null,
    report.metadata.reportId,
    decodePublicShare(vdaf, report.publicShare),
    await decodeInputShare(vdaf, aggregatorId, share),
  );
}

/** The task shape the stand-in runs: Origin Telemetry's (src/background/origin-telemetry/metrics.ts). */
const SUM_VEC = { bits: 1, chunkLength: 3 } as const;
const CONTENT_TYPES = { report: 'application/dap-report', hpkeConfigList: 'application/dap-hpke-config-list' };
const suite = new CipherSuite({
  kem: KemId.DhkemX25519HkdfSha256,
  kdf: KdfId.HkdfSha256,
  aead: AeadId.Aes128Gcm,
});

class Problem extends Error {
  constructor(
    readonly type: string,
    readonly taskId: string | undefined,
  ) {
    super(type);
  }
}

interface Keys {
  config: { id: number; publicKey: Buffer };
  privateKey: CryptoKey;
}

async function newKeys(id: number): Promise<Keys> {
  const pair = await suite.kem.generateKeyPair();
  const publicKey = Buffer.from(await suite.kem.serializePublicKey(pair.publicKey));
  return {
    config: { id, publicKey },
    privateKey: pair.privateKey,
  };
}

async function openShare(
  keys: Keys,
  role: 'leader' | 'helper',
  taskId: Buffer,
  report: Pick<Report, 'metadata' | 'publicShare'>,
  ciphertext: HpkeCiphertext,
): Promise<Buffer> {
  if (ciphertext.configId !== keys.config.id) throw new Error('sealed to an unknown HPKE config');
  const plaintext = await suite.open(
    { recipientKey: keys.privateKey, enc: ciphertext.enc, info: inputShareInfo(role) },
    ciphertext.payload,
    inputShareAad(taskId, report.metadata, report.publicShare),
  );
  return decodePlaintextInputShare(new Uint8Array(plaintext)).payload;
}

/**
 * `HpkeConfig HpkeConfigList<0..2^16-1>;` holding our one config (DAP-09 §4.5.1): id, KEM, KDF, AEAD and the
 * public key. Written here because @divviup/dap, whose HpkeConfig could encode it, cannot be required by the
 * CommonJS build `npm start` runs (it exports its entry point for `import` only).
 */
function hpkeConfigList(config: Keys['config']): Buffer {
  const fixed = Buffer.alloc(9);
  fixed.writeUInt8(config.id, 0);
  fixed.writeUInt16BE(KemId.DhkemX25519HkdfSha256, 1);
  fixed.writeUInt16BE(KdfId.HkdfSha256, 3);
  fixed.writeUInt16BE(AeadId.Aes128Gcm, 5);
  fixed.writeUInt16BE(config.publicKey.length, 7);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(fixed.length + config.publicKey.length);
  return Buffer.concat([length, fixed, config.publicKey]);
}

const dayOf = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: Buffer | string): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    // The add-on uploads from its background page, a moz-extension: origin, as any browser client of DAP does.
    'access-control-allow-origin': '*',
  });
  res.end(body);
}

function sendProblem(res: ServerResponse, problem: Problem): void {
  const body = {
    type: `urn:ietf:params:ppm:dap:error:${problem.type}`,
    title: problem.type,
    status: 400,
    detail: problem.type,
    instance: '..',
    taskid: problem.taskId ?? '',
  };
  send(res, 400, 'application/problem+json', JSON.stringify(body));
}

async function listen(server: Server, port: number): Promise<string> {
  return `http://127.0.0.1:${String(await listenOnLoopback(server, port))}`;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** Answers CORS preflights and `GET /hpke_config`, and hands every other request to `route`. */
function aggregatorServer(
  keys: () => Keys,
  tasks: ReadonlyMap<string, unknown>,
  route: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>,
  configServed: () => void,
): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handle = async () => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET, PUT, POST',
          'access-control-allow-headers': 'content-type',
        });
        res.end();
        return;
      }
      if (req.method === 'GET' && url.pathname === '/hpke_config') {
        const task = url.searchParams.get('task_id') ?? undefined;
        if (task !== undefined && !tasks.has(task)) throw new Problem('unrecognizedTask', task);
        configServed();
        send(res, 200, CONTENT_TYPES.hpkeConfigList, hpkeConfigList(keys().config));
        return;
      }
      await route(req, res, url);
    };
    handle().catch((error: unknown) => {
      if (error instanceof Problem) sendProblem(res, error);
      else send(res, 500, 'text/plain', error instanceof Error ? error.message : String(error));
    });
  });
}

interface HelperReport {
  task: string;
  reportId: string;
  time: number;
  publicShare: string;
  helperShare: { configId: number; enc: string; payload: string };
}

/** The Helper: prepares its share of each report the Leader forwards, keeps output shares per batch. */
async function startHelper(
  tasks: ReadonlyMap<string, Prio3SumVec>,
  verifyKey: Buffer,
  port: number,
  configServed: () => void,
) {
  const keys = await newKeys(7);
  const pending = new Map<string, Awaited<ReturnType<Prio3SumVec['prepareInit']>>['preparationState']>();
  const outputs = new Map<string, bigint[]>();

  const json = async <T>(req: IncomingMessage) => JSON.parse((await readBody(req)).toString('utf8')) as T;
  const server = aggregatorServer(
    () => keys,
    tasks,
    async (req, res, url) => {
      if (req.method === 'POST' && url.pathname === '/internal/prepare') {
        const body = await json<HelperReport>(req);
        const vdaf = tasks.get(body.task);
        if (!vdaf) throw new Problem('unrecognizedTask', body.task);
        const report = {
          metadata: { reportId: Buffer.from(body.reportId, 'hex'), time: body.time },
          publicShare: Buffer.from(body.publicShare, 'hex'),
        };
        try {
          const share = await openShare(keys, 'helper', Buffer.from(body.task, 'base64url'), report, {
            configId: body.helperShare.configId,
            enc: Buffer.from(body.helperShare.enc, 'hex'),
            payload: Buffer.from(body.helperShare.payload, 'hex'),
          });
          const started = await prepareShare(vdaf, verifyKey, HELPER, report, share);
          pending.set(`${body.task}/${body.reportId}`, started.preparationState);
          send(
            res,
            200,
            'application/json',
            JSON.stringify({ prepShare: vdaf.encodePreparationShare(started.preparationShare).toString('hex') }),
          );
        } catch (error) {
          send(
            res,
            200,
            'application/json',
            JSON.stringify({ error: error instanceof Error ? error.message : 'failed' }),
          );
        }
        return;
      }
      if (req.method === 'POST' && url.pathname === '/internal/finish') {
        const body = await json<{ task: string; reportId: string; message: string | null }>(req);
        const key = `${body.task}/${body.reportId}`;
        const state = pending.get(key);
        pending.delete(key);
        const vdaf = tasks.get(body.task);
        if (state && vdaf && body.message !== null) {
          const out = vdaf.prepareNext(state, { jointRand: Buffer.from(body.message, 'hex') });
          if ('outputShare' in out) outputs.set(key, out.outputShare);
        }
        send(res, 200, 'application/json', '{}');
        return;
      }
      if (req.method === 'POST' && url.pathname === '/internal/aggregate_share') {
        const body = await json<{ task: string; reportIds: string[] }>(req);
        const vdaf = tasks.get(body.task);
        if (!vdaf) throw new Problem('unrecognizedTask', body.task);
        const shares = body.reportIds.map((id) => {
          const share = outputs.get(`${body.task}/${id}`);
          if (!share) throw new Problem('batchMismatch', body.task);
          return share;
        });
        send(
          res,
          200,
          'application/json',
          JSON.stringify({ share: vdaf.encodeAggregatorShare(vdaf.aggregate(null, shares)).toString('hex') }),
        );
        return;
      }
      send(res, 404, 'text/plain', 'not found');
    },
    configServed,
  );
  return { url: await listen(server, port), close: () => close(server) };
}

interface StoredReport {
  report: Report;
  /** null while not aggregated yet; then the Leader's output share, or 'rejected'. */
  output: bigint[] | 'rejected' | null;
}

export async function startDapStandIn(options: DapStandInOptions): Promise<DapStandIn> {
  const tasks = new Map<string, Prio3SumVec>();
  const origins = new Map<string, readonly string[]>();
  for (const task of options.tasks) {
    if (Buffer.from(task.id, 'base64url').length !== 32) throw new Error(`task id ${task.id} is not 32 bytes`);
    tasks.set(task.id, new Prio3SumVec({ shares: 2, length: task.origins.length, ...SUM_VEC }));
    origins.set(task.id, task.origins);
  }
  // Shared by both aggregators, as DAP's task provisioning would give it to each.
  const verifyKey = randomBytes(16);
  const fetches = { leader: 0, helper: 0 };
  const helper = await startHelper(tasks, verifyKey, options.helperPort ?? 0, () => (fetches.helper += 1));
  let leaderKeys = await newKeys(1);
  const stored = new Map<string, StoredReport[]>();
  const uploads: UploadRecord[] = [];

  const postHelper = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${helper.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`the helper answered ${String(response.status)} to ${path}`);
    return (await response.json()) as T;
  };

  /** One report's preparation across both aggregators; 'rejected' when either cannot decrypt or the proof fails. */
  async function aggregateOne(
    task: string,
    vdaf: Prio3SumVec,
    { report }: StoredReport,
  ): Promise<bigint[] | 'rejected'> {
    const reportId = report.metadata.reportId.toString('hex');
    const helperAnswer = await postHelper<{ prepShare?: string; error?: string }>('/internal/prepare', {
      task,
      reportId,
      time: report.metadata.time,
      publicShare: report.publicShare.toString('hex'),
      helperShare: {
        configId: report.helperShare.configId,
        enc: report.helperShare.enc.toString('hex'),
        payload: report.helperShare.payload.toString('hex'),
      },
    } satisfies HelperReport);
    try {
      if (helperAnswer.prepShare === undefined) throw new Error(helperAnswer.error ?? 'the helper refused');
      const share = await openShare(leaderKeys, 'leader', Buffer.from(task, 'base64url'), report, report.leaderShare);
      const started = await prepareShare(vdaf, verifyKey, LEADER, report, share);
      // Throws "Verify error" for a report whose proof fails, such as a 2 in a 1-bit slot.
      const message = await vdaf.unshardPreparationShares(null, [
        started.preparationShare,
        decodePreparationShare(vdaf, Buffer.from(helperAnswer.prepShare, 'hex')),
      ]);
      const out = vdaf.prepareNext(started.preparationState, message);
      if (!('outputShare' in out)) throw new Error('Prio3 prepares in one round');
      await postHelper('/internal/finish', { task, reportId, message: message.jointRand.toString('hex') });
      return out.outputShare;
    } catch {
      await postHelper('/internal/finish', { task, reportId, message: null });
      return 'rejected';
    }
  }

  async function collect(task: string, day: string): Promise<Collection> {
    const vdaf = tasks.get(task);
    const names = origins.get(task);
    if (!vdaf || !names) throw new Problem('unrecognizedTask', task);
    const batch = stored.get(`${task}/${day}`) ?? [];
    for (const entry of batch) {
      if (entry.output === null) entry.output = await aggregateOne(task, vdaf, entry);
    }
    const accepted = batch.filter((entry) => entry.output !== 'rejected');
    if (accepted.length < (options.minBatchSize ?? 1)) throw new Problem('invalidBatchSize', task);
    const leaderShare = vdaf.aggregate(
      null,
      accepted.map((entry) => entry.output as bigint[]),
    );
    const { share } = await postHelper<{ share: string }>('/internal/aggregate_share', {
      task,
      reportIds: accepted.map((entry) => entry.report.metadata.reportId.toString('hex')),
    });
    const helperShare = vdaf.flp.field.decode(Buffer.from(share, 'hex'));
    const sums = vdaf.unshard(null, [leaderShare, helperShare], accepted.length);
    return {
      task,
      day,
      reports: accepted.length,
      rejected: batch.length - accepted.length,
      counts: Object.fromEntries(names.map((name, slot) => [name, sums[slot] ?? 0])),
    };
  }

  const leader = aggregatorServer(
    () => leaderKeys,
    tasks,
    async (req, res, url) => {
      const upload = /^\/tasks\/([A-Za-z0-9_-]+)\/reports$/.exec(url.pathname);
      if (req.method === 'PUT' && upload) {
        const task = upload[1] ?? '';
        const answer = await (async (): Promise<Problem | null> => {
          if (!tasks.has(task)) return new Problem('unrecognizedTask', task);
          if (req.headers['content-type'] !== CONTENT_TYPES.report) return new Problem('invalidMessage', task);
          let report: Report;
          try {
            report = decodeReport(await readBody(req));
          } catch {
            return new Problem('invalidMessage', task);
          }
          if (report.leaderShare.configId !== leaderKeys.config.id) return new Problem('outdatedConfig', task);
          const key = `${task}/${dayOf(report.metadata.time)}`;
          stored.set(key, [...(stored.get(key) ?? []), { report, output: null }]);
          return null;
        })();
        uploads.push({ task, status: answer ? 400 : 200, problem: answer?.type ?? null });
        if (answer) throw answer;
        send(res, 200, 'text/plain', '');
        return;
      }
      const collection = /^\/tasks\/([A-Za-z0-9_-]+)\/collection$/.exec(url.pathname);
      if (req.method === 'GET' && collection) {
        const day = url.searchParams.get('day') ?? '';
        if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Problem('invalidMessage', collection[1]);
        send(res, 200, 'application/json', JSON.stringify(await collect(collection[1] ?? '', day)));
        return;
      }
      send(res, 404, 'text/plain', 'not found');
    },
    () => (fetches.leader += 1),
  );
  const leaderUrl = await listen(leader, options.leaderPort ?? 0);

  return {
    leaderUrl,
    helperUrl: helper.url,
    collect,
    uploads: () => uploads.map((upload) => ({ ...upload })),
    hpkeConfigFetches: () => ({ ...fetches }),
    rotateLeaderKey: async () => {
      leaderKeys = await newKeys(leaderKeys.config.id + 1);
    },
    close: async () => {
      await Promise.all([close(leader), helper.close()]);
    },
  };
}
