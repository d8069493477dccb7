import { appendFileSync } from 'node:fs';
import type { Logger } from './logger.js';
import type { SecretSet } from './secrets.js';

/** What redacts the step summary file: the run's secrets. */
type Redactor = Pick<SecretSet, 'redact'>;

type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'table'; header: readonly string[]; rows: readonly (readonly string[])[] }
  | { kind: 'list'; items: readonly string[] };

/**
 * The user-visible result of a step. Built the same way everywhere; rendered as Markdown into the job summary when the
 * runner provides GITHUB_STEP_SUMMARY, and as a plain aligned table in the log otherwise (CodeCatalyst, the CLI), since
 * `core.summary.write()` throws without that file.
 */
export class Summary {
  private readonly blocks: Block[] = [];
  private readonly changes: string[] = [];
  private written = false;

  heading(text: string): this {
    this.blocks.push({ kind: 'heading', text });
    return this;
  }
  text(text: string): this {
    this.blocks.push({ kind: 'text', text });
    return this;
  }
  table(header: readonly string[], rows: readonly (readonly string[])[]): this {
    this.blocks.push({ kind: 'table', header, rows });
    return this;
  }
  list(items: readonly string[]): this {
    this.blocks.push({ kind: 'list', items });
    return this;
  }
  get isEmpty(): boolean {
    return this.blocks.length === 0;
  }

  toMarkdown(): string {
    const cell = (value: string) => value.replaceAll('|', '\\|').replaceAll('\n', '<br>');
    return this.blocks
      .map((block) => {
        switch (block.kind) {
          case 'heading':
            return `### ${block.text}\n`;
          case 'text':
            return `${block.text}\n`;
          case 'list':
            return block.items.map((item) => `- ${item}`).join('\n') + '\n';
          case 'table':
            return [
              `| ${block.header.map(cell).join(' | ')} |`,
              `| ${block.header.map(() => '---').join(' | ')} |`,
              ...block.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
            ].join('\n') + '\n';
        }
      })
      .join('\n');
  }

  toPlainText(): string {
    return this.blocks
      .map((block) => {
        switch (block.kind) {
          case 'heading':
            return `== ${block.text} ==`;
          case 'text':
            return block.text;
          case 'list':
            return block.items.map((item) => `  * ${item}`).join('\n');
          case 'table': {
            const widths = block.header.map((title, column) =>
              Math.max(title.length, ...block.rows.map((row) => (row[column] ?? '').length)),
            );
            const format = (row: readonly string[]) =>
              row.map((value, column) => value.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
            return [format(block.header), format(widths.map((width) => '-'.repeat(width))), ...block.rows.map(format)].join('\n');
          }
        }
      })
      .join('\n');
  }

  /**
   * Records a change as the step makes it (a version created, an object applied). A step that succeeds reports its
   * changes in its own summary; the recorded ones are listed when it fails (listChanges) or is stopped (writeStopped),
   * so nothing it created goes unnamed.
   */
  recordChange(change: string): void {
    this.changes.push(change);
  }

  /** Adds the recorded changes under `heading`, if there are any. */
  listChanges(heading: string): this {
    if (this.changes.length > 0) this.heading(heading).list(this.changes);
    return this;
  }

  /**
   * Writes the summary where the host shows it: the step summary file, with `secrets` redacted (the file does not pass
   * through the logger, which redacts what it prints), or the log.
   */
  write(env: NodeJS.ProcessEnv, logger: Logger, secrets?: Redactor): void {
    this.written = true;
    if (this.isEmpty) return;
    const file = env['GITHUB_STEP_SUMMARY'];
    const markdown = this.toMarkdown();
    if (file) appendFileSync(file, (secrets ? secrets.redact(markdown) : markdown) + '\n');
    else logger.info(this.toPlainText());
  }

  /**
   * For a step stopped before it could write its summary: a heading saying so and why, what was added so far, and the
   * changes recorded so far, so nothing the step created goes unrecorded. Nothing when the summary was written already
   * (the step had finished), nor a second time.
   */
  writeStopped(reason: string, env: NodeJS.ProcessEnv, logger: Logger, secrets?: Redactor): void {
    if (this.written) return;
    const stopped = new Summary().heading('Stopped before it finished').text(reason);
    stopped.blocks.push(...this.blocks);
    stopped.changes.push(...this.changes);
    stopped.listChanges('Changed before it stopped');
    this.written = true;
    stopped.write(env, logger, secrets);
  }
}
