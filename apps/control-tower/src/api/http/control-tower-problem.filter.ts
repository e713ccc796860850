import { Catch } from '@nestjs/common';
import { ProblemDetailsFilter } from '@logisync/http-kit';

/** Set on every controller so HTTP errors are problem+json before the runtime's global filter. */
@Catch()
export class ControlTowerProblemFilter extends ProblemDetailsFilter {
  constructor() {
    super();
  }
}
