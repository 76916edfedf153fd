/**
 * Lines of a text by index without an array of strings: one pass records where lines start
 * (4 bytes a line), and a line is cut out only when asked for. A 30 MB body costs a few MB
 * of offsets instead of hundreds of thousands of string objects.
 */
export class LineView {
  readonly length: number;
  private readonly starts: Int32Array;

  constructor(readonly text: string) {
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    const starts = new Int32Array(n + 1);
    let k = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
    starts[n] = text.length + 1;
    this.starts = starts;
    this.length = n;
  }

  /** Line i without its newline; '' past the end (like `lines[i] ?? ''`). */
  get(i: number): string {
    if (i < 0 || i >= this.length) return '';
    return this.text.slice(this.starts[i], (this.starts[i + 1] as number) - 1);
  }

  /** Offset of the first character of line i (text.length + 1 past the end). */
  offset(i: number): number {
    return i >= this.length ? this.text.length + 1 : (this.starts[i] as number);
  }

  /** Lines [a, b) as an array. */
  slice(a: number, b = this.length): string[] {
    const out: string[] = [];
    for (let i = Math.max(0, a); i < Math.min(b, this.length); i++) out.push(this.get(i));
    return out;
  }
}
