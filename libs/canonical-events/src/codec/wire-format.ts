import { UndecodableEventError } from './errors';

/** The Confluent framing: magic byte 0, a big-endian 4-byte schema id, then Avro binary. */
const MAGIC_BYTE = 0;
const HEADER_LENGTH = 5;

export function frame(schemaId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

export function unframe(value: Buffer | null | undefined): { schemaId: number; body: Buffer } {
  if (!value || value.length < HEADER_LENGTH) {
    throw new UndecodableEventError(
      `Expected a Confluent-framed Avro message of at least ${HEADER_LENGTH} bytes, got ${value?.length ?? 0}`,
    );
  }
  if (value.readUInt8(0) !== MAGIC_BYTE) {
    throw new UndecodableEventError(
      `Unknown magic byte ${value.readUInt8(0)}; expected ${MAGIC_BYTE}`,
    );
  }
  return { schemaId: value.readInt32BE(1), body: value.subarray(HEADER_LENGTH) };
}
