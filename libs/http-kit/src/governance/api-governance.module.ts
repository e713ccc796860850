import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type Type,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { APP_GUARD, DiscoveryModule, DiscoveryService, Reflector } from '@nestjs/core';
import type { ApiGovernanceOptions } from './api-clients';
import { ApiGovernanceGuard } from './api-governance.guard';
import { API_GOVERNANCE_OPTIONS, RequestIdMiddleware } from './request-id.middleware';
import { undeclaredRoutes } from './route-audit';

/**
 * At start-up: refuses to start when a route declares neither scopes nor Public (it would be
 * refused to everyone: a mistake to find now, not in production), and says which clients may
 * call (names only, never keys or hashes).
 */
@Injectable()
class ApiGovernanceCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiGovernance');

  constructor(
    @Inject(API_GOVERNANCE_OPTIONS) private readonly options: ApiGovernanceOptions,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
  ) {}

  onApplicationBootstrap() {
    const controllers = this.discovery
      .getControllers()
      .map((wrapper) => wrapper.metatype)
      .filter((metatype): metatype is Type => typeof metatype === 'function');
    const undeclared = undeclaredRoutes(controllers);
    if (undeclared.length > 0) {
      throw new Error(
        `Routes without @RequireScopes or @Public (refused to every client): ${undeclared.join(', ')}`,
      );
    }
    const { clients } = this.options;
    if (clients.length === 0) {
      this.logger.warn('No API clients configured (API_KEYS): every protected request is refused');
    } else {
      this.logger.log(`${clients.length} API clients: ${clients.map((c) => c.client).join(', ')}`);
    }
  }
}

/**
 * API keys with scopes, rate limits and request ids for a service's HTTP API, in one import:
 * `ApiGovernanceModule.forRoot(loadApiGovernance(process.env))`.
 */
@Module({})
export class ApiGovernanceModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(RequestIdMiddleware).forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }

  static forRoot(options: ApiGovernanceOptions): DynamicModule {
    return {
      module: ApiGovernanceModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: API_GOVERNANCE_OPTIONS, useValue: options },
        RequestIdMiddleware,
        ApiGovernanceCheck,
        {
          provide: APP_GUARD,
          inject: [Reflector, API_GOVERNANCE_OPTIONS],
          useFactory: (reflector: Reflector, o: ApiGovernanceOptions) =>
            new ApiGovernanceGuard(reflector, o),
        },
      ],
    };
  }
}
