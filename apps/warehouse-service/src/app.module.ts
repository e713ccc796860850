import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { serviceModules, type RuntimeOverrides, type ServiceConfig } from '@logisync/event-runtime';
import { problemValidationPipe } from '@logisync/http-kit';
import { WarehouseEventHandlers } from './api/events/warehouse.event-handlers';
import { CatalogueHttpController } from './api/http/catalogue.http-controller';
import { ExceptionsHttpController } from './api/http/exceptions.http-controller';
import { FloorHttpController } from './api/http/floor.http-controller';
import { InventoryHttpController } from './api/http/inventory.http-controller';
import { WarehouseProblemFilter } from './api/http/warehouse-problem.filter';
import { ApplyWarehouseEventsHandler } from './application/apply-warehouse-events/apply-warehouse-events.handler';
import { CreateSkuHandler } from './application/create-sku/create-sku.handler';
import { CreateWarehouseHandler } from './application/create-warehouse/create-warehouse.handler';
import { GetInventoryQuery } from './application/get-inventory/get-inventory.query';
import { GetWarehouseOrderQuery } from './application/get-warehouse-order/get-warehouse-order.query';
import { ListCatalogueQuery } from './application/list-catalogue/list-catalogue.query';
import { ListExceptionsQuery } from './application/list-exceptions/list-exceptions.query';
import { LoadShipmentHandler } from './application/load-shipment/load-shipment.handler';
import { PackOrderHandler } from './application/pack-order/pack-order.handler';
import { PickOrderHandler } from './application/pick-order/pick-order.handler';
import { ReceiveStockHandler } from './application/receive-stock/receive-stock.handler';
import { ResolveExceptionHandler } from './application/resolve-exception/resolve-exception.handler';
import { BackorderRetry } from './application/retry-backorders/backorder-retry';
import { WarehouseExceptions } from './application/warehouse-exceptions';
import { TypeOrmCatalogueRepository } from './infrastructure/catalogue.repository';
import { openWarehouseDataSource } from './infrastructure/data-source';
import { TypeOrmWarehouseExceptionRepository } from './infrastructure/exception.repository';
import { lockChunkStock } from './infrastructure/chunk-stock-locks';
import { TypeOrmInventoryRepository } from './infrastructure/inventory.repository';
import { TypeOrmShipmentRepository } from './infrastructure/shipment.repository';
import { UnitOfWork } from './infrastructure/unit-of-work';
import { WarehouseGauges } from './infrastructure/warehouse-gauges';
import { TypeOrmWarehouseOrderRepository } from './infrastructure/warehouse-order.repository';

export type { RuntimeOverrides };

@Module({})
export class AppModule {
  static register(config: ServiceConfig, overrides: RuntimeOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      // Partitions are consumed concurrently: each chunk locks the stock it will touch up front,
      // in one global order (lockChunkStock), so chunks of different partitions cannot deadlock.
      imports: serviceModules(config, openWarehouseDataSource, {
        ...overrides,
        consumer: { lockChunk: lockChunkStock, ...overrides.consumer },
      }),
      controllers: [
        CatalogueHttpController,
        InventoryHttpController,
        FloorHttpController,
        ExceptionsHttpController,
        WarehouseEventHandlers,
      ],
      providers: [
        UnitOfWork,
        WarehouseGauges,
        TypeOrmCatalogueRepository,
        TypeOrmInventoryRepository,
        TypeOrmWarehouseOrderRepository,
        TypeOrmShipmentRepository,
        TypeOrmWarehouseExceptionRepository,
        WarehouseExceptions,
        BackorderRetry,
        CreateWarehouseHandler,
        CreateSkuHandler,
        ListCatalogueQuery,
        ReceiveStockHandler,
        GetInventoryQuery,
        ApplyWarehouseEventsHandler,
        PickOrderHandler,
        PackOrderHandler,
        LoadShipmentHandler,
        GetWarehouseOrderQuery,
        ListExceptionsQuery,
        ResolveExceptionHandler,
        { provide: APP_PIPE, useFactory: problemValidationPipe },
        { provide: APP_FILTER, useClass: WarehouseProblemFilter },
      ],
    };
  }
}
