import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { HoldReason } from '../domain';
import { InvoiceEntity, InvoiceHoldEntity } from './billing.entities';

/** A row of the hold history as a set handler keeps it: id null until inserted. */
export interface HoldRow {
  id: string | null;
  orderId: string;
  reason: HoldReason;
  detail: string | null;
  placedBy: string;
  placedAt: Date;
  releasedBy: string | null;
  releasedAt: Date | null;
}

/** An order's invoice with the hold rows that stand (holds only exist beside an invoice). */
export interface InvoiceWithHolds {
  invoice: InvoiceEntity;
  standing: HoldRow[];
}

/** An invoice as its InvoiceIssued published it. */
export interface AdoptedInvoice {
  id: string;
  orderId: string;
  customerId: string;
  tenant: string;
  region: string;
  currency: string;
  invoiceNumber: string;
  lines: NonNullable<InvoiceEntity['lines']>;
  subtotalMinor: number;
  freightMinor: number;
  taxRateBp: number;
  taxMinor: number;
  totalMinor: number;
  issuedAt: Date;
}

const invoiceColumns = `id, order_id, customer_id, tenant, region, currency, status, holds,
  invoice_number, lines, subtotal_minor, freight_minor, tax_rate_bp, tax_minor, total_minor,
  issued_at, created_at, updated_at`;

interface InvoiceRow {
  id: string;
  order_id: string;
  customer_id: string;
  tenant: string;
  region: string;
  currency: string;
  status: string;
  holds: string[];
  invoice_number: string | null;
  lines: InvoiceEntity['lines'];
  subtotal_minor: string | null;
  freight_minor: string | null;
  tax_rate_bp: number | null;
  tax_minor: string | null;
  total_minor: string | null;
  issued_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const numberOrNull = (v: string | null) => (v === null ? null : Number(v));

@Injectable()
export class InvoiceRepository {
  findByOrder(tx: EntityManager, orderId: string): Promise<InvoiceEntity | null> {
    return tx.findOne(InvoiceEntity, { where: { orderId } });
  }

  findById(tx: EntityManager, id: string): Promise<InvoiceEntity | null> {
    return tx.findOne(InvoiceEntity, { where: { id } });
  }

  async insert(tx: EntityManager, invoice: InvoiceEntity): Promise<void> {
    await tx.insert(InvoiceEntity, invoice);
  }

  async save(tx: EntityManager, invoice: InvoiceEntity): Promise<void> {
    const { id, ...rest } = invoice;
    await tx.update(InvoiceEntity, { id }, rest);
  }

  /** The invoices of `orderIds` and their standing holds, in one statement. */
  async findWithStandingHolds(
    tx: EntityManager,
    orderIds: readonly string[],
  ): Promise<Map<string, InvoiceWithHolds>> {
    const rows: (InvoiceRow & { standing: (HoldRow & { placedAt: string })[] })[] = await tx.query(
      `SELECT ${invoiceColumns},
         COALESCE((SELECT jsonb_agg(jsonb_build_object('id', h.id::text, 'orderId', h.order_id,
             'reason', h.reason, 'detail', h.detail, 'placedBy', h.placed_by,
             'placedAt', h.placed_at, 'releasedBy', NULL, 'releasedAt', NULL) ORDER BY h.id)
           FROM invoice_hold h WHERE h.order_id = i.order_id AND h.released_at IS NULL),
           '[]') AS standing
       FROM invoice i WHERE i.order_id = ANY($1)`,
      [orderIds],
    );
    return new Map(
      rows.map(({ standing, ...row }) => [
        row.order_id,
        {
          invoice: invoiceOf(row),
          standing: standing.map((h) => ({ ...h, placedAt: new Date(h.placedAt) })),
        },
      ]),
    );
  }

