/** Where two texts first differ, as `line N: expected "...", found "..."`, for drift reports. */
export function firstDifference(actual: string, expected: string): string {
  const found = actual.split('\n');
  const wanted = expected.split('\n');
  const length = Math.max(found.length, wanted.length);
  for (let i = 0; i < length; i++) {
    if (found[i] !== wanted[i]) {
      return `line ${i + 1}: expected ${show(wanted[i])}, found ${show(found[i])}`;
    }
  }
  return 'no difference';
}

function show(line: string | undefined): string {
  if (line === undefined) return 'end of file';
  const text = line.trim();
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
