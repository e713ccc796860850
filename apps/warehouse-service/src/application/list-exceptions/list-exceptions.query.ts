import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TypeOrmWarehouseExceptionRepository } from '../../infrastructure/exception.repository';

@Injectable()
export class ListExceptionsQuery {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TypeOrmWarehouseExceptionRepository)
    private readonly exceptions: TypeOrmWarehouseExceptionRepository,
  ) {}

  async execute(filter: { status?: string; orderId?: string; type?: string }) {
    return { items: await this.exceptions.list(this.dataSource.manager, filter) };
  }
}
