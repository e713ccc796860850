import {
  Body,
  Controller,
  Get,
  Headers,
  Inject,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import {
  CreateCarrierHandler,
  toCarrierView,
} from '../../application/create-carrier/create-carrier.handler';
import { CreateLaneHandler, toLaneView } from '../../application/create-lane/create-lane.handler';
import { TypeOrmCarrierRepository } from '../../infrastructure/carrier.repository';
import { CreateCarrierRequest, CreateLaneRequest, ListLanesRequest } from './carrier-requests';
import { TransportProblemFilter } from './transport-problem.filter';
import { RequireScopes } from '@logisync/http-kit';

interface StatusResponse {
  status(code: number): unknown;
}

@ApiTags('carriers')
@UseFilters(TransportProblemFilter)
@Controller('v1')
export class CarriersHttpController {
  constructor(
    @Inject(CreateCarrierHandler) private readonly createCarrier: CreateCarrierHandler,
    @Inject(CreateLaneHandler) private readonly createLane: CreateLaneHandler,
    @Inject(TypeOrmCarrierRepository) private readonly carriers: TypeOrmCarrierRepository,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @RequireScopes('transport:operate')
  @Post('carriers')
  @ApiOperation({ summary: 'Register a carrier with its webhook secret (never returned)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async postCarrier(
    @Body() body: CreateCarrierRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: StatusResponse,
  ) {
    const response = await this.createCarrier.execute({ ...body }, idempotencyKey || undefined);
    res.status(response.status);
    return response.body;
  }

  @RequireScopes('transport:read', 'transport:operate')
  @Get('carriers')
  @ApiOperation({ summary: 'List carriers' })
  async listCarriers() {
    const rows = await this.carriers.list(this.dataSource.manager);
    return { items: rows.map(toCarrierView) };
  }

  @RequireScopes('transport:read', 'transport:operate')
  @Get('carriers/:id')
  async getCarrier(@Param('id') id: string) {
    return toCarrierView(await this.carriers.get(this.dataSource.manager, id));
  }

  @RequireScopes('transport:operate')
  @Post('lanes')
  @ApiOperation({ summary: "A carrier's rate and tender timeout for origin region -> country" })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async postLane(
    @Body() body: CreateLaneRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: StatusResponse,
  ) {
    const { ratePerKg, ...lane } = body;
    const response = await this.createLane.execute(
      { ...lane, ratePerKgMinor: ratePerKg },
      idempotencyKey || undefined,
    );
    res.status(response.status);
    return response.body;
  }

  @RequireScopes('transport:read', 'transport:operate')
  @Get('lanes')
  @ApiOperation({ summary: 'List lanes, optionally of one route' })
  async listLanes(@Query() query: ListLanesRequest) {
    const rows = await this.carriers.listLanes(this.dataSource.manager, query);
    return { items: rows.map(toLaneView) };
  }
}
