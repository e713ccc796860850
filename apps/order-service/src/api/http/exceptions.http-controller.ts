import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UseFilters,
} from '@nestjs/common';
import { OrderProblemFilter } from './order-problem.filter';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AcknowledgeExceptionHandler } from '../../application/acknowledge-exception/acknowledge-exception.handler';
import { ListExceptionsQuery } from '../../application/list-exceptions/list-exceptions.query';
import { ResolveExceptionHandler } from '../../application/resolve-exception/resolve-exception.handler';
import { ListExceptionsRequest, ResolveExceptionRequest } from './order-actions.request';
import { RequireScopes } from '@logisync/http-kit';

const uuid = new ParseUUIDPipe();

@ApiTags('exceptions')
@UseFilters(OrderProblemFilter)
@Controller('v1/exceptions')
export class ExceptionsHttpController {
  constructor(
    @Inject(ListExceptionsQuery) private readonly listExceptions: ListExceptionsQuery,
    @Inject(AcknowledgeExceptionHandler) private readonly acknowledger: AcknowledgeExceptionHandler,
    @Inject(ResolveExceptionHandler) private readonly resolver: ResolveExceptionHandler,
  ) {}

  @RequireScopes('exceptions:operate', 'orders:read')
  @Get()
  @ApiOperation({ summary: 'Exceptions the order domain owns (shortage holds)' })
  list(@Query() query: ListExceptionsRequest) {
    return this.listExceptions.execute(query);
  }

  @RequireScopes('exceptions:operate')
  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@Param('id', uuid) id: string) {
    return this.acknowledger.execute(id);
  }

  @RequireScopes('exceptions:operate')
  @Post(':id/resolve')
  @HttpCode(200)
  resolve(@Param('id', uuid) id: string, @Body() body: ResolveExceptionRequest) {
    return this.resolver.execute(id, body.resolution, 'api');
  }
}
