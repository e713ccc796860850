import { stackEndpoints } from '@logisync/test-kit';
import {
  ConfluentSchemaRegistryAdapter,
  EventCodec,
  InvalidEventError,
  UndecodableEventError,
  UnknownSchemaIdError,
  frame,
  registerSchemas,
  sampleEvent,
  schemaDescriptors,
  type EventType,
} from '../src';

const registry = new ConfluentSchemaRegistryAdapter({ url: stackEndpoints.registryUrl });
const eventTypes = [...new Set(schemaDescriptors.map((d) => d.eventType))] as EventType[];

describe('the event codec against the real schema registry', () => {
  const codec = new EventCodec(registry);

  beforeAll(async () => {
    await registerSchemas(registry);
  });

  it.each(eventTypes)('round-trips %s in the Confluent wire format', async (eventType) => {
    const event = sampleEvent(eventType);
    const encoded = await codec.encode(eventType, event);
    expect(encoded.value.readUInt8(0)).toBe(0);
    expect(encoded.value.readInt32BE(1)).toBe(encoded.schemaId);
    const decoded = await new EventCodec(registry).decode(encoded.value);
    expect(decoded.eventType).toBe(eventType);
    expect(decoded.schemaId).toBe(encoded.schemaId);
    expect(decoded.event).toEqual(event);
  });

  it('gives the same schema id to the same schema registered again', async () => {
    const [first] = await registerSchemas(registry, schemaDescriptors.slice(0, 1));
    const [again] = await registerSchemas(registry, schemaDescriptors.slice(0, 1));
    expect(again.schemaId).toBe(first.schemaId);
  });

  it('refuses to encode an invalid event and names the field', async () => {
    const event = sampleEvent('OrderReleased');
    (event.lines[0] as { quantity: unknown }).quantity = 'three';
    await expect(codec.encode('OrderReleased', event)).rejects.toThrow(InvalidEventError);
    await expect(codec.encode('OrderReleased', event)).rejects.toThrow(/lines\.0\.quantity/);
  });

  it('refuses an event whose meta names another type', async () => {
    const event = sampleEvent('OrderReleased');
    event.meta.eventType = 'OrderCancelled';
    await expect(codec.encode('OrderReleased', event)).rejects.toThrow(/meta\.eventType/);
  });

  it('classifies bytes it cannot read', async () => {
    await expect(codec.decode(Buffer.from('plain text'))).rejects.toThrow(UndecodableEventError);
    await expect(codec.decode(Buffer.alloc(3))).rejects.toThrow(UndecodableEventError);
    const unknownId = frame(2_000_000_000, Buffer.from([0]));
    await expect(codec.decode(unknownId)).rejects.toThrow(UnknownSchemaIdError);
    const { value } = await codec.encode('OrderCancelled', sampleEvent('OrderCancelled'));
    await expect(codec.decode(value.subarray(0, 8))).rejects.toThrow(UndecodableEventError);
  });
});
