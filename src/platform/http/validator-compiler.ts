import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS: under NodeNext its callable is the module's `default` property.
type AddFormats = (ajv: Ajv) => Ajv;
const formatsModule = addFormatsModule as unknown as AddFormats | { default: AddFormats };
const addFormats: AddFormats = typeof formatsModule === 'function' ? formatsModule : formatsModule.default;

const COMMON: Options = {
  // Every bad field in one answer, so a form can show them all at once.
  allErrors: true,
  removeAdditional: true,
  useDefaults: true,
  // TypeBox 1.x annotates schemas with its own keywords; they carry no validation meaning for ajv.
  strict: false,
};

/**
 * Two validators: query strings, path parameters and headers arrive as text, so their values are coerced to
 * the schema's types ('7' → 7); a JSON body already carries types, so a string where a number belongs is a
 * client error there and is reported, never silently converted.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = addFormats(new Ajv({ ...COMMON, coerceTypes: 'array' }));
  const strict = addFormats(new Ajv({ ...COMMON, coerceTypes: false }));
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}
