// The database schema (D1 / SQLite) as drizzle tables, one module per part of the cycle.
// `npm run db:generate` turns changes here into SQL under migrations/; read every generated file.
// Money is stored as integer yuan. Times are integer milliseconds since the epoch.

export * from "./collection";
export * from "./core";
export * from "./projects";
export * from "./read-models";
export * from "./voting";
