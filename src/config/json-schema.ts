import { z } from 'zod';
import { configSchema } from './schema';

/** The JSON Schema of the config file, as written to `config/schema.json` for editors. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Livewall config',
  };
}
