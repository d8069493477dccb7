/**
 * The secrets of one run. Every secret is registered here before anything could print it; registering tells the host
 * (the runner's `::add-mask::`), and the same set lets the plain-text logger redact and the outputs refuse secrets.
 */
export class SecretSet {
  private readonly values = new Set<string>();

  constructor(private readonly announce: (value: string) => void = () => {}) {}

  /** Registers a secret (and, for multi-line values, each line, since runners mask line by line). Returns it. */
  add(value: string): string {
    const parts = [value, ...value.split(/\r?\n/)].map((part) => part.trim()).filter((part) => part.length >= 4);
    for (const part of parts) {
      if (this.values.has(part)) continue;
      this.values.add(part);
      this.announce(part);
    }
    return value;
  }

  /** True when `text` contains any registered secret. */
  appearsIn(text: string): boolean {
    for (const value of this.values) if (text.includes(value)) return true;
    return false;
  }

  redact(text: string): string {
    let result = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) result = result.split(value).join('***');
    return result;
  }
}
