import { Injectable, type NestMiddleware } from '@nestjs/common';
import { EventHeader } from '@logisync/canonical-events';
import { currentTraceparent, recordSpan, runInTrace } from './trace-context';

interface HttpRequest {
  method?: string;
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
}
interface HttpResponse {
  statusCode: number;
  setHeader(name: string, value: string): void;
  once(event: 'finish', listener: () => void): void;
}

/**
 * Every HTTP request runs in a span: it continues the caller's `traceparent` header or starts
 * a trace, and answers with the traceparent it used, so a caller can follow its flow.
 */
@Injectable()
export class TraceContextMiddleware implements NestMiddleware {
  use(req: HttpRequest, res: HttpResponse, next: () => void): void {
    const header = req.headers[EventHeader.traceparent];
    const parent = Array.isArray(header) ? header[0] : header;
    const path = (req.originalUrl ?? '').split('?')[0];
    const startMs = Date.now();
    runInTrace(parent, () => {
      const traceparent = currentTraceparent()!;
      res.setHeader(EventHeader.traceparent, traceparent);
      // The span ends with the response; it is exported only when export is on.
      res.once('finish', () =>
        recordSpan(
          traceparent,
          parent,
          {
            name: `HTTP ${req.method ?? ''} ${path}`,
            kind: 'SERVER',
            attributes: {
              'http.request.method': req.method ?? '',
              'url.path': path,
              'http.response.status_code': res.statusCode,
            },
          },
          startMs,
          res.statusCode < 500,
        ),
      );
      next();
    });
  }
}
