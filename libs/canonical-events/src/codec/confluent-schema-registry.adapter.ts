import { SchemaRegistry, SchemaType, COMPATIBILITY } from '@kafkajs/confluent-schema-registry';
import {
  EventContractError,
  RegistryUnavailableError,
  SchemaNotRegisteredError,
  UnknownSchemaIdError,
} from './errors';
import { avroTypeOptions } from './logical-types';
import { withFieldPaths } from './schema-pointer';
import type { CompatibilityLevel, SchemaRegistryPort } from './schema-registry.port';

export class SchemaIncompatibleError extends EventContractError {
  readonly code = 'REGISTRY.INCOMPATIBLE_SCHEMA';
  readonly retriable = false;
}

export interface RegistryOptions {
  /** Base URL of the Confluent-compatible API, e.g. http://127.0.0.1:8081/apis/ccompat/v7 */
  url: string;
  username?: string;
  password?: string;
  /** How long one request may go unanswered before it is abandoned; 10 s by default. */
  requestTimeoutMs?: number;
  /** Tries per call while the registry fails or does not answer; 3 by default. */
  attempts?: number;
}

type Middleware = NonNullable<
  ConstructorParameters<typeof SchemaRegistry>[0]['middlewares']
>[number];

/** Gives every request of the client a deadline: a socket that never answers fails instead. */
function requestTimeout(timeoutMs: number): Middleware {
  return () => ({
    async prepareRequest(next) {
      const request = await next();
      return request.timeout() ? request : request.enhance({ timeout: timeoutMs });
    },
  });
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * @kafkajs/confluent-schema-registry behind the port, with its errors classified. Every call is
 * bounded: a request that goes unanswered is abandoned after requestTimeoutMs and tried again,
 * and after the last try the caller gets RegistryUnavailableError (retriable), never a promise
 * that waits forever (the codec caches its lookups, so one lost answer would stall every
 * later encode of that type).
 */
export class ConfluentSchemaRegistryAdapter implements SchemaRegistryPort {
  private readonly client: SchemaRegistry;
  private readonly timeoutMs: number;
  private readonly attempts: number;

  constructor(private readonly options: RegistryOptions) {
    const auth = options.username
      ? { username: options.username, password: options.password ?? '' }
      : undefined;
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.client = new SchemaRegistry(
      // Retries are this adapter's (tried), for timeouts and 5xx alike: the client's own retry
      // of 5xx would multiply them.
      {
        host: options.url,
        auth,
        retry: { retries: 0 },
        middlewares: [requestTimeout(this.timeoutMs)],
      },
      { forSchemaOptions: avroTypeOptions },
    );
  }

  idOf(subject: string, schema: object): Promise<number> {
    return this.tried(async () => {
      try {
        return await this.client.getRegistryIdBySchema(subject, {
          type: SchemaType.AVRO,
          schema: JSON.stringify(schema),
        });
      } catch (error) {
        if (statusOf(error) === 404 || /not found/i.test(String(error))) {
          throw new SchemaNotRegisteredError(
            `${subject} is not registered with this schema; run npm run schemas:register`,
            { cause: error },
          );
        }
        throw this.unavailable(error);
      }
    });
  }

  schemaOf(schemaId: number): Promise<object> {
    return this.tried(async () => {
      try {
        const schema = (await this.client.getSchema(schemaId)) as unknown as {
          schema?: () => object;
        };
        if (typeof schema.schema === 'function') return schema.schema();
        throw new UnknownSchemaIdError(schemaId);
      } catch (error) {
        if (error instanceof EventContractError) throw error;
        if (statusOf(error) === 404) throw new UnknownSchemaIdError(schemaId, { cause: error });
        throw this.unavailable(error);
      }
    });
  }

  /** Registering the same content again gives the same id, so a retried register is harmless. */
  register(subject: string, schema: object, level: CompatibilityLevel): Promise<number> {
    return this.tried(async () => {
      // Some registries answer GET /config/{subject} with NONE for a subject without a rule,
      // which the client reads as a conflicting level: set the level first, then register.
      await this.setCompatibility(subject, level);
      try {
        const { id } = await this.client.register(
          { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
          { subject, compatibility: COMPATIBILITY[level] },
        );
        return id;
      } catch (error) {
        if (statusOf(error) === 409 || /incompatible/i.test(String(error))) {
          const reason = withFieldPaths(String((error as Error).message), schema);
          throw new SchemaIncompatibleError(
            `${subject} is incompatible with its registered versions: ${reason}`,
            { cause: error },
          );
        }
        throw this.unavailable(error);
      }
    });
  }

  /** Runs a call again, after a short pause, while the registry is unavailable. */
  private async tried<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof RegistryUnavailableError) || attempt >= this.attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** (attempt - 1)));
      }
    }
  }

  private async setCompatibility(subject: string, level: CompatibilityLevel): Promise<void> {
    const url = `${this.options.url.replace(/\/$/, '')}/config/${encodeURIComponent(subject)}`;
    const response = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json', ...this.authHeader() },
      body: JSON.stringify({ compatibility: level }),
      signal: AbortSignal.timeout(this.timeoutMs),
    }).catch((error: unknown) => {
      throw this.unavailable(error);
    });
    if (!response.ok) {
      throw this.unavailable(new Error(`PUT ${url}: ${response.status} ${await response.text()}`));
    }
  }

  private authHeader(): Record<string, string> {
    if (!this.options.username) return {};
    const token = Buffer.from(`${this.options.username}:${this.options.password ?? ''}`);
    return { authorization: `Basic ${token.toString('base64')}` };
  }

  private unavailable(error: unknown): RegistryUnavailableError {
    const reason = error instanceof Error ? error.message : String(error);
    return new RegistryUnavailableError(
      `Schema registry at ${this.options.url} failed: ${reason}`,
      { cause: error },
    );
  }
}
