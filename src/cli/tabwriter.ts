/**
 * A port of the part of Go's text/tabwriter that pouch and docker use for tables
 * (`tabwriter.NewWriter(out, 0, 8, padding, ' ', 0)`): every cell but the last of a row is
 * padded to its column's width plus `padding`, and a column is sized over the consecutive rows
 * (a "column block") that have a cell in it, exactly as Go does, so output lines up byte for
 * byte with the Go CLIs.
 */

export interface TabwriterOptions {
  /** Minimal cell width including padding. @default 0 */
  minWidth?: number;
  /** Spaces added to the widest cell of a column. @default 3 */
  padding?: number;
}

/** Lays out `rows` (each a list of cells) and returns the text, one `\n`-terminated line per row. */
export function formatTable(
  rows: readonly (readonly string[])[],
  options: TabwriterOptions = {},
): string {
  const layout = new Layout(rows, options.minWidth ?? 0, options.padding ?? 3);
  layout.format(0, rows.length);
  return layout.out;
}

/** Display width of a cell: Go counts runes, so count code points. */
function cellWidth(text: string): number {
  return [...text].length;
}

class Layout {
  out = '';
  private readonly widths: number[] = [];

  constructor(
    private readonly rows: readonly (readonly string[])[],
    private readonly minWidth: number,
    private readonly padding: number,
  ) {}

  /** Go's `format`: finds column blocks at the current depth and recurses into them. */
  format(line0: number, line1: number): void {
    const column = this.widths.length;
    let start = line0;
    for (let row = start; row < line1; row++) {
      if (column >= this.cells(row) - 1) continue;
      this.writeLines(start, row);
      start = row;
      let width = this.minWidth;
      for (; row < line1 && column < this.cells(row) - 1; row++) {
        const w = cellWidth(this.rows[row]?.[column] ?? '') + this.padding;
        if (w > width) width = w;
      }
      this.widths.push(width);
      this.format(start, row);
      this.widths.pop();
      start = row;
      row--;
    }
    this.writeLines(start, line1);
  }

  private cells(row: number): number {
    return this.rows[row]?.length ?? 0;
  }

  private writeLines(line0: number, line1: number): void {
    for (let row = line0; row < line1; row++) {
      const cells = this.rows[row] ?? [];
      cells.forEach((cell, j) => {
        this.out += cell;
        const width = this.widths[j];
        if (j < cells.length - 1 && width !== undefined) {
          this.out += ' '.repeat(Math.max(width - cellWidth(cell), 0));
        }
      });
      this.out += '\n';
    }
  }
}
