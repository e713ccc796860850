import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { PUBLIC_ROUTE, REQUIRED_SCOPES } from './scopes';

export interface AuditedRoute {
  /** e.g. `POST /v1/orders/:id/approve` */
  route: string;
  scopes: string[];
  public: boolean;
}

/** Every HTTP route of a controller class, with the scopes or the Public mark it carries. */
export function routesOf(controller: Type): AuditedRoute[] {
  const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
  return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
    if (name === 'constructor') return [];
    const handler = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value;
    if (typeof handler !== 'function') return [];
    const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
    if (path === undefined) return [];
    const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
    const read = (key: string): unknown =>
      Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
    const segments = [base, path].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean);
    return [
      {
        route: `${method} /${segments.join('/')}`,
        scopes: (read(REQUIRED_SCOPES) as string[] | undefined) ?? [],
        public: read(PUBLIC_ROUTE) === true,
      },
    ];
  });
}

/** The routes that declare neither scopes nor Public: refused to everyone, surely a mistake. */
export function undeclaredRoutes(controllers: Type[]): string[] {
  return controllers
    .flatMap(routesOf)
    .filter((r) => !r.public && r.scopes.length === 0)
    .map((r) => r.route);
}
