import { Catch } from '@nestjs/common';
import { ProblemDetailsFilter } from '@logisync/http-kit';
import { billingProblem } from './billing-problem.mapper';

/**
 * Set on every controller: controller filters run before global ones, so the event runtime's
 * global filter (Nest's default JSON for HTTP) cannot answer before this one.
 */
@Catch()
export class BillingProblemFilter extends ProblemDetailsFilter {
  constructor() {
    super(billingProblem);
  }
}