  /** Inserts the new invoices and updates the others of a set, in one statement. */
  async upsertAll(tx: EntityManager, invoices: readonly InvoiceEntity[]): Promise<void> {
    if (invoices.length === 0) return;
    const rows = invoices.map((i) => ({
      id: i.id,
      order_id: i.orderId,
      customer_id: i.customerId,
      tenant: i.tenant,
      region: i.region,
      currency: i.currency,
      status: i.status,
      holds: i.holds,
      invoice_number: i.invoiceNumber,
      lines: i.lines,
      subtotal_minor: i.subtotalMinor,
      freight_minor: i.freightMinor,
      tax_rate_bp: i.taxRateBp,
      tax_minor: i.taxMinor,
      total_minor: i.totalMinor,
      issued_at: i.issuedAt,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
    }));
    await tx.query(
      `INSERT INTO invoice (${invoiceColumns})
       SELECT ${invoiceColumns} FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, order_id text,
         customer_id text, tenant text, region text, currency char(3), status text, holds text[],
         invoice_number text, lines jsonb, subtotal_minor bigint, freight_minor bigint,
         tax_rate_bp integer, tax_minor bigint, total_minor bigint, issued_at timestamptz,
         created_at timestamptz, updated_at timestamptz)
       ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id,
         tenant = EXCLUDED.tenant, region = EXCLUDED.region, currency = EXCLUDED.currency,
         status = EXCLUDED.status, holds = EXCLUDED.holds,
         invoice_number = EXCLUDED.invoice_number, lines = EXCLUDED.lines,
         subtotal_minor = EXCLUDED.subtotal_minor, freight_minor = EXCLUDED.freight_minor,
         tax_rate_bp = EXCLUDED.tax_rate_bp, tax_minor = EXCLUDED.tax_minor,
         total_minor = EXCLUDED.total_minor, issued_at = EXCLUDED.issued_at,
         updated_at = EXCLUDED.updated_at`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * Writes published invoices in one statement: an order without its invoice gets it, a drafted
   * (unnumbered) one becomes the issued one with the published id; an invoice that already has
   * its number is left as it is, so adopting again changes nothing.
   */
  async adoptIssued(tx: EntityManager, invoices: readonly AdoptedInvoice[]): Promise<void> {
    if (invoices.length === 0) return;
    const rows = invoices.map((i) => ({
      id: i.id,
      order_id: i.orderId,
      customer_id: i.customerId,
      tenant: i.tenant,
      region: i.region,
      currency: i.currency,
      status: 'ISSUED',
      holds: [],
      invoice_number: i.invoiceNumber,
      lines: i.lines,
      subtotal_minor: i.subtotalMinor,
      freight_minor: i.freightMinor,
      tax_rate_bp: i.taxRateBp,
      tax_minor: i.taxMinor,
      total_minor: i.totalMinor,
      issued_at: i.issuedAt,
      created_at: i.issuedAt,
      updated_at: i.issuedAt,
    }));
    await tx.query(
      `INSERT INTO invoice AS i (${invoiceColumns})
       SELECT ${invoiceColumns} FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, order_id text,
         customer_id text, tenant text, region text, currency char(3), status text, holds text[],
         invoice_number text, lines jsonb, subtotal_minor bigint, freight_minor bigint,
         tax_rate_bp integer, tax_minor bigint, total_minor bigint, issued_at timestamptz,
         created_at timestamptz, updated_at timestamptz)
       ON CONFLICT (order_id) DO UPDATE SET id = EXCLUDED.id, currency = EXCLUDED.currency,
         status = EXCLUDED.status, holds = EXCLUDED.holds,
         invoice_number = EXCLUDED.invoice_number, lines = EXCLUDED.lines,
         subtotal_minor = EXCLUDED.subtotal_minor, freight_minor = EXCLUDED.freight_minor,
         tax_rate_bp = EXCLUDED.tax_rate_bp, tax_minor = EXCLUDED.tax_minor,
         total_minor = EXCLUDED.total_minor, issued_at = EXCLUDED.issued_at,
         updated_at = EXCLUDED.updated_at
       WHERE i.invoice_number IS NULL`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * The hold history of a set in one statement: standing rows it released, and the rows it
   * placed (in the order placed, some perhaps released again within the set).
   */
  async writeHolds(
    tx: EntityManager,
    released: readonly HoldRow[],
    placed: readonly HoldRow[],
  ): Promise<void> {
    if (released.length === 0 && placed.length === 0) return;
    const releases = released.map((h) => ({
      id: h.id,
      released_at: h.releasedAt,
      released_by: h.releasedBy,
    }));
    const inserts = placed.map((h, seq) => ({
      seq,
      order_id: h.orderId,
      reason: h.reason,
      detail: h.detail,
      placed_by: h.placedBy,
      placed_at: h.placedAt,
      released_by: h.releasedBy,
      released_at: h.releasedAt,
    }));
    await tx.query(
      `WITH released AS (
         UPDATE invoice_hold h SET released_at = r.released_at, released_by = r.released_by
         FROM jsonb_to_recordset($1::jsonb)
           AS r(id bigint, released_at timestamptz, released_by text)
         WHERE h.id = r.id
       )
       INSERT INTO invoice_hold
         (order_id, reason, detail, placed_by, placed_at, released_by, released_at)
       SELECT order_id, reason, detail, placed_by, placed_at, released_by, released_at
       FROM jsonb_to_recordset($2::jsonb) AS r(seq integer, order_id text, reason text,
         detail text, placed_by text, placed_at timestamptz, released_by text,
         released_at timestamptz)
       ORDER BY seq`,
      [JSON.stringify(releases), JSON.stringify(inserts)],
    );
  }

  holdsOf(tx: EntityManager, orderId: string): Promise<InvoiceHoldEntity[]> {
    return tx.find(InvoiceHoldEntity, { where: { orderId }, order: { id: 'ASC' } });
  }

  /**
   * Makes the hold history follow the holds that stand now: a newly open reason gets a row,
   * a reason no longer open has its row released.
   */
  async syncHolds(
    tx: EntityManager,
    orderId: string,
    open: readonly HoldReason[],
    detail: Partial<Record<HoldReason, string>>,
    by: string,
    now: Date,
  ): Promise<InvoiceHoldEntity[]> {
    const rows = await this.holdsOf(tx, orderId);
    const standing = rows.filter((r) => r.releasedAt === null);
    for (const row of standing) {
      if (!open.includes(row.reason as HoldReason)) {
        await tx.update(InvoiceHoldEntity, { id: row.id }, { releasedAt: now, releasedBy: by });
      }
    }
    for (const reason of open) {
      if (!standing.some((r) => r.reason === reason)) {
        await tx.insert(InvoiceHoldEntity, {
          orderId,
          reason,
          detail: detail[reason] ?? null,
          placedBy: by,
          placedAt: now,
        });
      }
    }
    return this.holdsOf(tx, orderId);
  }
}

function invoiceOf(row: InvoiceRow): InvoiceEntity {
  return Object.assign(new InvoiceEntity(), {
    id: row.id,
    orderId: row.order_id,
    customerId: row.customer_id,
    tenant: row.tenant,
    region: row.region,
    currency: row.currency,
    status: row.status,
    holds: row.holds,
    invoiceNumber: row.invoice_number,
    lines: row.lines,
    subtotalMinor: numberOrNull(row.subtotal_minor),
    freightMinor: numberOrNull(row.freight_minor),
    taxRateBp: row.tax_rate_bp,
    taxMinor: numberOrNull(row.tax_minor),
    totalMinor: numberOrNull(row.total_minor),
    issuedAt: row.issued_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
