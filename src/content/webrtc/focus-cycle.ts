/**
 * Tab and Shift+Tab stay inside the dialog: from the last control Tab goes back to the first, and the other way
 * round, so keyboard users never land on the page hidden behind a modal dialog.
 */
export function nextInCycle<T>(controls: readonly T[], current: T | null, backwards: boolean): T | undefined {
  if (controls.length === 0) return undefined;
  const index = current === null ? -1 : controls.indexOf(current);
  if (index === -1) return backwards ? controls.at(-1) : controls[0];
  const step = backwards ? -1 : 1;
  return controls[(index + step + controls.length) % controls.length];
}
