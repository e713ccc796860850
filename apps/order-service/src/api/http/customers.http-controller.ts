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
import { OrderProblemFilter } from './order-problem.filter';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CreateCustomerHandler } from '../../application/create-customer/create-customer.handler';
import { TypeOrmCustomerRepository } from '../../infrastructure/customer.repository';
import { CustomerEntity } from '../../infrastructure/customer.entity';
import { CreateCustomerRequest } from './create-customer.request';

function toView(c: CustomerEntity) {
  const { id, name, region, creditLimitMinor, currency } = c;
  return { id, name, region, creditLimit: creditLimitMinor, currency };
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

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a customer with a credit limit in minor units' })
  async createCustomer(@Body() body: CreateCustomerRequest) {
    const { creditLimit, ...rest } = body;
    return toView(await this.create.execute({ ...rest, creditLimitMinor: creditLimit }));
  }

  @Get()
  @ApiOperation({ summary: 'List customers' })
  async list() {
    const rows = await this.dataSource.manager.find(CustomerEntity, {
      order: { createdAt: 'ASC' },
      take: 500,
    });
    return { items: rows.map(toView) };
  }

  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    return toView(await this.customers.get(this.dataSource.manager, id));
  }
}
