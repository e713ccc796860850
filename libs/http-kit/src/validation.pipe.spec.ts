import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { ProblemException } from './problem';
import { problemValidationPipe } from './validation.pipe';

class Line {
  @IsString() sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

class Body {
  @IsString() name!: string;
  @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
}

describe('problemValidationPipe', () => {
  it('reports every invalid field, nested ones by path, and unknown properties', async () => {
    const pipe = problemValidationPipe();
    const error = await pipe
      .transform(
        { lines: [{ sku: 'a', quantity: 0 }, { quantity: 'x' }], extra: 1 },
        { type: 'body', metatype: Body },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemException);
    const { problem } = error as ProblemException;
    expect(problem).toMatchObject({ status: 400, code: 'REQUEST.INVALID' });
    expect(problem.errors!.map((e) => e.field).sort()).toEqual(
      ['extra', 'lines.0.quantity', 'lines.1.quantity', 'lines.1.sku', 'name'].sort(),
    );
  });

  it('refuses a NUL in a path parameter before any DTO, which PostgreSQL could not store', async () => {
    const error = await problemValidationPipe()
      .transform('a\u0000b', { type: 'param', data: 'id', metatype: String })
      .catch((e: unknown) => e);
    expect((error as ProblemException).problem.errors).toEqual([
      { field: 'id', messages: ['id holds a NUL'] },
    ]);
  });
});
