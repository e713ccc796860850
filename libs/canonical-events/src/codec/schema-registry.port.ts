/** What the codec needs from a Confluent-compatible schema registry. */
export interface SchemaRegistryPort {
  /** The id under which `schema` is registered for `subject`; SchemaNotRegisteredError if none. */
  idOf(subject: string, schema: object): Promise<number>;
  /** The writer's schema JSON for a schema id; UnknownSchemaIdError if none. */
  schemaOf(schemaId: number): Promise<object>;
  /** Registers `schema` under `subject` with the compatibility level given and returns its id. */
  register(subject: string, schema: object, compatibility: CompatibilityLevel): Promise<number>;
}

export type CompatibilityLevel =
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE'
  | 'NONE';
