import { applyDecorators } from '@nestjs/common';
import {
  buildMessage,
  isISO8601,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';

/** Identifiers and codes of the API (a SKU, a region, a carrier id): no spaces, no markup. */
export const codePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function IsCode(options?: ValidationOptions) {
  return applyDecorators(
    IsString(options),
    MaxLength(64, options),
    Matches(codePattern, {
      ...options,
      message: '$property may hold 1-64 letters, digits, dots, dashes and underscores',
    }),
  );
}

const earliestYear = 1970;
const latestYear = 2999;

/**
 * An ISO 8601 time or day of a real calendar date (no February 30) with a four-digit year from
 * 1970 to 2999: a year 0 or 99999 is a typo or an attack, and PostgreSQL or the Avro
 * timestamp-millis of the event would fail on some of them.
 */
export function isPlausibleTime(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-/.test(value)) return false;
  if (!isISO8601(value, { strict: true, strictSeparator: true })) return false;
  const year = Number(value.slice(0, 4));
  return year >= earliestYear && year <= latestYear && !Number.isNaN(Date.parse(value));
}

export function IsPlausibleTime(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isPlausibleTime',
      validator: {
        validate: isPlausibleTime,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be an ISO 8601 time in ${earliestYear}-${latestYear}`,
          options,
        ),
      },
    },
    options,
  );
}
