/**
 * Firefox's mozlz4 container, used for the archived pings: the 8-byte magic "mozLz40\0", then the decompressed
 * size as a 32-bit little-endian integer, then one LZ4 block. lz4-napi's block functions read and write exactly
 * that size-prefixed block, so only the magic is ours to handle.
 */
import { compressSync, uncompressSync } from 'lz4-napi';

export const MOZLZ4_MAGIC = Buffer.from('mozLz40\0', 'latin1');

export function isMozLz4(data: Buffer): boolean {
  return data.length >= MOZLZ4_MAGIC.length + 4 && data.subarray(0, MOZLZ4_MAGIC.length).equals(MOZLZ4_MAGIC);
}

export function decodeMozLz4(data: Buffer): Buffer {
  if (!isMozLz4(data)) throw new Error('not a mozlz4 file (the magic "mozLz40\\0" is missing)');
  const block = data.subarray(MOZLZ4_MAGIC.length);
  const decoded = uncompressSync(block);
  // The size field is the promise the file makes; a short result means a damaged file, not a short ping.
  if (decoded.length !== block.readUInt32LE(0))
    throw new Error(
      `mozlz4 size mismatch: header says ${String(block.readUInt32LE(0))}, got ${String(decoded.length)}`,
    );
  return decoded;
}

export function encodeMozLz4(data: Buffer): Buffer {
  return Buffer.concat([MOZLZ4_MAGIC, compressSync(data)]);
}
