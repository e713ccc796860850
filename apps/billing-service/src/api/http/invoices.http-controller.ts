import {
  Body,
  Controller,
  Get,
  Headers,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetInvoiceQuery } from '../../application/get-invoice/get-invoice.query';
import { HoldInvoiceHandler } from '../../application/hold-invoice/hold-invoice.handler';
import { ListInvoicesQuery } from '../../application/list-invoices/list-invoices.query';
import { ReleaseInvoiceHandler } from '../../application/release-invoice/release-invoice.handler';
import { BillingProblemFilter } from './billing-problem.filter';
import { HoldReasonRequest, ListInvoicesRequest } from './invoice.requests';
import { RequireScopes } from '@logisync/http-kit';

interface StatusResponse {
  status(code: number): unknown;
}

const uuid = new ParseUUIDPipe();

@ApiTags('invoices')
@UseFilters(BillingProblemFilter)
@Controller('v1/invoices')
export class InvoicesHttpController {
  constructor(
    @Inject(GetInvoiceQuery) private readonly getInvoice: GetInvoiceQuery,
    @Inject(ListInvoicesQuery) private readonly listInvoices: ListInvoicesQuery,
    @Inject(HoldInvoiceHandler) private readonly holdInvoice: HoldInvoiceHandler,
    @Inject(ReleaseInvoiceHandler) private readonly releaseInvoice: ReleaseInvoiceHandler,
  ) {}

  @RequireScopes('billing:read', 'billing:operate')
  @Get()
  @ApiOperation({
    summary: 'Invoices by creation time, filtered by order and status, with a cursor',
  })
  list(@Query() query: ListInvoicesRequest) {
    return this.listInvoices.execute({
      orderId: query.orderId,
      status: query.status,
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
  }

  @RequireScopes('billing:read', 'billing:operate')
  @Get(':id')
  @ApiOperation({ summary: 'One invoice: status, lines, freight, tax, totals and hold history' })
  get(@Param('id', uuid) id: string) {
    return this.getInvoice.execute(id);
  }

  @RequireScopes('billing:operate')
  @Post(':id/hold')
  @ApiOperation({
    summary: 'Hold invoicing of the order by hand (InvoiceHeld MANUAL once delivered)',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async hold(
    @Param('id', uuid) id: string,
    @Body() body: HoldReasonRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: StatusResponse,
  ) {
    const response = await this.holdInvoice.execute(id, body.reason, 'api', key || undefined);
    res.status(response.status);
    return response.body;
  }

  @RequireScopes('billing:operate')
  @Post(':id/release')
  @ApiOperation({
    summary: 'Release the manual hold; issues the invoice when nothing else holds it',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async release(
    @Param('id', uuid) id: string,
    @Body() body: HoldReasonRequest,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: StatusResponse,
  ) {
    const response = await this.releaseInvoice.execute(id, body.reason, 'api', key || undefined);
    res.status(response.status);
    return response.body;
  }
}
