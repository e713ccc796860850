import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';

export class PickLineRequest {
  @ApiProperty({ example: 'SKU-001' }) @IsString() @IsNotEmpty() sku!: string;
  @ApiProperty({ description: 'Eaches found, >= 0 (fewer than allocated is a short pick)' })
  @IsInt()
  @Min(0)
  quantityPicked!: number;
}

export class PickOrderRequest {
  @ApiProperty({ type: [PickLineRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PickLineRequest)
  lines!: PickLineRequest[];
}

export class PackageLineRequest {
  @ApiProperty({ example: 'SKU-001' }) @IsString() @IsNotEmpty() sku!: string;
  @ApiProperty({ description: 'Eaches, > 0' }) @IsInt() @Min(1) quantity!: number;
}

export class PackageRequest {
  @ApiProperty({ example: 'PKG-1' }) @IsString() @IsNotEmpty() packageId!: string;
  @ApiProperty({ description: 'Grams, > 0' }) @IsInt() @Min(1) weightGrams!: number;
  @ApiProperty({ description: 'Millimetres, > 0' }) @IsInt() @Min(1) lengthMm!: number;
  @ApiProperty({ description: 'Millimetres, > 0' }) @IsInt() @Min(1) widthMm!: number;
  @ApiProperty({ description: 'Millimetres, > 0' }) @IsInt() @Min(1) heightMm!: number;

  @ApiProperty({ type: [PackageLineRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PackageLineRequest)
  lines!: PackageLineRequest[];
}

export class PackOrderRequest {
  @ApiProperty({ type: [PackageRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PackageRequest)
  packages!: PackageRequest[];
}
