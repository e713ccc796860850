import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { problem, ProblemException, type FieldError } from './problem';

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

/** class-validator over DTOs; unknown properties are errors too. */
export function problemValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(flatten(errors)),
  });
}
