/** Scopes are space-separated sets; order and repeats carry no meaning. */
export function parseScope(scope: string): string[] {
  return [...new Set(scope.split(/\s+/).filter((item) => item !== ''))];
}

export function formatScope(items: readonly string[]): string {
  return items.join(' ');
}

export function hasScope(scope: string, wanted: string): boolean {
  return parseScope(scope).includes(wanted);
}

/** The requested items if every one of them is in `granted`, else undefined. */
export function narrowScope(requested: string, granted: string): string | undefined {
  const allowed = new Set(parseScope(granted));
  const items = parseScope(requested);
  if (items.length === 0 || !items.every((item) => allowed.has(item))) return undefined;
  return formatScope(items);
}
