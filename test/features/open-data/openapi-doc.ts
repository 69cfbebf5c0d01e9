// The served OpenAPI description as the tests read it, and a small JSON Schema check of an answer
// against it: the keywords the generated description uses, strictly (an object may carry only the
// keys its schema names, and a keyword this check does not know fails instead of passing).

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  description?: string;
  examples?: unknown[];
}

export interface Parameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Operation {
  operationId: string;
  summary: string;
  parameters: Parameter[];
  responses: Record<
    string,
    { description: string; content?: { "application/json": { schema: JsonSchema } } }
  >;
}

export interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string; description: string; license: { name: string } };
  servers: { url: string }[];
  paths: Record<string, { get: Operation }>;
  components: { schemas: Record<string, JsonSchema> };
}

const ANNOTATIONS = new Set(["description", "examples", "title"]);
const KNOWN = new Set([
  "$ref",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "anyOf",
  "enum",
  "const",
  "format",
  "minimum",
  "maximum",
  ...ANNOTATIONS,
]);

const FORMATS: Record<string, RegExp> = {
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
};

function typeOf(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "array";
  if (typeof x === "number") return Number.isInteger(x) ? "integer" : "number";
  return typeof x;
}

/** Where `value` breaks `schema` (resolving `#/components/schemas/…` in `doc`): none when it fits. */
export function violations(doc: OpenApiDoc, schema: JsonSchema, value: unknown, at = "$"): string[] {
  const out: string[] = [];
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) out.push(`${at}: unsupported keyword ${k}`);
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = doc.components.schemas[name];
    if (!target) return [...out, `${at}: dangling $ref ${schema.$ref}`];
    out.push(...violations(doc, target, value, at));
  }
  if (schema.anyOf && !schema.anyOf.some((s) => violations(doc, s, value, at).length === 0))
    out.push(`${at}: matches none of anyOf`);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === "integer" && types.includes("number")))
      out.push(`${at}: ${t} is not ${types.join("|")}`);
  }
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${String(value)} not in the enum`);
  if ("const" in schema && schema.const !== value) out.push(`${at}: ${String(value)} is not the const`);
  if (schema.format && typeof value === "string") {
    const re = FORMATS[schema.format];
    if (!re) out.push(`${at}: unknown format ${schema.format}`);
    else if (!re.test(value)) out.push(`${at}: "${value}" is not a ${schema.format}`);
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: above ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((x, i) => {
      out.push(...violations(doc, schema.items as JsonSchema, x, `${at}[${i}]`));
    });
  if (typeOf(value) === "object" && schema.properties) {
    const obj = value as Record<string, unknown>;
    for (const k of schema.required ?? []) if (!(k in obj)) out.push(`${at}: missing ${k}`);
    for (const [k, x] of Object.entries(obj)) {
      const inner = schema.properties[k];
      if (inner) out.push(...violations(doc, inner, x, `${at}.${k}`));
      else if (typeof schema.additionalProperties === "object")
        out.push(...violations(doc, schema.additionalProperties, x, `${at}.${k}`));
      else out.push(`${at}: undocumented key ${k}`);
    }
  }
  return out;
}
