import { IsCode, IsPlausibleTime } from '@logisync/http-kit';
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
  Matches,
  Max,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export const transportModes = ['PARCEL', 'LTL', 'FTL', 'AIR', 'OCEAN', 'RAIL'];

export class CreateCarrierRequest {
  @ApiProperty({
    example: 'dhl-freight',
    description: 'Chosen by the caller; letters, digits, - _ .',
  })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: 'id must be 1-64 letters, digits, dots, dashes or underscores',
  })
  id!: string;

  @ApiProperty({ example: 'DHL Freight' }) @IsString() @IsNotEmpty() name!: string;

  @ApiProperty({ enum: transportModes, isArray: true, example: ['PARCEL', 'LTL'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(transportModes, { each: true })
  modes!: string[];

  @ApiProperty({ description: 'Shared secret of the carrier webhooks (HMAC-SHA256), >= 16 chars' })
  @IsString()
  @MinLength(16)
  webhookSecret!: string;
}

export class CreateLaneRequest {
  @ApiProperty({ example: 'eu-west' }) @IsCode() originRegion!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'DE' })
  @Matches(/^[A-Z]{2}$/, { message: 'destinationCountry must be ISO 3166-1 alpha-2 such as DE' })
  destinationCountry!: string;

  @ApiProperty({ example: 'dhl-freight' }) @IsString() @IsNotEmpty() carrierId!: string;

  @ApiProperty({ description: '1 is tendered first', example: 1 })
  @IsInt()
  @Min(1)
  @Max(1000)
  priority!: number;

  @ApiProperty({ description: 'Minor units of currency per kilogram', example: 120 })
  @IsInt()
  @Min(0)
  ratePerKg!: number;

  @ApiProperty({ description: 'ISO 4217', example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;

  @ApiProperty({ description: 'Days, up to 365', example: 2 })
  @IsInt()
  @Min(0)
  @Max(365)
  transitDays!: number;

  @ApiProperty({
    description: 'Seconds a carrier has to answer a tender, up to 30 days',
    example: 3600,
  })
  @IsInt()
  @Min(1)
  @Max(2_592_000)
  tenderTimeoutSeconds!: number;
}

export class ListLanesRequest {
  @ApiPropertyOptional() @IsOptional() @IsCode() originRegion?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Z]{2}$/) destinationCountry?: string;
}

export class PickupWindowRequest {
  @ApiProperty({ example: '2026-11-27T08:00:00Z' }) @IsPlausibleTime() startAt!: string;
  @ApiProperty({ example: '2026-11-27T12:00:00Z' }) @IsPlausibleTime() endAt!: string;
}

export class TenderResponseRequest {
  @ApiProperty({ enum: ['ACCEPT', 'REJECT'] })
  @IsIn(['ACCEPT', 'REJECT'])
  decision!: 'ACCEPT' | 'REJECT';

  @ApiPropertyOptional({
    description:
      'On REJECT: NO_CAPACITY, LANE_NOT_SERVED, RATE_DECLINED or OTHER (other text is kept as the detail, reason OTHER)',
  })
  @IsOptional()
  @IsString()
  reason?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() detail?: string;

  @ApiPropertyOptional({ type: PickupWindowRequest, description: 'On ACCEPT; default now + 4 h' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PickupWindowRequest)
  pickupWindow?: PickupWindowRequest;

  @ApiPropertyOptional({
    description: 'On ACCEPT; generated (TRK-...) when absent; letters, digits, - _ .',
  })
  @IsOptional()
  @IsCode()
  trackingNumber?: string;
}
