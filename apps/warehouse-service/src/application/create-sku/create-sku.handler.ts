import { Inject, Injectable } from '@nestjs/common';
import type { StoredResponse } from '@logisync/http-kit';
import { AlreadyExistsError } from '../../domain';
import { SkuEntity } from '../../infrastructure/catalogue.entities';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { idempotent } from '@logisync/http-kit';

export interface CreateSkuCommand {
  sku: string;
  description: string;
  weightGrams: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

export function toSkuView({
  sku,
  description,
  weightGrams,
  lengthMm,
  widthMm,
  heightMm,
}: SkuEntity) {
  return { sku, description, weightGrams, lengthMm, widthMm, heightMm };
}

@Injectable()
export class CreateSkuHandler {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  execute(command: CreateSkuCommand, idempotencyKey?: string): Promise<StoredResponse> {
    return this.uow.run((tx) =>
      idempotent(tx, 'POST /v1/skus', idempotencyKey, command, async () => {
        const c = command;
        const inserted: unknown[] = await tx.query(
          `INSERT INTO sku (sku, description, weight_grams, length_mm, width_mm, height_mm)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING sku`,
          [c.sku, c.description, c.weightGrams, c.lengthMm, c.widthMm, c.heightMm],
        );
        if (inserted.length === 0) throw new AlreadyExistsError('SKU', c.sku);
        const row = await tx.findOneByOrFail(SkuEntity, { sku: c.sku });
        return { status: 201, body: toSkuView(row) };
      }),
    );
  }
}
