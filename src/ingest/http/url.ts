/** An http(s) URL as a URL object, or null for anything else (so references can be told apart without throwing). */
export function httpUrl(text: string): URL | null {
  if (!/^https?:\/\//i.test(text)) return null;
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
