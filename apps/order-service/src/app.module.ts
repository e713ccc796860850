import {
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  Inject,
  Injectable,
} from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EventRuntimeModule, type EventRuntimeOptions } from '@logisync/event-runtime';
import { problemValidationPipe } from '@logisync/http-kit';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { MilestoneEventHandlers } from './api/events/milestone.event-handlers';
import { CustomersHttpController } from './api/http/customers.http-controller';
import { OrderProblemFilter } from './api/http/order-problem.filter';
import { ExceptionsHttpController } from './api/http/exceptions.http-controller';
import { OrdersHttpController } from './api/http/orders.http-controller';
import { AcknowledgeExceptionHandler } from './application/acknowledge-exception/acknowledge-exception.handler';
import { ApplyMilestoneHandler } from './application/apply-milestone/apply-milestone.handler';
import { ShortageExceptions } from './application/apply-milestone/shortage-exceptions';
import { ApproveOrderHandler } from './application/approve-order/approve-order.handler';
import { CancelOrderHandler } from './application/cancel-order/cancel-order.handler';
import { CreateCustomerHandler } from './application/create-customer/create-customer.handler';
import { CreateOrderHandler } from './application/create-order/create-order.handler';
import { GetOrderQuery } from './application/get-order/get-order.query';
import { ListExceptionsQuery } from './application/list-exceptions/list-exceptions.query';
import { ListOrdersQuery } from './application/list-orders/list-orders.query';
import { ResolveExceptionHandler } from './application/resolve-exception/resolve-exception.handler';
import type { ServiceConfig } from '@logisync/event-runtime';
import { TypeOrmCustomerRepository } from './infrastructure/customer.repository';
import { openOrderDataSource } from './infrastructure/data-source';
import { TypeOrmOrderExceptionRepository } from './infrastructure/order-exception.repository';
import { TypeOrmOrderRepository } from './infrastructure/order.repository';
import { UnitOfWork } from './infrastructure/unit-of-work';

/** What tests change: their own topics, group and dead letters, a faster relay. */
export type RuntimeOverrides = Partial<
  Pick<EventRuntimeOptions, 'consumer' | 'relay' | 'topicName' | 'logger' | 'metricsRegistry'>
>;

@Injectable()
class DataSourceLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  // Last: the runtime's relay and consumer stop before their connections go.
  async onApplicationShutdown() {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** One DataSource for the HTTP side, the handlers and the runtime's outbox and inbox. */
function databaseModule(databaseUrl: string): DynamicModule {
  return {
    module: DatabaseModule,
    global: true,
    providers: [{ provide: DataSource, useFactory: () => openOrderDataSource(databaseUrl) }],
    exports: [DataSource],
  };
}

@Module({})
class DatabaseModule {}

@Module({})
export class AppModule {
  static register(config: ServiceConfig, overrides: RuntimeOverrides = {}): DynamicModule {
    const database = databaseModule(config.databaseUrl);
    const metricsRegistry = overrides.metricsRegistry ?? new Registry();
    return {
      module: AppModule,
      imports: [
        EventRuntimeModule.forRootAsync({
          imports: [database],
          inject: [DataSource],
          useFactory: (ds: DataSource): EventRuntimeOptions => ({
            service: config.service,
            databaseUrl: config.databaseUrl,
            dataSource: ds,
            kafka: { brokers: config.kafkaBrokers },
            registry: { url: config.registryUrl },
            ...overrides,
            metricsRegistry,
          }),
        }),
        database,
      ],
      controllers: [
        CustomersHttpController,
        OrdersHttpController,
        ExceptionsHttpController,
        MilestoneEventHandlers,
      ],
      providers: [
        DataSourceLifecycle,
        UnitOfWork,
        TypeOrmOrderRepository,
        TypeOrmCustomerRepository,
        TypeOrmOrderExceptionRepository,
        CreateCustomerHandler,
        CreateOrderHandler,
        ApproveOrderHandler,
        CancelOrderHandler,
        GetOrderQuery,
        ListOrdersQuery,
        ApplyMilestoneHandler,
        ShortageExceptions,
        AcknowledgeExceptionHandler,
        ResolveExceptionHandler,
        ListExceptionsQuery,
        { provide: APP_PIPE, useFactory: problemValidationPipe },
        { provide: APP_FILTER, useClass: OrderProblemFilter },
      ],
    };
  }
}
