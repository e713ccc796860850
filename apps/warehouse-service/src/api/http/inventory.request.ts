import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';

export class ReceiptLineRequest {
  @ApiProperty({ example: 'SKU-001' }) @IsString() @IsNotEmpty() sku!: string;
  @ApiProperty({ description: 'Eaches, > 0', example: 10 }) @IsInt() @Min(1) quantity!: number;
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
  @IsString()
  @IsNotEmpty()
  reference!: string;
}

export class InventoryQueryRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() sku?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() warehouseId?: string;
}

export class ListExceptionsRequest {
  @ApiPropertyOptional({ enum: ['OPEN', 'RESOLVED'] }) @IsOptional() @IsString() status?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsString() orderId?: string;
  @ApiPropertyOptional({ enum: ['STOCK_SHORTAGE', 'SHORT_PICK'] })
  @IsOptional()
  @IsString()
  type?: string;
}

export class ResolveExceptionRequest {
  @ApiProperty({ example: 'location counted, stock corrected' })
  @IsString()
  @IsNotEmpty()
  resolution!: string;
}
