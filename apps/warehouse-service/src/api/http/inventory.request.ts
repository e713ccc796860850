import { IsCode } from '@logisync/http-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class ReceiptLineRequest {
  @ApiProperty({ example: 'SKU-001' }) @IsString() @IsNotEmpty() sku!: string;
  // Bounded so that on-hand, a 32-bit integer, cannot overflow on a few receipts.
  @ApiProperty({ description: 'Eaches, 1 to 1,000,000', example: 10 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity!: number;
}

export class ReceiveStockRequest {
  @ApiProperty({ example: 'WH-EU-DUS' }) @IsString() @IsNotEmpty() warehouseId!: string;

  @ApiProperty({ type: [ReceiptLineRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => ReceiptLineRequest)
  lines!: ReceiptLineRequest[];

  @ApiProperty({ description: 'Delivery note or ASN number', example: 'ASN-2026-0001' })
  @IsCode()
  reference!: string;
}

export class InventoryQueryRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() sku?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() warehouseId?: string;
}

export class ListExceptionsRequest {
  @ApiPropertyOptional({ enum: ['OPEN', 'RESOLVED'] })
  @IsOptional()
  @IsIn(['OPEN', 'RESOLVED'])
  status?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orderId?: string;
  @ApiPropertyOptional({ enum: ['STOCK_SHORTAGE', 'SHORT_PICK'] })
  @IsOptional()
  @IsIn(['STOCK_SHORTAGE', 'SHORT_PICK'])
  type?: string;
}

export class ResolveExceptionRequest {
  @ApiProperty({ example: 'location counted, stock corrected' })
  @IsString()
  @IsNotEmpty()
  resolution!: string;
}
