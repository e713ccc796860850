import { IsPlausibleTime } from '@logisync/http-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { orderStatuses } from '../../domain/order-status';

export class CancelOrderRequest {
  @ApiProperty({ example: 'customer withdrew the order' })
  @IsString()
  @IsNotEmpty()
  reason!: string;
}

export class ResolveExceptionRequest {
  @ApiProperty({ example: 'wait for stock' }) @IsString() @IsNotEmpty() resolution!: string;
}

export class ListOrdersRequest {
  @ApiPropertyOptional({ enum: orderStatuses }) @IsOptional() @IsIn(orderStatuses) status?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ description: 'created at or after (ISO 8601)' })
  @IsOptional()
  @IsPlausibleTime()
  from?: string;
  @ApiPropertyOptional({ description: 'created before (ISO 8601)' })
  @IsOptional()
  @IsPlausibleTime()
  to?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class ListExceptionsRequest {
  @ApiPropertyOptional({ enum: ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] })
  @IsOptional()
  @IsIn(['OPEN', 'ACKNOWLEDGED', 'RESOLVED'])
  status?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orderId?: string;
}
