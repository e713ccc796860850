import { Parser, type Diagnostic } from '@asyncapi/parser';

export interface AsyncApiReport {
  errors: Diagnostic[];
  others: Diagnostic[];
  /** Channel address (the topic) -> ids of the messages it carries. */
  channels: Record<string, string[]>;
  /** Ids of components.messages. */
  messages: string[];
}

/** Spectral's DiagnosticSeverity.Error; warnings, information and hints do not fail the build. */
const ERROR = 0;

/**
 * Parses and validates with @asyncapi/parser. No Avro schema parser is registered
 * (@asyncapi/avro-schema-parser is not a dependency): the parser then leaves the Avro payloads
 * as they are, but the AsyncAPI 3.0.0 JSON Schema still checks their structure against its
 * Avro 1.9 definition. Whether named types resolve is left to avsc.
 */
export async function validateAsyncApi(text: string): Promise<AsyncApiReport> {
  const { document, diagnostics } = await new Parser().parse(text);
  const channels = (document?.channels().all() ?? []).map((c) => [
    c.address() ?? c.id(),
    c
      .messages()
      .all()
      .map((m) => m.id()),
  ]);
  return {
    errors: diagnostics.filter((d) => d.severity === ERROR),
    others: diagnostics.filter((d) => d.severity !== ERROR),
    channels: Object.fromEntries(channels),
    messages:
      document
        ?.components()
        .messages()
        .all()
        .map((m) => m.id()) ?? [],
  };
}

export function describeDiagnostic(d: Diagnostic): string {
  return `${d.code} at ${d.path.join('.') || '(root)'}: ${d.message}`;
}
