import { Controller, Get, Headers, Inject, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListReconciliationRunsQuery } from '../../application/list-reconciliation-runs/list-reconciliation-runs.query';
import { RunReconciliationHandler } from '../../application/run-reconciliation/run-reconciliation.handler';
import { BillingProblemFilter } from './billing-problem.filter';
import { PageRequest } from './invoice.requests';
import { RequireScopes } from '@logisync/http-kit';

interface StatusResponse {
  status(code: number): unknown;
}

@ApiTags('reconciliation')
@UseFilters(BillingProblemFilter)
@Controller('v1/reconciliation/runs')
export class ReconciliationHttpController {
  constructor(
    @Inject(RunReconciliationHandler) private readonly runs: RunReconciliationHandler,
    @Inject(ListReconciliationRunsQuery) private readonly listRuns: ListReconciliationRunsQuery,
  ) {}

  @RequireScopes('billing:read', 'billing:operate')
  @Get()
  @ApiOperation({ summary: 'Reconciliation runs, newest first, with their reports' })
  list(@Query() query: PageRequest) {
    return this.listRuns.execute({ cursor: query.cursor, limit: query.limit ?? 50 });
  }

  @RequireScopes('billing:operate')
  @Post()
  @ApiOperation({ summary: 'Run reconciliation now; each mismatch raises ExceptionRaised' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async run(
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: StatusResponse,
  ) {
    const response = await this.runs.runNow(key || undefined);
    res.status(response.status);
    return response.body;
  }
}
