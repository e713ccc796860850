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
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListExceptionsQuery } from '../../application/list-exceptions/list-exceptions.query';
import { ResolveExceptionHandler } from '../../application/resolve-exception/resolve-exception.handler';
import { ListExceptionsRequest, ResolveExceptionRequest } from './inventory.request';
import { WarehouseProblemFilter } from './warehouse-problem.filter';
import { RequireScopes } from '@logisync/http-kit';

@ApiTags('exceptions')
@UseFilters(WarehouseProblemFilter)
@Controller('v1/exceptions')
export class ExceptionsHttpController {
  constructor(
    @Inject(ListExceptionsQuery) private readonly list: ListExceptionsQuery,
    @Inject(ResolveExceptionHandler) private readonly resolver: ResolveExceptionHandler,
  ) {}

  @RequireScopes('exceptions:operate', 'warehouse:read')
  @Get()
  @ApiOperation({ summary: 'Exceptions the warehouse owns: STOCK_SHORTAGE, SHORT_PICK' })
  exceptions(@Query() query: ListExceptionsRequest) {
    return this.list.execute(query);
  }

  @RequireScopes('exceptions:operate')
  @Post(':id/resolve')
  @HttpCode(200)
  resolve(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ResolveExceptionRequest) {
    return this.resolver.execute(id, body.resolution);
  }
}
