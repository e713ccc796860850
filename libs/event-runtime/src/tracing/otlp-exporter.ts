/**
 * Optional OpenTelemetry export (off by default): finished spans go to an OTLP/HTTP collector
 * as JSON (`<endpoint>/v1/traces`), batched. Export never blocks or fails the work it
 * describes: a collector that is down costs the spans, counted in `dropped`.
 */
export interface FinishedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: 'SERVER' | 'CONSUMER' | 'INTERNAL';
  startMs: number;
  endMs: number;
  ok: boolean;
  attributes: Record<string, string | number>;
}

const KIND = { INTERNAL: 1, SERVER: 2, CONSUMER: 5 } as const;
const nanos = (ms: number) => `${BigInt(Math.round(ms * 1000)) * 1000n}`;

export class OtlpExporter {
  private buffer: FinishedSpan[] = [];
  private timer?: NodeJS.Timeout;
  exported = 0;
  dropped = 0;

  constructor(
    private readonly endpoint: string,
    private readonly service: string,
    private readonly maxBatch = 512,
    flushIntervalMs = 2_000,
  ) {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs);
    this.timer.unref();
  }

  record(span: FinishedSpan): void {
    this.buffer.push(span);
    if (this.buffer.length >= this.maxBatch) void this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const spans = this.buffer;
    this.buffer = [];
    try {
      const response = await fetch(`${this.endpoint.replace(/\/+$/, '')}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(this.payload(spans)),
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) throw new Error(`collector answered ${response.status}`);
      this.exported += spans.length;
    } catch {
      this.dropped += spans.length;
    }
  }

  async shutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private payload(spans: FinishedSpan[]) {
    return {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: this.service } }] },
          scopeSpans: [
            {
              scope: { name: 'logisync' },
              spans: spans.map((s) => ({
                traceId: s.traceId,
                spanId: s.spanId,
                ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
                name: s.name,
                kind: KIND[s.kind],
                startTimeUnixNano: nanos(s.startMs),
                endTimeUnixNano: nanos(s.endMs),
                attributes: Object.entries(s.attributes).map(([key, value]) => ({
                  key,
                  value:
                    typeof value === 'number'
                      ? { intValue: String(value) }
                      : { stringValue: value },
                })),
                status: { code: s.ok ? 1 : 2 },
              })),
            },
          ],
        },
      ],
    };
  }
}
