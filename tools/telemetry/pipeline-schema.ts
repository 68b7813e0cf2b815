/**
 * The `secure-proxy-events` schema as mozilla-pipeline-schemas keeps it: a template whose envelope comes from
 * `@TELEMETRY_*@` includes, rendered into one self-contained draft-04 JSON Schema. The renderer follows the
 * pipeline's naming: `@<FOLDER>_<NAME>_<VERSION>_JSON@` is `templates/include/<folder>/<name>.<version>.schema.json`,
 * the name matched without regard to case.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const PING_DOCTYPE = 'secure-proxy-events';
export const SCHEMA_VERSION = 1;

/** The repository root, found from this file whether it runs from tools/ or compiled under .dev/node/. */
export function repositoryRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'docs'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${from}`);
    dir = parent;
  }
  return dir;
}

export function pipelineDir(root: string = repositoryRoot()): string {
  return join(root, 'docs', 'pipeline');
}

export function templatePath(root?: string): string {
  const file = `${PING_DOCTYPE}.${String(SCHEMA_VERSION)}.schema.json`;
  return join(pipelineDir(root), 'templates', 'telemetry', PING_DOCTYPE, file);
}

export function renderedSchemaPath(root?: string): string {
  const file = `${PING_DOCTYPE}.${String(SCHEMA_VERSION)}.schema.json`;
  return join(pipelineDir(root), 'schemas', 'telemetry', PING_DOCTYPE, file);
}

const INCLUDE = /@([A-Z]+)_([A-Z0-9]+)_([0-9]+)_JSON@/g;

/** Replaces every include, includes within includes too, with the text `readInclude` gives for it. */
export function expandIncludes(
  text: string,
  readInclude: (folder: string, name: string, version: string) => string,
  depth = 0,
): string {
  if (depth > 10) throw new Error('includes nest more than 10 deep: is one including itself?');
  return text.replace(INCLUDE, (_match, folder: string, name: string, version: string) =>
    expandIncludes(readInclude(folder, name, version).trimEnd(), readInclude, depth + 1),
  );
}

/** Finds an include file in docs/pipeline/templates/include, as the pipeline's build does. */
export function includeReader(root?: string): (folder: string, name: string, version: string) => string {
  const base = join(pipelineDir(root), 'templates', 'include');
  return (folder, name, version) => {
    const dir = join(base, folder.toLowerCase());
    const suffix = `.${version}.schema.json`;
    const file = existsSync(dir)
      ? readdirSync(dir).find(
          (candidate) => candidate.endsWith(suffix) && candidate.slice(0, -suffix.length).toUpperCase() === name,
        )
      : undefined;
    if (!file) throw new Error(`no include for @${folder}_${name}_${version}_JSON@ under ${dir}`);
    return readFileSync(join(dir, file), 'utf8');
  };
}

/** The rendered schema's text: the template with its includes expanded, parsed, and printed with 2-space indents. */
export function renderPingSchema(root?: string): string {
  const expanded = expandIncludes(readFileSync(templatePath(root), 'utf8'), includeReader(root));
  return `${JSON.stringify(JSON.parse(expanded), null, 2)}\n`;
}

export function loadRenderedSchema(root?: string): Record<string, unknown> {
  return JSON.parse(readFileSync(renderedSchemaPath(root), 'utf8')) as Record<string, unknown>;
}

/** `node render-schema.js` writes the rendered copy; with `--check` it only says whether the copy is current. */
function main(args: readonly string[]): number {
  const rendered = renderPingSchema();
  const target = renderedSchemaPath();
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (args.includes('--check')) {
    if (current === rendered) return 0;
    process.stderr.write(`${target} is out of date: run npm run schema:render\n`);
    return 1;
  }
  if (current !== rendered) writeFileSync(target, rendered);
  process.stdout.write(`${current === rendered ? 'unchanged' : 'wrote'} ${target}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
