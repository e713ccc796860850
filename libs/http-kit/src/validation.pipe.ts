import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { problem, ProblemException, type FieldError } from './problem';
import { unsafeInput } from './unsafe-input';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Bad input is a 400 problem listing every invalid field, never only the first. */
export function validationProblem(errors: FieldError[]): ProblemException {
  const fields = errors.map((e) => e.field).join(', ');
  return new ProblemException(
    problem(400, 'REQUEST.INVALID', `invalid fields: ${fields}`, { errors }),
  );
}

/** Refuses what no DTO may let through (NUL, unsafe numbers, prototype keys), then validates. */
class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const unsafe = unsafeInput(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (unsafe.length > 0) throw validationProblem(unsafe);
    }
    return super.transform(value, metadata);
  }
}

/** class-validator over DTOs; unknown properties are errors too. */
export function problemValidationPipe(): ValidationPipe {
  return new ProblemValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(flatten(errors)),
  });
}
