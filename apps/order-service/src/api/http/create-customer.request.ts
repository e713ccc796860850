import { IsCode } from '@logisync/http-kit';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Matches, Min } from 'class-validator';

export class CreateCustomerRequest {
  @ApiProperty({ example: 'Acme GmbH' })
  @IsString()
  @IsNotEmpty()
  name!: string;

  @ApiProperty({ example: 'eu-west' })
  @IsCode()
  region!: string;

  @ApiProperty({ description: 'Credit limit in minor units of currency', example: 1_000_000 })
  @IsInt()
  @Min(0)
  creditLimit!: number;

  @ApiProperty({ description: 'ISO 4217', example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;
}
