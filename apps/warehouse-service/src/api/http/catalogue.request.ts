import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Matches, MaxLength, Min } from 'class-validator';

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export class CreateWarehouseRequest {
  @ApiProperty({ example: 'WH-EU-DUS', description: 'Letters, digits, dot, dash, underscore' })
  @IsString()
  @MaxLength(64)
  @Matches(idPattern, { message: 'id may hold letters, digits, dot, dash and underscore' })
  id!: string;

  @ApiProperty({ example: 'Duesseldorf DC' }) @IsString() @IsNotEmpty() name!: string;
  @ApiProperty({ example: 'eu-west' }) @IsString() @IsNotEmpty() region!: string;

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
  @ApiProperty({ description: 'Grams, > 0', example: 500 }) @IsInt() @Min(1) weightGrams!: number;
  @ApiProperty({ description: 'Millimetres, > 0', example: 300 })
  @IsInt()
  @Min(1)
  lengthMm!: number;
  @ApiProperty({ description: 'Millimetres, > 0', example: 200 }) @IsInt() @Min(1) widthMm!: number;
  @ApiProperty({ description: 'Millimetres, > 0', example: 100 })
  @IsInt()
  @Min(1)
  heightMm!: number;
}
