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
  Res,
  UseFilters,
} from '@nestjs/common';
import { OrderProblemFilter } from './order-problem.filter';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CreateCustomerHandler } from '../../application/create-customer/create-customer.handler';
import { customerView } from '../../application/customer.view';
import { TypeOrmCustomerRepository } from '../../infrastructure/customer.repository';
import { CustomerEntity } from '../../infrastructure/customer.entity';
import { CreateCustomerRequest } from './create-customer.request';
import { RequireScopes } from '@logisync/http-kit';

interface StatusResponse {
  status(code: number): unknown;
}

@ApiTags('customers')
@UseFilters(OrderProblemFilter)
@Controller('v1/customers')
export class CustomersHttpController {
  constructor(
    @Inject(CreateCustomerHandler) private readonly create: CreateCustomerHandler,
    @Inject(TypeOrmCustomerRepository) private readonly customers: TypeOrmCustomerRepository,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @RequireScopes('orders:write')
  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a customer with a credit limit in minor units' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async createCustomer(
    @Body() body: CreateCustomerRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: StatusResponse,
  ) {
    const { creditLimit, ...rest } = body;
    const response = await this.create.execute(
      { ...rest, creditLimitMinor: creditLimit },
      idempotencyKey,
    );
    res.status(response.status);
    return response.body;
  }

  @RequireScopes('orders:read', 'orders:write')
  @Get()
  @ApiOperation({ summary: 'List customers' })
  async list() {
    const rows = await this.dataSource.manager.find(CustomerEntity, {
      order: { createdAt: 'ASC' },
      take: 500,
    });
    return { items: rows.map(customerView) };
  }

  @RequireScopes('orders:read', 'orders:write')
  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    return customerView(await this.customers.get(this.dataSource.manager, id));
  }
}
