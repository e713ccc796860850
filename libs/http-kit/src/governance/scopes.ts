import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

export const REQUIRED_SCOPES = 'logisync:required-scopes';
export const PUBLIC_ROUTE = 'logisync:public-route';
/** The name of the API-key security scheme in every OpenAPI document. */
export const API_KEY_SCHEME = 'api-key';
export const API_KEY_HEADER = 'x-api-key';

/**
 * The scopes a route accepts: a client holding any one of them may call it. A route (or its
 * controller) without RequireScopes or Public is refused to everyone: the API fails closed.
 */
export const RequireScopes = (...scopes: string[]) =>
  applyDecorators(SetMetadata(REQUIRED_SCOPES, scopes), ApiSecurity(API_KEY_SCHEME));

/** Open without a key: health, metrics, the control tower's static page. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Whether a client's granted scopes include `required`. A grant `resource:*` covers every
 * `resource:<anything>`; a route requiring `resource:*` accepts any grant on the resource (the
 * handler then checks the one it acts on, e.g. carrier:<carrierId>); a grant `*` covers
 * everything (tests and break-glass only).
 */
export function scopeGranted(granted: readonly string[], required: string): boolean {
  const [resource, item] = splitScope(required);
  return granted.some((grant) => {
    if (grant === '*' || grant === required) return true;
    const [grantedResource, grantedItem] = splitScope(grant);
    return grantedResource === resource && (grantedItem === '*' || item === '*');
  });
}

function splitScope(scope: string): [string, string | undefined] {
  const colon = scope.indexOf(':');
  return colon < 0 ? [scope, undefined] : [scope.slice(0, colon), scope.slice(colon + 1)];
}
