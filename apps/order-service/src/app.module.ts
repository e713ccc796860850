import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { serviceModules, type RuntimeOverrides } from '@logisync/event-runtime';
import { problemValidationPipe } from '@logisync/http-kit';
import { MilestoneEventHandlers } from './api/events/milestone.event-handlers';
import { CustomersHttpController } from './api/http/customers.http-controller';
import { OrderProblemFilter } from './api/http/order-problem.filter';
import { ExceptionsHttpController } from './api/http/exceptions.http-controller';
import { OrdersHttpController } from './api/http/orders.http-controller';
import { AcknowledgeExceptionHandler } from './application/acknowledge-exception/acknowledge-exception.handler';
import { ApplyMilestonesHandler } from './application/apply-milestones/apply-milestones.handler';
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
import { OrderGauges } from './infrastructure/order-gauges';
import { UnitOfWork } from './infrastructure/unit-of-work';

export type { RuntimeOverrides };

@Module({})
export class AppModule {
  static register(config: ServiceConfig, overrides: RuntimeOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: serviceModules(config, openOrderDataSource, overrides),
      controllers: [
        CustomersHttpController,
        OrdersHttpController,
        ExceptionsHttpController,
        MilestoneEventHandlers,
      ],
      providers: [
        UnitOfWork,
        OrderGauges,
        TypeOrmOrderRepository,
        TypeOrmCustomerRepository,
        TypeOrmOrderExceptionRepository,
        CreateCustomerHandler,
        CreateOrderHandler,
        ApproveOrderHandler,
        CancelOrderHandler,
        GetOrderQuery,
        ListOrdersQuery,
        ApplyMilestonesHandler,
        AcknowledgeExceptionHandler,
        ResolveExceptionHandler,
        ListExceptionsQuery,
        { provide: APP_PIPE, useFactory: problemValidationPipe },
        { provide: APP_FILTER, useClass: OrderProblemFilter },
      ],
    };
  }
}
