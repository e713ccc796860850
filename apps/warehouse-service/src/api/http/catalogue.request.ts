import { IsCode } from '@logisync/http-kit';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const int32 = 2_147_483_647;

export class CreateWarehouseRequest {
  @ApiProperty({ example: 'WH-EU-DUS', description: 'Letters, digits, dot, dash, underscore' })
  @IsString()
  @MaxLength(64)
  @Matches(idPattern, { message: 'id may hold letters, digits, dot, dash and underscore' })
  id!: string;

  @ApiProperty({ example: 'Duesseldorf DC' }) @IsString() @IsNotEmpty() name!: string;
  @ApiProperty({ example: 'eu-west' }) @IsCode() region!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'DE' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as DE' })
  country!: string;
}

export class CreateSkuRequest {
  @ApiProperty({ example: 'SKU-001' })
  @IsString()
  @MaxLength(64)
  @Matches(idPattern, { message: 'sku may hold letters, digits, dot, dash and underscore' })
  sku!: string;

  @ApiProperty({ example: 'Catalogue item 1' }) @IsString() @IsNotEmpty() description!: string;
  // The columns are 32-bit integers.
  @ApiProperty({ description: 'Grams, > 0', example: 500 })
  @IsInt()
  @Min(1)
  @Max(int32)
  weightGrams!: number;
  @ApiProperty({ description: 'Millimetres, > 0', example: 300 })
  @IsInt()
  @Min(1)
  @Max(int32)
  lengthMm!: number;
  @ApiProperty({ description: 'Millimetres, > 0', example: 200 })
  @IsInt()
  @Min(1)
  @Max(int32)
  widthMm!: number;
  @ApiProperty({ description: 'Millimetres, > 0', example: 100 })
  @IsInt()
  @Min(1)
  @Max(int32)
  heightMm!: number;
}
