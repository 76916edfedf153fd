/** One version of the schema: its SQL for each dialect. */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}
