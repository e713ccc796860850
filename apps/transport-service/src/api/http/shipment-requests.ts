import { IsCode, IsPlausibleTime } from '@logisync/http-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { MILESTONE_CODES } from '../../domain';
import { PickupWindowRequest } from './carrier-requests';

export class ProofOfDeliveryRequest {
  @ApiPropertyOptional({ example: 'J. Doe' }) @IsOptional() @IsString() signedBy?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() receivedBy?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() podReference?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() photoUrl?: string;
}

export class CarrierMilestoneRequest {
  @ApiProperty({ description: "The carrier's id of this report; a repeat is ignored" })
  @IsString()
  @IsNotEmpty()
  carrierEventId!: string;

  @ApiProperty({ enum: MILESTONE_CODES }) @IsIn(MILESTONE_CODES) code!: string;

  @ApiProperty({ enum: ['PLANNED', 'ESTIMATED', 'ACTUAL'] })
  @IsIn(['PLANNED', 'ESTIMATED', 'ACTUAL'])
  classifier!: 'PLANNED' | 'ESTIMATED' | 'ACTUAL';

  @ApiProperty({ description: 'When it happened (ACTUAL) or is expected (ISO 8601)' })
  @IsPlausibleTime()
  occurredAt!: string;

  @ApiPropertyOptional({ description: 'UN/LOCODE or a place name', example: 'DEHAM' })
  @IsOptional()
  @IsString()
  location?: string;

  @ApiPropertyOptional({
    type: ProofOfDeliveryRequest,
    description: 'Required on ACTUAL DELIVERED',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProofOfDeliveryRequest)
  proofOfDelivery?: ProofOfDeliveryRequest;

  @ApiPropertyOptional({
    description:
      'Why a delivery failed (RECIPIENT_ABSENT, ADDRESS_INVALID, REFUSED, DAMAGED, ACCESS_RESTRICTED or free text) or customs hold',
  })
  @IsOptional()
  @IsString()
  detail?: string;

  @ApiPropertyOptional({ description: 'carrierEventId of an earlier report this one withdraws' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  retractsEventId?: string;
}

export class FreightRequest {
  @ApiProperty({ description: 'Minor units' }) @IsInt() @Min(0) amountMinor!: number;
  @ApiProperty({ example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;
}

export class AssignCarrierRequest {
  @ApiProperty({ example: 'dhl-freight' }) @IsString() @IsNotEmpty() carrierId!: string;

  @ApiPropertyOptional({ description: 'Generated (TRK-...) when absent; letters, digits, - _ .' })
  @IsOptional()
  @IsCode()
  trackingNumber?: string;

  @ApiPropertyOptional({ type: PickupWindowRequest, description: 'Default now + 4 h' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PickupWindowRequest)
  pickupWindow?: PickupWindowRequest;

  @ApiPropertyOptional({
    type: FreightRequest,
    description: "The agreed freight; default the carrier's lane quote for the route",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => FreightRequest)
  freight?: FreightRequest;
}

export class ListShipmentsRequest {
  @ApiPropertyOptional({ description: 'The order whose shipments to show', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orderId?: string;
}

export class ShipmentIdParam {
  @IsUUID() id!: string;
}
