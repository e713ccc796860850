import avro from 'avsc';

/**
 * timestamp-millis as a JS Date. avsc refuses a Date for a long unless this logical type
 * is registered, and would hand numbers back to readers without it.
 */
export class TimestampMillisType extends avro.types.LogicalType {
  protected override _fromValue(value: number): Date {
    return new Date(value);
  }

  protected override _toValue(value: unknown): number | undefined {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
    return undefined;
  }

  protected override _resolve(type: avro.Type): ((value: number) => Date) | undefined {
    if (avro.Type.isType(type, 'long', 'logical:timestamp-millis'))
      return (v) => this._fromValue(v);
    return undefined;
  }
}

/** avsc writes its type registry into the options it is given: always pass a copy. */
export const avroTypeOptions: Partial<avro.ForSchemaOptions> = {
  logicalTypes: { 'timestamp-millis': TimestampMillisType },
};
