import { Inject, Injectable } from '@nestjs/common';
import type { StoredResponse } from '@logisync/http-kit';
import { AlreadyExistsError } from '../../domain';
import { WarehouseEntity } from '../../infrastructure/catalogue.entities';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { idempotent } from '@logisync/http-kit';

export interface CreateWarehouseCommand {
  id: string;
  name: string;
  region: string;
  country: string;
}

export function toWarehouseView({ id, name, region, country }: WarehouseEntity) {
  return { id, name, region, country };
}

@Injectable()
export class CreateWarehouseHandler {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  execute(command: CreateWarehouseCommand, idempotencyKey?: string): Promise<StoredResponse> {
    return this.uow.run((tx) =>
      idempotent(tx, 'POST /v1/warehouses', idempotencyKey, command, async () => {
        const inserted: unknown[] = await tx.query(
          `INSERT INTO warehouse (id, name, region, country) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING id`,
          [command.id, command.name, command.region, command.country],
        );
        if (inserted.length === 0) throw new AlreadyExistsError('WAREHOUSE', command.id);
        const row = await tx.findOneByOrFail(WarehouseEntity, { id: command.id });
        return { status: 201, body: toWarehouseView(row) };
      }),
    );
  }
}
