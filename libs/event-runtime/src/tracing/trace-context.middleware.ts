import { Injectable, type NestMiddleware } from '@nestjs/common';
import { EventHeader } from '@logisync/canonical-events';
import { currentTraceparent, runInTrace } from './trace-context';

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
}
interface HttpResponse {
  setHeader(name: string, value: string): void;
}

/**
 * Every HTTP request runs in a span: it continues the caller's `traceparent` header or starts
 * a trace, and answers with the traceparent it used, so a caller can follow its flow.
 */
@Injectable()
export class TraceContextMiddleware implements NestMiddleware {
  use(req: HttpRequest, res: HttpResponse, next: () => void): void {
    const header = req.headers[EventHeader.traceparent];
    runInTrace(Array.isArray(header) ? header[0] : header, () => {
      const traceparent = currentTraceparent();
      if (traceparent) res.setHeader(EventHeader.traceparent, traceparent);
      next();
    });
  }
}
