import {
  Body,
  Controller,
  Get,
  Headers,
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
import {
  API_KEY_HEADER,
  currentRequestContext,
  REQUEST_ID_HEADER,
  RequireScopes,
} from '@logisync/http-kit';

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

  @RequireScopes('tower:read')
  @Get('kpis')
  kpis() {
    return this.dashboard.execute();
  }

  @RequireScopes('tower:read')
  @Get('exceptions')
  listExceptions(@Query() { status }: ListExceptionsRequest) {
    return this.exceptions.execute({ status: status ?? 'OPEN' });
  }

  @RequireScopes('exceptions:operate')
  @Post('exceptions/:id/acknowledge')
  @HttpCode(200)
  acknowledge(
    @Param('id') id: string,
    @Body() _body: AcknowledgeExceptionRequest,
    @Headers(API_KEY_HEADER) apiKey: string,
  ) {
    return this.act.execute(id, 'acknowledge', {}, onBehalfOf(apiKey));
  }

  @RequireScopes('exceptions:operate')
  @Post('exceptions/:id/resolve')
  @HttpCode(200)
  resolve(
    @Param('id') id: string,
    @Body() body: ResolveExceptionRequest,
    @Headers(API_KEY_HEADER) apiKey: string,
  ) {
    return this.act.execute(id, 'resolve', body, onBehalfOf(apiKey));
  }

  @RequireScopes('tower:read')
  @Get('orders/:id')
  getOrder(@Param('id') id: string) {
    return this.order.execute(id);
  }

  @RequireScopes('tower:read')
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

  @RequireScopes('tower:read')
  @Get('search')
  find(@Query() { q }: SearchRequest) {
    return this.search.execute(q ?? '');
  }

  @RequireScopes('tower:read')
  @Get('services')
  services() {
    return this.health.execute();
  }
}

/**
 * The owning service decides with the operator's own key (its scopes, its audit), and the
 * request id follows the call so both services' logs tell one story.
 */
function onBehalfOf(apiKey: string): Record<string, string> {
  const requestId = currentRequestContext()?.requestId;
  return {
    [API_KEY_HEADER]: apiKey,
    ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
  };
}
