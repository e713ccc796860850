import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TypeOrmOrderExceptionRepository } from '../../infrastructure/order-exception.repository';

@Injectable()
export class ListExceptionsQuery {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TypeOrmOrderExceptionRepository)
    private readonly exceptions: TypeOrmOrderExceptionRepository,
  ) {}

  async execute(filter: { status?: string; orderId?: string }) {
    return { items: await this.exceptions.list(this.dataSource.manager, filter) };
  }
}
