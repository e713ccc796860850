import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvoiceRepository } from '../../infrastructure/invoice.repository';
import { invoiceOrThrow } from '../hold-invoice/hold-invoice.handler';
import { toInvoiceView, type InvoiceView } from '../invoice.view';

/** One invoice with its hold history. */
@Injectable()
export class GetInvoiceQuery {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(InvoiceRepository) private readonly invoices: InvoiceRepository,
  ) {}

  async execute(id: string): Promise<InvoiceView> {
    const tx = this.dataSource.manager;
    const invoice = await invoiceOrThrow(this.invoices, tx, id);
    return toInvoiceView(invoice, await this.invoices.holdsOf(tx, invoice.orderId));
  }
}
