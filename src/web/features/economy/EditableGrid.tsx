import { useId, useRef, type ClipboardEvent, type KeyboardEvent } from 'react';
import { ScrollRegion } from '../../components/ScrollRegion.tsx';

export interface GridColumn {
  key: string;
  label: string;
  /** A select with these options (value, label); otherwise a text input. */
  options?: readonly { value: string; label: string }[];
  numeric?: boolean;
  width?: string;
}

export type GridRow = Record<string, string>;

/**
 * A table edited like a spreadsheet: arrow keys move between cells (left/right at the edge of the
 * text), Enter moves down, and pasting a block copied from Excel (tab-separated lines) fills the
 * cells from the focused one, adding rows as needed.
 */
export function EditableGrid(props: {
  caption: string;
  columns: readonly GridColumn[];
  rows: readonly GridRow[];
  onChange: (rows: GridRow[]) => void;
  emptyRow: () => GridRow;
  addLabel: string;
  removeLabel: string;
  rowLabel: (i: number) => string;
  /** Read-only columns after the typed ones, computed from the row while it is typed (a line's cost, the running total). */
  computed?: readonly { label: string; value: (row: GridRow, index: number) => string }[];
  /** A footer row (totals) under the computed columns. */
  footer?: { label: string; values: readonly string[] };
  /** Messages by cell: the key is `errorKey(row, column)`. */
  errors?: Readonly<Record<string, string>>;
  errorKey?: (row: number, column: string) => string;
}) {
  const table = useRef<HTMLTableElement>(null);
  const errorIdBase = useId();
  const { columns, rows } = props;
  const computed = props.computed ?? [];
  const errorOf = (r: number, key: string): string | undefined => (props.errorKey ? props.errors?.[props.errorKey(r, key)] : undefined);

  const focusCell = (r: number, c: number): void => {
    const el = table.current?.querySelector<HTMLElement>(`[data-cell="${String(r)}:${String(c)}"]`);
    el?.focus();
  };

  const set = (r: number, key: string, value: string): void => {
    props.onChange(rows.map((row, i) => (i === r ? { ...row, [key]: value } : row)));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement | HTMLSelectElement>, r: number, c: number): void => {
    const el = e.currentTarget;
    const isInput = el instanceof HTMLInputElement;
    const atStart = !isInput || (el.selectionStart === 0 && el.selectionEnd === 0);
    const atEnd = !isInput || el.selectionStart === el.value.length;
    if (e.key === 'ArrowUp' && isInput) {
      e.preventDefault();
      focusCell(Math.max(0, r - 1), c);
    } else if ((e.key === 'ArrowDown' && isInput) || (e.key === 'Enter' && isInput)) {
      e.preventDefault();
      focusCell(Math.min(rows.length - 1, r + 1), c);
    } else if (e.key === 'ArrowLeft' && atStart && c > 0 && isInput) {
      e.preventDefault();
      focusCell(r, c - 1);
    } else if (e.key === 'ArrowRight' && atEnd && c < columns.length - 1 && isInput) {
      e.preventDefault();
      focusCell(r, c + 1);
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>, r: number, c: number): void => {
    const text = e.clipboardData.getData('text/plain');
    if (!text.includes('\t') && !text.includes('\n')) return;
    e.preventDefault();
    const block = text.replace(/\r/g, '').replace(/\n$/, '').split('\n').map((line) => line.split('\t'));
    const next = rows.map((row) => ({ ...row }));
    block.forEach((cells, i) => {
      const target = r + i;
      while (next.length <= target) next.push(props.emptyRow());
      cells.forEach((value, j) => {
        const col = columns[c + j];
        const row = next[target];
        if (!col || !row) return;
        // A pasted label selects the option with that label (Excel holds what the user saw).
        const option = col.options?.find((o) => o.label.toLowerCase() === value.trim().toLowerCase() || o.value === value.trim());
        row[col.key] = col.options ? (option?.value ?? value.trim()) : value.trim();
      });
    });
    props.onChange(next);
  };

  return (
    <div className="editable-grid-region">
      {/* The grid scrolls inside its own region (first column sticky) when it is wider than the page. */}
      <ScrollRegion className="editable-grid-scroll">
      <table className="table table--compact editable-grid" ref={table}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c.key} className={c.numeric ? 'numeric' : undefined} style={c.width ? { minWidth: c.width } : undefined}>
                {c.label}
              </th>
            ))}
            {computed.map((c) => (
              <th scope="col" key={c.label} className="numeric computed">
                {c.label}
              </th>
            ))}
            <th scope="col">
              <span className="sr-only">{props.removeLabel}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {columns.map((col, c) => {
                const label = `${col.label}, ${props.rowLabel(r)}`;
                const error = errorOf(r, col.key);
                const errorId = error ? `${errorIdBase}-${String(r)}-${col.key}` : undefined;
                return (
                  <td key={col.key} className={error ? 'form-error' : undefined}>
                    {error ? (
                      <span className="form-error-message grid-error" id={errorId}>
                        {error}
                      </span>
                    ) : null}
                    {col.options ? (
                      <select className="form-select grid-cell" style={col.width ? { minWidth: col.width } : undefined} aria-label={label} aria-invalid={error ? true : undefined} aria-describedby={errorId} data-cell={`${String(r)}:${String(c)}`} value={row[col.key] ?? ''} onChange={(e) => set(r, col.key, e.target.value)} onKeyDown={(e) => onKeyDown(e, r, c)}>
                        {col.options.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        className={`form-input grid-cell${col.numeric ? ' numeric' : ''}`}
                        style={col.width ? { minWidth: col.width } : undefined}
                        aria-label={label}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={errorId}
                        data-cell={`${String(r)}:${String(c)}`}
                        value={row[col.key] ?? ''}
                        onChange={(e) => set(r, col.key, e.target.value)}
                        onKeyDown={(e) => onKeyDown(e, r, c)}
                        onPaste={(e) => onPaste(e, r, c)}
                      />
                    )}
                  </td>
                );
              })}
              {computed.map((c) => (
                <td key={c.label} className="numeric computed">
                  {c.value(row, r)}
                </td>
              ))}
              <td>
                <button type="button" className="button button-tertiary" onClick={() => props.onChange(rows.filter((_, i) => i !== r))} aria-label={`${props.removeLabel}: ${props.rowLabel(r)}`}>
                  {props.removeLabel}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
        {props.footer ? (
          <tfoot>
            <tr>
              <th scope="row" colSpan={columns.length + computed.length - props.footer.values.length}>
                {props.footer.label}
              </th>
              {props.footer.values.map((v, i) => (
                <td key={i} className="numeric computed">
                  <strong>{v}</strong>
                </td>
              ))}
              <td />
            </tr>
          </tfoot>
        ) : null}
      </table>
      </ScrollRegion>
      <button type="button" className="button button-secondary" onClick={() => props.onChange([...rows, props.emptyRow()])}>
        {props.addLabel}
      </button>
    </div>
  );
}
