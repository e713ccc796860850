import {
  Body,
  Controller,
  Get,
  Headers,
  Inject,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetInventoryQuery } from '../../application/get-inventory/get-inventory.query';
import { ReceiveStockHandler } from '../../application/receive-stock/receive-stock.handler';
import type { StatusResponse } from './catalogue.http-controller';
import { InventoryQueryRequest, ReceiveStockRequest } from './inventory.request';
import { WarehouseProblemFilter } from './warehouse-problem.filter';
import { RequireScopes } from '@logisync/http-kit';

@ApiTags('inventory')
@UseFilters(WarehouseProblemFilter)
@Controller('v1/inventory')
export class InventoryHttpController {
  constructor(
    @Inject(ReceiveStockHandler) private readonly receive: ReceiveStockHandler,
    @Inject(GetInventoryQuery) private readonly inventory: GetInventoryQuery,
  ) {}

  @RequireScopes('warehouse:operate')
  @Post('receipts')
  @ApiOperation({ summary: 'Receive stock; back-ordered orders are retried (priority, then age)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async receipt(
    @Body() body: ReceiveStockRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: StatusResponse,
  ) {
    const command = {
      warehouseId: body.warehouseId,
      reference: body.reference,
      lines: body.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    };
    const response = await this.receive.execute(command, key || undefined);
    res.status(response.status);
    return response.body;
  }

  @RequireScopes('warehouse:read', 'warehouse:operate')
  @Get()
  @ApiOperation({ summary: 'onHand, allocated and available per warehouse and SKU' })
  list(@Query() query: InventoryQueryRequest) {
    return this.inventory.execute({ sku: query.sku, warehouseId: query.warehouseId });
  }
}
