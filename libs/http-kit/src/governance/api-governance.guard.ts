import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { problem, ProblemException } from '../problem';
import { hashApiKey, type ApiClient, type ApiGovernanceOptions } from './api-clients';
import { RateLimiter } from './rate-limiter';
import { currentRequestContext } from './request-context';
import { API_KEY_HEADER, PUBLIC_ROUTE, REQUIRED_SCOPES, scopeGranted } from './scopes';

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
}
interface HttpResponse {
  setHeader(name: string, value: string): void;
}

/**
 * Every HTTP request, in this order: a route marked Public goes through; otherwise an
 * `x-api-key` naming a configured client (401), within that client's rate limit (429 with
 * Retry-After), holding one of the route's scopes (403). Event handlers are not HTTP and pass.
 */
@Injectable()
export class ApiGovernanceGuard implements CanActivate {
  private readonly byHash = new Map<string, ApiClient>();
  private readonly limiter: RateLimiter;

  constructor(
    private readonly reflector: Reflector,
    private readonly options: ApiGovernanceOptions,
    now: () => number = Date.now,
  ) {
    for (const client of options.clients) this.byHash.set(client.keySha256, client);
    this.limiter = new RateLimiter(now);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const http = context.switchToHttp();
    const response = http.getResponse<HttpResponse>();
    const client = this.authenticate(http.getRequest<HttpRequest>(), response);
    const retryAfter = this.limiter.take(client.client, client.rateLimit ?? this.options.rateLimit);
    if (retryAfter > 0) {
      response.setHeader('retry-after', String(retryAfter));
      throw new ProblemException(
        problem(429, 'RATE_LIMIT.EXCEEDED', `Too many requests from ${client.client}`, {
          retryAfterSeconds: retryAfter,
        }),
      );
    }
    const required = this.reflector.getAllAndOverride<string[] | undefined>(
      REQUIRED_SCOPES,
      targets,
    );
    if (!required?.length) {
      throw new ProblemException(
        problem(
          403,
          'AUTH.ROUTE_NOT_OPEN',
          'This route declares no scope and is open to no client',
        ),
      );
    }
    if (!required.some((scope) => scopeGranted(client.scopes, scope))) {
      throw new ProblemException(
        problem(403, 'AUTH.SCOPE_MISSING', `This needs one of the scopes: ${required.join(', ')}`, {
          requiredScopes: required,
        }),
      );
    }
    const requestContext = currentRequestContext();
    if (requestContext) requestContext.client = { client: client.client, scopes: client.scopes };
    return true;
  }

  private authenticate(request: HttpRequest, response: HttpResponse): ApiClient {
    const header = request.headers[API_KEY_HEADER];
    const key = Array.isArray(header) ? header[0] : header;
    if (!key) {
      response.setHeader('www-authenticate', `ApiKey header="${API_KEY_HEADER}"`);
      throw new ProblemException(
        problem(401, 'AUTH.API_KEY_MISSING', `Send an API key in the ${API_KEY_HEADER} header`),
      );
    }
    const hash = hashApiKey(key);
    const client = this.byHash.get(hash);
    // The map finds the candidate by hash; the comparison itself takes constant time.
    if (!client || !timingSafeEqual(Buffer.from(client.keySha256), Buffer.from(hash))) {
      response.setHeader('www-authenticate', `ApiKey header="${API_KEY_HEADER}"`);
      throw new ProblemException(
        problem(401, 'AUTH.API_KEY_INVALID', 'The API key is not one this service knows'),
      );
    }
    return client;
  }
}
