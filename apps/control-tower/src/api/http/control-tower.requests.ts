import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { STAGES } from '../../domain/order-progress';

// Query DTOs: an unknown filter value is a 400, not a silently wider or empty answer.

export class ListExceptionsRequest {
  @IsOptional() @IsIn(['OPEN', 'ALL']) status?: 'OPEN' | 'ALL';
}

export class RecentOrdersRequest {
  @IsOptional() @IsIn([...STAGES, 'UNKNOWN', 'CANCELLED']) status?: string;
}

export class SearchRequest {
  @IsOptional() @IsString() @MaxLength(200) q?: string;
}
