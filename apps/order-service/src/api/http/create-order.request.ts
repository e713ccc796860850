import { IsCode } from '@logisync/http-kit';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class OrderLineRequest {
  @ApiProperty({ example: 'SKU-1' }) @IsCode() sku!: string;
  // Bounded so that quantity x price, summed over lines, stays an exact integer.
  @ApiProperty({ description: 'Eaches, 1 to 1,000,000', example: 2 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity!: number;
  @ApiProperty({ description: 'Minor units, up to 10^9', example: 1999 })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  unitPrice!: number;
  @ApiProperty({ description: 'ISO 4217', example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;
}

export class ShipToRequest {
  @ApiProperty() @IsString() @IsNotEmpty() name!: string;
  @ApiProperty() @IsString() @IsNotEmpty() street!: string;
  @ApiProperty() @IsString() @IsNotEmpty() city!: string;
  @ApiProperty() @IsString() @IsNotEmpty() postalCode!: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'DE' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as DE' })
  country!: string;
}

export class CreateOrderRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() customerId!: string;

  @ApiProperty({ enum: ['WEB', 'EDI', 'SALES'] })
  @IsIn(['WEB', 'EDI', 'SALES'])
  channel!: 'WEB' | 'EDI' | 'SALES';

  @ApiProperty({ type: [OrderLineRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => OrderLineRequest)
  lines!: OrderLineRequest[];

  @ApiProperty({ type: ShipToRequest })
  @ValidateNested()
  @Type(() => ShipToRequest)
  @IsObject()
  shipTo!: ShipToRequest;

  @ApiProperty({ description: 'A day, YYYY-MM-DD', example: '2026-12-24' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'requestedDeliveryDate must be a day (YYYY-MM-DD)' })
  requestedDeliveryDate!: string;

  @ApiProperty({ enum: ['STANDARD', 'EXPRESS'] })
  @IsIn(['STANDARD', 'EXPRESS'])
  priority!: 'STANDARD' | 'EXPRESS';

  @ApiProperty({ example: 'eu-west' }) @IsCode() region!: string;
}
