import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  UseFilters,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AssignCarrierHandler } from '../../application/assign-carrier/assign-carrier.handler';
import { GetShipmentQuery } from '../../application/get-shipment/get-shipment.query';
import { ListShipmentsQuery } from '../../application/list-shipments/list-shipments.query';
import { AssignCarrierRequest, ListShipmentsRequest, ShipmentIdParam } from './shipment-requests';
import { TransportProblemFilter } from './transport-problem.filter';
import { RequireScopes } from '@logisync/http-kit';

@ApiTags('shipments')
@UseFilters(TransportProblemFilter)
@Controller('v1/shipments')
export class ShipmentsHttpController {
  constructor(
    @Inject(GetShipmentQuery) private readonly getShipment: GetShipmentQuery,
    @Inject(ListShipmentsQuery) private readonly listShipments: ListShipmentsQuery,
    @Inject(AssignCarrierHandler) private readonly assignCarrier: AssignCarrierHandler,
  ) {}

  @RequireScopes('transport:read', 'transport:operate')
  @Get()
  @ApiOperation({ summary: 'Shipments of an order (the status lookup), newest first' })
  list(@Query() query: ListShipmentsRequest) {
    return this.listShipments.execute(query.orderId);
  }

  @RequireScopes('transport:read', 'transport:operate')
  @Get(':id')
  @ApiOperation({ summary: 'Status, carrier, tenders, milestones, ETA and freight' })
  get(@Param() { id }: ShipmentIdParam) {
    return this.getShipment.execute(id);
  }

  @RequireScopes('transport:operate')
  @Post(':id/assign-carrier')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Operator: assign a carrier to a shipment ON_HOLD (no carrier accepted)',
  })
  assign(@Param() { id }: ShipmentIdParam, @Body() body: AssignCarrierRequest) {
    const { pickupWindow, ...rest } = body;
    return this.assignCarrier.execute(id, {
      ...rest,
      pickupWindow: pickupWindow && {
        startAt: Date.parse(pickupWindow.startAt),
        endAt: Date.parse(pickupWindow.endAt),
      },
    });
  }
}
