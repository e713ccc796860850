import avro from 'avsc';
import { schemaDescriptors, type EventType, type EventTypeMap } from '../generated';
import { InvalidEventError, UndecodableEventError, UnknownEventTypeError } from './errors';
import { avroTypeOptions } from './logical-types';
import type { CompatibilityLevel, SchemaRegistryPort } from './schema-registry.port';
import { frame, unframe } from './wire-format';

export interface SchemaDescriptor {
  eventType: string;
  domain: string;
  fullName: string;
  version: number;
  schema: object;
}

export interface EncodedEvent {
  eventType: EventType;
  schemaId: number;
  value: Buffer;
}

export interface DecodedEvent<T extends EventType = EventType> {
  eventType: T;
  schemaId: number;
  event: EventTypeMap[T];
}

export interface EventCodecOptions {
  /** Register unknown schemas on first use (development and tests); off in production. */
  autoRegister?: boolean;
  compatibility?: CompatibilityLevel;
  /** Read an event type at an older version than the newest this build knows. */
  readerVersions?: Partial<Record<EventType, number>>;
  descriptors?: readonly SchemaDescriptor[];
}

/**
 * Encodes and decodes events in the Confluent wire format. Subjects follow the record-name
 * strategy (the record's full name), so one topic carries many event types. Decoding resolves
 * the writer's schema to this build's reader schema, so readers get the shape they were built for.
 */
export class EventCodec {
  private readonly writers = new Map<
    EventType,
    { descriptor: SchemaDescriptor; type: avro.Type }
  >();
  private readonly readers = new Map<string, avro.Type>();
  private readonly ids = new Map<EventType, Promise<number>>();
  private readonly resolvers = new Map<
    number,
    Promise<{ eventType: EventType; read: (body: Buffer) => unknown }>
  >();
  private readonly descriptors: readonly SchemaDescriptor[];

  constructor(
    private readonly registry: SchemaRegistryPort,
    private readonly options: EventCodecOptions = {},
  ) {
    this.descriptors = options.descriptors ?? schemaDescriptors;
  }

  /** Validates against the newest schema of the type; an invalid event never leaves the producer. */
  async encode<T extends EventType>(eventType: T, event: EventTypeMap[T]): Promise<EncodedEvent> {
    const { type } = this.writerOf(eventType);
    this.assertValid(eventType, type, event);
    const schemaId = await this.schemaIdOf(eventType);
    return { eventType, schemaId, value: frame(schemaId, type.toBuffer(event)) };
  }

  validate<T extends EventType>(eventType: T, event: EventTypeMap[T]): void {
    this.assertValid(eventType, this.writerOf(eventType).type, event);
  }

  async decode(value: Buffer | null | undefined): Promise<DecodedEvent> {
    const { schemaId, body } = unframe(value);
    const resolved = await this.resolverFor(schemaId);
    try {
      return {
        eventType: resolved.eventType,
        schemaId,
        event: resolved.read(body),
      } as DecodedEvent;
    } catch (error) {
      throw new UndecodableEventError(
        `Bytes of ${resolved.eventType} do not decode with schema ${schemaId}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** The schema id this build writes an event type with (registering it when allowed). */
  schemaIdOf(eventType: EventType): Promise<number> {
    let id = this.ids.get(eventType);
    if (!id) {
      const { descriptor } = this.writerOf(eventType);
      id = this.options.autoRegister
        ? this.registry.register(
            descriptor.fullName,
            descriptor.schema,
            this.options.compatibility ?? 'FULL_TRANSITIVE',
          )
        : this.registry.idOf(descriptor.fullName, descriptor.schema);
      id.catch(() => this.ids.delete(eventType));
      this.ids.set(eventType, id);
    }
    return id;
  }

  private writerOf(eventType: EventType) {
    let writer = this.writers.get(eventType);
    if (!writer) {
      const descriptor = this.newest(eventType);
      writer = {
        descriptor,
        type: avro.Type.forSchema(descriptor.schema as avro.Schema, { ...avroTypeOptions }),
      };
      this.writers.set(eventType, writer);
    }
    return writer;
  }

  private newest(eventType: string, version?: number): SchemaDescriptor {
    const candidates = this.descriptors.filter(
      (d) => d.eventType === eventType && (version === undefined || d.version === version),
    );
    const newest = candidates.sort((a, b) => b.version - a.version)[0];
    if (!newest) {
      const what = version === undefined ? eventType : `${eventType} v${version}`;
      throw new UnknownEventTypeError(`No schema for ${what} in the contract`);
    }
    return newest;
  }

  private readerOf(eventType: EventType): avro.Type {
    const version = this.options.readerVersions?.[eventType];
    const key = `${eventType}@${version ?? 'newest'}`;
    let reader = this.readers.get(key);
    if (!reader) {
      const schema = this.newest(eventType, version).schema as avro.Schema;
      reader = avro.Type.forSchema(schema, { ...avroTypeOptions });
      this.readers.set(key, reader);
    }
    return reader;
  }

  private resolverFor(schemaId: number) {
    let resolved = this.resolvers.get(schemaId);
    if (!resolved) {
      resolved = this.buildResolver(schemaId);
      resolved.catch(() => this.resolvers.delete(schemaId));
      this.resolvers.set(schemaId, resolved);
    }
    return resolved;
  }

  private async buildResolver(schemaId: number) {
    const writerSchema = await this.registry.schemaOf(schemaId);
    const writer = avro.Type.forSchema(writerSchema as avro.Schema, { ...avroTypeOptions });
    const descriptor = this.descriptors.find((d) => d.fullName === writer.name);
    if (!descriptor) {
      throw new UnknownEventTypeError(
        `Schema ${schemaId} is ${writer.name}, which this contract does not know`,
      );
    }
    const eventType = descriptor.eventType as EventType;
    const reader = this.readerOf(eventType);
    const resolver = reader.createResolver(writer);
    return { eventType, read: (body: Buffer) => reader.fromBuffer(body, resolver) };
  }

  private assertValid(eventType: EventType, type: avro.Type, event: unknown): void {
    const invalidPaths: string[] = [];
    type.isValid(event, {
      errorHook: (path) => invalidPaths.push(path.join('.') || '(root)'),
    });
    if (invalidPaths.length > 0) throw new InvalidEventError(eventType, invalidPaths);
    const metaType = (event as { meta?: { eventType?: unknown } }).meta?.eventType;
    if (metaType !== eventType) {
      throw new InvalidEventError(eventType, [`meta.eventType (is '${String(metaType)}')`]);
    }
  }
}
