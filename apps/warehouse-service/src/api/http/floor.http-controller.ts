import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  UseFilters,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetWarehouseOrderQuery } from '../../application/get-warehouse-order/get-warehouse-order.query';
import { LoadShipmentHandler } from '../../application/load-shipment/load-shipment.handler';
import { PackOrderHandler } from '../../application/pack-order/pack-order.handler';
import { PickOrderHandler } from '../../application/pick-order/pick-order.handler';
import { PackOrderRequest, PickOrderRequest } from './floor.request';
import { WarehouseProblemFilter } from './warehouse-problem.filter';
import { RequireScopes } from '@logisync/http-kit';

const uuid = new ParseUUIDPipe();

/** The floor devices: pick, pack, load; and what the warehouse knows of an order or shipment. */
@ApiTags('floor')
@UseFilters(WarehouseProblemFilter)
@Controller('v1')
export class FloorHttpController {
  constructor(
    @Inject(PickOrderHandler) private readonly picker: PickOrderHandler,
    @Inject(PackOrderHandler) private readonly packer: PackOrderHandler,
    @Inject(LoadShipmentHandler) private readonly loader: LoadShipmentHandler,
    @Inject(GetWarehouseOrderQuery) private readonly query: GetWarehouseOrderQuery,
  ) {}

  @RequireScopes('warehouse:read', 'warehouse:operate')
  @Get('orders/:orderId')
  @ApiOperation({ summary: 'Allocation, back-order and floor state of a released order' })
  order(@Param('orderId', uuid) orderId: string) {
    return this.query.order(orderId);
  }

  @RequireScopes('warehouse:operate')
  @Post('orders/:orderId/pick')
  @HttpCode(200)
  @ApiOperation({ summary: 'OrderPicked; fewer than allocated is a short pick (exception)' })
  pick(@Param('orderId', uuid) orderId: string, @Body() body: PickOrderRequest) {
    return this.picker.execute(
      orderId,
      body.lines.map(({ sku, quantityPicked }) => ({ sku, quantityPicked })),
    );
  }

  @RequireScopes('warehouse:operate')
  @Post('orders/:orderId/pack')
  @HttpCode(200)
  @ApiOperation({ summary: 'OrderPacked; the packages must hold exactly what was picked' })
  pack(@Param('orderId', uuid) orderId: string, @Body() body: PackOrderRequest) {
    return this.packer.execute(
      orderId,
      body.packages.map((p) => ({
        packageId: p.packageId,
        weightGrams: p.weightGrams,
        lengthMm: p.lengthMm,
        widthMm: p.widthMm,
        heightMm: p.heightMm,
        lines: p.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      })),
    );
  }

  @RequireScopes('warehouse:read', 'warehouse:operate')
  @Get('shipments/:shipmentId')
  shipment(@Param('shipmentId') shipmentId: string) {
    return this.query.shipment(shipmentId);
  }

  @RequireScopes('warehouse:operate')
  @Post('shipments/:shipmentId/load')
  @HttpCode(200)
  @ApiOperation({ summary: 'Goods issue after TenderAccepted: ShipmentLoaded, on-hand goes down' })
  load(@Param('shipmentId') shipmentId: string) {
    return this.loader.execute(shipmentId);
  }
}
