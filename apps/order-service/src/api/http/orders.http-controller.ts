import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrderProblemFilter } from './order-problem.filter';
import { ApproveOrderHandler } from '../../application/approve-order/approve-order.handler';
import { CancelOrderHandler } from '../../application/cancel-order/cancel-order.handler';
import { CreateOrderHandler } from '../../application/create-order/create-order.handler';
import { GetOrderQuery } from '../../application/get-order/get-order.query';
import { ListOrdersQuery } from '../../application/list-orders/list-orders.query';
import { CreateOrderRequest } from './create-order.request';
import { CancelOrderRequest, ListOrdersRequest } from './order-actions.request';
import { RequireScopes } from '@logisync/http-kit';

interface StatusResponse {
  status(code: number): unknown;
}

const uuid = new ParseUUIDPipe();

@ApiTags('orders')
@UseFilters(OrderProblemFilter)
@Controller('v1/orders')
export class OrdersHttpController {
  constructor(
    @Inject(CreateOrderHandler) private readonly createOrder: CreateOrderHandler,
    @Inject(ApproveOrderHandler) private readonly approveOrder: ApproveOrderHandler,
    @Inject(CancelOrderHandler) private readonly cancelOrder: CancelOrderHandler,
    @Inject(GetOrderQuery) private readonly getOrder: GetOrderQuery,
    @Inject(ListOrdersQuery) private readonly listOrders: ListOrdersQuery,
  ) {}

  @RequireScopes('orders:write')
  @Post()
  @ApiOperation({ summary: 'Capture an order as a DRAFT' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async create(
    @Body() body: CreateOrderRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: StatusResponse,
  ) {
    const { lines, requestedDeliveryDate, ...rest } = body;
    const response = await this.createOrder.execute(
      {
        ...rest,
        lines: lines.map(({ unitPrice, ...l }) => ({ ...l, unitPriceMinor: unitPrice })),
        requestedDeliveryDate: new Date(`${requestedDeliveryDate}T00:00:00Z`),
      },
      idempotencyKey || undefined,
    );
    res.status(response.status);
    return response.body;
  }

  @RequireScopes('orders:read', 'orders:write')
  @Get()
  @ApiOperation({ summary: 'List orders by creation time, with a cursor' })
  list(@Query() query: ListOrdersRequest) {
    return this.listOrders.execute({
      status: query.status,
      customerId: query.customerId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
  }

  @RequireScopes('orders:read', 'orders:write')
  @Get(':id')
  @ApiOperation({ summary: 'Status, lines, holds and the timeline of every milestone' })
  get(@Param('id', uuid) id: string) {
    return this.getOrder.execute(id);
  }

  @RequireScopes('orders:write')
  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Credit check, then RELEASED and OrderReleased' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  approve(
    @Param('id', uuid) id: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ) {
    return this.approveOrder.execute(id, idempotencyKey || undefined);
  }

  @RequireScopes('orders:write')
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel until the shipment is loaded' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  cancel(
    @Param('id', uuid) id: string,
    @Body() body: CancelOrderRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ) {
    return this.cancelOrder.execute(id, body.reason, 'api', idempotencyKey || undefined);
  }
}
