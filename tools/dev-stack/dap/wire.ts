/**
 * DAP-09's wire framing, read on the aggregators' side. @divviup/dap only writes these messages (it is a client
 * library and exports no decoders), so the stand-in parses them here; every field follows the TLS-syntax structs of
 * draft-ietf-ppm-dap-09 (§4.4.2 reports, §4.5 input shares). No cryptography is done here.
 */
import { Buffer } from 'node:buffer';
import type { Prio3SumVec } from '@divviup/prio3';

export type PublicShare = Parameters<Prio3SumVec['prepareInit']>[4];
export type InputShare = Parameters<Prio3SumVec['prepareInit']>[5];
export type PreparationShare = Parameters<Prio3SumVec['unshardPreparationShares']>[1][number];

/** A cursor over a message that refuses to read past its end and, at `done()`, refuses leftover bytes. */
export class Reader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  take(length: number): Buffer {
    if (this.offset + length > this.bytes.length) {
      throw new Error(`truncated message: wanted ${String(length)} bytes at ${String(this.offset)}`);
    }
    const slice = Buffer.from(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return slice;
  }

  uint8(): number {
    return this.take(1).readUInt8(0);
  }

  uint16(): number {
    return this.take(2).readUInt16BE(0);
  }

  uint32(): number {
    return this.take(4).readUInt32BE(0);
  }

  /** DAP's Time is a uint64 of seconds; anything past 2^53 is not a time a client could have meant. */
  uint64(): number {
    const value = this.take(8).readBigUInt64BE(0);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('uint64 out of range');
    return Number(value);
  }

  opaque16(): Buffer {
    return this.take(this.uint16());
  }

  opaque32(): Buffer {
    return this.take(this.uint32());
  }

  done(): void {
    if (this.offset !== this.bytes.length) {
      throw new Error(`${String(this.bytes.length - this.offset)} unexpected bytes after the message`);
    }
  }
}

export interface HpkeCiphertext {
  configId: number;
  enc: Buffer;
  payload: Buffer;
}

export interface ReportMetadata {
  reportId: Buffer;
  /** Seconds since the epoch, as the client rounded them. */
  time: number;
}

export interface Report {
  metadata: ReportMetadata;
  publicShare: Buffer;
  leaderShare: HpkeCiphertext;
  helperShare: HpkeCiphertext;
}

function readMetadata(reader: Reader): ReportMetadata {
  return { reportId: reader.take(16), time: reader.uint64() };
}

function readCiphertext(reader: Reader): HpkeCiphertext {
  return { configId: reader.uint8(), enc: reader.opaque16(), payload: reader.opaque32() };
}

/** `struct { ReportMetadata; opaque public_share<0..2^32-1>; HpkeCiphertext leader, helper; } Report;` */
export function decodeReport(bytes: Uint8Array): Report {
  const reader = new Reader(bytes);
  const report = {
    metadata: readMetadata(reader),
    publicShare: reader.opaque32(),
    leaderShare: readCiphertext(reader),
    helperShare: readCiphertext(reader),
  };
  reader.done();
  return report;
}

/** The associated data each input share was sealed with: task id, metadata and public share, as the client wrote. */
export function inputShareAad(taskId: Buffer, metadata: ReportMetadata, publicShare: Buffer): Buffer {
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(metadata.time));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(publicShare.length);
  return Buffer.concat([taskId, metadata.reportId, time, length, publicShare]);
}

/** `"dap-09 input share" || 0x01 (client) || server role`, the HPKE info string of DAP-09 §4.4.2. */
export function inputShareInfo(role: 'leader' | 'helper'): Buffer {
  return Buffer.concat([Buffer.from('dap-09 input share', 'ascii'), Buffer.from([1, role === 'leader' ? 2 : 3])]);
}

/** `struct { Extension extensions<0..2^16-1>; opaque payload<0..2^32-1>; } PlaintextInputShare;` */
export function decodePlaintextInputShare(bytes: Uint8Array): { extensions: Buffer; payload: Buffer } {
  const reader = new Reader(bytes);
  const share = { extensions: reader.opaque16(), payload: reader.opaque32() };
  reader.done();
  return share;
}

/** VDAF-08 §7.2.6 usages this side needs to expand a helper's seeds; the library keeps its own enum private. */
const MEASUREMENT_SHARE_USAGE = 1;
const PROOF_SHARE_USAGE = 2;

/**
 * Prio3's public share: one joint-randomness part per aggregator (VDAF-08 §7.2.6), each a seed.
 */
export function decodePublicShare(vdaf: Prio3SumVec, bytes: Uint8Array): PublicShare {
  const reader = new Reader(bytes);
  const jointRandParts = Array.from({ length: vdaf.shares }, () => reader.take(vdaf.xof.seedSize));
  reader.done();
  return { jointRandParts };
}

/**
 * Prio3's input share for aggregator `aggregatorId`. The leader (0) gets its measurement and proof shares as
 * field elements; a helper gets only seeds, which it expands with the XOF exactly as the client did. Both end with
 * the joint-randomness blind. The result is what `Prio3.prepareInit` takes.
 */
export async function decodeInputShare(
  vdaf: Prio3SumVec,
  aggregatorId: number,
  bytes: Uint8Array,
): Promise<InputShare> {
  const { flp, xof, proofs } = vdaf;
  const { field } = flp;
  const reader = new Reader(bytes);
  const proofLength = flp.proofLen * proofs;
  if (aggregatorId === 0) {
    const wireMeasurementShare = reader.take(flp.measurementLen * field.encodedSize);
    const wireProofShare = reader.take(proofLength * field.encodedSize);
    const blind = reader.take(xof.seedSize);
    reader.done();
    return {
      measurementShare: field.decode(wireMeasurementShare),
      proofsShare: field.decode(wireProofShare),
      wireMeasurementShare,
      wireProofShare,
      blind,
    };
  }
  const wireMeasurementShare = reader.take(xof.seedSize);
  const wireProofShare = reader.take(xof.seedSize);
  const blind = reader.take(xof.seedSize);
  reader.done();
  const measurementShare = await xof.expandIntoVec(
    field,
    wireMeasurementShare,
    vdaf.domainSeparationTag(MEASUREMENT_SHARE_USAGE),
    Buffer.from([aggregatorId]),
    flp.measurementLen,
  );
  const proofsShare = await xof.expandIntoVec(
    field,
    wireProofShare,
    vdaf.domainSeparationTag(PROOF_SHARE_USAGE),
    Buffer.from([proofs, aggregatorId]),
    proofLength,
  );
  return { measurementShare, proofsShare, wireMeasurementShare, wireProofShare, blind };
}

/** A preparation share as the helper sends it to the leader: its verifier share, then its joint-randomness part. */
export function decodePreparationShare(vdaf: Prio3SumVec, bytes: Uint8Array): PreparationShare {
  const { flp, xof, proofs } = vdaf;
  const reader = new Reader(bytes);
  const verifiersShare = flp.field.decode(reader.take(flp.verifierLen * proofs * flp.field.encodedSize));
  const jointRandomnessPart = reader.take(xof.seedSize);
  reader.done();
  return { verifiersShare, jointRandomnessPart };
}
