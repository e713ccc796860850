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
import { ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { DashboardQuery } from '../../application/dashboard/dashboard.query';
import { ActOnExceptionHandler } from '../../application/exceptions/act-on-exception.handler';
import { ListExceptionsQuery } from '../../application/exceptions/list-exceptions.query';
import { GetOrderQuery } from '../../application/get-order/get-order.query';
import { SearchQuery } from '../../application/search/search.query';
import { ServiceHealthQuery } from '../../application/service-health/service-health.query';
import { ControlTowerProblemFilter } from './control-tower-problem.filter';
import {
  ListExceptionsRequest,
  RecentOrdersRequest,
  SearchRequest,
} from './control-tower.requests';

export class ResolveExceptionRequest {
  @IsString() @MinLength(1) @MaxLength(2000) resolution!: string;
}

export class AcknowledgeExceptionRequest {
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

/** The control tower's JSON API; the web UI is built on it alone. */
@ApiTags('control tower')
@UseFilters(ControlTowerProblemFilter)
@Controller('api')
export class ControlTowerHttpController {
  constructor(
    @Inject(DashboardQuery) private readonly dashboard: DashboardQuery,
    @Inject(ListExceptionsQuery) private readonly exceptions: ListExceptionsQuery,
    @Inject(ActOnExceptionHandler) private readonly act: ActOnExceptionHandler,
    @Inject(GetOrderQuery) private readonly order: GetOrderQuery,
    @Inject(SearchQuery) private readonly search: SearchQuery,
    @Inject(ServiceHealthQuery) private readonly health: ServiceHealthQuery,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @Get('kpis')
  kpis() {
    return this.dashboard.execute();
  }

  @Get('exceptions')
  listExceptions(@Query() { status }: ListExceptionsRequest) {
    return this.exceptions.execute({ status: status ?? 'OPEN' });
  }

  @Post('exceptions/:id/acknowledge')
  @HttpCode(200)
  acknowledge(@Param('id') id: string, @Body() _body: AcknowledgeExceptionRequest) {
    return this.act.execute(id, 'acknowledge', {});
  }

  @Post('exceptions/:id/resolve')
  @HttpCode(200)
  resolve(@Param('id') id: string, @Body() body: ResolveExceptionRequest) {
    return this.act.execute(id, 'resolve', body);
  }

  @Get('orders/:id')
  getOrder(@Param('id') id: string) {
    return this.order.execute(id);
  }

  @Get('orders')
  async recentOrders(@Query() { status }: RecentOrdersRequest) {
    const rows: {
      order_id: string;
      status: string;
      last_event_type: string;
      updated_at: Date;
      holds: string[];
    }[] = await this.dataSource.query(
      `SELECT order_id, status, last_event_type, updated_at, holds FROM ct_order
         WHERE ($1::text IS NULL OR status = $1) ORDER BY updated_at DESC LIMIT 50`,
      [status ?? null],
    );
    return rows.map((r) => ({
      orderId: r.order_id,
      status: r.status,
      lastEventType: r.last_event_type,
      updatedAt: r.updated_at,
      holds: r.holds,
    }));
  }

  @Get('search')
  find(@Query() { q }: SearchRequest) {
    return this.search.execute(q ?? '');
  }

  @Get('services')
  services() {
    return this.health.execute();
  }
}
