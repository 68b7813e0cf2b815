/**
 * The stand-in's decoders against the official VDAF-08 test vectors for Prio3SumVec (draft-irtf-cfrg-vdaf-08,
 * as libprio-rs ships them in src/vdaf/test_vec/08/; kept unchanged under vdaf-08/). Each input share is decoded
 * from its wire bytes and driven through @divviup/prio3's own preparation: if a decoder misreads a single byte, the
 * preparation shares, messages or output shares stop matching the draft's.
 */
import { Buffer } from 'node:buffer';
import { Prio3SumVec } from '@divviup/prio3';
import {
  Reader,
  decodeInputShare,
  decodePlaintextInputShare,
  decodePreparationShare,
  decodePublicShare,
  decodeReport,
  inputShareAad,
  inputShareInfo,
} from '../../../../../tools/dev-stack/dap/wire';
import vector0 from './vdaf-08/Prio3SumVec_0.json';
import vector1 from './vdaf-08/Prio3SumVec_1.json';

interface SumVecVector {
  shares: number;
  length: number;
  bits: number;
  chunk_length: number;
  verify_key: string;
  prep: {
    input_shares: string[];
    nonce: string;
    public_share: string;
    prep_shares: string[][];
    prep_messages: string[];
    out_shares: string[][];
  }[];
  agg_shares: string[];
  agg_result: number[];
}

const hex = (value: string) => Buffer.from(value, 'hex');

describe.each([
  ['Prio3SumVec_0 (2 aggregators)', vector0 as SumVecVector],
  ['Prio3SumVec_1 (3 aggregators)', vector1 as SumVecVector],
])('the VDAF-08 test vector %s', (_name, vector) => {
  const vdaf = new Prio3SumVec({
    shares: vector.shares,
    length: vector.length,
    bits: vector.bits,
    chunkLength: vector.chunk_length,
  });
  const verifyKey = hex(vector.verify_key);

  it('prepares, aggregates and unshards from decoded shares exactly as the draft does', async () => {
    const outputShares: bigint[][][] = Array.from({ length: vector.shares }, () => []);
    for (const prep of vector.prep) {
      const nonce = hex(prep.nonce);
      const started = await Promise.all(
        prep.input_shares.map(async (share, aggregatorId) =>
          vdaf.prepareInit(
            verifyKey,
            aggregatorId,
            null,
            nonce,
            // Fresh per aggregator: prepareInit writes the aggregator's own part into the public share it is given.
            decodePublicShare(vdaf, hex(prep.public_share)),
            await decodeInputShare(vdaf, aggregatorId, hex(share)),
          ),
        ),
      );
      const prepShares = started.map(({ preparationShare }) =>
        vdaf.encodePreparationShare(preparationShare).toString('hex'),
      );
      expect(prepShares).toEqual(prep.prep_shares[0]);

      // The leader reads the other aggregators' preparation shares off the wire too.
      const message = await vdaf.unshardPreparationShares(
        null,
        prepShares.map((share) => decodePreparationShare(vdaf, hex(share))),
      );
      expect([vdaf.encodePreparationMessage(message).toString('hex')]).toEqual(prep.prep_messages);

      started.forEach(({ preparationState }, aggregatorId) => {
        const out = vdaf.prepareNext(preparationState, message);
        if (!('outputShare' in out)) throw new Error('Prio3 prepares in one round');
        expect(vdaf.encodeTestVectorOutputShare(out.outputShare)).toEqual(prep.out_shares[aggregatorId]);
        outputShares[aggregatorId]?.push(out.outputShare);
      });
    }
    const aggregateShares = outputShares.map((shares) => vdaf.aggregate(null, shares));
    expect(aggregateShares.map((share) => vdaf.encodeAggregatorShare(share).toString('hex'))).toEqual(
      vector.agg_shares,
    );
    expect(vdaf.unshard(null, aggregateShares, vector.prep.length)).toEqual(vector.agg_result);
  });

  it('refuses an input share one byte short or one byte long', async () => {
    const share = hex(vector.prep[0]!.input_shares[1]!);
    await expect(decodeInputShare(vdaf, 1, share.subarray(1))).rejects.toThrow('truncated message');
    await expect(decodeInputShare(vdaf, 1, Buffer.concat([share, Buffer.of(0)]))).rejects.toThrow(
      '1 unexpected bytes after the message',
    );
  });
});

describe('the DAP-09 framing', () => {
  const reportId = Buffer.alloc(16, 7);
  const publicShare = Buffer.alloc(32, 9);
  const ciphertext = (configId: number, fill: number) =>
    Buffer.concat([Buffer.of(configId, 0, 2), Buffer.alloc(2, fill), Buffer.of(0, 0, 0, 3), Buffer.alloc(3, fill)]);
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(1_764_547_200n);
  const report = Buffer.concat([
    reportId,
    time,
    Buffer.of(0, 0, 0, 32),
    publicShare,
    ciphertext(1, 0xaa),
    ciphertext(2, 0xbb),
  ]);

  it('reads a report field by field', () => {
    expect(decodeReport(report)).toEqual({
      metadata: { reportId, time: 1_764_547_200 },
      publicShare,
      leaderShare: { configId: 1, enc: Buffer.alloc(2, 0xaa), payload: Buffer.alloc(3, 0xaa) },
      helperShare: { configId: 2, enc: Buffer.alloc(2, 0xbb), payload: Buffer.alloc(3, 0xbb) },
    });
    expect(() => decodeReport(Buffer.concat([report, Buffer.of(0)]))).toThrow('1 unexpected bytes after the message');
  });

  it('rebuilds the sealed associated data and info strings of DAP-09', () => {
    const taskId = Buffer.alloc(32, 1);
    expect(inputShareAad(taskId, { reportId, time: 1_764_547_200 }, publicShare)).toEqual(
      Buffer.concat([taskId, reportId, time, Buffer.of(0, 0, 0, 32), publicShare]),
    );
    expect(inputShareInfo('leader').toString('hex')).toBe(`${Buffer.from('dap-09 input share').toString('hex')}0102`);
    expect(inputShareInfo('helper').toString('hex')).toBe(`${Buffer.from('dap-09 input share').toString('hex')}0103`);
  });

  it('reads a plaintext input share with no extensions', () => {
    expect(decodePlaintextInputShare(Buffer.of(0, 0, 0, 0, 0, 2, 5, 6))).toEqual({
      extensions: Buffer.alloc(0),
      payload: Buffer.of(5, 6),
    });
  });

  it('refuses a time past 2^53 seconds', () => {
    expect(() => new Reader(Buffer.alloc(8, 0xff)).uint64()).toThrow('uint64 out of range');
  });
});
