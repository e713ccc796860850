import { Body, Controller, Get, Headers, Inject, Post, Res, UseFilters } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateSkuHandler } from '../../application/create-sku/create-sku.handler';
import { CreateWarehouseHandler } from '../../application/create-warehouse/create-warehouse.handler';
import { ListCatalogueQuery } from '../../application/list-catalogue/list-catalogue.query';
import { CreateSkuRequest, CreateWarehouseRequest } from './catalogue.request';
import { WarehouseProblemFilter } from './warehouse-problem.filter';
import { RequireScopes } from '@logisync/http-kit';

export interface StatusResponse {
  status(code: number): unknown;
}

@ApiTags('catalogue')
@UseFilters(WarehouseProblemFilter)
@Controller('v1')
export class CatalogueHttpController {
  constructor(
    @Inject(CreateWarehouseHandler) private readonly createWarehouse: CreateWarehouseHandler,
    @Inject(CreateSkuHandler) private readonly createSku: CreateSkuHandler,
    @Inject(ListCatalogueQuery) private readonly catalogue: ListCatalogueQuery,
  ) {}

  @RequireScopes('warehouse:operate')
  @Post('warehouses')
  @ApiOperation({ summary: 'Create a warehouse (409 WAREHOUSE.ALREADY_EXISTS for a known id)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async addWarehouse(
    @Body() body: CreateWarehouseRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: StatusResponse,
  ) {
    const response = await this.createWarehouse.execute({ ...body }, key || undefined);
    res.status(response.status);
    return response.body;
  }

  @RequireScopes('warehouse:read', 'warehouse:operate')
  @Get('warehouses')
  listWarehouses() {
    return this.catalogue.warehouses();
  }

  @RequireScopes('warehouse:operate')
  @Post('skus')
  @ApiOperation({ summary: 'Create a SKU with weight and dimensions (409 SKU.ALREADY_EXISTS)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async addSku(
    @Body() body: CreateSkuRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: StatusResponse,
  ) {
    const response = await this.createSku.execute({ ...body }, key || undefined);
    res.status(response.status);
    return response.body;
  }

  @RequireScopes('warehouse:read', 'warehouse:operate')
  @Get('skus')
  listSkus() {
    return this.catalogue.skus();
  }
}
