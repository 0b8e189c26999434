/**
 * A DICOM UID under the 2.25 root (PS3.5 B.2: "2.25." + the decimal value of a 128-bit UUID).
 * Without `seed` the UUID is random (version 4; crypto.getRandomValues when the runtime has it);
 * with `seed` it is a deterministic hash of the seed (version 8, FNV-1a 128), so the same seed always
 * gives the same UID — useful for reproducible files and tests.
 */
export function createDicomUid(seed?: string): string {
  let value = seed === undefined ? randomBits128() : fnv1a128(seed);
  const version = seed === undefined ? 4n : 8n;
  // UUID version (bits 76-79) and RFC 4122 variant (bits 62-63 = 10).
  value = (value & ~(0xfn << 76n)) | (version << 76n);
  value = (value & ~(0x3n << 62n)) | (0x2n << 62n);
  return `2.25.${value.toString(10)}`;
}

function randomBits128(): bigint {
  const bytes = new Uint8Array(16);
  const crypto = (globalThis as { crypto?: { getRandomValues?: (array: Uint8Array) => Uint8Array } }).crypto;
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  let value = 0n;
  for (let i = 0; i < 16; i++) value = (value << 8n) | BigInt(bytes[i]);
  return value;
}

const FNV_OFFSET_128 = 0x6c62272e07bb014262b821756295c58dn;
const FNV_PRIME_128 = 0x0000000001000000000000000000013bn;
const MASK_128 = (1n << 128n) - 1n;

function fnv1a128(text: string): bigint {
  let hash = FNV_OFFSET_128;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * FNV_PRIME_128) & MASK_128;
  }
  return hash;
}
