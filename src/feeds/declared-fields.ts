import { z } from 'zod';
import type { FieldMeta } from '../protocol';
import { fieldNameSchema } from './feed-schema';
import { titleFromTopic } from './topic-title';

/*
 * Fields a config declares one by one (sensor, push, http, mqtt), as opposed to the fixed
 * fields of a system metric or a stock: the shared shape, the list's rules, and what panels see.
 */

/** What every declared field has; a kind adds its own keys (a sensor's `mean`, an http field's `path`). */
export const declaredFieldShape = {
  name: fieldNameSchema,
  label: z.string().min(1).max(64).optional(),
  unit: z.string().max(16).optional(),
};

export interface DeclaredField {
  name: string;
  label?: string | undefined;
  unit?: string | undefined;
}

/** A list of 1 to `max` declared fields whose names are unique. */
export function declaredFieldsSchema<T extends z.ZodType<DeclaredField>>(field: T, max: number) {
  return z
    .array(field)
    .min(1)
    .max(max)
    .superRefine((fields, ctx) => {
      const seen = new Set<string>();
      fields.forEach((entry, i) => {
        if (seen.has(entry.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate field "${entry.name}"; field names must be unique` });
        seen.add(entry.name);
      });
    });
}

/** The fields as panels see them: the label defaults to the title-cased name. */
export function declaredFieldMeta(fields: readonly DeclaredField[]): FieldMeta[] {
  return fields.map((field) => ({
    name: field.name,
    label: field.label ?? titleFromTopic(field.name),
    ...(field.unit === undefined ? {} : { unit: field.unit }),
  }));
}

/** The unit every field shares, which the topic then has too; undefined when they differ. */
export function sharedUnit(fields: readonly DeclaredField[]): string | undefined {
  const units = new Set(fields.map((field) => field.unit));
  const [unit] = units.size === 1 ? units : [];
  return unit;
}
