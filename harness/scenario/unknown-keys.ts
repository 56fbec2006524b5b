import type { z } from 'zod';
import { nearestWord } from '../util/nearest-word';

type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; options?: z.ZodType[]; discriminator?: string };
const defOf = (schema: z.ZodType) => (schema as unknown as { def: Def }).def;

/** The keys an object schema knows at `path` of `input`, following arrays, optionals and the union the input's discriminator picks. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] {
  let at: z.ZodType | undefined = schema;
  let value = input;
  for (let depth = 0; at; ) {
    const def = defOf(at);
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') at = def.innerType;
    else if (def.type === 'union' && def.discriminator) {
      const tag = (value as Record<string, unknown> | undefined)?.[def.discriminator];
      at = def.options?.find((option) => defOf(option).shape?.[def.discriminator!] && defOf(defOf(option).shape![def.discriminator!]).type === 'literal' && (defOf(defOf(option).shape![def.discriminator!]) as unknown as { values: unknown[] }).values.includes(tag));
    } else if (depth === path.length) return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
    else {
      const key = path[depth++];
      value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
      at = def.type === 'object' ? def.shape?.[String(key)] : def.type === 'array' ? def.element : undefined;
    }
  }
  return [];
}

/** Where a key sits, as a reader finds it: "step 2", "server server-one", "route", "scenario". */
function placeOf(path: readonly PropertyKey[], input: unknown): string {
  if (path.length === 0) return 'scenario';
  if (path[0] === 'steps' && typeof path[1] === 'number' && path.length === 2) return `step ${path[1] + 1}`;
  if (path[0] === 'servers' && typeof path[1] === 'number' && path.length === 2) {
    const name = (input as { servers?: { name?: unknown }[] }).servers?.[path[1]]?.name;
    return typeof name === 'string' ? `server ${name}` : `servers.${path[1]}`;
  }
  return path.join('.');
}

/**
 * One sentence per unknown key: a misspelt option is not ignored (the check it meant would silently
 * not be made), and the nearest known key is named. "step 1: unknown option expectCarridBy; did you mean expectCarriedBy?"
 */
export function unknownKeySentences(schema: z.ZodType, path: readonly PropertyKey[], keys: readonly string[], input: unknown): string[] {
  const known = knownKeysAt(schema, path, input);
  return keys.map((key) => {
    const near = nearestWord(key, known);
    return `${placeOf(path, input)}: unknown ${path.length === 0 ? 'key' : 'option'} ${key}; ${near ? `did you mean ${near}?` : `known: ${known.join(', ')}`}`;
  });
}
